// The public API of `authcore/passwords`: hashing and verification only (its WASM is built with
// the `passwords` feature alone), for isolates where every kilobyte of bundle counts.
export * from "./passwords.mjs";
