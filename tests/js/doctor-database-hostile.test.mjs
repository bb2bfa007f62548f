// diagnoseDatabase / planDatabaseFix with drivers written here (no database needed, every Node
// line): an empty database gives Better Auth's missing tables; bad arguments, bad cells, bad row
// shapes and throwing drivers give coded errors, thousands of times, and the instance still
// serves afterwards. The real databases are in npx-doctor-sql.test.mjs and tests/doctor_sql.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
// The tooling entry (authcore/doctor) holds the SQL doctor, with its own WASM instance.
import { AuthError, diagnoseDatabase, planDatabaseFix, detectDoctorSource, diagnoseExport, generateExport } from "authcore/doctor";

/** A database with no table at all: every query returns no row. */
const empty = (dialect) => ({ dialect, query() {} });

async function code(p) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AuthError, String(e));
    return e.code;
  }
  assert.fail("expected a rejection");
}

test("an empty database: Better Auth's four tables are missing, exit-worthy errors", async () => {
  for (const dialect of ["sqlite", "postgres"]) {
    const queries = [];
    const r = await diagnoseDatabase({ dialect, query: (sql) => void queries.push(sql) }, { now: 0 });
    assert.equal(r.hasErrors, true);
    const missing = r.report.findings.filter((f) => f.code === "SCHEMA_TABLE_MISSING").map((f) => f.table).sort();
    assert.deepEqual(missing, ["account", "session", "user", "verification"]);
    assert.equal(r.json, JSON.stringify(r.report, null, 2) + "\n");
    // Only the catalog was asked for: there is no table to read rows from.
    assert.equal(queries.length, 3);
    assert.ok(queries.every((q) => /^SELECT /.test(q)));
  }
});

test("detectDoctorSource tells files and URLs apart as the native CLI does", () => {
  assert.deepEqual(detectDoctorSource("postgresql://u@h/db"), { kind: "postgres", target: "postgresql://u@h/db" });
  assert.deepEqual(detectDoctorSource("sqlite:./a.db"), { kind: "sqlite", target: "./a.db" });
  assert.deepEqual(detectDoctorSource("x.db", new TextEncoder().encode("SQLite format 3\0")), { kind: "sqlite", target: "x.db" });
  assert.deepEqual(detectDoctorSource("export.zip"), { kind: "zip", target: "export.zip" });
  assert.throws(() => detectDoctorSource("mysql://u@h/db"), (e) => e.code === "ERR_INVALID_ARGUMENT");
  assert.throws(() => detectDoctorSource(42), (e) => e.code === "ERR_INVALID_ARGUMENT");
});

test("bad databases and options: ERR_INVALID_ARGUMENT", async () => {
  assert.equal(await code(diagnoseDatabase(null)), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(diagnoseDatabase({ dialect: "mysql", query() {} })), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(diagnoseDatabase({ dialect: "sqlite" })), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(diagnoseDatabase(empty("sqlite"), { plugins: ["nope"] })), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(diagnoseDatabase(empty("sqlite"), { betterAuthVersion: "2.0" })), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(diagnoseDatabase(empty("sqlite"), { schemaMap: "{not json" })), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(diagnoseDatabase(empty("sqlite"), { now: -1 })), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(planDatabaseFix(empty("sqlite"), { op: "sync" })), "ERR_INVALID_ARGUMENT");
  assert.equal(await code(planDatabaseFix(empty("postgres"), { op: "drop-sessions" })), "ERR_FIX_NOT_FOUND");
  assert.equal(await code(planDatabaseFix(empty("sqlite"), { op: "delete-user", email: "a@b.c" })), "ERR_FIX_NOT_FOUND");
});

test("hostile rows, thousands of times: coded errors, and the instance still serves", async () => {
  const hostile = [
    [[{}]], // an object cell
    [[[1, 2]]], // an array cell
    [[() => 1]], // a function cell
    [[Symbol("x")]],
    ["not a row"],
    [[1]], // a catalog row one cell wide
    [[null, null, null, null, null, null]], // a catalog row of NULL names
    [[2n ** 70n, "t", "c", 1, 0, 0]], // a bigint past 64 bits
  ];
  const seen = new Set();
  for (let i = 0; i < 4000; i++) {
    const rows = hostile[i % hostile.length];
    const db = { dialect: i % 2 ? "sqlite" : "postgres", query: (sql, onRows) => onRows(rows) };
    const c = await code(diagnoseDatabase(db));
    seen.add(c);
  }
  assert.deepEqual([...seen].sort(), ["ERR_DATABASE", "ERR_INVALID_ARGUMENT"]);
  // A driver that throws: the call fails, with the driver's error kept as the cause.
  for (let i = 0; i < 1000; i++) {
    const boom = new Error("connection reset");
    await assert.rejects(
      diagnoseDatabase({ dialect: "postgres", query: () => { throw boom; } }),
      (e) => e instanceof AuthError && (e === boom || e.cause === boom),
    );
  }
  // Still serving: the SQL doctor and the export doctor of the same instance.
  const r = await diagnoseDatabase(empty("sqlite"));
  assert.equal(r.hasErrors, true);
  const zip = diagnoseExport(generateExport({ users: 3, seed: 1 }));
  assert.equal(zip.report.summary.authUsers, 3);
});
