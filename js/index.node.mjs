// Entry for Node (ESM `import`, and the CommonJS bundle): the WASM bytes are inlined and
// compiled synchronously at import (no `await init()`), and the async password functions run
// on a lazily started pool of worker threads so scrypt never blocks the event loop.
import { initSync } from "./wasm/authcore.js";
import wasmBase64 from "./wasm-inline.cjs"; // one copy of the bytes, shared with the CommonJS bundles
import workerSource from "./worker-source.mjs";
import { decodeBase64 } from "./base64.mjs";
import { setRunner } from "./runner.mjs";
import { createPool } from "./pool.mjs";

const module = new WebAssembly.Module(decodeBase64(wasmBase64));
initSync({ module });
setRunner(createPool({ module, source: workerSource }));

export * from "./api.mjs";
