//! `authcore fix` on a SQL database: the same fix ops as on a Convex export
//! ([`crate::doctor::fix::FixOp`]), planned from what the database holds and rendered as SQL
//! statements with bound parameters. `--sql` writes them as a script to review (values as
//! quoted literals, in one transaction); `--apply` runs the very same statements with their
//! parameters in one transaction.

use std::fmt::Write as _;

use super::schema::{DbSchema, Dialect};
use super::{Kind, RowSource, SchemaMap, Select};
use crate::doctor::fix::FixOp;
use crate::doctor::keys::canonical_email;
use crate::error::{Error, Result};

/// One value bound to a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// Text.
    Text(String),
    /// A time: written as an ISO 8601 string (what Better Auth writes in SQLite), cast to
    /// `timestamptz` in Postgres.
    Time(f64),
}

impl Param {
    /// The value as text (ISO 8601 for times).
    pub fn text(&self) -> String {
        match self {
            Param::Text(s) => s.clone(),
            Param::Time(ms) => iso8601(*ms),
        }
    }
}

/// One statement: SQL with `$1…` (Postgres) or `?1…` (SQLite) placeholders, and its values.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The SQL.
    pub sql: String,
    /// The SQL with `{1}`, `{2}`… where the parameters go.
    template: String,
    /// The bound values, in placeholder order.
    pub params: Vec<Param>,
    /// What it does, for people.
    pub what: String,
}

/// What a fix will run.
#[derive(Debug, Clone)]
pub struct SqlPlan {
    /// The engine the statements are written for.
    pub dialect: Dialect,
    /// The statements, run in order in one transaction.
    pub statements: Vec<Statement>,
}

/// `ms` since the epoch as `2026-12-03T08:04:25.278Z`.
pub fn iso8601(ms: f64) -> String {
    let ms = ms.max(0.0) as i64;
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// A Better Auth-style id: 32 characters of `[A-Za-z0-9]` from `random`.
pub fn better_auth_id(random: &mut dyn FnMut(&mut [u8]) -> Result<()>) -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(32);
    while out.len() < 32 {
        let mut b = [0u8; 32];
        random(&mut b)?;
        // 62 * 4 = 248: reject bytes ≥ 248 so every character is equally likely.
        for x in b.into_iter().filter(|x| *x < 248) {
            if out.len() < 32 {
                out.push(ALPHABET[(x % 62) as usize] as char);
            }
        }
    }
    Ok(out)
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Builds statements with the dialect's placeholders.
struct Builder<'a> {
    dialect: Dialect,
    map: &'a SchemaMap,
    out: Vec<Statement>,
}

impl Builder<'_> {
    fn t(&self, model: &str) -> String {
        quote_ident(&self.map.table(model))
    }
    fn c(&self, model: &str, field: &str) -> String {
        quote_ident(&self.map.column(model, field))
    }
    /// The placeholder of parameter `i` (1-based) of type `p`.
    fn ph(&self, i: usize, p: &Param) -> String {
        match (self.dialect, p) {
            (Dialect::Sqlite, _) => format!("?{i}"),
            (Dialect::Postgres, Param::Time(_)) => format!("(${i}::text)::timestamptz"),
            (Dialect::Postgres, Param::Text(_)) => format!("${i}::text"),
        }
    }
    /// `template` with `{1}`, `{2}`… replaced by the placeholders of `params`.
    fn push(&mut self, what: String, template: String, params: Vec<Param>) {
        let sql = render(&template, |i| {
            params.get(i.checked_sub(1)?).map(|p| self.ph(i, p))
        });
        self.out.push(Statement {
            sql,
            template,
            params,
            what,
        });
    }
}

/// `template` with each `{N}` replaced by `value(N)` in one pass (values are not scanned
/// again, so a value containing `{2}` stays as it is).
fn render(template: &str, value: impl Fn(usize) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let n = after[..digits].parse::<usize>().ok();
        match (n, after[digits..].starts_with('}')) {
            (Some(n), true) if value(n).is_some() => {
                out.push_str(&value(n).unwrap_or_default());
                rest = &after[digits + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The user with `email` (compared canonically, as the ZIP fix does): `(id, stored email)`.
fn find_user(
    src: &mut dyn RowSource,
    db: &DbSchema,
    map: &SchemaMap,
    email: &str,
) -> Result<(String, String)> {
    let want = canonical_email(email);
    let cols = [
        Select {
            column: "id".into(),
            field: "_id",
            kind: Kind::Text,
        },
        Select {
            column: map.column("user", "email"),
            field: "email",
            kind: Kind::Text,
        },
    ];
    let mut found = Vec::new();
    super::read_table(src, db, &map.table("user"), &cols, &mut |d| {
        let e = d.str("email").unwrap_or("");
        if canonical_email(e) == want && found.len() < 3 {
            found.push((d.str("_id").unwrap_or("").to_owned(), e.to_owned()));
        }
    })?;
    match found.len() {
        0 => Err(Error::FixNotFound(format!(
            "no auth user has the email {email:?}"
        ))),
        1 => Ok(found.remove(0)),
        _ => Err(Error::FixAmbiguous(format!(
            "several auth users have the email {email:?} (DUPLICATE_AUTH_EMAIL); resolve that first"
        ))),
    }
}

/// The ids of `userId`'s credential accounts.
fn credential_accounts(
    src: &mut dyn RowSource,
    db: &DbSchema,
    map: &SchemaMap,
    user: &str,
) -> Result<Vec<String>> {
    let cols = [
        Select {
            column: "id".into(),
            field: "_id",
            kind: Kind::Text,
        },
        Select {
            column: map.column("account", "userId"),
            field: "userId",
            kind: Kind::Text,
        },
        Select {
            column: map.column("account", "providerId"),
            field: "providerId",
            kind: Kind::Text,
        },
    ];
    let mut ids = Vec::new();
    super::read_table(src, db, &map.table("account"), &cols, &mut |d| {
        if d.str("userId") == Some(user) && d.str("providerId") == Some("credential") {
            ids.push(d.str("_id").unwrap_or("").to_owned());
        }
    })?;
    Ok(ids)
}

/// Work out the statements of `op` on this database, reading it (never writing).
pub fn plan(
    src: &mut dyn RowSource,
    db: &DbSchema,
    map: &SchemaMap,
    op: &FixOp,
    now_ms: f64,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<SqlPlan> {
    let mut b = Builder {
        dialect: db.dialect,
        map,
        out: Vec::new(),
    };
    let has = |model: &str| db.table(&map.table(model)).is_some();
    match op {
        FixOp::SetPassword { email, password_hash } => {
            let (uid, stored) = find_user(src, db, map, email)?;
            let creds = credential_accounts(src, db, map, &uid)?;
            let now = Param::Time(now_ms);
            let hash = Param::Text(password_hash.clone());
            match creds.as_slice() {
                [] => {
                    let aid = better_auth_id(random)?;
                    let sql = format!(
                        "INSERT INTO {} (\"id\", {}, {}, {}, {}, {}, {}) VALUES ({{1}}, {{2}}, 'credential', {{2}}, {{3}}, {{4}}, {{4}})",
                        b.t("account"), b.c("account", "accountId"), b.c("account", "providerId"),
                        b.c("account", "userId"), b.c("account", "password"),
                        b.c("account", "createdAt"), b.c("account", "updatedAt")
                    );
                    b.push(format!("create the credential account {aid} of {stored}"), sql,
                        vec![Param::Text(aid.clone()), Param::Text(uid), hash, now]);
                }
                [aid] => {
                    let sql = format!(
                        "UPDATE {} SET {} = {{1}}, {} = {{2}} WHERE \"id\" = {{3}}",
                        b.t("account"), b.c("account", "password"), b.c("account", "updatedAt")
                    );
                    b.push(format!("set the password of {stored} (account {aid})"), sql,
                        vec![hash, now, Param::Text(aid.clone())]);
                }
                _ => {
                    return Err(Error::FixAmbiguous(format!(
                        "{stored} has {} credential accounts (DUPLICATE_CREDENTIAL_ACCOUNT); delete all but one first",
                        creds.len()
                    )))
                }
            }
        }
        FixOp::DeleteUser { email, on_delete } => {
            if *on_delete != crate::sync::OnDelete::Delete {
                return Err(Error::InvalidArgument(
                    "--keep-app-row / --soft-delete are for a Convex app table; a SQL database has none".into(),
                ));
            }
            let (uid, stored) = find_user(src, db, map, email)?;
            // Rows pointing at the user first (the foreign keys may be missing: no cascade).
            for (model, field) in [("session", "userId"), ("account", "userId"), ("twoFactor", "userId"), ("member", "userId"), ("invitation", "inviterId")] {
                if has(model) && db.table(&map.table(model)).is_some_and(|t| t.column(&map.column(model, field)).is_some()) {
                    let sql = format!("DELETE FROM {} WHERE {} = {{1}}", b.t(model), b.c(model, field));
                    b.push(format!("delete {stored}'s {model} rows"), sql, vec![Param::Text(uid.clone())]);
                }
            }
            let sql = format!("DELETE FROM {} WHERE \"id\" = {{1}}", b.t("user"));
            b.push(format!("delete the user {stored} ({uid})"), sql, vec![Param::Text(uid)]);
        }
        FixOp::DropSessions | FixOp::DropJwks => {
            let model = if matches!(op, FixOp::DropSessions) { "session" } else { "jwks" };
            if !has(model) {
                return Err(Error::FixNotFound(format!("the database has no {} table", map.table(model))));
            }
            b.push(format!("delete every {model} row"), format!("DELETE FROM {}", b.t(model)), vec![]);
        }
        FixOp::Sync { .. } | FixOp::CreateUser { .. } | FixOp::FloatNumbers => {
            return Err(Error::InvalidArgument(
                "on a SQL database, fix does set-password, delete-user, drop-sessions and drop-jwks (sync, create-user and float-numbers are for Convex exports)".into(),
            ))
        }
    }
    Ok(SqlPlan {
        dialect: db.dialect,
        statements: b.out,
    })
}

/// A SQL string literal.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The plan as a script to review and run by hand: one transaction, each statement under a
/// comment, its parameters written as quoted literals (what `--apply` binds).
pub fn script(plan: &SqlPlan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "-- authcore fix: review, then run in one transaction ({})",
        match plan.dialect {
            Dialect::Sqlite => "sqlite3 auth.db < this.sql",
            Dialect::Postgres => "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -f this.sql",
        }
    );
    out.push_str("BEGIN;\n");
    for st in &plan.statements {
        let sql = render(&st.template, |i| {
            let p = st.params.get(i.checked_sub(1)?)?;
            Some(match (plan.dialect, p) {
                (Dialect::Postgres, Param::Time(_)) => {
                    format!("{}::timestamptz", literal(&p.text()))
                }
                _ => literal(&p.text()),
            })
        });
        let _ = writeln!(out, "-- {}\n{sql};", st.what);
    }
    out.push_str("COMMIT;\n");
    out
}

/// A source that answers each query from rows given beforehand, and records the first
/// query it has no rows for. With it, a caller whose queries are asynchronous (Node's `pg`)
/// plans a fix in rounds: plan, run the query asked for, plan again with its rows too.
#[derive(Default)]
pub struct Answers {
    dialect: Option<Dialect>,
    rows: std::collections::HashMap<String, Vec<Vec<crate::convex_export::value::Val<'static>>>>,
    missing: Option<String>,
}

impl Answers {
    /// No answers yet, for a database of `dialect`.
    pub fn new(dialect: Dialect) -> Answers {
        Answers {
            dialect: Some(dialect),
            ..Answers::default()
        }
    }

    /// The rows of `sql`.
    pub fn insert(
        &mut self,
        sql: String,
        rows: Vec<Vec<crate::convex_export::value::Val<'static>>>,
    ) {
        self.rows.insert(sql, rows);
    }
}

impl RowSource for Answers {
    fn dialect(&self) -> Dialect {
        self.dialect.unwrap_or(Dialect::Sqlite)
    }

    fn query(
        &mut self,
        sql: &str,
        f: &mut dyn FnMut(&[crate::convex_export::value::Val<'_>]),
    ) -> Result<u64> {
        let Some(rows) = self.rows.get(sql) else {
            self.missing = Some(sql.to_owned());
            return Err(Error::Database(format!("no rows given for {sql}")));
        };
        for r in rows {
            f(r);
        }
        Ok(rows.len() as u64)
    }
}

/// What one round of [`plan_answered`] gives.
pub enum Round {
    /// Run this query and plan again with its rows.
    Need(String),
    /// The plan.
    Plan(SqlPlan),
}

/// [`plan`] on the rows in `answers` (the catalog from [`super::read_schema`]'s queries):
/// the plan, or the next query whose rows it needs.
pub fn plan_answered(
    answers: &mut Answers,
    map: &SchemaMap,
    op: &FixOp,
    now_ms: f64,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<Round> {
    answers.missing = None;
    let planned =
        super::read_schema(answers).and_then(|db| plan(answers, &db, map, op, now_ms, random));
    match (planned, answers.missing.take()) {
        (_, Some(sql)) => Ok(Round::Need(sql)),
        (r, None) => r.map(Round::Plan),
    }
}
