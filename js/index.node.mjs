// Entry for Node itself (ESM `import`, and the CommonJS bundle), unbundled: the WASM file beside
// this entry is read and compiled synchronously at import (no `await init()`); the async
// password functions run on a worker-thread pool (node-start.mjs). Bundlers (webpack, Turbopack,
// esbuild: the `module` condition) get index.node-inline.mjs instead, whose bytes travel in the
// module graph.
import { createRequire } from "node:module";
import { startNode } from "./node-start.mjs";

// `node:fs` through the CommonJS loader, on first use: an ESM `import … from "node:fs"` builds
// the module's ESM facade, which reads every export, and `fs.ReadStream`'s getter loads all of
// `node:stream` (about 2 ms of CPU of a 7–10 ms import, A/B under load). Node ≥ 20.16 has
// process.getBuiltinModule; older Node 20 resolves the builtin through a require.
const builtin = (name) => process.getBuiltinModule?.(name) ?? createRequire(import.meta.url)(name);

// The bytes: the .wasm file beside this entry (about 1 ms), else (a copy step left the file
// behind) the inline copy (base64, maybe deflated).
function wasmBytes() {
  try {
    return builtin("node:fs").readFileSync(new URL("./wasm/authcore_bg.wasm", import.meta.url));
  } catch {
    const require = createRequire(import.meta.url);
    const inline = require("./wasm-inline.cjs");
    const bytes = Buffer.from(inline.base64, "base64");
    return inline.deflate ? require("node:zlib").inflateRawSync(bytes) : bytes;
  }
}

startNode(() => new WebAssembly.Module(wasmBytes()));

export * from "./api.mjs";
