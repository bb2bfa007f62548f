// The README recipes, run as written: examples/express-backend.ts, examples/nextjs-route.ts and
// examples/nextjs-proxy.ts (compiled by esbuild exactly as they are, `authcore` and `express`
// left to the installed packages) against a REAL Better Auth server over HTTP
// (tests/js/support/auth-server.mjs): its cookies, its JWTs, its JWKS, its get-session.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createServer } from "node:net";
import { buildSync } from "esbuild";
import { signCookieCache, signSessionToken, signJwt, generateKeyPair, readCookieCacheSync } from "authcore";
import { startAuthServer } from "./support/auth-server.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(REPO, "tests/js/.work/examples");
const SECRET = "examples-test-secret-0123456789abcdef-0123456789";
const NEW = "new-secret-current-after-the-rotation-abcdefghijklmn";
const OLD = "old-secret-rotated-away-because-it-leaked-0123456789";

let loads = 0;
/** Compile an example as it is (types stripped, nothing else) and import a fresh copy of it. */
async function loadExample(name, env) {
  mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, `${name}.mjs`);
  buildSync({ entryPoints: [path.join(REPO, "examples", `${name}.ts`)], outfile, format: "esm", platform: "node", bundle: true, packages: "external", logLevel: "warning" });
  const saved = {};
  for (const [k, v] of Object.entries(env ?? {})) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await import(`${pathToFileURL(outfile).href}?${++loads}`);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A port nothing listens on (an auth server that is down). */
async function deadPort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** Unhandled rejections while `fn` runs (the failure mode of a sync/async mix-up). */
async function noUnhandledRejections(fn) {
  const seen = [];
  const on = (e) => seen.push(e);
  process.on("unhandledRejection", on);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off("unhandledRejection", on);
  }
  assert.deepEqual(seen, [], "no unhandled rejection");
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe("Express recipe (examples/express-backend.ts) against Better Auth 1.7 over HTTP", () => {
  let ba, app, server, url, createApp;
  const listen = async (a) => {
    const s = a.listen(0, "127.0.0.1");
    await new Promise((r) => s.once("listening", r));
    return { s, url: `http://127.0.0.1:${s.address().port}` };
  };
  const me = (base, headers = {}) => fetch(`${base}/api/me`, { headers }).then(async (r) => ({ status: r.status, body: await r.json() }));

  before(async () => {
    ba = await startAuthServer({ version: "1.7", secret: SECRET, cookieCache: { strategy: "compact", maxAge: 3 } });
    ({ createApp } = await loadExample("express-backend"));
    app = createApp({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: ba.baseURL, JWKS_COOLDOWN_MS: "400" });
    ({ s: server, url } = await listen(app));
  });
  after(async () => {
    server?.closeAllConnections?.();
    await new Promise((r) => server?.close(r));
    await ba?.close();
  });

  test("a missing secret or URL is a configuration error at start-up, with its code", () => {
    assert.throws(() => createApp({ BETTER_AUTH_URL: ba.baseURL }), { code: "ERR_CONFIG_SECRET_MISSING" });
    assert.throws(() => createApp({ BETTER_AUTH_SECRET: "", BETTER_AUTH_URL: ba.baseURL }), { code: "ERR_CONFIG_SECRET_MISSING" });
    assert.throws(() => createApp({ BETTER_AUTH_SECRET: SECRET }), { code: "ERR_CONFIG_BASE_URL_MISSING" });
    assert.throws(() => createApp({ BETTER_AUTH_SECRETS: "nope", BETTER_AUTH_URL: ba.baseURL }), { code: "ERR_INVALID_ARGUMENT" });
  });

  test("cookie cache, then (cache expired) get-session, then the Bearer JWT; forged ones refused", async () => {
    const { cookie, jwt, userId } = await ba.signUp("express@example.com");
    assert.deepEqual(await me(url, { cookie }), { status: 200, body: { via: "cookie-cache", userId, email: "express@example.com" } });
    assert.deepEqual(await me(url, { authorization: `Bearer ${jwt}` }), { status: 200, body: { via: "jwt", userId, email: "express@example.com" } });
    assert.deepEqual(await me(url), { status: 401, body: { code: "NO_SESSION" } });
    const forged = cookie.replace(/session_token=([^;]{3})./, (m, p) => `session_token=${p}${m.endsWith("A") ? "B" : "A"}`);
    assert.equal((await me(url, { cookie: forged })).status, 401);
    assert.equal((await ba.getSession(forged)), null, "Better Auth too sees no session");
    const badJwt = await me(url, { authorization: `Bearer ${jwt.slice(0, -3)}AAA` });
    assert.equal(badJwt.status, 401);
    assert.match(badJwt.body.code, /^ERR_JWS_/);
    // cookieCache.maxAge is 3 s on this server: once the cache expired, the recipe asks Better Auth.
    await sleep(3200);
    assert.equal(readCookieCacheSync(cookie, { secret: SECRET }), null, "the cache has expired");
    assert.deepEqual(await me(url, { cookie }), { status: 200, body: { via: "get-session", userId, email: "express@example.com" } });
  });

  test("`Authorization: Bearer abc` 3,000 times against the remote key set: 401 each, no unhandled rejection, still serving", async () => {
    const { jwt, userId } = await ba.signUp("flood@example.com");
    await noUnhandledRejections(async () => {
      for (let i = 0; i < 3000; i += 50) {
        const batch = await Promise.all(Array.from({ length: 50 }, () => me(url, { authorization: "Bearer abc" })));
        for (const r of batch) assert.deepEqual(r, { status: 401, body: { code: "ERR_JWS_INVALID" } });
      }
    });
    assert.deepEqual(await me(url, { authorization: `Bearer ${jwt}` }), { status: 200, body: { via: "jwt", userId, email: "flood@example.com" } });
  });

  test("key rotation: an unknown kid refetches the JWKS at most once per cooldown", async () => {
    const { cookie, jwt } = await ba.signUp("rotate@example.com");
    assert.equal((await me(url, { authorization: `Bearer ${jwt}` })).status, 200);
    // Forged tokens with 100 random kids: at most one refetch per cooldown (400 ms here).
    const { privateJwk } = generateKeyPair("EdDSA");
    const before = ba.hits("/api/auth/jwks");
    await sleep(450);
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      const t = signJwt({ sub: "x" }, { privateJwk: { ...privateJwk, kid: `k${i}-${Math.random()}` }, issuer: ba.baseURL, audience: ba.baseURL, expiresIn: 60 });
      const r = await me(url, { authorization: `Bearer ${t}` });
      assert.equal(r.status, 401);
    }
    const fetches = ba.hits("/api/auth/jwks") - before;
    const bound = 1 + Math.floor((Date.now() - started) / 400);
    assert.ok(fetches >= 1 && fetches <= bound, `${fetches} JWKS fetches for 100 unknown kids in ${Date.now() - started} ms (at most ${bound})`);
    // Better Auth rotates: a new key (new kid) signs the next token.
    ba.db.jwks.length = 0;
    const rotated = await ba.token(cookie);
    assert.notEqual(JSON.parse(atob(rotated.split(".")[0])).kid, JSON.parse(atob(jwt.split(".")[0])).kid);
    await sleep(450);
    const fetched = ba.hits("/api/auth/jwks");
    assert.equal((await me(url, { authorization: `Bearer ${rotated}` })).status, 200, "the new key is fetched");
    assert.equal(ba.hits("/api/auth/jwks") - fetched, 1);
  });

  test("the auth server down: 503 (ERR_JWKS_FETCH_FAILED / get-session unavailable), not 401", async () => {
    const { cookie, jwt } = await ba.signUp("down@example.com");
    const down = createApp({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: `http://127.0.0.1:${await deadPort()}` });
    const { s, url: downUrl } = await listen(down);
    try {
      assert.deepEqual(await me(downUrl, { authorization: `Bearer ${jwt}` }), { status: 503, body: { code: "ERR_JWKS_FETCH_FAILED" } });
      const tokenOnly = cookie.split("; ").filter((c) => c.includes("session_token")).join("; ");
      assert.deepEqual(await me(downUrl, { cookie: tokenOnly }), { status: 503, body: { code: "AUTH_SERVER_UNAVAILABLE" } });
      assert.equal((await me(downUrl, { cookie })).status, 200, "the cookie cache needs no auth server");
    } finally {
      s.closeAllConnections?.();
      await new Promise((r) => s.close(r));
    }
  });
});

describe("Express recipe with BETTER_AUTH_SECRETS and Better Auth 1.7's jwt({ sessionCookieCache: true })", () => {
  test("the JWKS-signed cookie cache is read with the remote key set; rotated secrets", async () => {
    const secrets = [{ version: 2, value: NEW }, { version: 1, value: OLD }];
    const ba = await startAuthServer({ version: "1.7", secrets, cookieCache: { strategy: "jwt" }, jwt: { sessionCookieCache: true } });
    const { createApp } = await loadExample("express-backend");
    const app = createApp({ BETTER_AUTH_SECRETS: `2:${NEW},1:${OLD}`, BETTER_AUTH_URL: ba.baseURL });
    const s = app.listen(0, "127.0.0.1");
    await new Promise((r) => s.once("listening", r));
    const url = `http://127.0.0.1:${s.address().port}`;
    try {
      const { cookie, userId } = await ba.signUp("jwks-cache@example.com");
      assert.match(cookie, /session_data=eyJ/);
      const r = await fetch(`${url}/api/me`, { headers: { cookie } });
      assert.deepEqual(await r.json(), { via: "cookie-cache", userId, email: "jwks-cache@example.com" });
      assert.equal(ba.hits("/api/auth/jwks"), 1, "the key set was fetched for the cache's kid");
      // The same cookie read with only the old secret is no session (signed under the current one).
      const old = createApp({ BETTER_AUTH_SECRET: OLD, BETTER_AUTH_URL: ba.baseURL });
      const so = old.listen(0, "127.0.0.1");
      await new Promise((res) => so.once("listening", res));
      const ro = await fetch(`http://127.0.0.1:${so.address().port}/api/me`, { headers: { cookie } });
      assert.equal(ro.status, 401);
      so.closeAllConnections?.();
      await new Promise((res) => so.close(res));
    } finally {
      s.closeAllConnections?.();
      await new Promise((r) => s.close(r));
      await ba.close();
    }
  });
});

describe("Next.js route handler recipe (examples/nextjs-route.ts) against Better Auth 1.7 over HTTP", () => {
  test("cookie, Bearer JWT, no session, 2,000 `Bearer abc`, JWKS down → 503", async () => {
    const ba = await startAuthServer({ version: "1.7", secret: SECRET });
    try {
      const { GET } = await loadExample("nextjs-route", { BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_SECRETS: undefined, BETTER_AUTH_URL: ba.baseURL });
      const { cookie, jwt, userId } = await ba.signUp("route@example.com");
      const get = async (headers) => {
        const r = await GET(new Request(`${ba.baseURL}/api/me`, { headers }));
        return { status: r.status, body: await r.json() };
      };
      assert.deepEqual(await get({ cookie }), { status: 200, body: { via: "cookie", userId, email: "route@example.com" } });
      assert.deepEqual(await get({ authorization: `Bearer ${jwt}` }), { status: 200, body: { via: "jwt", userId, email: "route@example.com" } });
      assert.equal((await get({})).status, 401);
      await noUnhandledRejections(async () => {
        for (let i = 0; i < 2000; i++) assert.deepEqual(await get({ authorization: "Bearer abc" }), { status: 401, body: { error: "ERR_JWS_INVALID" } });
      });
      const down = await loadExample("nextjs-route", { BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_SECRETS: undefined, BETTER_AUTH_URL: `http://127.0.0.1:${await deadPort()}` });
      const r = await down.GET(new Request(`${ba.baseURL}/api/me`, { headers: { authorization: `Bearer ${jwt}` } }));
      assert.deepEqual({ status: r.status, body: await r.json() }, { status: 503, body: { error: "ERR_JWKS_FETCH_FAILED" } });
      await assert.rejects(loadExample("nextjs-route", { BETTER_AUTH_SECRET: undefined, BETTER_AUTH_SECRETS: undefined, AUTH_SECRET: undefined, BETTER_AUTH_URL: ba.baseURL }), { code: "ERR_CONFIG_SECRET_MISSING" });
      await assert.rejects(loadExample("nextjs-route", { BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: undefined }), { code: "ERR_CONFIG_BASE_URL_MISSING" });
    } finally {
      await ba.close();
    }
  });
});

// The proxy against what a real Better Auth 1.7 server issues before and after a secret
// rotation: its answer is Better Auth's own /get-session answer for the same cookies (a
// redirect where Better Auth sees no session), never an exception.
describe("Next.js 16 proxy.ts recipe (examples/nextjs-proxy.ts)", () => {
  test("tampered, rotated-away, foreign, expired and garbage cookies: redirect or Better Auth's answer, never a throw", async () => {
    const db = { user: [], session: [], account: [], verification: [], jwks: [] };
    const beforeRotation = await startAuthServer({ version: "1.7", secrets: [{ version: 1, value: OLD }], db });
    const ba = await startAuthServer({ version: "1.7", secrets: [{ version: 2, value: NEW }, { version: 1, value: OLD }], db });
    try {
      const { cookie: oldCookie } = await beforeRotation.signUp("mw@example.com");
      const { cookie: newCookie } = await ba.signIn("mw@example.com", "correct horse battery staple");
      const { proxy } = await loadExample("nextjs-proxy", { BETTER_AUTH_SECRETS: `2:${NEW},1:${OLD}`, BETTER_AUTH_SECRET: undefined, BETTER_AUTH_URL: ba.baseURL });
      const run = (cookie) => proxy(new Request(`${ba.baseURL}/dashboard`, { headers: cookie === undefined ? {} : { cookie } }));

      const good = await run(newCookie);
      assert.equal(good.headers.get("x-middleware-next"), "1", "the current session passes");
      const userId = good.headers.get("x-user-id");
      assert.ok(userId);

      const token = /better-auth\.session_token=([^;]+)/.exec(newCookie)[1];
      const cache = readCookieCacheSync(newCookie, { secret: NEW });
      const flip = (v, i) => v.slice(0, i) + (v[i] === "A" ? "B" : "A") + v.slice(i + 1);
      const signedBy = (secret, { now } = {}) => {
        const t = signSessionToken(cache.session.token, secret);
        const c = signCookieCache({ session: cache.session, user: { ...cache.user, role: "admin" } }, { secret, now });
        return [`better-auth.session_token=${t}`, ...c.cookies.map((x) => `${x.name}=${x.value}`)].join("; ");
      };
      const bad = [
        ["no cookie", undefined],
        ["issued before the rotation (old secret)", oldCookie],
        ["session token tampered", newCookie.replace(token, flip(token, 3))],
        ["cache tampered", newCookie.replace(/session_data=(.)/, (m, c) => `session_data=${c === "e" ? "f" : "e"}`)],
        ["forged with the rotated-away secret", signedBy(OLD)],
        ["forged with a foreign secret", signedBy("a-foreign-secret-0123456789abcdefghijk")],
        ["expired cache (valid token)", signedBy(NEW, { now: Date.now() - 600_000 })],
        ["garbage token", "better-auth.session_token=%E0%A4%A; better-auth.session_data=!!!"],
        ["garbage cache", `better-auth.session_token=${token}; better-auth.session_data=a.b.c.d`],
        ["101 chunks", `better-auth.session_token=${token}; ` + Array.from({ length: 101 }, (_, i) => `better-auth.session_data.${i}=aa`).join("; ")],
        ["oversized header", `better-auth.session_token=${token}; x=${"a".repeat(600_000)}`],
      ];
      for (const [label, cookie] of bad) {
        const s = label === "oversized header" ? null : await ba.getSession(cookie);
        assert.notEqual(s?.user?.role, "admin", `${label}: Better Auth served the forged cache`);
        // Where the signed token is bad, there is no session and no get-session call: repeat it.
        const tokenBad = !cookie || /before the rotation|token tampered|rotated-away|foreign|garbage token|oversized/.test(label);
        for (let i = 0; i < (tokenBad ? 2000 : 20); i++) {
          const res = await run(cookie);
          if (i > 0) continue;
          if (s?.user?.id) {
            assert.equal(res.headers.get("x-middleware-next"), "1", `${label}: Better Auth sees the session, so does the proxy`);
            assert.equal(res.headers.get("x-user-id"), s.user.id, `${label}: the user Better Auth names, never the forged cache's`);
          } else {
            assert.equal(res.status, 307, `${label}: redirect`);
            assert.equal(res.headers.get("location"), `${ba.baseURL}/sign-in`);
          }
        }
      }
      const still = await run(newCookie);
      assert.equal(still.headers.get("x-user-id"), userId, "still serving the good cookie");
    } finally {
      await ba.close();
      await beforeRotation.close();
    }
  });
});
