// The operations the async functions run, by name: inline, or in a Node worker thread (the
// worker bundles this same file with its own WASM instance).
import * as wasm from "./wasm/authcore.js";

export const ops = {
  hash: (password, options) => wasm.password_hash(password, options),
  verify: (hash, password, options) => wasm.password_verify(hash, password, options),
};
