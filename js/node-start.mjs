// The Node entries' shared start. Nothing is compiled at import: the first call that needs the
// WASM compiles and instantiates it synchronously (`__authcore_lazy`), so `import "authcore"`
// costs only its JavaScript (bench/startup.mjs). The async password functions run on a pool of
// worker threads (js/pool.mjs: the process's first call runs inline and the first worker starts
// right after it), so scrypt does not block the event loop.
import { __authcore_lazy } from "./wasm/authcore.js";
import workerSource from "./worker-source.mjs";
import { setRunner } from "./runner.mjs";
import { createPool } from "./pool.mjs";

/** @param {() => WebAssembly.Module} compile called once, on first use */
export function startNode(compile) {
  let module;
  const getModule = () => (module ??= compile());
  __authcore_lazy(getModule);
  // Entries without password functions (authcore/doctor) ship no worker (source null).
  if (workerSource) {
    const pool = createPool({ getModule, source: workerSource });
    setRunner(pool);
    // Test-only (see errors.mjs): the pool's counters, to check that failed workers are replaced.
    const hooks = globalThis[Symbol.for("authcore.testHooks")];
    if (hooks && process.env.AUTHCORE_TEST_HOOKS === "1") hooks.pool = pool;
  }
}
