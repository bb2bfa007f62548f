// Issue 16, part 3: key material only where keys belong. A JWK Set given as bytes (a Buffer from
// readFileSync("jwks.json")) used to become an HMAC secret, so an HS256 token signed with the
// public JWKS bytes (served at /api/auth/jwks to anyone) verified. Bytes given as `jwks` are now
// JSON text (or refused with a code); HMAC keys come only through `secret` or an explicit
// `{ kty: "oct" }` JWK. Every option that takes key material is checked the same way. Tokens
// are signed with jose, the reference implementation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import * as jose from "jose";
import * as api from "authcore";
import * as keysApi from "authcore/keys";
import { ecKeyPair } from "./support/ec-node.mjs";

const NOW = 1_700_000_000_000;
const { privateJwk, publicJwk } = ecKeyPair("ES256"); // node:crypto: the request path verifies ES256 but does not generate EC keys
const JWKS = { keys: [publicJwk] };
const JWKS_TEXT = JSON.stringify(JWKS);
const JWKS_BYTES = Buffer.from(JWKS_TEXT); // what readFileSync("jwks.json") returns

async function hs256With(keyBytes) {
  return new jose.SignJWT({ sub: "attacker" }).setProtectedHeader({ alg: "HS256" }).setIssuedAt(NOW / 1000).sign(keyBytes);
}

const isAuth = (code) => (e) => e instanceof api.AuthError && (code === undefined || e.code === code);

test("verifyJwt / verifyJws: an HS256 token signed with the JWKS bytes is refused when the JWKS is given as bytes", async () => {
  const forged = await hs256With(new Uint8Array(JWKS_BYTES));
  for (const jwks of [JWKS_BYTES, new Uint8Array(JWKS_BYTES), JWKS_TEXT, JWKS]) {
    assert.throws(() => api.verifyJwtSync(forged, { jwks, now: NOW }), isAuth(), `jwks as ${jwks?.constructor?.name}`);
    assert.throws(() => api.verifyJwsSync(forged, { jwks }), isAuth());
  }
  // The bytes are the JWKS: a real ES256 token (signed by jose) verifies with them.
  const key = await jose.importJWK(privateJwk, "ES256");
  const real = await new jose.SignJWT({ sub: "u" }).setProtectedHeader({ alg: "ES256", kid: publicJwk.kid }).setIssuedAt(NOW / 1000).sign(key);
  assert.equal(api.verifyJwtSync(real, { jwks: JWKS_BYTES, now: NOW }).payload.sub, "u");
  assert.equal(api.verifyJwsSync(real, { jwks: new Uint8Array(JWKS_BYTES) }).header.alg, "ES256");
  assert.equal(api.createLocalJwks(JWKS_BYTES).size, 1);
  assert.equal(api.verifyJwtSync(real, { jwks: api.createLocalJwks(JWKS_BYTES), now: NOW }).payload.sub, "u");
});

test("bytes that are not a JWKS's JSON text are refused with a code, never used as a key", async () => {
  const secretBytes = new TextEncoder().encode("a-perfectly-good-hmac-secret-0123456789");
  const token = await hs256With(secretBytes);
  for (const jwks of [secretBytes, Buffer.from([0xff, 0xfe, 0x00]), new Uint8Array(0)]) {
    assert.throws(() => api.verifyJwtSync(token, { jwks, now: NOW }), isAuth(), "bytes as jwks");
    assert.throws(() => api.createLocalJwks(jwks), isAuth());
  }
  assert.throws(() => api.verifyJwtSync(token, { jwks: new Float32Array(4), now: NOW }), isAuth("ERR_JWKS_INVALID"));
  // Through `secret`, the same bytes are an HMAC key, as documented.
  assert.equal(api.verifyJwtSync(token, { secret: secretBytes, now: NOW }).payload.sub, "attacker");
  // An explicit oct JWK in `jwks` is an HMAC key too (the caller said so).
  const k = Buffer.from(secretBytes).toString("base64url");
  assert.equal(api.verifyJwtSync(token, { jwks: { keys: [{ kty: "oct", k }] }, now: NOW }).payload.sub, "attacker");
});

test("readCookieCache and explainToken take jwks bytes as JSON text, never as a secret", async () => {
  const forged = await hs256With(new Uint8Array(JWKS_BYTES));
  const r = keysApi.explainToken(forged, { jwks: JWKS_BYTES, now: NOW });
  assert.equal(r.valid, false);
  assert.throws(() => keysApi.explainToken(forged, { jwks: Buffer.from([0xff]), now: NOW }), isAuth("ERR_JWKS_INVALID"));
  assert.throws(
    () => api.readCookieCacheSync(`better-auth.session_data=${forged}`, { secret: "x".repeat(32), strategy: "jwt", jwks: Buffer.from([0xff]), now: NOW }),
    isAuth("ERR_JWKS_INVALID"),
  );
});

test("secrets are strings (or { version, value }); bytes, JWKs and key sets are refused as `secret` for cookies", () => {
  const header = `better-auth.session_token=${api.signSessionToken("t", "s".repeat(32))}`;
  for (const secret of [JWKS_BYTES, JWKS, [JWKS], api.createLocalJwks(JWKS)]) {
    assert.throws(() => api.readSessionToken(header, { secret }), isAuth("ERR_INVALID_ARGUMENT"));
    assert.throws(() => api.signSessionToken("t", secret), isAuth("ERR_INVALID_ARGUMENT"));
    assert.throws(() => api.decryptPrivateKey("00", secret), isAuth("ERR_INVALID_ARGUMENT"));
  }
  // signJwt: privateJwk must be a JWK (a public one cannot sign); secret bytes are HMAC keys.
  assert.throws(() => api.signJwt({ sub: "1" }, { privateJwk: publicJwk }), isAuth());
  assert.throws(() => api.signJwt({ sub: "1" }, { privateJwk: JWKS_BYTES }), isAuth());
});
