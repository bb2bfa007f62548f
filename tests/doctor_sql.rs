//! The SQL doctor against databases the real Better Auth made (1.6.34 and 1.7.25, no plugin
//! and the common plugins), on real SQLite files and a real Postgres cluster:
//! `scripts/test-sql.sh` starts the cluster, runs `tests/sql/make-fixtures.mjs` (Better
//! Auth's own migration, then sign-ups through a real `betterAuth()`), and runs this file
//! with `AUTHCORE_SQL_FIXTURES` set. A fresh migration gives no finding; each injected defect
//! gives its finding.
//!
//! With `AUTHCORE_NPX_NODE` (a Node binary with `node:sqlite`; the test script runs this file
//! a second time with it), every `authcore doctor` here also runs through the npm package's
//! CLI (`node_modules/authcore/dist/cli.mjs`, the built package) and must print the same
//! report, text and `--json`, with the same exit code and error code; and every `authcore fix`
//! runs through the npm CLI instead of the native one.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;

/// One database Better Auth made.
#[derive(Clone)]
struct Case {
    name: String,
    version: String,
    plugins: Vec<String>,
    sqlite: PathBuf,
    postgres: Option<String>,
    /// The `--schema-map` saying the custom names the database was made with.
    schema_map: Option<String>,
}

struct Fixtures {
    secret: String,
    cases: Vec<Case>,
}

/// The fixtures, or `None` (with a message saying how to get them) when the test script did
/// not make them.
fn fixtures() -> Option<Fixtures> {
    let Ok(path) = std::env::var("AUTHCORE_SQL_FIXTURES") else {
        eprintln!("SKIPPED: AUTHCORE_SQL_FIXTURES is not set; run `bash scripts/test-sql.sh` (scripts/test.sh does), which starts Postgres and makes the Better Auth databases");
        return None;
    };
    let m: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let cases = m["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().into(),
            version: c["version"].as_str().unwrap().into(),
            plugins: c["plugins"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_owned())
                .collect(),
            sqlite: c["sqlite"].as_str().unwrap().into(),
            postgres: c["postgres"].as_str().map(str::to_owned),
            schema_map: c["schemaMap"].as_str().map(str::to_owned),
        })
        .collect();
    Some(Fixtures {
        secret: m["secret"].as_str().unwrap().into(),
        cases,
    })
}

/// Postgres is required when the test script says a server was started.
fn need_postgres(c: &Case) -> Option<&str> {
    if c.postgres.is_none() && std::env::var("AUTHCORE_PG_URL").is_ok() {
        panic!(
            "AUTHCORE_PG_URL is set but {} has no Postgres database",
            c.name
        );
    }
    c.postgres.as_deref()
}

/// The npm package's CLI, when `AUTHCORE_NPX_NODE` names the Node that runs it.
fn npx() -> Option<Command> {
    let node = std::env::var("AUTHCORE_NPX_NODE").ok()?;
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/authcore/dist/cli.mjs");
    assert!(
        cli.exists(),
        "AUTHCORE_NPX_NODE is set but {} is not built (scripts/build-pkg.sh, install-pkg.sh)",
        cli.display()
    );
    let mut cmd = Command::new(node);
    cmd.arg(cli);
    Some(cmd)
}

/// The `(ERR_…)` code an error line ends with.
fn error_code(stderr: &str) -> Option<&str> {
    let start = stderr.rfind("(ERR_")?;
    stderr[start + 1..].split(')').next()
}

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let native = run_with(Command::new(env!("CARGO_BIN_EXE_authcore")), args, env);
    if args.first() == Some(&"doctor") {
        if let Some(cmd) = npx() {
            let js = run_with(cmd, args, env);
            assert_eq!(
                (js.0, &js.1),
                (native.0, &native.1),
                "npx authcore {args:?} differs from the native CLI; npx stderr: {}",
                js.2
            );
            assert_eq!(
                error_code(&js.2),
                error_code(&native.2),
                "npx: {} native: {}",
                js.2,
                native.2
            );
        }
    }
    native
}

fn run_with(mut cmd: Command, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    cmd.args(args)
        .env_remove("BETTER_AUTH_SECRET")
        .env_remove("BETTER_AUTH_SECRETS")
        .env_remove("PGPASSWORD")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `authcore doctor <src> --json …` → (exit code, report).
fn doctor(src: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["doctor", src, "--json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args, &[]);
    if npx().is_some() {
        // The text report too, natively and through npx.
        args.remove(2);
        assert_eq!(run(&args, &[]).0, code);
    }
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")),
    )
}

/// The finding codes of a report, in order, info ones included.
fn codes(r: &Value) -> Vec<String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Codes other than the password-format summary (always there once users signed up).
fn problems(r: &Value) -> Vec<String> {
    codes(r)
        .into_iter()
        .filter(|c| c != "PASSWORD_HASH_FORMATS")
        .collect()
}

/// The exit code the report must give: 1 when any finding is an error.
fn exit_of(r: &Value) -> i32 {
    let errors = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "error");
    i32::from(errors)
}

fn version_args(c: &Case) -> [&str; 2] {
    ["--better-auth-version", c.version.as_str()]
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("authcore-doctor-sql-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

// ---- fresh migrations ----------------------------------------------------------------------

fn assert_clean(src: &str, c: &Case, label: &str) {
    let mut base = version_args(c).to_vec();
    if let Some(m) = &c.schema_map {
        base.extend(["--schema-map", m.as_str()]);
        // Without the map the renamed tables and columns are missing.
        let (code, r) = doctor(src, &version_args(c));
        assert_eq!(code, 1, "{label} without its schema map");
        assert!(
            problems(&r).contains(&"SCHEMA_TABLE_MISSING".to_owned()),
            "{r:#}"
        );
    }
    let (code, r) = doctor(src, &base);
    assert_eq!(problems(&r), Vec::<String>::new(), "{label}: {r:#}");
    assert_eq!(code, 0, "{label}");
    assert_eq!(r["summary"]["authUsers"], 2, "{label}");
    assert_eq!(r["summary"]["accounts"], 2, "{label}");
    assert_eq!(r["summary"]["sessions"], 2, "{label}");
    assert_eq!(
        r["summary"]["passwordHashes"]["better-auth-scrypt"], 2,
        "{label}"
    );
    // The plugins given explicitly: the same answer.
    let list = c.plugins.join(",");
    let mut args = base.clone();
    args.extend(["--plugins", list.as_str()]);
    let (_, r2) = doctor(src, &args);
    assert_eq!(
        problems(&r2),
        Vec::<String>::new(),
        "{label} with --plugins {list}"
    );
}

#[test]
fn fresh_better_auth_migrations_have_no_findings() {
    let Some(fx) = fixtures() else { return };
    assert_eq!(fx.cases.len(), 5);
    assert!(fx.cases[4].schema_map.is_some());
    for c in &fx.cases {
        assert_clean(c.sqlite.to_str().unwrap(), c, &format!("{} sqlite", c.name));
        assert_clean(
            &format!("sqlite:{}", c.sqlite.display()),
            c,
            &format!("{} sqlite:", c.name),
        );
        if let Some(url) = need_postgres(c) {
            assert_clean(url, c, &format!("{} postgres", c.name));
        }
    }
}

#[test]
fn a_plugin_the_database_lacks_is_reported() {
    let Some(fx) = fixtures() else { return };
    for c in fx.cases.iter().filter(|c| c.plugins.is_empty()) {
        let mut srcs = vec![c.sqlite.to_str().unwrap().to_owned()];
        srcs.extend(need_postgres(c).map(str::to_owned));
        for src in &srcs {
            let mut args = version_args(c).to_vec();
            args.extend(["--plugins", "jwt,admin"]);
            let (code, r) = doctor(src, &args);
            assert_eq!(code, 1);
            let p = problems(&r);
            assert!(p.contains(&"SCHEMA_TABLE_MISSING".to_owned()), "{p:?}");
            // admin's user.role, user.banned, user.banReason, user.banExpires, session.impersonatedBy
            assert_eq!(r["summary"]["byCode"]["SCHEMA_COLUMN_MISSING"], 5, "{r:#}");
        }
    }
}

#[test]
fn a_16_database_checked_as_17_lacks_the_new_jwks_columns() {
    let Some(fx) = fixtures() else { return };
    let c = fx
        .cases
        .iter()
        .find(|c| c.version == "1.6" && !c.plugins.is_empty())
        .unwrap();
    let (code, r) = doctor(
        c.sqlite.to_str().unwrap(),
        &["--better-auth-version", "1.7"],
    );
    assert_eq!(code, 1);
    let msgs: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "SCHEMA_COLUMN_MISSING")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].contains("jwks.alg") && msgs[1].contains("jwks.crv"),
        "{msgs:?}"
    );
}

/// The passkey plugin (its own package, `@better-auth/passkey`): detected from its table, or
/// named with `--plugins passkey`, which then wants the table.
#[test]
fn the_passkey_table_is_detected_or_named() {
    let Some(fx) = fixtures() else { return };
    let d = tmp("sqlite-passkey");
    for c in fx.cases.iter().filter(|c| c.schema_map.is_none()) {
        let src = c.sqlite.to_str().unwrap();
        let mut args = version_args(c).to_vec();
        args.extend(["--plugins", "passkey"]);
        if c.plugins.is_empty() {
            let (code, r) = doctor(src, &args);
            assert_eq!(code, 1, "{}", c.name);
            assert_eq!(
                problems(&r),
                vec!["SCHEMA_TABLE_MISSING".to_owned()],
                "{r:#}"
            );
            assert_eq!(r["summary"]["byCode"]["SCHEMA_TABLE_MISSING"], 1, "{r:#}");
            assert!(
                r["findings"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("passkey"),
                "{r:#}"
            );
            continue;
        }
        assert!(c.plugins.iter().any(|p| p == "passkey"), "{}", c.name);
        let p = sqlite_copy(c, &d, &format!("{}-no-passkey", c.name));
        rusqlite::Connection::open(&p)
            .unwrap()
            .execute_batch("DROP TABLE passkey")
            .unwrap();
        // Not detected: the other plugins' schema is still whole.
        let (code, r) = doctor(p.to_str().unwrap(), &version_args(c));
        assert_eq!((code, problems(&r)), (0, vec![]), "{r:#}");
        // Named: the table is missing.
        let list = c.plugins.join(",");
        let mut args = version_args(c).to_vec();
        args.extend(["--plugins", list.as_str()]);
        let (code, r) = doctor(p.to_str().unwrap(), &args);
        assert_eq!(code, 1);
        assert_eq!(
            problems(&r),
            vec!["SCHEMA_TABLE_MISSING".to_owned()],
            "{r:#}"
        );
        assert!(
            r["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("passkey"),
            "{r:#}"
        );
    }
    std::fs::remove_dir_all(&d).unwrap();
}

// ---- SQLite: injected defects --------------------------------------------------------------

fn sqlite_copy(c: &Case, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(format!("{name}.db"));
    std::fs::copy(&c.sqlite, &p).unwrap();
    p
}

/// Rebuild a SQLite table from its CREATE statement changed by `edit` (SQLite cannot drop a
/// foreign key or change a column in place), keeping its rows and indexes.
fn sqlite_rebuild(conn: &rusqlite::Connection, table: &str, edit: impl Fn(&str) -> String) {
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type='table' AND name=?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    let mut st = conn
        .prepare(
            "SELECT sql FROM sqlite_schema WHERE type='index' AND tbl_name=?1 AND sql IS NOT NULL",
        )
        .unwrap();
    let indexes: Vec<String> = st
        .query_map([table], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let new = edit(&sql);
    assert_ne!(new, sql, "the edit changed nothing in {sql}");
    let cols: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let list = cols
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys=OFF; PRAGMA legacy_alter_table=ON; ALTER TABLE \"{table}\" RENAME TO \"old_{table}\"; {new}; \
         INSERT INTO \"{table}\" ({list}) SELECT {list} FROM \"old_{table}\"; DROP TABLE \"old_{table}\";"
    ))
    .unwrap();
    for i in indexes {
        conn.execute_batch(&i).unwrap();
    }
}

fn ci_replace(s: &str, from: &str, to: &str) -> String {
    let i = s
        .to_ascii_lowercase()
        .find(&from.to_ascii_lowercase())
        .unwrap_or_else(|| panic!("{from:?} not in {s}"));
    format!("{}{}{}", &s[..i], to, &s[i + from.len()..])
}

/// Each schema defect, made on a copy of the plugins database, and the code it must give.
#[test]
fn sqlite_schema_defects_give_their_findings() {
    let Some(fx) = fixtures() else { return };
    let d = tmp("sqlite-defects");
    for c in fx
        .cases
        .iter()
        .filter(|c| !c.plugins.is_empty() && c.schema_map.is_none())
    {
        type Inject = fn(&rusqlite::Connection);
        let defects: Vec<(&str, Inject, &str)> = vec![
            (
                "drop-table",
                |k| k.execute_batch("DROP TABLE verification").unwrap(),
                "SCHEMA_TABLE_MISSING",
            ),
            (
                "drop-column",
                |k| {
                    k.execute_batch("ALTER TABLE account DROP COLUMN scope")
                        .unwrap()
                },
                "SCHEMA_COLUMN_MISSING",
            ),
            (
                "drop-index",
                |k| k.execute_batch("DROP INDEX session_userId_idx").unwrap(),
                "SCHEMA_INDEX_MISSING",
            ),
            (
                "drop-fk",
                |k| {
                    sqlite_rebuild(k, "session", |s| {
                        ci_replace(s, " references \"user\" (\"id\") on delete cascade", "")
                    })
                },
                "SCHEMA_FK_MISSING",
            ),
            (
                "wrong-type",
                |k| {
                    sqlite_rebuild(k, "user", |s| {
                        ci_replace(s, "\"emailVerified\" integer", "\"emailVerified\" text")
                    })
                },
                "SCHEMA_COLUMN_TYPE",
            ),
            (
                "nullable",
                |k| {
                    sqlite_rebuild(k, "account", |s| {
                        ci_replace(s, "\"password\" text", "\"password\" text not null")
                    })
                },
                "SCHEMA_NULLABLE",
            ),
            // SQLite adds a NOT NULL column only with a default: add it so, then take the
            // default out of the stored schema.
            (
                "extra-required",
                |k| {
                    k.execute_batch(
                "ALTER TABLE user ADD COLUMN \"tenantId\" text NOT NULL DEFAULT 'acme'; PRAGMA writable_schema=ON; \
                 UPDATE sqlite_schema SET sql = replace(sql, 'NOT NULL DEFAULT ''acme''', 'NOT NULL') WHERE name = 'user'; PRAGMA writable_schema=OFF;",
            ).unwrap()
                },
                "SCHEMA_EXTRA_REQUIRED_COLUMN",
            ),
            (
                "passkey-drop-index",
                |k| {
                    k.execute_batch("DROP INDEX passkey_credentialID_idx")
                        .unwrap()
                },
                "SCHEMA_INDEX_MISSING",
            ),
            (
                "passkey-drop-fk",
                |k| {
                    sqlite_rebuild(k, "passkey", |s| {
                        ci_replace(s, " references \"user\" (\"id\") on delete cascade", "")
                    })
                },
                "SCHEMA_FK_MISSING",
            ),
            (
                "case-sensitive-email",
                |k| {
                    k.execute_batch("UPDATE user SET email = 'Alice@Example.com' WHERE email = 'alice@example.com'").unwrap()
                },
                "SCHEMA_EMAIL_UNIQUE_CASE_SENSITIVE",
            ),
        ];
        for (name, inject, code) in defects {
            let p = sqlite_copy(c, &d, &format!("{}-{name}", c.name));
            {
                let k = rusqlite::Connection::open(&p).unwrap();
                inject(&k);
            }
            let (exit, r) = doctor(p.to_str().unwrap(), &version_args(c));
            let p2 = problems(&r);
            assert_eq!(p2, vec![code.to_owned()], "{} {name}: {r:#}", c.name);
            let sev = r["findings"][0]["severity"].as_str().unwrap();
            assert_eq!(exit, if sev == "error" { 1 } else { 0 }, "{name}");
        }
    }
    std::fs::remove_dir_all(&d).unwrap();
}

/// User-level problems planted in rows (SQLite does not enforce foreign keys unless asked,
/// which is how orphans appear in real databases too), each with the same code as on a
/// Convex export.
#[test]
fn sqlite_user_defects_give_the_convex_doctors_codes() {
    let Some(fx) = fixtures() else { return };
    let d = tmp("sqlite-users");
    let c = fx
        .cases
        .iter()
        .find(|c| c.version == "1.7" && !c.plugins.is_empty())
        .unwrap();
    let cases: Vec<(&str, &str, &str)> = vec![
        ("orphan-session", "INSERT INTO session (id, expiresAt, token, createdAt, updatedAt, userId) VALUES ('s-ghost', '2999-01-01T00:00:00.000Z', 'tok-ghost', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'no-such-user')", "ORPHAN_SESSION"),
        ("orphan-account", "INSERT INTO account (id, accountId, providerId, userId, createdAt, updatedAt) VALUES ('a-ghost', 'x', 'github', 'no-such-user', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')", "ORPHAN_ACCOUNT"),
        ("duplicate-email", "INSERT INTO user (id, name, email, emailVerified, createdAt, updatedAt) VALUES ('u-dup', 'Alice 2', 'ALICE@example.com ', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'); INSERT INTO account (id, accountId, providerId, userId, createdAt, updatedAt) VALUES ('a-dup', 'u-dup', 'github', 'u-dup', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')", "DUPLICATE_AUTH_EMAIL"),
        ("no-sign-in", "INSERT INTO user (id, name, email, emailVerified, createdAt, updatedAt) VALUES ('u-none', 'Nobody', 'nobody@example.com', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')", "NO_SIGN_IN_METHOD"),
        ("duplicate-credential", "INSERT INTO account (id, accountId, providerId, userId, password, createdAt, updatedAt) SELECT 'a-second', userId, 'credential', userId, password, createdAt, updatedAt FROM account WHERE providerId = 'credential' LIMIT 1", "DUPLICATE_CREDENTIAL_ACCOUNT"),
        ("bad-hash", "UPDATE account SET password = 'not-a-hash' WHERE id = (SELECT id FROM account LIMIT 1)", "PASSWORD_HASH_INVALID"),
        ("expired-session", "UPDATE session SET expiresAt = '2020-01-01T00:00:00.000Z' WHERE id = (SELECT id FROM session LIMIT 1)", "EXPIRED_SESSIONS"),
        ("second-jwks", "INSERT INTO jwks (id, publicKey, privateKey, createdAt) SELECT 'k2', publicKey, privateKey, createdAt FROM jwks", "MULTIPLE_JWKS"),
    ];
    for (name, sql, code) in cases {
        let p = sqlite_copy(c, &d, name);
        let k = rusqlite::Connection::open(&p).unwrap();
        // rusqlite's SQLite enforces foreign keys by default; most connections do not.
        k.execute_batch("PRAGMA foreign_keys=OFF").unwrap();
        k.execute_batch(sql).unwrap();
        let (exit, r) = doctor(p.to_str().unwrap(), &version_args(c));
        let mut p2 = problems(&r);
        // A mixed-case email is also a schema warning; a second user a no-sign-in one.
        if name == "duplicate-email" {
            p2.retain(|c| c != "SCHEMA_EMAIL_UNIQUE_CASE_SENSITIVE");
        }
        // The user's only credential is unusable: no sign-in method either, as on a ZIP.
        if name == "bad-hash" {
            assert!(p2.contains(&"NO_SIGN_IN_METHOD".to_owned()), "{r:#}");
            p2.retain(|c| c != "NO_SIGN_IN_METHOD");
        }
        assert_eq!(p2, vec![code.to_owned()], "{name}: {r:#}");
        assert_eq!(exit, exit_of(&r), "{name}: {r:#}");
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn jwks_secret_and_admin_checks_on_sql() {
    let Some(fx) = fixtures() else { return };
    let c = fx
        .cases
        .iter()
        .find(|c| c.version == "1.7" && !c.plugins.is_empty())
        .unwrap();
    let mut srcs = vec![c.sqlite.to_str().unwrap().to_owned()];
    srcs.extend(need_postgres(c).map(str::to_owned));
    for src in &srcs {
        // Better Auth encrypted the key with the fixtures' secret.
        let (code, r) = doctor(src, &["--secret", &fx.secret]);
        assert_eq!((code, problems(&r)), (0, vec![]), "{src}: {r:#}");
        let (code, r) = doctor(src, &["--secret", "some-other-secret-of-enough-length-xx"]);
        assert_eq!(
            (code, problems(&r)),
            (1, vec!["JWKS_UNDECRYPTABLE".to_owned()]),
            "{src}: {r:#}"
        );
        // The secret from the environment, as BETTER_AUTH_SECRET.
        let (code, out, _) = run(
            &["doctor", src, "--json"],
            &[("BETTER_AUTH_SECRET", "wrong-wrong-wrong-wrong-wrong-wrong")],
        );
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("JWKS_UNDECRYPTABLE"));
        // An allowlisted admin with no auth user.
        let (code, r) = doctor(src, &["--admin-email", "boss@example.com"]);
        assert_eq!(
            (code, problems(&r)),
            (1, vec!["ADMIN_MISMATCH".to_owned()]),
            "{src}: {r:#}"
        );
        // Alice is not flagged admin; nobody is, so listing her is not a mismatch (as on ZIPs).
        let (code, r) = doctor(src, &["--admin-email", "alice@example.com"]);
        assert_eq!((code, problems(&r)), (0, vec![]), "{src}: {r:#}");
    }
}

#[test]
fn sqlite_is_opened_read_only() {
    let Some(fx) = fixtures() else { return };
    let d = tmp("readonly");
    let c = &fx.cases[0];
    let p = sqlite_copy(c, &d, "ro");
    let before = std::fs::read(&p).unwrap();
    let mut perms = std::fs::metadata(&p).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&p, perms).unwrap();
    let (code, _) = doctor(p.to_str().unwrap(), &version_args(c));
    assert_eq!(code, 0);
    assert_eq!(std::fs::read(&p).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no journal or WAL left: {names:?}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn sources_are_told_apart_and_bad_ones_refused() {
    let d = tmp("sources");
    // Not a database, not a ZIP: the ZIP reader's error, exit 2, as before.
    let junk = d.join("junk.db");
    std::fs::write(&junk, b"hello").unwrap();
    let (code, _, err) = run(&["doctor", junk.to_str().unwrap()], &[]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["doctor", "mysql://u:p@127.0.0.1/db"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("MySQL is not supported") && err.contains("ERR_INVALID_ARGUMENT"),
        "{err}"
    );
    let (code, _, err) = run(&["doctor", "sqlite:/no/such/file.db"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("ERR_DATABASE"), "{err}");
    let (code, _, err) = run(
        &["doctor", "--database-url-env", "AUTHCORE_NO_SUCH_VAR"],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("AUTHCORE_NO_SUCH_VAR is not set"), "{err}");
    // Nothing listens on port 1: a clear error, no hang.
    let (code, _, err) = run(&["doctor", "postgres://u@127.0.0.1:1/db"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("ERR_DATABASE"), "{err}");
    let (code, _, err) = run(
        &["doctor", "postgres://u@127.0.0.1:1/db?sslmode=require"],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("ERR_DATABASE"), "{err}");
    // (Natively: Node's pg ignores an sslmode it does not know.)
    let (code, _, err) = run_with(
        Command::new(env!("CARGO_BIN_EXE_authcore")),
        &["doctor", "postgres://u@127.0.0.1:1/db?sslmode=bogus"],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("ERR_INVALID_ARGUMENT"), "{err}");
    std::fs::remove_dir_all(&d).unwrap();
}

// ---- Postgres ------------------------------------------------------------------------------

/// A copy of a fixture database (`CREATE DATABASE … TEMPLATE`), changed by `sql`.
fn pg_copy(url: &str, name: &str, sql: &str) -> String {
    let (base, db) = url.rsplit_once('/').unwrap();
    let mut admin =
        postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {db}"))
        .unwrap();
    let target = format!("{base}/{name}");
    let mut k = postgres::Client::connect(&target, postgres::NoTls).unwrap();
    k.batch_execute(sql).unwrap();
    target
}

#[test]
fn postgres_schema_and_user_defects_give_their_findings() {
    let Some(fx) = fixtures() else { return };
    let Some(c) = fx
        .cases
        .iter()
        .find(|c| c.version == "1.7" && !c.plugins.is_empty())
    else {
        return;
    };
    let Some(url) = need_postgres(c) else {
        eprintln!(
            "SKIPPED: no Postgres server given (AUTHCORE_PG_URL); scripts/test-sql.sh starts one"
        );
        return;
    };
    let fk = "DO $$ DECLARE n text; BEGIN SELECT conname INTO n FROM pg_constraint WHERE conrelid = 'session'::regclass AND contype = 'f'; EXECUTE format('ALTER TABLE session DROP CONSTRAINT %I', n); END $$;";
    let cases: Vec<(&str, String, &str)> = vec![
        ("drop_table", "DROP TABLE verification".into(), "SCHEMA_TABLE_MISSING"),
        ("drop_column", "ALTER TABLE account DROP COLUMN scope".into(), "SCHEMA_COLUMN_MISSING"),
        ("drop_index", "DROP INDEX \"session_userId_idx\"".into(), "SCHEMA_INDEX_MISSING"),
        ("drop_fk", fk.into(), "SCHEMA_FK_MISSING"),
        ("wrong_type", "ALTER TABLE \"user\" ALTER COLUMN \"emailVerified\" TYPE text".into(), "SCHEMA_COLUMN_TYPE"),
        ("nullable", "ALTER TABLE account ALTER COLUMN \"providerId\" DROP NOT NULL".into(), "SCHEMA_NULLABLE"),
        ("extra_required", "ALTER TABLE \"user\" ADD COLUMN \"tenantId\" text NOT NULL DEFAULT 'acme'; ALTER TABLE \"user\" ALTER COLUMN \"tenantId\" DROP DEFAULT".into(), "SCHEMA_EXTRA_REQUIRED_COLUMN"),
        ("passkey_drop_column", "ALTER TABLE passkey DROP COLUMN aaguid".into(), "SCHEMA_COLUMN_MISSING"),
        ("email_case", "UPDATE \"user\" SET email = 'Alice@Example.com' WHERE email = 'alice@example.com'".into(), "SCHEMA_EMAIL_UNIQUE_CASE_SENSITIVE"),
        ("orphan_session", format!("{fk} INSERT INTO session (id, \"expiresAt\", token, \"updatedAt\", \"userId\") VALUES ('s-ghost', now() + interval '1 day', 'tok-ghost', now(), 'no-such-user')"), "ORPHAN_SESSION"),
        ("bad_hash", "UPDATE account SET password = 'not-a-hash' WHERE id = (SELECT id FROM account LIMIT 1)".into(), "PASSWORD_HASH_INVALID"),
        ("second_jwks", "INSERT INTO jwks (id, \"publicKey\", \"privateKey\", \"createdAt\") SELECT 'k2', \"publicKey\", \"privateKey\", \"createdAt\" FROM jwks".into(), "MULTIPLE_JWKS"),
        ("expired", "UPDATE session SET \"expiresAt\" = now() - interval '1 day' WHERE id = (SELECT id FROM session LIMIT 1)".into(), "EXPIRED_SESSIONS"),
    ];
    for (name, sql, code) in cases {
        let target = pg_copy(url, &format!("defect_{name}"), &sql);
        let (exit, r) = doctor(&target, &version_args(c));
        let mut p = problems(&r);
        if name == "orphan_session" {
            p.retain(|c| c != "SCHEMA_FK_MISSING");
        }
        if name == "bad_hash" {
            assert!(p.contains(&"NO_SIGN_IN_METHOD".to_owned()), "{r:#}");
            p.retain(|c| c != "NO_SIGN_IN_METHOD");
        }
        assert_eq!(p, vec![code.to_owned()], "{name}: {r:#}");
        assert_eq!(exit, exit_of(&r), "{name}: {r:#}");
    }
}

#[test]
fn postgres_password_from_pgpassword_and_url_from_env() {
    let Some(fx) = fixtures() else { return };
    let c = &fx.cases[0];
    let Some(url) = need_postgres(c) else {
        eprintln!("SKIPPED: no Postgres server given (AUTHCORE_PG_URL)");
        return;
    };
    let u = url.strip_prefix("postgres://").unwrap();
    let (userinfo, rest) = u.split_once('@').unwrap();
    let Some((user, password)) = userinfo.split_once(':') else {
        panic!("the test cluster has a password: {url}");
    };
    let bare = format!("postgresql://{user}@{rest}");
    let (code, _, err) = run(&["doctor", &bare, "--json"], &[]);
    assert_eq!(code, 2, "no password: refused by the server: {err}");
    assert!(err.contains("ERR_DATABASE"), "{err}");
    let (code, out, err) = run(
        &[
            "doctor",
            &bare,
            "--json",
            "--better-auth-version",
            &c.version,
        ],
        &[("PGPASSWORD", password)],
    );
    assert_eq!(code, 0, "{err}{out}");
    let (code, out, err) = run(
        &[
            "doctor",
            "--database-url-env",
            "DATABASE_URL",
            "--better-auth-version",
            &c.version,
        ],
        &[("DATABASE_URL", url)],
    );
    assert_eq!(code, 0, "{err}{out}");
    assert!(out.contains("0 errors"), "{out}");
}

/// The doctor's Postgres session is read-only: a write inside it fails.
#[test]
fn postgres_reads_in_a_read_only_transaction() {
    let Some(fx) = fixtures() else { return };
    let Some(url) = need_postgres(&fx.cases[0]) else {
        return;
    };
    let cfg = authcore::doctor::sql::postgres::config(url, None).unwrap();
    let mut db = authcore::doctor::sql::postgres::Postgres::connect(&cfg).unwrap();
    let err = db
        .client()
        .batch_execute("DELETE FROM session")
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::READ_ONLY_SQL_TRANSACTION),
        "{err:?}"
    );
}

/// Postgres over TLS (rustls), natively, against the throwaway cluster's self-signed
/// certificate naming only `localhost`: the role `tls_only` is refused without TLS, so a
/// report through `sslmode=require` proves the connection was encrypted; `verify-full` needs
/// the certificate's root and its name; `verify-ca` only the root.
#[test]
fn postgres_over_tls() {
    let Some(fx) = fixtures() else { return };
    let Some(url) = need_postgres(&fx.cases[0]) else {
        eprintln!("SKIPPED: no Postgres server given (AUTHCORE_PG_URL)");
        return;
    };
    let root = std::env::var("AUTHCORE_PG_TLS_ROOT")
        .expect("scripts/test-sql.sh sets AUTHCORE_PG_TLS_ROOT with AUTHCORE_PG_URL");
    let admin_url = format!("{}/postgres", url.rsplit_once('/').unwrap().0);
    let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).unwrap();
    let db = url.rsplit_once('/').unwrap().1;
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS tls_only; CREATE ROLE tls_only LOGIN PASSWORD 'tls-pass'; \
             GRANT CONNECT ON DATABASE {db} TO tls_only; GRANT pg_read_all_data TO tls_only"
        ))
        .unwrap();
    let port = url.rsplit_once(':').unwrap().1.split('/').next().unwrap();
    let at =
        |host: &str, query: &str| format!("postgres://tls_only:tls-pass@{host}:{port}/{db}{query}");
    // Natively, and through npx (pg, with libpq's sslmode meanings) when it is under test:
    // the same report, or the same error code.
    let native = |target: &str| {
        let args = ["doctor", target, "--json"];
        let n = run_with(Command::new(env!("CARGO_BIN_EXE_authcore")), &args, &[]);
        if let Some(cmd) = npx() {
            let j = run_with(cmd, &args, &[]);
            assert_eq!((j.0, &j.1), (n.0, &n.1), "npx {target}: {}", j.2);
            assert_eq!(error_code(&j.2), error_code(&n.2), "npx {target}: {}", j.2);
        }
        n
    };
    // The role may not connect unencrypted.
    let (code, _, err) = native(&at("127.0.0.1", ""));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ERR_DATABASE"), "{err}");
    // Encrypted, certificate unchecked (libpq's require): the same report as without TLS.
    let (_, plain) = doctor(url, &[]);
    for target in [
        at("127.0.0.1", "?sslmode=require"),
        at(
            "localhost",
            &format!("?sslmode=verify-full&sslrootcert={root}"),
        ),
        at(
            "127.0.0.1",
            &format!("?sslmode=verify-ca&sslrootcert={root}"),
        ),
        at(
            "127.0.0.1",
            &format!("?connect_timeout=10&sslmode=require&sslrootcert={root}"),
        ),
    ] {
        let (code, out, err) = native(&target);
        assert!(code == 0 || code == 1, "{target}: {err}");
        let r: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(codes(&r), codes(&plain), "{target}");
    }
    // verify-full: the name must match (the certificate names only localhost) …
    let (code, _, err) = native(&at(
        "127.0.0.1",
        &format!("?sslmode=verify-full&sslrootcert={root}"),
    ));
    assert_eq!(code, 2);
    assert!(
        err.contains("ERR_DATABASE") && err.contains("certificate"),
        "{err}"
    );
    // … and the root must be trusted (Mozilla's roots do not include a self-signed one).
    let (code, _, err) = native(&at("localhost", "?sslmode=verify-full"));
    assert_eq!(code, 2);
    assert!(
        err.contains("ERR_DATABASE") && err.contains("certificate"),
        "{err}"
    );
    let (code, _, err) = native(&at(
        "localhost",
        "?sslmode=verify-full&sslrootcert=/no/such.crt",
    ));
    assert_eq!(code, 2);
    assert!(err.contains("sslrootcert"), "{err}");
    admin
        .batch_execute("DROP OWNED BY tls_only; DROP ROLE tls_only")
        .unwrap();
}

// ---- fix on SQL ----------------------------------------------------------------------------

fn fix(src: &str, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut all = vec!["fix", src];
    all.extend_from_slice(args);
    match npx() {
        Some(cmd) => common::run_command(cmd, &all, stdin),
        None => common::run_cli(&all, stdin),
    }
}

/// Sign in through a real Better Auth instance (tests/sql/sign-in.mjs).
fn signs_in(version: &str, target: &str, email: &str, password: &str) -> bool {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sql/sign-in.mjs");
    let out = Command::new("node")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([script, version, target, email, password])
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{out:?}");
    out.status.success()
}

/// set-password as a script (`--sql`, the database untouched) and applied (`--apply`), both
/// proven by signing in through Better Auth; the script run by hand gives the same result.
#[test]
fn set_password_on_sql_signs_in_through_better_auth() {
    let Some(fx) = fixtures() else { return };
    let d = tmp("fix-password");
    let c = fx
        .cases
        .iter()
        .find(|c| c.version == "1.7" && !c.plugins.is_empty())
        .unwrap();
    let p = sqlite_copy(c, &d, "pw");
    let ps = p.to_str().unwrap();
    assert!(signs_in(
        "1.7",
        ps,
        "alice@example.com",
        "correct horse battery"
    ));
    let before = std::fs::read(&p).unwrap();
    let script = d.join("fix.sql");
    let (code, out, err) = fix(
        ps,
        &[
            "--sql",
            script.to_str().unwrap(),
            "set-password",
            "--email",
            "Alice@Example.com",
            "--password-stdin",
        ],
        b"new password 123\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("would set the password of alice@example.com"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&p).unwrap(),
        before,
        "--sql writes nothing to the database"
    );
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(
        text.contains("BEGIN;")
            && text.contains("COMMIT;")
            && text.contains("UPDATE \"account\" SET \"password\" = '"),
        "{text}"
    );
    // The script, run as the user would.
    let by_hand = sqlite_copy(c, &d, "by-hand");
    rusqlite::Connection::open(&by_hand)
        .unwrap()
        .execute_batch(&text)
        .unwrap();
    assert!(signs_in(
        "1.7",
        by_hand.to_str().unwrap(),
        "alice@example.com",
        "new password 123"
    ));
    // --apply
    let (code, out, err) = fix(
        ps,
        &[
            "--apply",
            "set-password",
            "--email",
            "alice@example.com",
            "--password-stdin",
        ],
        b"new password 456\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("changed 1 row: set the password") && out.contains("committed"),
        "{out}"
    );
    assert!(signs_in("1.7", ps, "alice@example.com", "new password 456"));
    assert!(!signs_in(
        "1.7",
        ps,
        "alice@example.com",
        "correct horse battery"
    ));
    // A user without a credential account gets one.
    rusqlite::Connection::open(&p).unwrap().execute_batch("DELETE FROM account WHERE userId = (SELECT id FROM user WHERE email = 'bob@example.com')").unwrap();
    let (code, out, err) = fix(
        ps,
        &[
            "--apply",
            "set-password",
            "--email",
            "bob@example.com",
            "--password-stdin",
        ],
        b"bob's new one\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("create the credential account"), "{out}");
    assert!(signs_in("1.7", ps, "bob@example.com", "bob's new one"));
    let (code, r) = doctor(ps, &version_args(c));
    assert_eq!((code, problems(&r)), (0, vec![]), "{r:#}");
    // No such user; two users with the email.
    let (code, _, err) = fix(
        ps,
        &[
            "--apply",
            "set-password",
            "--email",
            "nobody@example.com",
            "--password-stdin",
        ],
        b"x\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("ERR_FIX_NOT_FOUND"), "{err}");
    rusqlite::Connection::open(&p).unwrap().execute_batch("INSERT INTO user (id, name, email, emailVerified, createdAt, updatedAt) VALUES ('u2', 'A', 'ALICE@example.com', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')").unwrap();
    let (code, _, err) = fix(
        ps,
        &[
            "--apply",
            "set-password",
            "--email",
            "alice@example.com",
            "--password-stdin",
        ],
        b"x\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("ERR_FIX_AMBIGUOUS"), "{err}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn delete_user_and_drops_on_sql() {
    let Some(fx) = fixtures() else { return };
    let d = tmp("fix-delete");
    let c = fx
        .cases
        .iter()
        .find(|c| c.version == "1.6" && !c.plugins.is_empty())
        .unwrap();
    let mut targets = vec![sqlite_copy(c, &d, "del").to_str().unwrap().to_owned()];
    if let Some(url) = need_postgres(c) {
        targets.push(pg_copy(url, "fix_delete_16", "SELECT 1"));
    }
    for t in &targets {
        let (code, out, err) = fix(
            t,
            &["--apply", "delete-user", "--email", "bob@example.com"],
            b"",
        );
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("changed 1 row: delete bob@example.com's session rows"),
            "{out}"
        );
        assert!(
            out.contains("changed 1 row: delete the user bob@example.com"),
            "{out}"
        );
        let (code, r) = doctor(t, &version_args(c));
        assert_eq!((code, problems(&r)), (0, vec![]), "{r:#}");
        assert_eq!(r["summary"]["authUsers"], 1);
        assert_eq!(r["summary"]["accounts"], 1);
        assert!(signs_in(
            "1.6",
            t,
            "alice@example.com",
            "correct horse battery"
        ));
        let (code, out, err) = fix(t, &["--apply", "drop-sessions"], b"");
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("changed 2 rows: delete every session row"),
            "{out}"
        );
        let (code, out, _) = fix(t, &["--apply", "drop-jwks"], b"");
        assert_eq!(code, 0);
        assert!(
            out.contains("changed 2 rows: delete every jwks row")
                || out.contains("changed 1 row: delete every jwks row"),
            "{out}"
        );
        let (_, r) = doctor(t, &version_args(c));
        assert_eq!(r["summary"]["sessions"], 0);
        assert_eq!(r["summary"]["jwks"], 0);
        // Ops that only make sense on a Convex export are refused.
        let (code, _, err) = fix(t, &["--apply", "float-numbers"], b"");
        assert_eq!(code, 2);
        assert!(err.contains("ERR_INVALID_ARGUMENT"), "{err}");
        let (code, _, err) = fix(t, &["drop-sessions"], b"");
        assert_eq!(code, 2);
        assert!(err.contains("--sql") && err.contains("--apply"), "{err}");
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn set_password_script_and_apply_on_postgres() {
    let Some(fx) = fixtures() else { return };
    let c = fx
        .cases
        .iter()
        .find(|c| c.version == "1.7" && !c.plugins.is_empty())
        .unwrap();
    let Some(url) = need_postgres(c) else {
        eprintln!("SKIPPED: no Postgres server given (AUTHCORE_PG_URL)");
        return;
    };
    let d = tmp("fix-pg");
    let t = pg_copy(url, "fix_password_17", "SELECT 1");
    let script = d.join("fix.sql");
    let (code, _, err) = fix(
        &t,
        &[
            "--sql",
            script.to_str().unwrap(),
            "set-password",
            "--email",
            "alice@example.com",
            "--password-stdin",
        ],
        b"pg password 1\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        signs_in("1.7", &t, "alice@example.com", "correct horse battery"),
        "--sql changed nothing"
    );
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains("::timestamptz"), "{text}");
    postgres::Client::connect(&t, postgres::NoTls)
        .unwrap()
        .batch_execute(&text)
        .unwrap();
    assert!(signs_in("1.7", &t, "alice@example.com", "pg password 1"));
    let (code, out, err) = fix(
        &t,
        &[
            "--apply",
            "set-password",
            "--email",
            "alice@example.com",
            "--password-stdin",
        ],
        b"pg password 2\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("changed 1 row"), "{out}");
    assert!(signs_in("1.7", &t, "alice@example.com", "pg password 2"));
    std::fs::remove_dir_all(&d).unwrap();
}
