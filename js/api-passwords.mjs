// The public API of `authcore/passwords`: hashing and verification, legacy formats and the
// migration adapter (its WASM is built with the `passwords` and `legacy` features), for isolates
// where every kilobyte of bundle counts and for migrations.
export * from "./passwords.mjs";
export * from "./migration.mjs";
// `authcore password hash|verify` as the native binary runs it (what `npx authcore password` runs).
export * from "./password-command.mjs";
