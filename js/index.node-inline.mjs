// Entry for Node code built by a bundler (the `node` + `module` conditions: Next.js webpack and
// Turbopack, esbuild): the WASM bytes are inlined (base64) and reach the bundle through a static
// import, so the function carries them once and a build moved to another machine or directory
// (Next.js `output: "standalone"`) needs no file beside it: a file path read at run time would be
// the build machine's (webpack bakes it in) or a file the tracer never copied. Same worker pool
// as the unbundled Node entry.
import wasmBase64 from "./wasm-inline.cjs";
import { decodeBase64 } from "./base64.mjs";
import { startNode } from "./node-start.mjs";

startNode(new WebAssembly.Module(decodeBase64(wasmBase64)));

export * from "./api.mjs";
