// The Node entry runs async password functions on worker threads: the event loop stays free,
// results and errors are the same as inline, and idle workers never keep the process alive.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  AuthError,
  createPasswordHasher,
  hashPassword,
  hashPasswordSync,
  hashPasswordWithSalt,
  verifyPassword,
  verifyPasswordSync,
} from "authcore";

test("the process's first async call runs inline, and the pool serves every later one", () => {
  // Issue 17: a fresh process's first hash does not wait for a worker to start (bench/startup.mjs
  // measures the choice); the first worker starts right after it. Inline, the result arrives in
  // a microtask, before any setImmediate; from a worker it arrives as a message, after.
  const code = `import { hashPassword, verifyPassword } from "authcore";
    const onWorker = async (p) => { let ran = false; setImmediate(() => (ran = true)); await p; return ran; };
    const first = await onWorker(hashPassword("first"));
    const later = [];
    for (let i = 0; i < 4; i++) later.push(await onWorker(hashPassword("later " + i)));
    console.log(JSON.stringify({ first, later }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { first: false, later: [true, true, true, true] });
});

test("async hashing yields to the event loop (macrotasks run before the result)", async () => {
  // Inline, the whole scrypt would run before hashPassword returns and the awaited result would
  // arrive in a microtask, before any setImmediate. On a worker it arrives as a message later.
  await hashPassword("the process's first call runs inline"); // see the test above
  let immediateRan = false;
  setImmediate(() => (immediateRan = true));
  const hash = await hashPassword("event loop");
  assert.equal(immediateRan, true);
  assert.equal(verifyPasswordSync({ hash, password: "event loop" }), true);
});

test("100 concurrent verifications give the same answers as inline", async () => {
  const hash = hashPasswordWithSalt("right", "00112233445566778899aabbccddeeff");
  const inputs = Array.from({ length: 100 }, (_, i) => (i % 3 ? "right" : `wrong-${i}`));
  const results = await Promise.all(inputs.map((password) => verifyPassword({ hash, password })));
  assert.deepEqual(
    results,
    inputs.map((password) => verifyPasswordSync({ hash, password })),
  );
  assert.equal(results.filter(Boolean).length, 66);
});

test("errors from workers are AuthErrors with the core's codes", async () => {
  await assert.rejects(hashPassword("x".repeat(65537)), (e) => e instanceof AuthError && e.code === "ERR_PASSWORD_TOO_LONG");
  await assert.rejects(verifyPassword({ hash: "nope", password: "x" }), (e) => e instanceof AuthError && e.code === "ERR_HASH_MALFORMED");
  await assert.rejects(hashPassword(42), (e) => e instanceof AuthError && e.code === "ERR_INVALID_ARGUMENT");
  // Not structured-cloneable: falls back inline, where the core reports it.
  await assert.rejects(verifyPassword({ hash: Symbol("h"), password: "x" }), (e) => e.code === "ERR_INVALID_ARGUMENT");
  await assert.rejects(hashPassword(() => 1), (e) => e.code === "ERR_INVALID_ARGUMENT");
});

test("options travel to the workers", async () => {
  const hasher = createPasswordHasher({ maxPasswordLength: 200 });
  const long = "p".repeat(150);
  const hash = await hasher.hash(long);
  assert.equal(await hasher.verify({ hash, password: long }), true);
  assert.equal(await verifyPassword({ hash: await hashPassword(long), password: long }), true, "no length policy by default");
  await assert.rejects(hasher.hash("p".repeat(201)), (e) => e.code === "ERR_PASSWORD_TOO_LONG");
});

test("idle workers do not keep the process alive (ESM and CommonJS)", () => {
  const esm = `import { hashPassword } from "authcore"; await hashPassword("x"); console.log("done");`;
  const cjs = `require("authcore").hashPassword("x").then(() => console.log("done"));`;
  for (const [flag, code] of [["--input-type=module", esm], ["--input-type=commonjs", cjs]]) {
    const r = spawnSync(process.execPath, [flag, "-e", code], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.error, undefined, `the process did not exit by itself (${flag})`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "done");
  }
});

test("the pool starts under process-wide flags that workers refuse (--stack-trace-limit, --tls-cipher-list)", () => {
  // Node refuses these in a worker's execArgv (ERR_WORKER_INVALID_EXEC_ARGV); Node 22+'s test
  // runner passes them to every test process, and servers set them. The pool must still hash on
  // a worker, not silently block the event loop.
  const code = `import { hashPassword } from "authcore";
    await hashPassword("the first call runs inline");
    let ran = false; setImmediate(() => (ran = true));
    await hashPassword("flags");
    console.log(ran ? "worker" : "inline");`;
  for (const flags of [["--stack-trace-limit=50"], ["--tls-cipher-list=HIGH", "--max-http-header-size=16384"]]) {
    const r = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", code], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "worker", `with ${flags.join(" ")}`);
  }
});

test("the sync functions still run on the calling thread", () => {
  const hash = hashPasswordSync("sync");
  assert.equal(verifyPasswordSync({ hash, password: "sync" }), true);
});
