// The SQL doctor for the Node CLI (`npx authcore doctor ./auth.db | postgres://…`, `fix --sql |
// --apply`): the core (through WASM) writes every query and reads every row; this file only
// opens the database, runs the queries it is given and hands the rows back in batches.
// SQLite through `node:sqlite` (Node 22.13+, or 22.5+ with --experimental-sqlite); Postgres
// through the `pg` package (an optional peer dependency). Node only: imported by cli.mjs.
import { AuthError, detectDoctorSource, diagnoseDatabase, planDatabaseFix } from "./doctor/index.node.mjs";

/** Rows handed to the core per call (and fetched per Postgres FETCH). */
const ROW_BATCH = 2000;

function dbError(engine, e) {
  if (e instanceof AuthError) return e;
  return new AuthError("ERR_DATABASE", `database: ${engine}: ${e?.message ?? e}`, { cause: e });
}

function driverMissing(why) {
  return new AuthError("ERR_DATABASE_DRIVER_MISSING", `database driver missing: ${why}`);
}

/** `{ kind: "zip" | "sqlite" | "postgres", target }` of a doctor/fix argument (the core decides). */
export function sourceOf(arg, head) {
  return detectDoctorSource(arg, head);
}

/** `node:sqlite`'s DatabaseSync, without the one-time ExperimentalWarning on stderr. */
async function sqliteModule() {
  const emit = process.emitWarning;
  process.emitWarning = function (warning, ...rest) {
    const text = String(warning?.message ?? warning);
    if (/SQLite is an experimental feature/i.test(text)) return;
    return emit.call(this, warning, ...rest);
  };
  try {
    return await import("node:sqlite");
  } catch (e) {
    throw driverMissing(
      `reading a SQLite file from Node needs node:sqlite, in Node 22.13 or later (22.5+ with --experimental-sqlite); this is Node ${process.version}. Upgrade Node, or use the native authcore binary (cargo install)`,
    );
  } finally {
    process.emitWarning = emit;
  }
}

async function pgModule() {
  try {
    const m = await import("pg");
    return m.default ?? m;
  } catch (e) {
    if (e?.code !== "ERR_MODULE_NOT_FOUND" && e?.code !== "MODULE_NOT_FOUND") throw dbError("postgres", e);
    throw driverMissing(
      "reading Postgres from Node needs the pg package: npm i pg (or use the native authcore binary, cargo install)",
    );
  }
}

/** A SQLite file opened read-only: `run(sql, onRows)` streams rows as arrays. */
async function openSqlite(path, { write = false } = {}) {
  const { DatabaseSync } = await sqliteModule();
  let db;
  try {
    db = new DatabaseSync(path, { readOnly: !write, open: true });
    if (!write) db.exec("PRAGMA query_only = ON");
    // The first access: a file that is not a database fails here, as natively.
    db.prepare("SELECT count(*) FROM sqlite_schema").get();
  } catch (e) {
    try {
      db?.close();
    } catch {}
    throw new AuthError("ERR_DATABASE", `database: ${path}: ${e?.message ?? e}`, { cause: e });
  }
  return {
    db,
    async run(sql, onRows) {
      let batch = [];
      try {
        const st = db.prepare(sql);
        const rows = typeof st.iterate === "function" ? st.iterate() : st.all();
        for (const row of rows) {
          batch.push(Object.values(row));
          if (batch.length >= ROW_BATCH) {
            onRows(batch);
            batch = [];
          }
        }
      } catch (e) {
        throw dbError("sqlite", e);
      }
      if (batch.length) onRows(batch);
    },
    async close() {
      db.close();
    },
  };
}

/**
 * A pg client for `url`, with libpq's sslmode meanings, as the native CLI has them (`require`:
 * encrypted, certificate unchecked unless `sslrootcert` is given; pg alone treats `require` as
 * `verify-full`). A bad URL or an unreadable `sslrootcert` is an ERR_DATABASE error.
 */
function pgClient(pg, url) {
  let connectionString = url;
  if (/[?&]sslmode=/.test(url) && !/[?&]uselibpqcompat=/.test(url)) connectionString += "&uselibpqcompat=true";
  try {
    return new pg.Client({ connectionString, application_name: "authcore-doctor", connectionTimeoutMillis: 15000 });
  } catch (e) {
    throw dbError("postgres", e);
  }
}

/** A Postgres database read in one READ ONLY transaction, each query through a cursor. */
async function openPostgres(url) {
  const pg = await pgModule();
  const client = pgClient(pg, url);
  try {
    await client.connect();
    await client.query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
  } catch (e) {
    await client.end().catch(() => {});
    throw dbError("postgres", e);
  }
  return {
    async run(sql, onRows) {
      try {
        await client.query(`DECLARE authcore_rows NO SCROLL CURSOR FOR ${sql}`);
        for (;;) {
          const r = await client.query({ text: `FETCH ${ROW_BATCH} FROM authcore_rows`, rowMode: "array" });
          if (r.rows.length) onRows(r.rows);
          if (r.rows.length < ROW_BATCH) break;
        }
        await client.query("CLOSE authcore_rows");
      } catch (e) {
        throw dbError("postgres", e);
      }
    },
    async close() {
      await client.query("ROLLBACK").catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/** The database as `diagnoseDatabase` takes it, and a way to close it. */
async function open(kind, target) {
  const db = kind === "sqlite" ? await openSqlite(target) : await openPostgres(target);
  return { dialect: kind, query: db.run, close: db.close };
}

/**
 * The doctor on a SQLite file or Postgres URL (`kind` from `sourceOf`). `options`: the
 * doctor's (`adminEmails`, `secret`) and the SQL ones (`betterAuthVersion`, `plugins`,
 * `schemaMap`, `now`). Resolves `{ json, text, hasErrors }`, what the native CLI prints.
 */
export async function diagnoseSql(kind, target, options) {
  const db = await open(kind, target);
  try {
    return await diagnoseDatabase(db, options);
  } finally {
    await db.close();
  }
}

/** Plan a fix on a SQL database: `{ statements: [{ sql, params, what }], script }`. */
export async function planSqlFix(kind, target, op, options) {
  const db = await open(kind, target);
  try {
    return await planDatabaseFix(db, op, options);
  } finally {
    await db.close();
  }
}

/** Run a planned fix in one transaction; returns the rows each statement changed. */
export async function applySqlFix(kind, target, plan) {
  if (kind === "sqlite") {
    const { db } = await openSqlite(target, { write: true });
    try {
      db.exec("BEGIN IMMEDIATE");
      const changed = [];
      try {
        for (const st of plan.statements) changed.push(Number(db.prepare(st.sql).run(...st.params).changes));
        db.exec("COMMIT");
      } catch (e) {
        try {
          db.exec("ROLLBACK");
        } catch {}
        throw dbError("sqlite", e);
      }
      return changed;
    } finally {
      db.close();
    }
  }
  const pg = await pgModule();
  const client = pgClient(pg, target);
  try {
    await client.connect();
    await client.query("BEGIN");
    const changed = [];
    for (const st of plan.statements) changed.push((await client.query(st.sql, st.params)).rowCount ?? 0);
    await client.query("COMMIT");
    return changed;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw dbError("postgres", e);
  } finally {
    await client.end().catch(() => {});
  }
}
