// Token diagnostics: what a value is and every reason it would be refused. Tooling, so in
// `authcore/keys` (its WASM is built with the `explain` feature), not in the request-path WASM
// (issue 17); the native crate, the CLI (`authcore token inspect|explain`) and Python have them too.
import * as wasm from "./wasm/authcore.js";
import { jsonTextArg, callCore as call, guard } from "./errors.mjs";

/**
 * Decode a value without verifying it and say what it is (signed session cookie, cookie cache
 * and its strategy, JWT-plugin / Convex / email-verification JWT, bare session token, or a
 * Cookie header with each Better Auth cookie in `parts`).
 */
export const inspectToken = guard(function inspectToken(value) {
  return call(wasm.token_inspect, value);
});

/**
 * Check a value and list every reason it would be refused: `{ info, valid, problems: [{ code,
 * message }], notes }`. `options`: `{ secret?, jwks?, issuer?, audience?, now?, cookiePrefix?,
 * strategy? }`.
 */
export const explainToken = guard(function explainToken(value, options) {
  const o = options !== null && typeof options === "object" ? options : {};
  const jwks = o.jwks == null ? undefined : jsonTextArg(o.jwks, "jwks");
  const now = o.now === undefined || o.now === null ? Date.now() : o.now instanceof Date ? o.now.getTime() : o.now;
  return call(wasm.token_explain, value, o.secret, jwks, o.issuer, o.audience, now, o.cookiePrefix, o.strategy);
});
