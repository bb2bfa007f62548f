// One shape per function, as jose: verifyJwt / verifyJws / readCookieCache(WithReason) always
// return a Promise (local or remote keys), every failure a rejection; the …Sync forms take local
// keys only. Configuration errors (no secret, no base URL) carry their own codes. The versioned
// secrets format is read as Better Auth 1.7.25's own parseSecretsEnv reads it.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  verifyJwt,
  verifyJwtSync,
  verifyJws,
  verifyJwsSync,
  readCookieCache,
  readCookieCacheSync,
  readCookieCacheWithReason,
  readCookieCacheWithReasonSync,
  readSessionToken,
  signJwt,
  signCookieCache,
  generateKeyPair,
  createLocalJwks,
  createRemoteJwks,
  betterAuthJwtPreset,
  convexPreset,
  betterAuthSecretFromEnv,
  AuthError,
} from "authcore";
import { ecKeyPair, ecSign } from "./support/ec-node.mjs";

const SECRET = "api-shape-secret-0123456789abcdef-0123456789";
const NOW = 1_700_000_000_000;

function countingRemote(jwks) {
  const remote = { fetches: 0 };
  remote.set = createRemoteJwks("https://auth.example/api/auth/jwks", {
    fetch: async () => {
      remote.fetches++;
      return new Response(JSON.stringify(jwks), { status: 200 });
    },
  });
  return remote;
}

test("verifyJwt / verifyJws return a Promise with local keys and a secret too; failures reject, never throw", async () => {
  const { privateJwk, publicJwk } = ecKeyPair("ES256"); // node:crypto: the request path verifies ES256, authcore/keys signs it
  const t = ecSign({ sub: "u", iat: NOW / 1000, exp: NOW / 1000 + 60 }, privateJwk);
  for (const jwks of [{ keys: [publicJwk] }, createLocalJwks({ keys: [publicJwk] }), JSON.stringify({ keys: [publicJwk] })]) {
    const p = verifyJwt(t, { jwks, now: NOW });
    assert.ok(p instanceof Promise);
    assert.equal((await p).payload.sub, "u");
    const q = verifyJws(t, { jwks });
    assert.ok(q instanceof Promise);
    assert.equal((await q).header.alg, "ES256");
    assert.equal(verifyJwtSync(t, { jwks, now: NOW }).payload.sub, "u");
    assert.equal(verifyJwsSync(t, { jwks }).header.alg, "ES256");
  }
  const hs = signJwt({ sub: "h" }, { secret: SECRET, now: NOW, expiresIn: 60 });
  assert.equal((await verifyJwt(hs, { secret: SECRET, now: NOW })).payload.sub, "h");
  // Bad input of every kind: a rejected Promise with the code, nothing thrown synchronously.
  for (const [token, options, code] of [
    ["abc", { secret: SECRET }, "ERR_JWS_INVALID"],
    [42, { secret: SECRET }, "ERR_JWS_INVALID"],
    [hs, {}, "ERR_INVALID_ARGUMENT"],
    [hs, { secret: "wrong" , now: NOW }, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"],
    [hs, { secret: SECRET, now: NOW + 3600_000 }, "ERR_JWT_EXPIRED"],
  ]) {
    let p;
    assert.doesNotThrow(() => (p = verifyJwt(token, options)));
    await assert.rejects(p, (e) => e instanceof AuthError && e.code === code);
    assert.doesNotThrow(() => (p = verifyJws(token, options)));
    if (code === "ERR_JWT_EXPIRED") await p; // a JWS has no claims to expire
    else await assert.rejects(p, (e) => e instanceof AuthError);
    assert.throws(() => verifyJwtSync(token, options), (e) => e instanceof AuthError && e.code === code);
  }
});

test("the …Sync forms refuse a remote key set with ERR_JWKS_REMOTE_IN_SYNC (and fetch nothing)", async () => {
  const { privateJwk, publicJwk } = generateKeyPair("EdDSA");
  const remote = countingRemote({ keys: [publicJwk] });
  const t = signJwt({ sub: "r" }, { privateJwk, now: NOW, expiresIn: 60 });
  for (const fn of [
    () => verifyJwtSync(t, { jwks: remote.set, now: NOW }),
    () => verifyJwsSync(t, { jwks: remote.set }),
    () => readCookieCacheSync("better-auth.session_data=x", { secret: SECRET, jwks: remote.set }),
    () => readCookieCacheWithReasonSync("", { secret: SECRET, jwks: remote.set }),
  ]) {
    assert.throws(fn, (e) => e instanceof AuthError && e.code === "ERR_JWKS_REMOTE_IN_SYNC" && /await/.test(e.message));
  }
  assert.equal(remote.fetches, 0);
  assert.equal((await verifyJwt(t, { jwks: remote.set, now: NOW })).payload.sub, "r");
  assert.equal(remote.fetches, 1);
});

test("readCookieCache / readCookieCacheWithReason always return a Promise; the Sync forms give the same answers", async () => {
  const session = { id: "s", token: "tok", userId: "u", expiresAt: new Date(NOW + 3600_000), createdAt: new Date(NOW), updatedAt: new Date(NOW) };
  const user = { id: "u", email: "a@example.com", emailVerified: true, name: "A", createdAt: new Date(NOW), updatedAt: new Date(NOW), role: "admin" };
  const { value } = signCookieCache({ session, user }, { secret: SECRET, now: NOW });
  const header = `better-auth.session_data=${value}`;
  const remote = countingRemote({ keys: [] });
  for (const options of [{ secret: SECRET, now: NOW }, { secret: SECRET, now: NOW, jwks: remote.set }]) {
    const p = readCookieCache(header, options);
    assert.ok(p instanceof Promise);
    const got = await p;
    assert.equal(got.user.email, "a@example.com");
    assert.equal(got.user.role, "admin", "additional fields are kept");
    assert.deepEqual(got, readCookieCacheSync(header, { ...options, jwks: undefined }));
    const w = readCookieCacheWithReason(header.replace(/.$/, "A"), options);
    assert.ok(w instanceof Promise);
    assert.deepEqual(Object.keys(await w), ["value", "reason"]);
    assert.equal(await readCookieCache("", options), null);
  }
  assert.equal(remote.fetches, 0, "no JWKS-signed cache in the cookies: nothing fetched");
  // Configuration errors reject with their code even without a cookie.
  await assert.rejects(readCookieCache("", { secret: undefined }), { code: "ERR_CONFIG_SECRET_MISSING" });
  await assert.rejects(readCookieCacheWithReason("", {}), { code: "ERR_CONFIG_SECRET_MISSING" });
  assert.throws(() => readCookieCacheSync("", { secret: "" }), { code: "ERR_CONFIG_SECRET_MISSING" });
  assert.throws(() => readSessionToken("", { secret: undefined }), { code: "ERR_CONFIG_SECRET_MISSING" });
});

test("betterAuthJwtPreset: iss = aud = baseURL, exp and sub required; an unset URL is ERR_CONFIG_BASE_URL_MISSING", async () => {
  const base = "https://app.example.com";
  const p = betterAuthJwtPreset(base);
  assert.deepEqual(p.issuer, [base]);
  assert.deepEqual(p.audience, [base]);
  assert.ok(p.requiredClaims.includes("exp") && p.requiredClaims.includes("sub"));
  for (const missing of [undefined, null, ""]) {
    assert.throws(() => betterAuthJwtPreset(missing), (e) => e instanceof AuthError && e.code === "ERR_CONFIG_BASE_URL_MISSING" && /BETTER_AUTH_URL/.test(e.message));
    assert.throws(() => convexPreset(missing), { code: "ERR_CONFIG_BASE_URL_MISSING" });
  }
  // A token without exp is refused by the preset (it was accepted without one).
  const { privateJwk, publicJwk } = generateKeyPair("EdDSA");
  const noExp = signJwt({ sub: "u" }, { privateJwk, issuer: base, audience: base, now: NOW });
  await assert.rejects(verifyJwt(noExp, { ...p, jwks: { keys: [publicJwk] }, now: NOW }), { code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "exp" });
});

test("betterAuthSecretFromEnv reads BETTER_AUTH_SECRETS as Better Auth 1.7.25's parseSecretsEnv does", async () => {
  // Better Auth's own parser (not exported by the package: imported from its file).
  const { parseSecretsEnv: theirs } = await import(new URL("../../node_modules/better-auth-1.7/dist/context/secret-utils.mjs", import.meta.url));
  for (const value of ["2:new-secret,1:old-secret", " 3 : a:b:c , 0:zero", "10:x"]) {
    assert.deepEqual(betterAuthSecretFromEnv({ BETTER_AUTH_SECRETS: value }), theirs(value), value);
  }
  for (const bad of ["nocolon", "x:abc", "-1:abc", "1:", "1:a,,2:b"]) {
    assert.throws(() => theirs(bad), undefined, `Better Auth refuses ${bad}`);
    assert.throws(() => betterAuthSecretFromEnv({ BETTER_AUTH_SECRETS: bad }), { code: "ERR_INVALID_ARGUMENT" }, bad);
  }
  // BETTER_AUTH_SECRET next to BETTER_AUTH_SECRETS is Better Auth's legacy secret (decryption only).
  assert.deepEqual(betterAuthSecretFromEnv({ BETTER_AUTH_SECRETS: "2:n", BETTER_AUTH_SECRET: "legacy" }), [{ version: 2, value: "n" }, "legacy"]);
  assert.equal(betterAuthSecretFromEnv({ BETTER_AUTH_SECRET: "plain" }), "plain");
  assert.equal(betterAuthSecretFromEnv({ AUTH_SECRET: "auth-js" }), "auth-js");
  for (const env of [{}, { BETTER_AUTH_SECRET: "" }, { BETTER_AUTH_SECRETS: "" }]) {
    assert.throws(() => betterAuthSecretFromEnv(env), { code: "ERR_CONFIG_SECRET_MISSING" });
  }
});

test("the npm package's README is the project's, recipes included, with absolute links; package.json names the repository", async () => {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const pkgJson = createRequire(import.meta.url).resolve("authcore/package.json");
  const pkg = JSON.parse(readFileSync(pkgJson, "utf8"));
  assert.ok(pkg.repository && pkg.homepage, "repository and homepage");
  const readme = readFileSync(pkgJson.replace(/package\.json$/, "README.md"), "utf8");
  const project = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  for (const section of ["## Tokens: trust what Better Auth issued", "### Recipes", "verifyJwtSync", "## Limits and security"]) {
    assert.ok(readme.includes(section), section);
  }
  for (const file of ["express-backend.ts", "nextjs-route.ts", "nextjs-proxy.ts", "convex-action.ts"]) {
    const body = readFileSync(new URL(`../../examples/${file}`, import.meta.url), "utf8").trimEnd();
    assert.ok(readme.includes(body), `the ${file} recipe, as the file is`);
  }
  assert.ok(readme.includes("npm install authcore"));
  assert.ok(!readme.includes("bash scripts/test.sh"), "the repository's own commands are left out");
  const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^(https?:|#|mailto:)/.test(l));
  assert.deepEqual(relative, [], "no relative link (they would point into the package)");
  assert.ok(project.length > 0 && readme.length > project.length * 0.9, "the whole README");
});
