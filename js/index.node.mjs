// Entry for Node itself (ESM `import`, and the CommonJS bundle), unbundled: the WASM file beside
// this entry is read and compiled synchronously at import (no `await init()`); the async
// password functions run on a worker-thread pool (node-start.mjs). Bundlers (webpack, Turbopack,
// esbuild: the `module` condition) get index.node-inline.mjs instead, whose bytes travel in the
// module graph.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { decodeBase64 } from "./base64.mjs";
import { startNode } from "./node-start.mjs";

// The bytes: the .wasm file beside this entry (about 1 ms; evaluating the base64 module costs
// about 20 ms of start-up), else (a copy step left the file behind) the inline copy.
function wasmBytes() {
  try {
    return readFileSync(new URL("./wasm/authcore_bg.wasm", import.meta.url));
  } catch {
    return decodeBase64(createRequire(import.meta.url)("./wasm-inline.cjs"));
  }
}

startNode(new WebAssembly.Module(wasmBytes()));

export * from "./api.mjs";
