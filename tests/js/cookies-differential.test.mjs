// authcore's cookie functions against real `betterAuth()` instances (memory adapter) of both
// installed Better Auth lines: it reads the cookies Better Auth sets, and Better Auth accepts
// the cookies authcore signs. The right answer is always what the Better Auth instance does.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  readSessionToken,
  readCookieCacheSync,
  signSessionToken,
  signCookieCache,
  verifySignedCookieValue,
  readSessionTokenWithReason,
  readCookieCacheWithReasonSync,
  decryptPrivateKey,
  parseSecretsEnv,
  AuthError,
} from "authcore";
import { VERSIONS, SECRET, BASE_URL, cookieHeaderOf as header, postForCookies } from "./support/better-auth.mjs";

const HTTPS = "https://app.example.com";

async function instance(alias, { strategy, https = false, prefix, secrets, jwt } = {}) {
  const { betterAuth } = await import(alias);
  const { memoryAdapter } = await import(`${alias}/adapters/memory`);
  const plugins = [];
  if (jwt) {
    const { jwt: jwtPlugin } = await import(`${alias}/plugins`);
    plugins.push(jwtPlugin({ jwks: { keyPairConfig: jwt } }));
  }
  const db = { user: [], session: [], account: [], verification: [], jwks: [] };
  const baseURL = https ? HTTPS : BASE_URL;
  const auth = betterAuth({
    database: memoryAdapter(db),
    ...(secrets ? { secrets } : { secret: SECRET }),
    baseURL,
    telemetry: { enabled: false },
    logger: { disabled: true },
    emailAndPassword: { enabled: true },
    ...(strategy ? { session: { cookieCache: { enabled: true, strategy, maxAge: 300 } } } : {}),
    ...(prefix ? { advanced: { cookiePrefix: prefix } } : {}),
    plugins,
  });
  const req = (path, init = {}) =>
    auth.handler(new Request(`${baseURL}/api/auth${path}`, { ...init, headers: { origin: baseURL, ...init.headers } }));
  return { auth, db, baseURL, req };
}

const signUp = (inst, name = "Alice", email = "alice@example.com") =>
  postForCookies(inst, "/sign-up/email", { email, password: "correct horse battery", name });

const signIn = (inst, email = "alice@example.com") =>
  postForCookies(inst, "/sign-in/email", { email, password: "correct horse battery" });

async function getSession(inst, cookie) {
  const res = await inst.req("/get-session", { headers: { cookie } });
  assert.equal(res.status, 200);
  return res.json();
}

function codeOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AuthError, String(e));
    return e.code;
  }
  return "no error";
}

for (const v of VERSIONS) {
  describe(`better-auth ${v.version}`, () => {
    for (const strategy of ["compact", "jwe", "jwt"]) {
      for (const https of [false, true]) {
        test(`${strategy} cache, ${https ? "https" : "http"}: authcore reads what sign-up and sign-in set`, async () => {
          const inst = await instance(v.alias, { strategy, https, prefix: https ? "app" : undefined });
          const prefix = https ? "app" : undefined;
          for (const cookies of [await signUp(inst), await signIn(inst)]) {
            const h = header(cookies);
            const lib = await getSession(inst, h);
            const token = readSessionToken(h, { secret: SECRET, cookiePrefix: prefix });
            assert.equal(token, lib.session.token);
            // Request and Headers work too.
            assert.equal(readSessionToken(new Request(inst.baseURL, { headers: { cookie: h } }), { secret: SECRET, cookiePrefix: prefix }), token);
            assert.equal(readSessionToken(new Headers({ cookie: h }), { secret: SECRET, cookiePrefix: prefix }), token);
            const cache = readCookieCacheSync(h, { secret: SECRET, cookiePrefix: prefix, strategy });
            assert.ok(cache, "cache present");
            assert.equal(cache.strategy, strategy);
            assert.equal(cache.session.token, token);
            assert.equal(cache.session.id, lib.session.id);
            assert.equal(cache.user.id, lib.user.id);
            assert.equal(cache.user.email, lib.user.email);
            assert.equal(cache.version, "1");
            // Expired: null (the cache's own expiry plus the JWE tolerance).
            assert.ok(cache.expiresAt > Date.now() + 290_000 && cache.expiresAt <= Date.now() + 300_000);
            assert.equal(readCookieCacheSync(h, { secret: SECRET, cookiePrefix: prefix, now: cache.expiresAt + 16_000 }), null);
            // Wrong secret: no session (as Better Auth), the reason kept.
            const other = { secret: "x".repeat(40), cookiePrefix: prefix };
            assert.equal(readCookieCacheSync(h, other), null);
            assert.equal(readSessionToken(h, other), null);
            assert.equal(readCookieCacheWithReasonSync(h, other).reason.code, "ERR_COOKIE_CACHE_INVALID");
            assert.equal(readSessionTokenWithReason(h, other).reason.code, "ERR_COOKIE_SIGNATURE_INVALID");
          }
        });
      }
    }

    test("tampered session cookie: null (reason ERR_COOKIE_SIGNATURE_INVALID), and Better Auth refuses it too", async () => {
      const inst = await instance(v.alias);
      const cookies = await signUp(inst);
      const name = "better-auth.session_token";
      const value = cookies.get(name);
      const first = value[0] === "A" ? "B" : "A";
      const tampered = first + value.slice(1);
      const h = `${name}=${tampered}`;
      assert.equal(readSessionToken(h, { secret: SECRET }), null);
      assert.equal(readSessionTokenWithReason(h, { secret: SECRET }).reason.code, "ERR_COOKIE_SIGNATURE_INVALID");
      assert.equal(await getSession(inst, h), null);
      assert.equal(readSessionToken("other=1", { secret: SECRET }), null);
      assert.equal(readSessionToken(new Headers(), { secret: SECRET }), null);
    });

    test("tampered compact cache: null (reason ERR_COOKIE_CACHE_INVALID)", async () => {
      const inst = await instance(v.alias, { strategy: "compact" });
      const cookies = await signUp(inst);
      const data = cookies.get("better-auth.session_data");
      const json = JSON.parse(Buffer.from(data, "base64url").toString());
      json.session.user.email = "mallory@example.com";
      cookies.set("better-auth.session_data", Buffer.from(JSON.stringify(json)).toString("base64url"));
      assert.equal(readCookieCacheSync(header(cookies), { secret: SECRET }), null);
      assert.equal(readCookieCacheWithReasonSync(header(cookies), { secret: SECRET }).reason.code, "ERR_COOKIE_CACHE_INVALID");
    });

    test("chunked cache (big user): joined and verified", async () => {
      for (const strategy of ["compact", "jwe"]) {
        const inst = await instance(v.alias, { strategy });
        const cookies = await signUp(inst, "Big " + "y".repeat(7000) + " ☃");
        const chunks = [...cookies.keys()].filter((k) => /session_data\.\d+$/.test(k));
        assert.ok(chunks.length >= 2, `${strategy}: ${[...cookies.keys()]}`);
        const cache = readCookieCacheSync(header(cookies), { secret: SECRET, strategy });
        assert.equal(cache.user.name, "Big " + "y".repeat(7000) + " ☃");
      }
    });

    test("cookies authcore signs are accepted by Better Auth's get-session", async () => {
      for (const strategy of ["compact", "jwe", "jwt"]) {
        const inst = await instance(v.alias, { strategy });
        const cookies = await signUp(inst);
        const token = readSessionToken(header(cookies), { secret: SECRET });
        // Session token signed by authcore alone.
        const mine = `better-auth.session_token=${signSessionToken(token, SECRET)}`;
        assert.equal(mine, `better-auth.session_token=${cookies.get("better-auth.session_token")}`);
        const lib = await getSession(inst, mine);
        assert.equal(lib.session.token, token);
        // Cookie cache signed by authcore: Better Auth serves the session from it. The user
        // name in our cache differs from the DB, so a served name proves the cache was used.
        const row = readCookieCacheSync(header(cookies), { secret: SECRET });
        const { cookies: cacheCookies } = signCookieCache(
          { session: row.session, user: { ...row.user, name: "From authcore's cache" } },
          { secret: SECRET, strategy },
        );
        const h = [mine, ...cacheCookies.map((c) => `${c.name}=${c.value}`)].join("; ");
        const served = await getSession(inst, h);
        assert.equal(served.user.name, "From authcore's cache", strategy);
        // And a cache signed with another secret is not used.
        const { cookies: bad } = signCookieCache(
          { session: row.session, user: { ...row.user, name: "forged" } },
          { secret: "z".repeat(40), strategy },
        );
        const h2 = [mine, ...bad.map((c) => `${c.name}=${c.value}`)].join("; ");
        assert.equal((await getSession(inst, h2)).user.name, "Alice");
      }
    });

    test("jwks private keys: authcore decrypts the rows the jwt plugin writes (plain and $ba$ envelope)", async () => {
      for (const secrets of [undefined, [{ version: 3, value: SECRET }, { version: 1, value: "old-" + SECRET }]]) {
        const inst = await instance(v.alias, { secrets, jwt: { alg: "ES256" } });
        const jwks = await (await inst.req("/jwks")).json();
        assert.equal(inst.db.jwks.length, 1);
        const row = inst.db.jwks[0];
        const jwk = JSON.parse(decryptPrivateKey(row.privateKey, secrets ?? SECRET));
        assert.equal(jwk.kty, "EC");
        assert.equal(jwk.x, jwks.keys[0].x);
        assert.ok(jwk.d);
        if (secrets) assert.ok(row.privateKey.startsWith('"$ba$3$'));
        assert.equal(codeOf(() => decryptPrivateKey(row.privateKey, "wrong-secret-wrong-secret")), "ERR_DECRYPT_FAILED");
      }
    });
  });
}

test("signed values and secret helpers", () => {
  const value = signSessionToken("tok", "k1");
  assert.equal(verifySignedCookieValue(value, ["k1", "k0"]), "tok");
  // Signed by a previous secret of the list: refused unless the grace period is asked for.
  assert.equal(codeOf(() => verifySignedCookieValue(value, ["k0", "k1"])), "ERR_COOKIE_SIGNATURE_INVALID");
  assert.equal(verifySignedCookieValue(value, ["k0", "k1"], { acceptPreviousSecrets: true }), "tok");
  assert.equal(codeOf(() => verifySignedCookieValue("tok", "k1")), "ERR_COOKIE_MALFORMED");
  assert.equal(codeOf(() => verifySignedCookieValue("tok.%ZZ", "k1")), "ERR_COOKIE_MALFORMED");
  assert.deepEqual(parseSecretsEnv("2:new, 1:old"), [
    { version: 2, value: "new" },
    { version: 1, value: "old" },
  ]);
  assert.equal(codeOf(() => readSessionToken("a=b", {})), "ERR_CONFIG_SECRET_MISSING");
  assert.equal(codeOf(() => readSessionToken("a=b", { secret: undefined })), "ERR_CONFIG_SECRET_MISSING", "an unset BETTER_AUTH_SECRET");
  assert.equal(codeOf(() => readSessionToken("a=b", { secret: "" })), "ERR_CONFIG_SECRET_MISSING", "an empty BETTER_AUTH_SECRET");
  assert.equal(codeOf(() => readSessionToken(new Headers(), {})), "ERR_CONFIG_SECRET_MISSING", "no secret throws even without a cookie");
  assert.equal(codeOf(() => readCookieCacheSync("a=b", { secret: "k", strategy: "nope" })), "ERR_INVALID_ARGUMENT");
  assert.equal(codeOf(() => readSessionToken("a=b", { secret: "k", secure: "yes" })), "ERR_INVALID_ARGUMENT");
  assert.equal(readSessionToken("x=" + "a".repeat(600_000), { secret: "k" }), null);
  assert.equal(readSessionTokenWithReason("x=" + "a".repeat(600_000), { secret: "k" }).reason.code, "ERR_COOKIE_MALFORMED");
});

test("inspectToken / explainToken on a real Better Auth Cookie header", async () => {
  const { inspectToken, explainToken } = await import("authcore/keys");
  const v = VERSIONS[0];
  const inst = await instance(v.alias, { strategy: "jwe" });
  const cookies = await signUp(inst);
  const h = header(cookies);
  const info = inspectToken(h);
  assert.equal(info.kind, "cookie-header");
  assert.deepEqual(info.parts.map((p) => p.kind).sort(), ["cookie-cache-jwe", "signed-session-cookie"]);
  const ok = explainToken(h, { secret: SECRET });
  assert.equal(ok.valid, true, JSON.stringify(ok.problems));
  const bad = explainToken(h, { secret: "q".repeat(40), now: Date.now() + 3_600_000, issuer: BASE_URL });
  assert.equal(bad.valid, false);
  const codes = bad.problems.map((p) => p.code);
  for (const c of ["ERR_TOKEN_NOT_A_JWT", "ERR_COOKIE_SIGNATURE_INVALID", "ERR_COOKIE_CACHE_INVALID"]) {
    assert.ok(codes.includes(c), `${c} in ${codes}`);
  }
  assert.equal(codeOf(() => inspectToken("nothing")), "ERR_TOKEN_UNRECOGNIZED");
});

for (const v of VERSIONS) {
  describe(`better-auth ${v.version} JWT plugin`, () => {
    for (const alg of ["EdDSA", "ES256", "ES512", "PS256", "RS256"]) {
      test(`${alg}: /token JWT verified by authcore against the instance's /jwks`, async () => {
        const { inspectToken, explainToken } = await import("authcore/keys");
        const inst = await instance(v.alias, { jwt: alg === "EdDSA" ? { alg, crv: "Ed25519" } : { alg } });
        const cookies = await signUp(inst);
        const res = await inst.req("/token", { headers: { cookie: header(cookies) } });
        assert.equal(res.status, 200);
        const { token } = await res.json();
        const jwks = await (await inst.req("/jwks")).json();
        const info = inspectToken(token);
        assert.equal(info.kind, "jwt-plugin-jwt");
        assert.equal(info.header.alg, alg);
        assert.equal(info.header.kid, jwks.keys[0].kid);
        const { verifyJwtSync } = await import("authcore");
        const verified = verifyJwtSync(token, { jwks, issuer: inst.baseURL, audience: inst.baseURL });
        assert.equal(verified.header.alg, alg);
        assert.equal(verified.payload.sub, info.claims.sub);
        assert.equal(verified.payload.email, "alice@example.com");
        const ok = explainToken(`Bearer ${token}`, { jwks, issuer: inst.baseURL, audience: inst.baseURL });
        assert.equal(ok.valid, true, JSON.stringify(ok.problems));
        // Tampered claims, another deployment's JWKS, wrong audience, later: every reason listed.
        const [h, p, sig] = token.split(".");
        const claims = JSON.parse(Buffer.from(p, "base64url"));
        claims.sub = "someone-else";
        const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
        const codes = (t, o) => explainToken(t, o).problems.map((x) => x.code);
        assert.deepEqual(codes(forged, { jwks, issuer: inst.baseURL, audience: inst.baseURL }), ["ERR_JWS_SIGNATURE_VERIFICATION_FAILED"]);
        assert.throws(() => verifyJwtSync(forged, { jwks, issuer: inst.baseURL, audience: inst.baseURL }), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
        const other = { keys: jwks.keys.map((k) => ({ ...k, kid: "other" })) };
        const later = Date.now() + 16 * 60_000;
        const many = codes(token, { jwks: other, issuer: inst.baseURL, audience: "convex", now: later });
        for (const c of ["ERR_JWKS_NO_MATCHING_KEY", "ERR_JWT_AUDIENCE_MISMATCH", "ERR_JWT_EXPIRED"]) assert.ok(many.includes(c), `${c}: ${many}`);
        // A session cookie sent where the JWT is expected.
        assert.ok(codes(header(cookies), { jwks, issuer: inst.baseURL }).includes("ERR_TOKEN_NOT_A_JWT"));
      });
    }
  });
}
