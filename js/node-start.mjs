// The Node entries' shared start: instantiate the compiled module synchronously (no `await
// init()`), and run the async password functions on a lazily started pool of worker threads so
// scrypt never blocks the event loop.
import { initSync } from "./wasm/authcore.js";
import workerSource from "./worker-source.mjs";
import { setRunner } from "./runner.mjs";
import { createPool } from "./pool.mjs";

/** @param {WebAssembly.Module} module */
export function startNode(module) {
  initSync({ module });
  // Entries without password functions (authcore/doctor) ship no worker (source null).
  if (workerSource) {
    const pool = createPool({ module, source: workerSource });
    setRunner(pool);
    // Test-only (see errors.mjs): the pool's counters, to check that failed workers are replaced.
    const hooks = globalThis[Symbol.for("authcore.testHooks")];
    if (hooks && process.env.AUTHCORE_TEST_HOOKS === "1") hooks.pool = pool;
  }
}
