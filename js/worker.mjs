// Node worker thread body (bundled into a self-contained script string by assemble-pkg.mjs and
// started with `eval: true`, so it works whatever bundler or file layout the app uses). It gets
// the compiled WebAssembly.Module from the pool, instantiates its own copy, and runs ops. An op
// that retired this worker's instance says so (`retired`): the pool stops sending it work and
// replaces it once its queue is empty (the instance it made meanwhile serves that queue).
import { parentPort, workerData } from "node:worker_threads";
import { initSync, password_verify } from "./wasm/authcore.js";
import { ops } from "./ops.mjs";
import { callCoreRaw } from "./errors.mjs";

initSync({ module: workerData.module });

// Test-only (AUTHCORE_TEST_HOOKS=1): an op that makes the instance fail the way a JS exception
// unwinding WASM does (a throwing getter read by the bindings), to prove the pool recovers.
if (process.env.AUTHCORE_TEST_HOOKS === "1") {
  ops.__poison = () =>
    callCoreRaw(() => password_verify("x", "y", new (class { get maxPasswordLength() { throw new Error("boom"); } })()));
}

parentPort.on("message", ({ id, op, args }) => {
  try {
    parentPort.postMessage({ id, value: ops[op](...args) });
  } catch (e) {
    const code = e && typeof e.code === "string" ? e.code : "ERR_INTERNAL";
    const message = e && e.message ? String(e.message) : String(e);
    parentPort.postMessage({ id, error: { code, message }, retired: e?.retired === true });
  }
});
