// Ground truth for the SQL doctor: databases whose schema the real Better Auth made.
//
// For Better Auth 1.6.34 and 1.7.25 (the `better-auth-1.6` / `better-auth-1.7` packages),
// with no plugin and with the common plugins (jwt, twoFactor, admin, username,
// organization, and passkey from @better-auth/passkey: tests/sql/passkey.mjs), it runs Better Auth's own migration (`getMigrations(...).runMigrations()`)
// on a new SQLite file (better-sqlite3) and, when AUTHCORE_PG_URL names a server, on a new
// Postgres database; then signs two users up through a real `betterAuth()` instance (and
// makes a JWT key through `/jwks` where the plugin is on), so the rows are Better Auth's too.
//
//   node tests/sql/make-fixtures.mjs <out-dir>    → <out-dir>/manifest.json
//
// manifest: { secret, cases: [{ name, version, plugins, sqlite, postgres? }] }
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { passkeyPlugin } from "./passkey.mjs";

const out = resolve(process.argv[2] ?? "target/sql-fixtures");
const pgUrl = process.env.AUTHCORE_PG_URL;
const secret = "authcore-sql-fixtures-secret-0123456789abcdef";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const PLUGINS = ["jwt", "twoFactor", "admin", "username", "organization", "passkey"];

async function load(version) {
  const { betterAuth } = await import(`better-auth-${version}`);
  const { getMigrations } = await import(`better-auth-${version}/db/migration`);
  const P = { ...(await import(`better-auth-${version}/plugins`)), passkey: (await passkeyPlugin(version)).passkey };
  const plugins = (names) => names.map((n) => P[n]());
  return { betterAuth, getMigrations, plugins };
}

async function pgDatabase(name) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function populate(ba, config, withJwt) {
  const auth = ba.betterAuth({ ...config, secret, baseURL: "http://localhost:3000", emailAndPassword: { enabled: true }, logger: { disabled: true } });
  for (const [email, name] of [["alice@example.com", "Alice"], ["bob@example.com", "Bob"]]) {
    await auth.api.signUpEmail({ body: { email, password: "correct horse battery", name } });
  }
  if (withJwt) await auth.api.getJwks();
}

async function migrate(ba, config) {
  const { runMigrations } = await ba.getMigrations({ ...config, secret, logger: { disabled: true } });
  await runMigrations();
}

const cases = [];
for (const version of ["1.6", "1.7"]) {
  const ba = await load(version);
  for (const set of ["core", "plugins"]) {
    const names = set === "core" ? [] : PLUGINS;
    const name = `ba${version.replace(".", "")}_${set}`;
    const c = { name, version, plugins: names };
    // SQLite
    c.sqlite = join(out, `${name}.db`);
    {
      const db = new Database(c.sqlite);
      const config = { database: db, plugins: ba.plugins(names) };
      await migrate(ba, config);
      await populate(ba, config, names.includes("jwt"));
      db.close();
    }
    // Postgres
    if (pgUrl) {
      c.postgres = await pgDatabase(name);
      const pool = new pg.Pool({ connectionString: c.postgres });
      const config = { database: pool, plugins: ba.plugins(names) };
      await migrate(ba, config);
      await populate(ba, config, names.includes("jwt"));
      await pool.end();
    }
    cases.push(c);
    console.error(`made ${name}${pgUrl ? " (sqlite, postgres)" : " (sqlite)"}`);
  }
}
// Custom names, as an auth.ts would set them, and the --schema-map that says the same.
{
  const version = "1.7";
  const ba = await load(version);
  const names = { user: { modelName: "users", fields: { emailVerified: "email_verified", createdAt: "created_at" } }, session: { modelName: "sessions", fields: { userId: "user_id", expiresAt: "expires_at" } }, account: { fields: { userId: "user_id" } } };
  const schemaMap = join(out, "custom-map.json");
  writeFileSync(schemaMap, JSON.stringify(names, null, 2));
  const name = "ba17_custom";
  const c = { name, version, plugins: ["jwt"], schemaMap, sqlite: join(out, `${name}.db`) };
  const db = new Database(c.sqlite);
  const config = { database: db, plugins: ba.plugins(["jwt"]), ...names };
  await migrate(ba, config);
  await populate(ba, config, true);
  db.close();
  if (pgUrl) {
    c.postgres = await pgDatabase(name);
    const pool = new pg.Pool({ connectionString: c.postgres });
    const config = { database: pool, plugins: ba.plugins(["jwt"]), ...names };
    await migrate(ba, config);
    await populate(ba, config, true);
    await pool.end();
  }
  cases.push(c);
  console.error(`made ${name} (custom model and field names)`);
}
writeFileSync(join(out, "manifest.json"), JSON.stringify({ secret, cases }, null, 2));
