// Raw-deflate decompression for the inline WASM copy outside Node (Convex's isolate and "use
// node" actions, `default`, `require` elsewhere): fflate's inflateSync, bundled into this file by
// scripts/assemble-pkg.mjs (the package has no runtime dependencies). The Node entries use
// node:zlib instead.
export { inflateSync } from "fflate";
