// Cookies: Better Auth's signed session cookie, its session_data cookie cache, jwks private-key
// rows. This layer only reads the clock and the RNG and turns Request/Headers into a Cookie
// header; every decision is the WASM core's.
import * as wasm from "./wasm/authcore.js";
import { AuthError, jsonArg, jsonTextArg, ownProtoKeys, callCore as call, guard } from "./errors.mjs";

function opts(options) {
  return options !== null && typeof options === "object" ? options : {};
}

/** The Cookie header of a string, Headers, Request or `{ headers }` (Node's IncomingMessage too). */
function cookieHeader(input) {
  if (typeof input === "string") return input;
  if (input == null) return null;
  const h = typeof input.get === "function" ? input : input.headers;
  if (h == null) return null;
  if (typeof h.get === "function") return h.get("cookie");
  const v = h.cookie ?? h.Cookie;
  if (Array.isArray(v)) return v.join("; ");
  return v ?? null;
}

function random(n) {
  const b = new Uint8Array(n);
  globalThis.crypto.getRandomValues(b);
  return b;
}

function nowArg(now) {
  if (now === undefined || now === null) return Date.now();
  if (now instanceof Date) return now.getTime();
  return now;
}

function jsonText(v) {
  // Dates become ISO strings exactly as Better Auth's JSON.stringify writes them.
  return jsonArg(v, "session/user");
}

/** The absolute URL of a Request (its scheme decides `__Secure-` as in Better Auth), if any. */
function requestUrl(input) {
  return input != null && typeof input === "object" && typeof input.url === "string" && input.headers != null ? input.url : undefined;
}

/** `{ value, reason }` from the core, the reason as an AuthError. */
function outcome(o) {
  return { value: o.value ?? null, reason: o.reason ? new AuthError(o.reason.code, o.reason.message) : null };
}

/**
 * The session token from a Cookie header (or Request / Headers), signature checked as Better
 * Auth checks it, with the reason: `{ value: string | null, reason: AuthError | null }`.
 * `options`: `{ secret, cookiePrefix?, secure?, acceptPreviousSecrets? }`. Configuration errors
 * (no secret, a bad option) throw.
 */
export const readSessionTokenWithReason = guard(function readSessionTokenWithReason(input, options) {
  const { secret, cookiePrefix, secure, acceptPreviousSecrets } = opts(options);
  const header = cookieHeader(input) ?? "";
  return outcome(call(wasm.cookie_read_session_token, header, secret, cookiePrefix, secure, requestUrl(input), acceptPreviousSecrets));
});

/**
 * The session token from a Cookie header (or Request / Headers), or `null` wherever Better Auth
 * would see no session (absent, forged, tampered, signed by another or a rotated-away secret,
 * malformed). `<prefix>.session_token`, or `__Secure-<prefix>.session_token` when `secure` (or
 * the Request's https URL) says so. Throws only for configuration errors.
 */
export const readSessionToken = guard(function readSessionToken(input, options) {
  return readSessionTokenWithReason(input, options).value;
});

/**
 * Verify one signed value (`token.signature`, URL-encoded or not, e.g. from a Bearer header)
 * under the current secret (every secret with `{ acceptPreviousSecrets: true }`). Throws
 * `ERR_COOKIE_SIGNATURE_INVALID` / `ERR_COOKIE_MALFORMED`.
 */
export const verifySignedCookieValue = guard(function verifySignedCookieValue(value, secret, options) {
  return call(wasm.cookie_verify_signed_value, value, secret, opts(options).acceptPreviousSecrets);
});

/** The cookie value Better Auth sets for a session token: `encodeURIComponent(token.sig)`. */
export const signSessionToken = guard(function signSessionToken(token, secret) {
  return call(wasm.cookie_sign_session_token, token, secret);
});

const REMOTE = Symbol.for("authcore.RemoteJwks");
const LOCAL = Symbol.for("authcore.LocalJwks");

/** JSON text of a local `jwks` option: a JWKS / JWK, its text or bytes, or a createLocalJwks set. */
function localJwksText(jwks) {
  if (jwks == null) return undefined;
  if (typeof jwks === "object" && typeof jwks[LOCAL] === "string") return jwks[LOCAL];
  return jsonTextArg(jwks, "jwks");
}

function readCache(input, o, jwksText) {
  const { secret, cookiePrefix, strategy, now, secure, acceptPreviousSecrets, version } = o;
  const header = cookieHeader(input) ?? "";
  const versionFn = typeof version === "function" ? version : undefined;
  const out = outcome(
    call(wasm.cookie_read_cache, header, secret, cookiePrefix, strategy, jwksText, nowArg(now), secure, requestUrl(input), acceptPreviousSecrets, versionFn ? undefined : version),
  );
  if (out.value) ownProtoKeys(out.value);
  if (out.value && versionFn) {
    const expected = versionFn(out.value.session, out.value.user);
    if (expected != null && typeof expected.then === "function") {
      throw new AuthError("ERR_INVALID_ARGUMENT", "the version function must return a string synchronously");
    }
    const reason = call(wasm.cookie_cache_version_reason, out.value.version, expected);
    if (reason) return { value: null, reason: new AuthError(reason.code, reason.message) };
  }
  return out;
}

/** The `kid` of a JWKS-signed session-cache JWT (Better Auth 1.7's jwt plugin) in the header. */
function sessionCacheKid(header, o) {
  if (!header) return undefined;
  try {
    return call(wasm.cookie_session_cache_kid, header, o.cookiePrefix, o.secure) ?? undefined;
  } catch {
    return undefined; // a malformed header: readCache gives the core's own answer
  }
}

/**
 * Decode and verify the `session_data` cookie cache (compact, jwt or jwe; chunked or not),
 * synchronously, with the reason: `{ value: { session, user, updatedAt, version, expiresAt,
 * strategy } | null, reason: AuthError | null }`. `options`: `{ secret, cookiePrefix?,
 * strategy?, jwks?, now?, secure?, acceptPreviousSecrets?, version? }`; `jwks` local keys only
 * (a createRemoteJwks set is `ERR_JWKS_REMOTE_IN_SYNC`); `version` is a string or a function
 * `(session, user) => string` (synchronous), like `cookieCache.version`.
 */
export const readCookieCacheWithReasonSync = guard(function readCookieCacheWithReasonSync(input, options) {
  const o = opts(options);
  if (o.jwks?.[REMOTE]) {
    throw new AuthError(
      "ERR_JWKS_REMOTE_IN_SYNC",
      "readCookieCacheSync / readCookieCacheWithReasonSync take local keys only; a createRemoteJwks set needs `await readCookieCache(...)`",
    );
  }
  return readCache(input, o, localJwksText(o.jwks));
});

/**
 * {@link readCookieCacheWithReasonSync}, as a Promise, and `jwks` may also be a
 * createRemoteJwks set (Better Auth 1.7's `jwt({ sessionCookieCache: true })`): the key set is
 * fetched only when the cookie is such a JWT, and refetched for an unknown `kid` at most once
 * per `cooldown`. An unreachable JWKS rejects with `ERR_JWKS_FETCH_FAILED` (answer 503).
 */
export const readCookieCacheWithReason = guard(async function readCookieCacheWithReason(input, options) {
  const o = opts(options);
  const jwks = o.jwks;
  if (jwks?.[REMOTE]) {
    const kid = sessionCacheKid(cookieHeader(input) ?? "", o);
    return readCache(input, o, kid === undefined ? undefined : await jwks._text(kid));
  }
  return readCache(input, o, localJwksText(jwks));
});

/**
 * The `session_data` cookie cache, synchronously (local keys only), or `null` wherever Better
 * Auth's `getCookieCache` returns null (absent, expired, tampered, another or a rotated-away
 * secret, wrong version, garbage). Throws only for configuration errors.
 */
export const readCookieCacheSync = guard(function readCookieCacheSync(input, options) {
  return readCookieCacheWithReasonSync(input, options).value;
});

/**
 * The `session_data` cookie cache as a Promise (null wherever Better Auth's `getCookieCache`
 * gives null); `jwks` may be a createRemoteJwks set. Rejects only for configuration errors and
 * an unreachable remote JWKS (`ERR_JWKS_FETCH_FAILED`).
 */
export const readCookieCache = guard(async function readCookieCache(input, options) {
  return (await readCookieCacheWithReason(input, options)).value;
});

/**
 * Write a cookie cache like Better Auth's `setCookieCache`: `{ value, cookies: [{ name, value }] }`
 * (chunked when it exceeds one cookie). `data`: `{ session, user }`; `options`: `{ secret,
 * strategy = "compact", maxAge = 300, version = "1", cookiePrefix, secure, now }`.
 */
export const signCookieCache = guard(function signCookieCache(data, options) {
  const { session, user } = opts(data);
  const o = opts(options);
  if (session == null || user == null) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "signCookieCache needs { session, user }");
  }
  const maxAge = o.maxAge ?? 300;
  const value = call(
    wasm.cookie_sign_cache,
    jsonText(session),
    jsonText(user),
    o.secret,
    o.strategy,
    nowArg(o.now),
    maxAge,
    o.version,
    random(32),
  );
  const name = `${o.secure ? "__Secure-" : ""}${o.cookiePrefix ?? "better-auth"}.session_data`;
  return { value, cookies: call(wasm.cookie_chunk, name, value, !!o.secure, maxAge) };
});

/**
 * Decrypt a `jwks.privateKey` column (XChaCha20-Poly1305 under SHA-256 of the secret, plain hex
 * or `$ba$<version>$`): the private JWK's JSON. `ERR_DECRYPT_FAILED` if no secret opens it.
 */
export const decryptPrivateKey = guard(function decryptPrivateKey(stored, secret) {
  return call(wasm.crypto_decrypt_private_key, stored, secret);
});

/** Encrypt a private JWK (JSON text or object) like the JWT plugin stores it. */
export const encryptPrivateKey = guard(function encryptPrivateKey(jwk, secret) {
  const text = typeof jwk === "string" ? jwk : jsonArg(jwk, "jwk");
  return call(wasm.crypto_encrypt_private_key, text, secret, random(24));
});

/** Parse `BETTER_AUTH_SECRETS` ("2:new,1:old") into `[{ version, value }]` for `secret`. */
export const parseSecretsEnv = guard(function parseSecretsEnv(value) {
  return call(wasm.secrets_parse_env, value);
});

/**
 * The `secret` option from the environment, as Better Auth 1.7 reads it: `BETTER_AUTH_SECRETS`
 * ("2:new,1:old", current first) when set, with `BETTER_AUTH_SECRET` (or `AUTH_SECRET`) kept as
 * the legacy secret JWE caches and `$ba$` envelopes also decrypt under; else
 * `BETTER_AUTH_SECRET` / `AUTH_SECRET`. Neither set: `ERR_CONFIG_SECRET_MISSING`, at start-up.
 * `env` defaults to `process.env` (pass a Worker's `env`).
 */
export const betterAuthSecretFromEnv = guard(function betterAuthSecretFromEnv(env) {
  const e = env ?? globalThis.process?.env ?? {};
  // Which variables, their precedence and the legacy secret's place: the core's Secrets::from_env.
  const str = (v) => (typeof v === "string" ? v : undefined);
  return call(wasm.secrets_from_env, str(e.BETTER_AUTH_SECRETS), str(e.BETTER_AUTH_SECRET), str(e.AUTH_SECRET));
});
