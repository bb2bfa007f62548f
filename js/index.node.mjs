// Entry for Node (ESM `import`, and the CommonJS bundle): the WASM is read and compiled
// synchronously at import (no `await init()`), and the async password functions run
// on a lazily started pool of worker threads so scrypt never blocks the event loop.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { initSync } from "./wasm/authcore.js";
import workerSource from "./worker-source.mjs";
import { decodeBase64 } from "./base64.mjs";
import { setRunner } from "./runner.mjs";
import { createPool } from "./pool.mjs";

// The bytes: the .wasm file beside this entry when it is there (about 1 ms; evaluating the
// 3 MB base64 module costs about 30 ms of start-up), else (a bundler that did not carry the
// file along) the inline copy, which CommonJS and ESM share.
function wasmBytes() {
  try {
    return readFileSync(new URL("./wasm/authcore_bg.wasm", import.meta.url));
  } catch {
    return decodeBase64(createRequire(import.meta.url)("./wasm-inline.cjs"));
  }
}

const module = new WebAssembly.Module(wasmBytes());
initSync({ module });
// Entries without password functions (authcore/doctor) ship no worker (source null).
if (workerSource) {
  const pool = createPool({ module, source: workerSource });
  setRunner(pool);
  // Test-only (see errors.mjs): the pool's counters, to check that failed workers are replaced.
  const hooks = globalThis[Symbol.for("authcore.testHooks")];
  if (hooks && process.env.AUTHCORE_TEST_HOOKS === "1") hooks.pool = pool;
}

export * from "./api.mjs";
