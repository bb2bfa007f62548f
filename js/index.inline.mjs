// Entry for Node (ESM), Convex (isolate and "use node") and any other bundler: the WASM bytes
// are inlined as base64 and compiled synchronously at import, so no `await init()` is needed
// and nothing depends on the filesystem, fetch or import.meta.
import { initSync } from "./wasm/authcore.js";
import wasmBase64 from "./wasm-inline.cjs"; // one copy of the bytes, shared with the CommonJS bundles
import { decodeBase64 } from "./base64.mjs";

initSync({ module: decodeBase64(wasmBase64) });

export * from "./api.mjs";
