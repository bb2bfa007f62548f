// Node worker thread body (bundled into a self-contained script string by assemble-pkg.mjs and
// started with `eval: true`, so it works whatever bundler or file layout the app uses). It gets
// the compiled WebAssembly.Module from the pool, instantiates its own copy, and runs ops.
import { parentPort, workerData } from "node:worker_threads";
import { initSync } from "./wasm/authcore.js";
import { ops } from "./ops.mjs";

initSync({ module: workerData.module });

parentPort.on("message", ({ id, op, args }) => {
  try {
    parentPort.postMessage({ id, value: ops[op](...args) });
  } catch (e) {
    const code = e && typeof e.code === "string" ? e.code : "ERR_INTERNAL";
    const message = e && e.message ? String(e.message) : String(e);
    parentPort.postMessage({ id, error: { code, message } });
  }
});
