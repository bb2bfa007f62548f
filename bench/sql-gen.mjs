// A 1M-user Better Auth database for the SQL doctor's bench (bench/doctor-sql.sh): the schema
// made by better-auth 1.7.25's own migration (jwt plugin), then filled inside the database
// (SQLite recursive CTE / Postgres generate_series): USERS users, as many credential accounts
// (one real Better Auth hash), 2 sessions each, as many verification rows, one jwks row.
//   node bench/sql-gen.mjs sqlite <file.db>
//   node bench/sql-gen.mjs postgres <postgres://…/db>
import Database from "better-sqlite3";
import pg from "pg";
import { getMigrations } from "better-auth-1.7/db/migration";
import { jwt } from "better-auth-1.7/plugins";
import { hashPassword } from "better-auth-1.7/crypto";

const [kind, target] = process.argv.slice(2);
const USERS = Number(process.env.USERS ?? 1_000_000);
const hash = await hashPassword("correct horse battery staple");
const config = (database) => ({ database, plugins: [jwt()], secret: "bench-secret-0123456789abcdef0123456789", logger: { disabled: true } });

if (kind === "sqlite") {
  const db = new Database(target);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  await (await getMigrations(config(db))).runMigrations();
  const now = "'2026-12-01T00:00:00.000Z'";
  const later = "'2027-12-01T00:00:00.000Z'";
  db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${USERS})
    INSERT INTO user (id, name, email, emailVerified, createdAt, updatedAt)
      SELECT 'u' || i, 'User ' || i, 'user' || i || '@example.com', 1, ${now}, ${now} FROM n;
    INSERT INTO account (id, accountId, providerId, userId, password, createdAt, updatedAt)
      SELECT 'a' || substr(id, 2), id, 'credential', id, '${hash}', ${now}, ${now} FROM user;
    INSERT INTO session (id, expiresAt, token, createdAt, updatedAt, userId)
      SELECT 's1' || substr(id, 2), ${later}, 't1' || id, ${now}, ${now}, id FROM user;
    INSERT INTO session (id, expiresAt, token, createdAt, updatedAt, userId)
      SELECT 's2' || substr(id, 2), ${later}, 't2' || id, ${now}, ${now}, id FROM user;
    INSERT INTO verification (id, identifier, value, expiresAt, createdAt, updatedAt)
      SELECT 'v' || substr(id, 2), 'email-verification:' || email, hex(randomblob(16)), ${later}, ${now}, ${now} FROM user;
    INSERT INTO jwks (id, publicKey, privateKey, createdAt) VALUES ('k1', '{}', '{}', ${now});
  `);
  db.close();
} else if (kind === "postgres") {
  const pool = new pg.Pool({ connectionString: target });
  await (await getMigrations(config(pool))).runMigrations();
  await pool.query(`
    INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
      SELECT 'u' || i, 'User ' || i, 'user' || i || '@example.com', true, now(), now() FROM generate_series(1, ${USERS}) i;
    INSERT INTO account (id, "accountId", "providerId", "userId", password, "createdAt", "updatedAt")
      SELECT 'a' || substr(id, 2), id, 'credential', id, '${hash}', now(), now() FROM "user";
    INSERT INTO session (id, "expiresAt", token, "createdAt", "updatedAt", "userId")
      SELECT 's1' || substr(id, 2), now() + interval '1 year', 't1' || id, now(), now(), id FROM "user";
    INSERT INTO session (id, "expiresAt", token, "createdAt", "updatedAt", "userId")
      SELECT 's2' || substr(id, 2), now() + interval '1 year', 't2' || id, now(), now(), id FROM "user";
    INSERT INTO verification (id, identifier, value, "expiresAt", "createdAt", "updatedAt")
      SELECT 'v' || substr(id, 2), 'email-verification:' || email, md5(id), now() + interval '1 day', now(), now() FROM "user";
    INSERT INTO jwks (id, "publicKey", "privateKey", "createdAt") VALUES ('k1', '{}', '{}', now());
  `);
  await pool.query("VACUUM ANALYZE"); // not inside the multi-statement (implicit) transaction
  await pool.end();
} else {
  console.error("usage: node bench/sql-gen.mjs sqlite|postgres <target>");
  process.exit(2);
}
