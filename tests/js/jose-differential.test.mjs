// Differential tests: authcore's token functions against the real `jose` package (pinned in
// package.json). jose signs → authcore verifies; authcore signs → jose verifies; keys generated
// by either import into the other; claim and structure errors carry the same codes (and, for
// claims, the same `.claim` / `.reason`). Runs against the BUILT package (import "authcore").
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as jose from "jose";
import { createServer } from "node:http";
import {
  verifyJwt,
  verifyJwtSync,
  verifyJws,
  verifyJwsSync,
  signJwt,
  signJws,
  generateKeyPair,
  jwkThumbprint,
  decodeProtectedHeader,
  createLocalJwks,
  createRemoteJwks,
  convexPreset,
  betterAuthJwtPreset,
  emailVerificationPreset,
  AuthError,
} from "authcore";

const ALGS = ["EdDSA", "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "HS256", "HS384", "HS512"];
const NOW = 1_700_000_000_000;
const NOW_S = NOW / 1000;
const date = new Date(NOW);
const ISS = "https://issuer.example";
const AUD = "convex";

async function joseKeys(alg) {
  if (alg.startsWith("HS")) {
    const secret = await jose.generateSecret(alg, { extractable: true });
    const jwk = await jose.exportJWK(secret);
    return { publicJwk: { ...jwk, kid: "k1" }, privateJwk: { ...jwk, kid: "k1" } };
  }
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  return {
    publicJwk: { ...(await jose.exportJWK(publicKey)), kid: "k1" },
    privateJwk: { ...(await jose.exportJWK(privateKey)), kid: "k1" },
  };
}

const claims = { sub: "user_1", iss: ISS, aud: AUD, exp: NOW_S + 900, iat: NOW_S, name: "Zoë", n: [1, { a: null }] };

function jwksOf(jwk) {
  return { keys: [jwk] };
}

async function joseSign(payload, jwk, alg, header = {}) {
  const key = await jose.importJWK(jwk, alg);
  return new jose.SignJWT(payload).setProtectedHeader({ alg, kid: jwk.kid, ...header }).sign(key);
}

async function joseVerify(token, jwk, alg, opts = {}) {
  const key = await jose.importJWK(jwk, alg);
  return jose.jwtVerify(token, key, { currentDate: date, ...opts });
}

function codeOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AuthError, `not an AuthError: ${e}`);
    return { code: e.code, claim: e.claim, reason: e.reason };
  }
  return { code: "OK" };
}

async function joseCodeOf(p) {
  try {
    await p;
  } catch (e) {
    return { code: e.code, claim: e.claim, reason: e.reason };
  }
  return { code: "OK" };
}

describe("jose signs, authcore verifies; authcore signs, jose verifies", () => {
  for (const alg of ALGS) {
    test(alg, async () => {
      const { publicJwk, privateJwk } = await joseKeys(alg);
      // jose → authcore
      const t1 = await joseSign(claims, privateJwk, alg);
      const v1 = verifyJwtSync(t1, { jwks: jwksOf(publicJwk), issuer: ISS, audience: AUD, now: NOW, algorithms: [alg] });
      assert.deepEqual(v1.payload, jose.decodeJwt(t1));
      assert.deepEqual(v1.header, jose.decodeProtectedHeader(t1));
      // authcore → jose (payload object order is not preserved by authcore; compare as objects)
      const t2 = signJwt({ name: "Zoë", n: [1, { a: null }] }, { privateJwk, alg, issuer: ISS, audience: AUD, subject: "user_1", expiresIn: "15m", now: NOW });
      const v2 = await joseVerify(t2, publicJwk, alg, { issuer: ISS, audience: AUD, algorithms: [alg] });
      assert.deepEqual(v2.payload, claims);
      assert.deepEqual(v2.protectedHeader, { alg, kid: "k1" });
      // Raw JWS with binary payload both ways
      const bytes = new Uint8Array([0, 1, 2, 255, 254]);
      const key = await jose.importJWK(privateJwk, alg);
      const j1 = await new jose.CompactSign(bytes).setProtectedHeader({ alg }).sign(key);
      assert.deepEqual(verifyJwsSync(j1, { jwks: publicJwk }).payload, bytes);
      const j2 = signJws(bytes, { privateJwk, alg });
      const pub = await jose.importJWK(publicJwk, alg);
      assert.deepEqual((await jose.compactVerify(j2, pub)).payload, bytes);
    });
  }
});

describe("deterministic algorithms: authcore's token is byte-identical to jose's", () => {
  for (const alg of ["EdDSA", "RS256", "RS512", "HS256", "HS512"]) {
    test(alg, async () => {
      const { privateJwk } = await joseKeys(alg);
      const key = await jose.importJWK(privateJwk, alg);
      const payload = { z: 1, a: "é", nested: { y: [1, 2] } };
      const want = await new jose.SignJWT(payload)
        .setProtectedHeader({ alg, kid: privateJwk.kid })
        .setIssuedAt(NOW_S)
        .setExpirationTime(NOW_S + 900)
        .sign(key);
      assert.equal(signJwt(payload, { privateJwk, alg, expiresIn: 900, now: NOW }), want);
    });
  }
});

describe("authcore generateKeyPair keys import into jose", () => {
  for (const alg of ALGS) {
    test(alg, async () => {
      const { publicJwk, privateJwk } = generateKeyPair(alg);
      assert.equal(publicJwk.alg, alg);
      assert.equal(publicJwk.kid, await jose.calculateJwkThumbprint(publicJwk));
      assert.equal(jwkThumbprint(publicJwk), publicJwk.kid);
      const priv = await jose.importJWK(privateJwk, alg);
      const pub = await jose.importJWK(publicJwk, alg);
      const t = await new jose.SignJWT({ sub: "x" }).setProtectedHeader({ alg, kid: publicJwk.kid }).sign(priv);
      assert.equal(verifyJwtSync(t, { jwks: { keys: [publicJwk] } }).payload.sub, "x");
      const t2 = signJwt({ sub: "y" }, { privateJwk });
      assert.equal((await jose.jwtVerify(t2, pub)).payload.sub, "y");
      if (!alg.startsWith("HS")) {
        assert.equal(publicJwk.d, undefined);
        // jose's own export of the imported public key has the same members.
        const exported = await jose.exportJWK(pub);
        for (const k of Object.keys(exported)) assert.equal(publicJwk[k], exported[k], k);
      }
    });
  }
});

describe("errors carry jose's codes", async () => {
  const alg = "ES256";
  const { publicJwk, privateJwk } = await joseKeys(alg);
  const jwks = { keys: [publicJwk] };
  const localSet = jose.createLocalJWKSet(jwks);
  const cases = [
    ["expired", { ...claims, exp: NOW_S }, {}],
    ["expired within tolerance", { ...claims, exp: NOW_S - 10 }, { clockTolerance: 30 }],
    ["expired beyond tolerance", { ...claims, exp: NOW_S - 31 }, { clockTolerance: 30 }],
    ["not yet valid", { ...claims, nbf: NOW_S + 60 }, {}],
    ["nbf within tolerance", { ...claims, nbf: NOW_S + 60 }, { clockTolerance: "1m" }],
    ["wrong issuer", claims, { issuer: "https://other" }],
    ["issuer list", claims, { issuer: ["https://other", ISS] }],
    ["missing issuer", { sub: "x" }, { issuer: ISS }],
    ["wrong audience", claims, { audience: "other" }],
    ["audience array", { ...claims, aud: ["a", AUD] }, { audience: [AUD] }],
    ["missing audience", { sub: "x" }, { audience: AUD }],
    ["wrong subject", claims, { subject: "someone" }],
    ["required claim missing", claims, { requiredClaims: ["email"] }],
    ["exp not a number", { ...claims, exp: "tomorrow" }, {}],
    ["nbf not a number", { ...claims, nbf: "x" }, {}],
    ["iat not a number", { ...claims, iat: "x" }, {}],
    ["maxTokenAge exceeded", { ...claims, iat: NOW_S - 7200 }, { maxTokenAge: "1h" }],
    ["maxTokenAge in future", { ...claims, iat: NOW_S + 7200 }, { maxTokenAge: "1h" }],
    ["algorithm not allowed", claims, { algorithms: ["RS256"] }],
  ];
  for (const [name, payload, opts] of cases) {
    test(name, async () => {
      const t = await joseSign(payload, privateJwk, alg);
      const want = await joseCodeOf(jose.jwtVerify(t, localSet, { currentDate: date, ...opts }));
      const got = codeOf(() => verifyJwtSync(t, { jwks, now: NOW, ...opts }));
      assert.deepEqual(got, want);
    });
  }
  test("typ mismatch", async () => {
    const t = await joseSign(claims, privateJwk, alg, { typ: "JWT" });
    for (const typ of ["jwt", "application/JWT", "at+jwt"]) {
      const want = await joseCodeOf(jose.jwtVerify(t, localSet, { currentDate: date, typ }));
      assert.deepEqual(codeOf(() => verifyJwtSync(t, { jwks, now: NOW, typ })), want, typ);
    }
  });
  test("kid not found, tampered, malformed, unknown crit", async () => {
    const other = await joseSign(claims, { ...privateJwk, kid: "nope" }, alg);
    const t = await joseSign(claims, privateJwk, alg);
    const [h, p, s] = t.split(".");
    const tampered = `${h}.${jose.base64url.encode(JSON.stringify({ ...claims, sub: "admin" }))}.${s}`;
    const key = await jose.importJWK(privateJwk, alg);
    const crit = await new jose.SignJWT(claims).setProtectedHeader({ alg, kid: "k1", crit: ["urn:x"], "urn:x": 1 }).sign(key).catch(() => null);
    const critRaw = crit ?? `${jose.base64url.encode(JSON.stringify({ alg, kid: "k1", crit: ["urn:x"], "urn:x": 1 }))}.${p}.${s}`;
    for (const [name, tok] of [
      ["kid", other],
      ["tampered", tampered],
      ["two parts", `${h}.${p}`],
      ["bad header", `e30.${p}.${s}`],
      ["garbage", "a.b.c"],
      ["crit", critRaw],
      ["payload not an object", `${h}.${jose.base64url.encode("[1]")}.${s}`],
    ]) {
      const want = await joseCodeOf(jose.jwtVerify(tok, localSet, { currentDate: date }));
      const got = codeOf(() => verifyJwtSync(tok, { jwks, now: NOW }));
      // Signature problems may be found before payload problems in either library; both
      // must reject, and with the same code where the failure is unambiguous.
      if (name === "payload not an object") assert.notEqual(got.code, "OK");
      else assert.deepEqual(got, want, name);
    }
  });
  test("alg none and HMAC keyed with the public key are refused", async () => {
    const none = new jose.UnsecuredJWT(claims).encode();
    assert.equal(codeOf(() => verifyJwtSync(none, { jwks, now: NOW })).code, "ERR_JOSE_ALG_NOT_ALLOWED");
    // jose: ERR_JOSE_ALG_NOT_ALLOWED with an allowlist, ERR_JOSE_NOT_SUPPORTED (no key type for
    // "none") without one. authcore always says ERR_JOSE_ALG_NOT_ALLOWED: "none" is never allowed.
    assert.equal((await joseCodeOf(jose.jwtVerify(none, localSet, { currentDate: date, algorithms: ["ES256"] }))).code, "ERR_JOSE_ALG_NOT_ALLOWED");
    assert.equal(codeOf(() => verifyJwtSync(none, { jwks, now: NOW, algorithms: ["ES256"] })).code, "ERR_JOSE_ALG_NOT_ALLOWED");
    assert.equal((await joseCodeOf(jose.jwtVerify(none, localSet, { currentDate: date }))).code, "ERR_JOSE_NOT_SUPPORTED");
    const rsa = await joseKeys("RS256");
    const forged = await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: "k1" })
      .sign(new TextEncoder().encode(JSON.stringify(rsa.publicJwk)));
    const rjwks = { keys: [rsa.publicJwk] };
    assert.equal(codeOf(() => verifyJwtSync(forged, { jwks: rjwks, now: NOW })).code, "ERR_JWKS_NO_MATCHING_KEY");
    // jose's JWKS refuses HMAC algorithms outright (ERR_JOSE_NOT_SUPPORTED); authcore allows oct
    // keys in a set, so it finds no oct key here. Both refuse; with the RSA key given directly,
    // jose throws a TypeError and authcore ERR_JWK_INVALID.
    assert.equal((await joseCodeOf(jose.jwtVerify(forged, jose.createLocalJWKSet(rjwks), { currentDate: date }))).code, "ERR_JOSE_NOT_SUPPORTED");
    assert.equal(codeOf(() => verifyJwtSync(forged, { jwks: rsa.publicJwk, now: NOW })).code, "ERR_JWK_INVALID");
    assert.notEqual((await joseCodeOf(jose.jwtVerify(forged, await jose.importJWK(rsa.publicJwk, "RS256"), { currentDate: date }))).code, "OK");
  });
  test("two matching keys", async () => {
    const b = await joseKeys(alg);
    const two = { keys: [{ ...publicJwk, kid: undefined }, { ...b.publicJwk, kid: undefined }] };
    const key = await jose.importJWK(privateJwk, alg);
    const t = await new jose.SignJWT(claims).setProtectedHeader({ alg }).sign(key);
    assert.equal(codeOf(() => verifyJwtSync(t, { jwks: two, now: NOW })).code, "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
    assert.equal((await joseCodeOf(jose.jwtVerify(t, jose.createLocalJWKSet(two), { currentDate: date }))).code, "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
  });
});

describe("key sources, presets, remote JWKS", () => {
  test("jwks as object, JSON text, single JWK, local set; secret for HS256", async () => {
    const { publicJwk, privateJwk } = await joseKeys("EdDSA");
    const t = await joseSign(claims, privateJwk, "EdDSA");
    for (const jwks of [{ keys: [publicJwk] }, JSON.stringify({ keys: [publicJwk] }), publicJwk, JSON.stringify(publicJwk), createLocalJwks({ keys: [publicJwk] })]) {
      assert.equal(verifyJwtSync(t, { jwks, now: date }).payload.sub, "user_1");
    }
    const secret = "better-auth-secret-0123456789abcdef0123456789";
    const email = await new jose.SignJWT({ email: "a@b.c" }).setProtectedHeader({ alg: "HS256" }).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 3600).sign(new TextEncoder().encode(secret));
    assert.equal(verifyJwtSync(email, { ...emailVerificationPreset(), secret, now: NOW }).payload.email, "a@b.c");
    assert.equal(codeOf(() => verifyJwtSync(email, { ...emailVerificationPreset(), secret: "wrong", now: NOW })).code, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    const mine = signJwt({ email: "a@b.c" }, { secret, expiresIn: 3600, now: NOW });
    assert.equal((await jose.jwtVerify(mine, new TextEncoder().encode(secret), { algorithms: ["HS256"], currentDate: date })).payload.email, "a@b.c");
  });
  test("convex and Better Auth presets", async () => {
    const { publicJwk, privateJwk } = await joseKeys("RS256");
    const site = "https://happy-animal-123.convex.site";
    const t = await joseSign({ sub: "u", sessionId: "s", iss: site, aud: "convex", iat: NOW_S, exp: NOW_S + 900 }, privateJwk, "RS256");
    assert.equal(verifyJwtSync(t, { ...convexPreset(site), jwks: { keys: [publicJwk] }, now: NOW }).payload.sessionId, "s");
    assert.equal(codeOf(() => verifyJwtSync(t, { ...convexPreset("https://x.convex.site"), jwks: { keys: [publicJwk] }, now: NOW })).claim, "iss");
    const ed = await joseKeys("EdDSA");
    const base = "http://localhost:3000";
    const t2 = await joseSign({ sub: "u", iss: base, aud: base, exp: NOW_S + 900 }, ed.privateJwk, "EdDSA");
    assert.equal(verifyJwtSync(t2, { ...betterAuthJwtPreset(base), jwks: { keys: [ed.publicJwk] }, now: NOW }).payload.sub, "u");
    assert.equal(codeOf(() => verifyJwtSync(t2, { ...convexPreset(base), jwks: { keys: [ed.publicJwk] }, now: NOW })).code, "ERR_JOSE_ALG_NOT_ALLOWED");
  });
  test("remote JWKS: cached, refetched on unknown kid at most once per cooldown", async () => {
    const a = await joseKeys("ES256");
    const b = await joseKeys("ES256");
    const keyB = { ...b.publicJwk, kid: "k2" };
    let served = { keys: [a.publicJwk] };
    let fetches = 0;
    const fakeFetch = async (url) => {
      fetches++;
      assert.equal(url, "https://auth.example/jwks");
      return new Response(JSON.stringify(served), { status: 200 });
    };
    const remote = createRemoteJwks("https://auth.example/jwks", { cooldown: 200, fetch: fakeFetch });
    const ta = await joseSign(claims, a.privateJwk, "ES256");
    const tb = await joseSign(claims, { ...b.privateJwk, kid: "k2" }, "ES256");
    const p = verifyJwt(ta, { jwks: remote, now: NOW });
    assert.ok(p instanceof Promise);
    assert.equal((await p).payload.sub, "user_1");
    await verifyJwt(ta, { jwks: remote, now: NOW });
    assert.equal(fetches, 1);
    // Unknown kid right after a fetch: cooling down, no refetch.
    served = { keys: [a.publicJwk, keyB] };
    await assert.rejects(verifyJwt(tb, { jwks: remote, now: NOW }), { code: "ERR_JWKS_NO_MATCHING_KEY" });
    assert.equal(fetches, 1);
    await new Promise((r) => setTimeout(r, 250));
    assert.equal((await verifyJwt(tb, { jwks: remote, now: NOW })).payload.sub, "user_1");
    assert.equal(fetches, 2);
    // Concurrent verifications share one fetch.
    const r2 = createRemoteJwks("https://auth.example/jwks", { fetch: fakeFetch });
    await Promise.all([1, 2, 3, 4].map(() => verifyJwt(ta, { jwks: r2, now: NOW })));
    assert.equal(fetches, 3);
    const bad = createRemoteJwks("https://auth.example/jwks", { fetch: async () => new Response("no", { status: 500 }) });
    await assert.rejects(verifyJwt(ta, { jwks: bad, now: NOW }), { code: "ERR_JWKS_FETCH_FAILED" });
  });
  test("remote JWKS over real HTTP on 127.0.0.1 (global fetch), jose's createRemoteJWKSet agrees", async () => {
    const a = await joseKeys("RS256");
    let hits = 0;
    const server = createServer((req, res) => {
      hits++;
      if (req.url !== "/api/auth/jwks") {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [a.publicJwk] }));
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${server.address().port}`;
      const t = await joseSign(claims, a.privateJwk, "RS256");
      const remote = createRemoteJwks(`${base}/api/auth/jwks`);
      const ours = await verifyJwt(t, { jwks: remote, issuer: ISS, audience: AUD, now: NOW });
      const theirs = await jose.jwtVerify(t, jose.createRemoteJWKSet(new URL(`${base}/api/auth/jwks`)), { issuer: ISS, audience: AUD, currentDate: date });
      assert.deepEqual(ours.payload, theirs.payload);
      assert.equal(hits, 2);
      await verifyJwt(t, { jwks: remote, now: NOW });
      assert.equal(hits, 2);
      const missing = createRemoteJwks(`${base}/nope`);
      await assert.rejects(verifyJwt(t, { jwks: missing, now: NOW }), { code: "ERR_JWKS_FETCH_FAILED" });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
  test("decodeProtectedHeader matches jose", async () => {
    const { privateJwk } = await joseKeys("ES384");
    const t = await joseSign(claims, privateJwk, "ES384", { typ: "at+jwt" });
    assert.deepEqual(decodeProtectedHeader(t), jose.decodeProtectedHeader(t));
  });
});
