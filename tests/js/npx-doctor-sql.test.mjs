// `npx authcore doctor | fix` on SQL (the installed package's bin, WASM; SQLite through
// node:sqlite) against the native `authcore` binary, on a SQLite file Better Auth 1.7.25's own
// migration made and real sign-ups filled: the same report (text and --json) and exit code,
// with and without injected defects; the same fix script; --apply through Node. Without
// node:sqlite (Node 20) the coded error naming the Node to install; without the `pg` package
// the coded error naming `npm i pg`. The full ground truth (1.6 and 1.7, plugins, Postgres,
// every defect) is tests/doctor_sql.rs, run through npx by scripts/test-sql.sh.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const PKG = dirname(createRequire(import.meta.url).resolve("authcore/package.json"));
const NPX_CLI = join(PKG, "dist", "cli.mjs");
const TARGET = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, "target");
const NATIVE = process.env.AUTHCORE_NATIVE_BIN ?? join(TARGET, "debug", "authcore");
const SECRET = "authcore-npx-sql-test-secret-0123456789abcdef";
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("BETTER_AUTH_SECRET")));

/** node:sqlite is there (Node 22.13+ unflagged). */
let hasNodeSqlite = true;
try {
  await import("node:sqlite");
} catch {
  hasNodeSqlite = false;
}
const NO_SQLITE = hasNodeSqlite ? false : `node:sqlite is not in Node ${process.version} (22.13+); the coded error is asserted instead`;

/** A SQLite connection Better Auth takes: node:sqlite, or better-sqlite3 (built for Node 20) without it. */
async function sqliteOpener() {
  if (hasNodeSqlite) {
    const { DatabaseSync } = await import("node:sqlite");
    return (p) => new DatabaseSync(p);
  }
  const { default: Better } = await import("better-sqlite3");
  return (p) => new Better(p);
}
let Database;

let dir;
let fresh;

function cli(cmd, args, input) {
  const r = spawnSync(cmd, args, { env: ENV, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const npx = (args, input) => cli(process.execPath, [NPX_CLI, ...args], input);
const native = (args, input) => cli(NATIVE, args, input);

/** A copy of the fresh database. */
function copy(name) {
  const p = join(dir, `${name}.db`);
  copyFileSync(fresh, p);
  return p;
}

/** The same stdout and exit code from both CLIs; returns them. */
function same(args) {
  const n = native(args);
  const j = npx(args);
  assert.equal(j.stdout, n.stdout, `npx ${args.join(" ")}\nnpx stderr: ${j.stderr}\nnative stderr: ${n.stderr}`);
  assert.equal(j.code, n.code, j.stderr);
  return n;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "authcore-npx-sql-"));
  fresh = join(dir, "fresh.db");
  const open = await sqliteOpener();
  Database = function (p) {
    return open(p);
  };
  const { betterAuth } = await import("better-auth-1.7");
  const { getMigrations } = await import("better-auth-1.7/db/migration");
  const database = Database(fresh);
  const config = { database, secret: SECRET, logger: { disabled: true } };
  const { runMigrations } = await getMigrations(config);
  await runMigrations();
  const auth = betterAuth({ ...config, baseURL: "http://localhost:3000", emailAndPassword: { enabled: true } });
  for (const [email, name] of [["alice@example.com", "Alice"], ["bob@example.com", "Bob"]]) {
    await auth.api.signUpEmail({ body: { email, password: "correct horse battery", name } });
  }
  database.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("a fresh Better Auth 1.7 migration: the same clean report natively and through npx", { skip: NO_SQLITE }, () => {
  const p = copy("clean");
  for (const src of [p, `sqlite:${p}`]) {
    const r = same(["doctor", src, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const codes = JSON.parse(r.stdout).findings.map((f) => f.code);
    assert.deepEqual(codes.filter((c) => c !== "PASSWORD_HASH_FORMATS"), []);
    assert.equal(JSON.parse(r.stdout).summary.authUsers ?? JSON.parse(r.stdout).summary.auth_users, 2);
    same(["doctor", src]);
  }
});

test("injected defects: the same findings and exit code through npx", { skip: NO_SQLITE }, () => {
  const p = copy("defects");
  const db = Database(p);
  db.exec(`DROP INDEX IF EXISTS session_userId_idx`);
  for (const row of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'session' AND sql IS NOT NULL").all()) {
    db.exec(`DROP INDEX "${row.name}"`);
  }
  db.exec(`PRAGMA foreign_keys = OFF`);
  db.exec(`INSERT INTO session (id, expiresAt, token, createdAt, updatedAt, userId) VALUES ('s-orphan', '2020-01-01T00:00:00.000Z', 't-orphan', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 'no-such-user')`);
  db.exec(`UPDATE user SET email = 'ALICE@example.com' WHERE email = 'alice@example.com'`);
  db.exec(`INSERT INTO user (id, name, email, emailVerified, createdAt, updatedAt) VALUES ('u-dup', 'A', 'alice@example.com', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
  db.close();
  const r = same(["doctor", p, "--json"]);
  assert.equal(r.code, 1);
  const codes = JSON.parse(r.stdout).findings.map((f) => f.code);
  for (const c of ["SCHEMA_INDEX_MISSING", "ORPHAN_SESSION", "DUPLICATE_AUTH_EMAIL", "NO_SIGN_IN_METHOD", "EXPIRED_SESSIONS"]) {
    assert.ok(codes.includes(c), `${c} in ${codes}`);
  }
  same(["doctor", p]);
  same(["doctor", p, "--plugins", "jwt", "--better-auth-version", "1.6"]);
});

test("fix --sql writes the native script; --apply runs it through node:sqlite", { skip: NO_SQLITE }, () => {
  const p = copy("fix");
  const a = join(dir, "native.sql");
  const b = join(dir, "npx.sql");
  const n = native(["fix", p, "--sql", a, "delete-user", "--email", "Bob@Example.com"]);
  const j = npx(["fix", p, "--sql", b, "delete-user", "--email", "Bob@Example.com"]);
  assert.equal(n.code, 0, n.stderr);
  assert.equal(j.code, 0, j.stderr);
  assert.equal(j.stdout.replace(b, a), n.stdout);
  assert.equal(readFileSync(b, "utf8"), readFileSync(a, "utf8"));
  const applied = npx(["fix", p, "--apply", "delete-user", "--email", "bob@example.com"]);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /changed 1 row: delete the user bob@example\.com/);
  assert.match(applied.stdout, /committed\n$/);
  const db = Database(p);
  assert.equal(db.prepare("SELECT count(*) AS n FROM user WHERE email = 'bob@example.com'").get().n, 0);
  assert.equal(db.prepare("SELECT count(*) AS n FROM user").get().n, 1);
  db.close();
  same(["fix", p, "--apply", "delete-user", "--email", "nobody@example.com"]);
  same(["fix", p, "drop-sessions"]);
});

test("set-password --apply through npx: Better Auth signs the user in with the new password", { skip: NO_SQLITE }, async () => {
  const p = copy("password");
  const r = npx(["fix", p, "--apply", "set-password", "--email", "alice@example.com", "--password-stdin"], "a new password 789\n");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /changed 1 row: set the password of alice@example\.com/);
  const { betterAuth } = await import("better-auth-1.7");
  const database = Database(p);
  const auth = betterAuth({ database, secret: SECRET, baseURL: "http://localhost:3000", emailAndPassword: { enabled: true }, logger: { disabled: true } });
  const ok = await auth.api.signInEmail({ body: { email: "alice@example.com", password: "a new password 789" } });
  assert.ok(ok.token);
  await assert.rejects(auth.api.signInEmail({ body: { email: "alice@example.com", password: "correct horse battery" } }));
  database.close();
});

test("without node:sqlite: a coded error naming the Node to install", { skip: hasNodeSqlite && "this Node has node:sqlite" }, () => {
  const p = copy("old-node");
  for (const args of [["doctor", p], ["fix", p, "--sql", join(dir, "x.sql"), "drop-sessions"]]) {
    const r = npx(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\(ERR_DATABASE_DRIVER_MISSING\)/);
    assert.match(r.stderr, /Node 22\.13 or later/);
    assert.match(r.stderr, /native authcore binary/);
  }
});

test("without the pg package: a coded error naming npm i pg", () => {
  // The package alone, where no node_modules up the tree has pg.
  const alone = mkdtempSync(join(tmpdir(), "authcore-no-pg-"));
  try {
    cpSync(PKG, join(alone, "node_modules", "authcore"), { recursive: true });
    const r = cli(process.execPath, [join(alone, "node_modules", "authcore", "dist", "cli.mjs"), "doctor", "postgres://u@127.0.0.1:1/db"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /\(ERR_DATABASE_DRIVER_MISSING\)/);
    assert.match(r.stderr, /npm i pg/);
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
});

test("bad SQL sources: the native CLI's errors and exit codes through npx", { skip: NO_SQLITE }, () => {
  same(["doctor", "mysql://u:p@127.0.0.1/db"]);
  same(["doctor", "sqlite:/no/such/file.db"]);
  same(["doctor", "postgres://u@127.0.0.1:1/db"]);
  same(["doctor", copy("bad-plugin"), "--plugins", "nope"]);
  same(["doctor", "--database-url-env", "AUTHCORE_NO_SUCH_VAR"]);
  for (const args of [["doctor", "mysql://u:p@127.0.0.1/db"], ["doctor", "postgres://u@127.0.0.1:1/db"]]) {
    const n = native(args);
    const j = npx(args);
    assert.equal(j.stderr.match(/\((ERR_[A-Z_]+)\)/)?.[1], n.stderr.match(/\((ERR_[A-Z_]+)\)/)?.[1], `${j.stderr} / ${n.stderr}`);
  }
});
