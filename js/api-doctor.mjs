// The public API of `authcore/doctor` (tooling: the Convex export doctor, fix, gen-export). Its
// WASM is built with the `doctor` feature alone; `npx authcore` runs on it.
export { AuthError } from "./errors.mjs";
export * from "./npx.mjs";
