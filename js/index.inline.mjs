// Entry for Convex (isolate and "use node") and any other bundler or runtime without a better
// condition: the WASM bytes are inlined (base64; raw-deflated first for the large entries, see
// scripts/assemble-pkg.mjs) and compiled synchronously at import, so no `await init()` is needed
// and nothing depends on the filesystem, fetch or import.meta.
import { initSync } from "./wasm/authcore.js";
import wasmInline from "./wasm-inline.cjs"; // one copy of the bytes, shared with the CommonJS bundles
import { decodeBase64 } from "./base64.mjs";
import { inflateSync } from "./inflate.mjs";

const bytes = decodeBase64(wasmInline.base64);
initSync({ module: wasmInline.deflate ? inflateSync(bytes) : bytes });

export * from "./api.mjs";
