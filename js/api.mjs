// The public JavaScript API. Every function decodes nothing itself: arguments go to the WASM
// core as they are (it checks types and returns coded errors), results come back unchanged.
// Loader entries (index.*.mjs) initialise the WASM module before any of these is called.
export * from "./passwords.mjs";
export * from "./cookies.mjs";
export * from "./tokens.mjs";
export * from "./sync.mjs";
export * from "./internal.mjs";
