// Entry for Node code built by a bundler (the `node` + `module` conditions: Next.js webpack and
// Turbopack, esbuild): the WASM bytes are inlined (base64, maybe deflated) and reach the bundle
// through a static import, so the function carries them once and a build moved to another
// machine or directory (Next.js `output: "standalone"`) needs no file beside it: a file path read
// at run time would be the build machine's (webpack bakes it in) or a file the tracer never
// copied. Same worker pool as the unbundled Node entry.
import { inflateRawSync } from "node:zlib";
import wasmInline from "./wasm-inline.cjs";
import { startNode } from "./node-start.mjs";

startNode(() => {
  const bytes = Buffer.from(wasmInline.base64, "base64");
  return new WebAssembly.Module(wasmInline.deflate ? inflateRawSync(bytes) : bytes);
});

export * from "./api.mjs";
