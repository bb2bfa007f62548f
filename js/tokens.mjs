// TOKENS: jose-compatible JWS/JWT verification and signing, JWK/JWKS, remote key sets.
// Decoding and encoding only: every check, default and decision lives in the Rust core.
import * as wasm from "./wasm/authcore.js";
import {
  AuthError,
  jsonArg,
  jsonTextArg,
  stringArg,
  callCore as call,
  callCoreRaw,
  guard,
  ownHandle,
  liveHandle,
  freeHandle,
} from "./errors.mjs";

const utf8 = new TextEncoder();
const REMOTE = Symbol.for("authcore.RemoteJwks");
const LOCAL = Symbol.for("authcore.LocalJwks");

// Imported key sets are WASM objects: freed when their owner is collected, and re-imported
// from their JSON text when the instance that holds them was retired (errors.mjs).
const registry =
  typeof FinalizationRegistry === "function" ? new FinalizationRegistry((rec) => freeHandle(rec.handle)) : null;

// Parsed-key caches: by object identity (WeakMap) and by JSON text (small LRU), of
// `{ text, handle }` records.
const byObject = new WeakMap();
const byText = new Map();
const TEXT_CACHE = 16;

/** A key set imported from JSON text (a JWKS or one JWK), as a handle of the current instance. */
function importText(text) {
  return ownHandle(call(wasm.TokenKeys.fromJson, text));
}

/** The live handle of a `{ text, handle }` record, re-imported if its instance was retired. */
function liveKeys(rec) {
  if (!liveHandle(rec.handle)) rec.handle = importText(rec.text);
  return rec.handle;
}

function keysFromText(text) {
  let rec = byText.get(text);
  if (rec) {
    byText.delete(text);
    byText.set(text, rec);
    return liveKeys(rec);
  }
  rec = { text, handle: importText(text) };
  byText.set(text, rec);
  if (byText.size > TEXT_CACHE) {
    const [oldest, old] = byText.entries().next().value;
    byText.delete(oldest);
    freeHandle(old.handle);
  }
  return rec.handle;
}

function keysFromSecret(secret) {
  const bytes = typeof secret === "string" ? utf8.encode(secret) : secret;
  if (!(bytes instanceof Uint8Array)) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "secret must be a string or a Uint8Array");
  }
  const copy = new Uint8Array(bytes);
  try {
    return ownHandle(callCoreRaw(wasm.TokenKeys.fromSecret, copy));
  } finally {
    if (copy !== secret) copy.fill(0);
  }
}

// Local key sets (createLocalJwks): the set object → `{ text, handle }`. Only sets this copy
// of the package made are found here; another copy's set (ESM vs CommonJS) carries its JSON
// text under the registered symbol and is imported from that.
const locals = new WeakMap();

/**
 * Resolve `jwks` / `secret` to an imported key set (cached). HMAC keys come only from
 * `secret` (or an explicit `{ kty: "oct" }` JWK in `jwks`): bytes given as `jwks` are JSON text.
 */
function resolveKeys(options) {
  const { jwks, secret } = options ?? {};
  if (secret !== undefined && jwks === undefined) {
    const h = keysFromSecret(secret);
    return { handle: h, owned: true };
  }
  if (jwks === undefined || jwks === null) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "options.jwks (or options.secret) is required");
  }
  if (typeof jwks === "string") return { handle: keysFromText(jwks) };
  if (jwks instanceof Uint8Array) return { handle: keysFromText(jsonTextArg(jwks, "jwks")) };
  if (typeof jwks === "object") {
    const local = locals.get(jwks);
    if (local) return { handle: liveKeys(local) };
    const text = jwks[LOCAL];
    if (typeof text === "string") return { handle: keysFromText(text) };
    let rec = byObject.get(jwks);
    if (!rec) {
      const t = jsonTextArg(jwks, "jwks");
      rec = { text: t, handle: importText(t) };
      byObject.set(jwks, rec);
      registry?.register(jwks, rec);
    }
    return { handle: liveKeys(rec) };
  }
  throw new AuthError("ERR_INVALID_ARGUMENT", "options.jwks must be a JWKS, a JWK, their JSON, or a key set");
}

function release(r) {
  if (r.owned) freeHandle(r.handle);
}

function nowMs(now) {
  if (now === undefined || now === null) return Date.now();
  if (now instanceof Date) return now.getTime();
  if (typeof now === "number") return now;
  throw new AuthError("ERR_INVALID_ARGUMENT", "now must be epoch milliseconds or a Date");
}

function claimOptions(o) {
  return {
    algorithms: o.algorithms,
    issuer: o.issuer,
    audience: o.audience,
    subject: o.subject,
    typ: o.typ,
    requiredClaims: o.requiredClaims,
    clockTolerance: o.clockTolerance,
    maxTokenAge: o.maxTokenAge,
  };
}

function parseJwt(out) {
  return { header: JSON.parse(out[0]), payload: JSON.parse(out[1]) };
}

function verifyJwtWith(token, options, handle) {
  const out = call(wasm.token_verify_jwt, token, handle, claimOptions(options), nowMs(options.now));
  return parseJwt(out);
}

function verifyJwsWith(token, options, handle) {
  const out = call(wasm.token_verify_jws, token, handle, options.algorithms);
  return { header: JSON.parse(out[0]), payload: out[1] };
}

function optString(v, name) {
  return v == null ? undefined : stringArg(v, name);
}

function tokenArg(token) {
  if (typeof token !== "string") throw new AuthError("ERR_JWS_INVALID", "the token must be a string");
  return token;
}

function remoteInSync(name, asyncName) {
  return new AuthError(
    "ERR_JWKS_REMOTE_IN_SYNC",
    `${name} takes local keys only (a JWKS, createLocalJwks, a secret); a createRemoteJwks set needs \`await ${asyncName}(...)\``,
  );
}

function verifyLocal(token, options, name, asyncName, run) {
  tokenArg(token);
  options ??= {};
  if (options.jwks?.[REMOTE]) throw remoteInSync(name, asyncName);
  const r = resolveKeys(options);
  try {
    return run(token, options, r.handle);
  } finally {
    release(r);
  }
}

/**
 * Verify a compact JWS, synchronously, with local keys only: `{ header, payload: Uint8Array }`.
 * Options: `{ jwks | secret, algorithms? }`. A createRemoteJwks set is `ERR_JWKS_REMOTE_IN_SYNC`.
 */
export const verifyJwsSync = guard(function verifyJwsSync(token, options) {
  return verifyLocal(token, options, "verifyJwsSync", "verifyJws", verifyJwsWith);
});

/**
 * Verify a compact JWS: a Promise of `{ header, payload: Uint8Array }`, with local keys or a
 * remote key set (createRemoteJwks), like jose's `compactVerify`. Every failure is a rejection.
 */
export const verifyJws = guard(async function verifyJws(token, options) {
  tokenArg(token);
  options ??= {};
  if (options.jwks?.[REMOTE]) return options.jwks._verify(token, (h) => verifyJwsWith(token, options, h));
  return verifyLocal(token, options, "verifyJws", "verifyJws", verifyJwsWith);
});

/**
 * Verify a JWT, synchronously, with local keys only: `{ header, payload }`. Options: `{ jwks |
 * secret, algorithms?, issuer?, audience?, subject?, typ?, requiredClaims?, clockTolerance?
 * (seconds or "30s"), maxTokenAge?, now? (epoch ms or Date) }`. A createRemoteJwks set is
 * `ERR_JWKS_REMOTE_IN_SYNC`.
 */
export const verifyJwtSync = guard(function verifyJwtSync(token, options) {
  return verifyLocal(token, options, "verifyJwtSync", "verifyJwt", verifyJwtWith);
});

/**
 * Verify a JWT: a Promise of `{ header, payload }`, with local keys or a remote key set
 * (createRemoteJwks), like jose's `jwtVerify`. Options as {@link verifyJwtSync}. Every
 * failure (a refused token, an unreachable JWKS: `ERR_JWKS_FETCH_FAILED`) is a rejection.
 */
export const verifyJwt = guard(async function verifyJwt(token, options) {
  tokenArg(token);
  options ??= {};
  if (options.jwks?.[REMOTE]) return options.jwks._verify(token, (h) => verifyJwtWith(token, options, h));
  return verifyLocal(token, options, "verifyJwt", "verifyJwt", verifyJwtWith);
});

function jwkText(jwk, name) {
  if (typeof jwk === "string") return jwk;
  if (jwk && typeof jwk === "object") return jsonArg(jwk, name);
  throw new AuthError("ERR_INVALID_ARGUMENT", `${name} must be a JWK object or its JSON`);
}

function signingKey(options) {
  if (options.privateJwk !== undefined) return jwkText(options.privateJwk, "privateJwk");
  if (options.secret !== undefined) {
    const bytes = typeof options.secret === "string" ? utf8.encode(options.secret) : options.secret;
    if (!(bytes instanceof Uint8Array)) {
      throw new AuthError("ERR_INVALID_ARGUMENT", "options.secret must be a string or a Uint8Array");
    }
    let bin = "";
    for (const b of bytes) bin += String.fromCharCode(b);
    const k = btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return JSON.stringify({ kty: "oct", k });
  }
  throw new AuthError("ERR_INVALID_ARGUMENT", "options.privateJwk (or options.secret) is required");
}

function signOptions(o) {
  return {
    alg: o.alg,
    kid: o.kid,
    typ: o.typ,
    issuer: o.issuer,
    audience: o.audience,
    subject: o.subject,
    jti: o.jti,
    expiresIn: o.expiresIn,
    notBefore: o.notBefore,
    iat: o.iat,
  };
}

/**
 * Sign a JWT. `payload` is a claims object; options: `{ privateJwk | secret, alg?, kid?, typ?,
 * issuer?, audience?, subject?, jti?, expiresIn? (seconds or "15m"), notBefore?, iat? (default
 * true), now? }`.
 */
export const signJwt = guard(function signJwt(payload, options) {
  options ??= {};
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "payload must be an object");
  }
  return call(wasm.token_sign_jwt, jsonArg(payload, "payload"), signingKey(options), signOptions(options), nowMs(options.now));
});

/** Sign bytes (or a string, as UTF-8) as a compact JWS. Options: `{ privateJwk | secret, alg?, kid?, typ? }`. */
export const signJws = guard(function signJws(payload, options) {
  options ??= {};
  const bytes = typeof payload === "string" ? utf8.encode(payload) : payload;
  if (!(bytes instanceof Uint8Array)) throw new AuthError("ERR_INVALID_ARGUMENT", "payload must be a Uint8Array or a string");
  return call(wasm.token_sign_jws, bytes, signingKey(options), signOptions(options));
});

/** `{ publicJwk, privateJwk }` for EdDSA, ES256/384/512, RS256-PS512 (2048-bit RSA) or HS256/384/512 (a secret); ES*, RS*, PS* in `authcore/keys` only. */
export const generateKeyPair = guard(function generateKeyPair(alg) {
  const out = call(wasm.token_generate_key_pair, stringArg(alg, "alg", "ERR_JOSE_NOT_SUPPORTED"));
  return { publicJwk: JSON.parse(out[0]), privateJwk: JSON.parse(out[1]) };
});

/** RFC 7638 SHA-256 thumbprint (base64url). */
export const jwkThumbprint = guard(function jwkThumbprint(jwk) {
  return call(wasm.token_jwk_thumbprint, jwkText(jwk, "jwk"));
});

/** The public JWK of a private JWK. */
export const toPublicJwk = guard(function toPublicJwk(jwk) {
  return JSON.parse(call(wasm.token_public_jwk, jwkText(jwk, "jwk")));
});

/** The protected header of a compact JWS, checked for shape but NOT verified. */
export const decodeProtectedHeader = guard(function decodeProtectedHeader(token) {
  return JSON.parse(call(wasm.token_decode_header, tokenArg(token)));
});

/**
 * Import a JWKS (object, JSON text, or a single JWK) once, for repeated verification:
 * `verifyJwt(token, { jwks: createLocalJwks(jwks) })`.
 */
export const createLocalJwks = guard(function createLocalJwks(jwks) {
  const text = jsonTextArg(jwks, "jwks");
  const rec = { text, handle: importText(text) };
  const size = callCoreRaw(() => rec.handle.size);
  const set = { [LOCAL]: text, size };
  locals.set(set, rec);
  registry?.register(set, rec);
  return set;
});

/**
 * A JWKS fetched from `url` and cached: refetched when older than `cacheMaxAge` (ms, default
 * 10 min) or when a token names an unknown `kid` (at most once per `cooldown`, ms, default
 * 30 s). `fetch` defaults to globalThis.fetch; `timeout` (ms, default 5000). The refresh
 * decision is the core's (`jwks_refresh_decision`). Pass it as `jwks` to `verifyJwt`,
 * `verifyJws`, `readCookieCache` (the async forms; the `…Sync` ones refuse it).
 */
export const createRemoteJwks = guard(function createRemoteJwks(url, remoteOptions) {
  const { cooldown, cacheMaxAge, fetch: fetchImpl, timeout = 5000, headers } =
    remoteOptions !== null && typeof remoteOptions === "object" ? remoteOptions : {};
  const target = stringArg(url, "url");
  let handle = null;
  let fetchedAt = NaN;
  let inflight = null;

  async function load() {
    const f = fetchImpl ?? globalThis.fetch;
    if (typeof f !== "function") throw new AuthError("ERR_INVALID_ARGUMENT", "no fetch available");
    const ctrl = typeof AbortController === "function" ? new AbortController() : null;
    const timer = ctrl ? setTimeout(() => ctrl.abort(), timeout) : null;
    let text;
    try {
      const res = await f(target, { headers: { accept: "application/json", ...headers }, signal: ctrl?.signal, redirect: "manual" });
      if (!res.ok) throw new AuthError("ERR_JWKS_FETCH_FAILED", `could not fetch the JWK Set: HTTP ${res.status}`);
      text = await res.text();
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError("ERR_JWKS_FETCH_FAILED", "could not fetch the JWK Set: network error or timeout", { cause: e });
    } finally {
      if (timer) clearTimeout(timer);
    }
    const rec = { text, handle: importText(text) };
    // The previous set may still be in use by a verification awaiting its turn: it is freed
    // by the registry once nothing refers to its record any more.
    registry?.register(rec, { handle: rec.handle });
    handle = rec;
    fetchedAt = Date.now();
  }

  function refresh() {
    if (!inflight) inflight = load().finally(() => { inflight = null; });
    return inflight;
  }

  async function keysFor(token) {
    return keysForKid(decodeProtectedHeader(token).kid);
  }

  async function keysForKid(kid) {
    const found = handle && typeof kid === "string" ? callCoreRaw(() => liveKeys(handle).hasKid(kid)) : undefined;
    const decision = call(wasm.token_jwks_refresh_decision, fetchedAt, Date.now(), found, cooldown ?? NaN, cacheMaxAge ?? NaN);
    if (decision === "fetch" || !handle) await refresh();
    return handle;
  }

  return {
    [REMOTE]: true,
    url: target,
    /** Fetch now (e.g. at start-up). */
    reload: refresh,
    /** True while the cached set is younger than `cacheMaxAge`. */
    get fresh() { return Number.isFinite(fetchedAt) && Date.now() - fetchedAt < (cacheMaxAge ?? 600000); },
    async _verify(token, run) {
      const rec = await keysFor(token);
      return run(liveKeys(rec));
    },
    /** @internal The JWKS text for a token whose header names `kid` (fetched as `_verify` would). */
    async _text(kid) {
      return (await keysForKid(kid)).text;
    },
  };
});

/** Options for tokens minted by @convex-dev/better-auth: RS256, iss = CONVEX_SITE_URL, aud "convex". */
export const convexPreset = guard(function convexPreset(siteUrl) {
  return call(wasm.token_preset, "convex", optString(siteUrl, "siteUrl"), undefined);
});

/** Options for Better Auth JWT-plugin tokens: iss = aud = baseURL (or the given audience). */
export const betterAuthJwtPreset = guard(function betterAuthJwtPreset(baseUrl, audience) {
  return call(wasm.token_preset, "better-auth-jwt", optString(baseUrl, "baseUrl"), optString(audience, "audience"));
});

/** Options for Better Auth email-verification tokens (HS256 with the secret; pass `secret`). */
export const emailVerificationPreset = guard(function emailVerificationPreset() {
  return call(wasm.token_preset, "better-auth-email-verification", undefined, undefined);
});
