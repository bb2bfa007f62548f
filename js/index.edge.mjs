// Entry for Next.js `runtime = "edge"` and Vercel Edge: they forbid compiling WASM bytes at run
// time; a `.wasm?module` import is compiled by the host and injected. Next.js and edge-runtime
// compile it in the host realm, so `instanceof WebAssembly.Module` is false in the sandbox and
// wasm-bindgen would reject it: give it this realm's prototype first.
import wasmModule from "./wasm/authcore_bg.wasm?module";
import { initSync } from "./wasm/authcore.js";

const module =
  wasmModule instanceof WebAssembly.Module
    ? wasmModule
    : Object.setPrototypeOf(wasmModule, WebAssembly.Module.prototype);
initSync({ module });

export * from "./api.mjs";
