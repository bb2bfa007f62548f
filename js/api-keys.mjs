// The public API of `authcore/keys`: every token function (verify, sign, JWK/JWKS, presets) and
// the token diagnostics (inspectToken, explainToken: explain.mjs), with
// a WASM that also holds RSA key generation and RS*/PS* signing (the `keys` cargo feature: the
// `rsa` crate). The request path (`authcore`) verifies every algorithm and signs EdDSA, ES*, HS*,
// but leaves RSA's private side here, where tooling and key rotation import it.
export { AuthError } from "./errors.mjs";
export * from "./tokens.mjs";
export * from "./explain.mjs";
// `authcore token inspect|explain` as the native binary runs it (what `npx authcore token` runs).
export * from "./token-command.mjs";
