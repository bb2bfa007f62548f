// The operations the async functions run, by name: inline, or in a Node worker thread (the
// worker bundles this same file with its own WASM instance). Both go through `callCore`, so
// arguments reach WASM as plain data and an instance that fails retires itself.
import * as wasm from "./wasm/authcore.js";
import { callCore } from "./errors.mjs";

export const ops = {
  hash: (password, options) => callCore(wasm.password_hash, password, options),
  verify: (hash, password, options) => callCore(wasm.password_verify, hash, password, options),
};
