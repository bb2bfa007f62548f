// The Convex export doctor from JavaScript: the same core as the native `authcore doctor`,
// reading the ZIP through a synchronous random-access source, so a large export is never loaded
// whole (the Node CLI backs the source with fs.readSync). Runtime-neutral: no Node imports here.
import * as wasm from "./wasm/authcore.js";
import { AuthError, guard, objectArg, plainArg, callCoreRaw as call, ownHandle, liveHandle, freeHandle } from "./errors.mjs";

/** A whole ZIP already in memory, as a source. */
function bytesSource(bytes) {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

function sourceArg(source) {
  if (source instanceof Uint8Array) return bytesSource(source);
  if (source !== null && typeof source === "object" && typeof source.read === "function") return source;
  throw new AuthError("ERR_INVALID_ARGUMENT", "source must be a Uint8Array or { size, read(offset, length) }");
}

function sinkArg(sink) {
  if (sink !== null && typeof sink === "object" && typeof sink.write === "function") return sink;
  throw new AuthError("ERR_INVALID_ARGUMENT", "sink must be { write(offset, bytes) }");
}

/** A growable in-memory sink; `bytes()` returns what was written. */
function memorySink() {
  let buf = new Uint8Array(1 << 16);
  let end = 0;
  return {
    write(offset, bytes) {
      const need = offset + bytes.length;
      if (need > buf.length) {
        const bigger = new Uint8Array(Math.max(need, buf.length * 2));
        bigger.set(buf.subarray(0, end));
        buf = bigger;
      }
      buf.set(bytes, offset);
      end = Math.max(end, need);
    },
    bytes: () => buf.slice(0, end),
  };
}

/**
 * Diagnose a Convex snapshot export. `source`: the ZIP's bytes, or `{ size, read(offset, length)
 * => Uint8Array }` (read synchronously, a window at a time). `options`: `{ component, appTable,
 * linkField, emailField, adminEmails, secret, maxFindingsPerCode, onProgress(done, total) }`.
 * Returns `{ report: { findings, summary }, hasErrors, text, json }`, where `text` and `json`
 * are exactly what `authcore doctor` prints (without and with `--json`).
 */
export const diagnoseExport = guard(function diagnoseExport(source, options = {}) {
  const { onProgress, ...rest } = objectArg(options, "options");
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "onProgress must be a function");
  }
  const r = call(wasm.doctor_diagnose, sourceArg(source), plainArg(rest), onProgress);
  return { report: JSON.parse(r.json), hasErrors: r.hasErrors, text: r.text, json: r.json + "\n" };
});

/**
 * Generate a synthetic Convex export with Better Auth data (what `authcore gen-export` writes):
 * `{ users, seed, inject: [finding codes], level }`. Writes to `sink` (`{ write(offset, bytes) }`,
 * every byte at its offset) and returns undefined, or returns the ZIP's bytes without a sink.
 */
export const generateExport = guard(function generateExport(options = {}, sink) {
  const opts = plainArg(objectArg(options, "options"));
  if (sink === undefined) {
    const mem = memorySink();
    call(wasm.doctor_gen_export, opts, mem);
    return mem.bytes();
  }
  call(wasm.doctor_gen_export, opts, sinkArg(sink));
  return undefined;
});

/**
 * Plan a fix of a Convex export (what `authcore fix` does), reading `source` as
 * `diagnoseExport` does. `operation`: `{ op: "set-password", email, password | passwordHash }`,
 * `{ op: "delete-user", email, onDelete: "delete" | "soft-delete" | "keep" }`, `{ op: "sync",
 * policy, adminEmails }` (a sync policy, as `decideSync` takes), `{ op: "create-user", email,
 * name, admin, password | passwordHash }`, `{ op: "float-numbers" }`, `{ op: "drop-sessions" }`
 * or `{ op: "drop-jwks" }`; a `password`
 * is hashed in Better Auth's format. `options`: `{ component, appTable, linkField, emailField,
 * now }` (`now`: epoch ms for new rows, defaults to `Date.now()`). Returns `{ actions, apply(sink?),
 * discard() }`: `apply` writes the fixed ZIP to `sink` (or returns its bytes without one) and
 * releases the plan, `discard` releases it without writing.
 */
export const planExportFix = guard(function planExportFix(source, operation, options = {}) {
  const { now = Date.now(), ...where } = objectArg(options, "options");
  const op = plainArg(objectArg(operation, "operation"));
  let plan = ownHandle(call(wasm.doctor_fix_plan, sourceArg(source), op, plainArg(where), now));
  const actions = call(() => plan.actions());
  const release = () => {
    if (plan) freeHandle(plan);
    plan = null;
  };
  return {
    actions,
    apply(sink) {
      if (!plan) throw new AuthError("ERR_INVALID_ARGUMENT", "this fix plan was already applied or discarded");
      if (!liveHandle(plan)) throw new AuthError("ERR_INTERNAL", "this fix plan belongs to a retired WASM instance; plan it again");
      try {
        if (sink === undefined) {
          const mem = memorySink();
          call(() => plan.apply(mem));
          return mem.bytes();
        }
        call(() => plan.apply(sinkArg(sink)));
        return undefined;
      } finally {
        release();
      }
    },
    discard: release,
  };
});

/**
 * Fix a Convex export in one call: `planExportFix(source, operation, options).apply(sink)`.
 * Returns `{ actions, bytes }` (`bytes` undefined when a sink was given).
 */
export const fixExport = guard(function fixExport(source, operation, options = {}, sink) {
  const plan = planExportFix(source, operation, options);
  return { actions: plan.actions, bytes: plan.apply(sink) };
});

/**
 * Tell what a doctor argument names: `{ kind: "zip" | "sqlite" | "postgres", target }` (what
 * `authcore doctor <arg>` reads). `head`: the first 16 bytes of the file `arg` names, when it
 * can be read (a SQLite file is told by them).
 */
export const detectDoctorSource = guard(function detectDoctorSource(arg, head) {
  if (typeof arg !== "string") throw new AuthError("ERR_INVALID_ARGUMENT", "arg must be a string");
  if (head !== undefined && !(head instanceof Uint8Array)) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "head must be a Uint8Array or undefined");
  }
  return call(wasm.doctor_source, arg, head);
});

function dbArg(db) {
  if (db === null || typeof db !== "object" || typeof db.query !== "function") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "db must be { dialect, query(sql, onRows) }");
  }
  if (db.dialect !== "sqlite" && db.dialect !== "postgres") {
    throw new AuthError("ERR_INVALID_ARGUMENT", 'db.dialect must be "sqlite" or "postgres"');
  }
  return db;
}

/** The SQL doctor's own options out of `options`; the rest are the doctor's. */
function splitSqlOptions(options) {
  const { betterAuthVersion, plugins, schemaMap, now = Date.now(), ...rest } = objectArg(options, "options");
  return [plainArg(rest), plainArg({ betterAuthVersion, plugins, schemaMap, now })];
}

/**
 * Diagnose a Better Auth SQL database (what `authcore doctor ./auth.db | postgres://…` does),
 * with any driver: `db` is `{ dialect: "sqlite" | "postgres", query(sql, onRows) }`, where
 * `query` runs the read-only statement it is given and calls `onRows(rows)` with batches of
 * rows, each an array of cells (null, boolean, number, string, bigint or bytes) in the
 * statement's column order, then resolves. The core writes every statement and reads every row.
 * `options`: `diagnoseExport`'s, plus `{ betterAuthVersion: "1.6" | "1.7", plugins: [names],
 * schemaMap: JSON text, now }`. Resolves `{ report, hasErrors, text, json }` as `diagnoseExport`.
 */
export const diagnoseDatabase = guard(async function diagnoseDatabase(db, options = {}) {
  dbArg(db);
  const [opts, sql] = splitSqlOptions(options);
  const session = ownHandle(call(wasm.doctor_sql_start, db.dialect, opts, sql));
  try {
    for (let q = call(() => session.next()); q !== undefined; q = call(() => session.next())) {
      await db.query(q, (rows) => call(() => session.feed(rows)));
      call(() => session.end());
    }
    const r = call(() => session.report());
    return { report: JSON.parse(r.json), hasErrors: r.hasErrors, text: r.text, json: r.json + "\n" };
  } finally {
    freeHandle(session);
  }
});

/** Rounds a fix plan may take (catalog, users, accounts: a handful); a bound, not a tuning. */
const MAX_FIX_ROUNDS = 32;

/**
 * Plan a fix of a Better Auth SQL database (what `authcore fix <db> --sql | --apply` does):
 * `db` as `diagnoseDatabase` takes it, `operation` as `planExportFix` takes it (set-password,
 * delete-user, drop-sessions, drop-jwks), `options`: `{ betterAuthVersion, plugins, schemaMap,
 * now }`. Resolves `{ statements: [{ sql, params, what }], script }`: run the statements with
 * their parameters in one transaction, or hand `script` (the same, as literals) to a person.
 */
export const planDatabaseFix = guard(async function planDatabaseFix(db, operation, options = {}) {
  dbArg(db);
  const op = plainArg(objectArg(operation, "operation"));
  const [, sql] = splitSqlOptions(options);
  const session = ownHandle(call(wasm.doctor_sql_fix, db.dialect, op, sql));
  try {
    for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
      const r = call(() => session.round());
      if (r.need === undefined) return r;
      const rows = [];
      await db.query(r.need, (batch) => {
        for (const row of batch) rows.push(row);
      });
      call(() => session.answer(r.need, rows));
    }
    throw new AuthError("ERR_INTERNAL", "planning the fix did not converge");
  } finally {
    freeHandle(session);
  }
});

/**
 * Parse `authcore` command-line arguments (without the program name) with the native binary's
 * own clap definition: `{ command: "doctor" | "fix" | "gen-export", args }` (kebab-case keys as on
 * the command line, defaults applied, `null` for an option not given; `fix`'s subcommand in
 * `args.op`), `{ command: "password" | "token", args }` (`args.op` the subcommand: run by
 * `runPasswordCommand` in authcore/passwords and `runTokenCommand` in authcore/keys), or
 * `{ print, stderr, exitCode }` for what clap renders itself: help, version, usage errors.
 * `npx authcore` is built on it.
 */
export const parseCommandLine = guard(function parseCommandLine(argv) {
  // A loop, not argv.every: every() skips the holes of a sparse array.
  let strings = Array.isArray(argv);
  for (let i = 0; strings && i < argv.length; i++) strings = typeof argv[i] === "string";
  if (!strings) throw new AuthError("ERR_INVALID_ARGUMENT", "argv must be an array of strings");
  return JSON.parse(call(wasm.cli_parse, argv));
});

