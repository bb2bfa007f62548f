// Entry for Cloudflare Workers (workerd, wrangler, miniflare): they forbid compiling WASM
// bytes at run time, but a `.wasm` import arrives as a precompiled WebAssembly.Module.
import wasmModule from "./wasm/authcore_bg.wasm";
import { initSync } from "./wasm/authcore.js";

initSync({ module: wasmModule });

export * from "./api.mjs";
