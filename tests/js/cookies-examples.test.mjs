// The README examples (examples/express-session.mjs, examples/nextjs-route.mjs) against a real
// betterAuth() instance with the JWT plugin: cookie sessions and Bearer JWTs, forged ones refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SECRET, BASE_URL } from "./support/better-auth.mjs";
import { betterAuthSession } from "../../examples/express-session.mjs";

process.env.BETTER_AUTH_SECRET = SECRET;
process.env.BETTER_AUTH_URL = BASE_URL;

async function realSession(strategy) {
  const { betterAuth } = await import("better-auth-1.6");
  const { memoryAdapter } = await import("better-auth-1.6/adapters/memory");
  const { jwt } = await import("better-auth-1.6/plugins");
  const auth = betterAuth({
    database: memoryAdapter({ user: [], session: [], account: [], verification: [], jwks: [] }),
    secret: SECRET, baseURL: BASE_URL, telemetry: { enabled: false }, logger: { disabled: true },
    emailAndPassword: { enabled: true }, session: { cookieCache: { enabled: true, strategy } },
    plugins: [jwt()],
  });
  const res = await auth.handler(new Request(`${BASE_URL}/api/auth/sign-up/email`, {
    method: "POST", headers: { "content-type": "application/json", origin: BASE_URL },
    body: JSON.stringify({ email: "ex@example.com", password: "correct horse battery", name: "Ex" }),
  }));
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const get = (p) => auth.handler(new Request(`${BASE_URL}/api/auth${p}`, { headers: { cookie } }));
  const { token: jwt_ } = await (await get("/token")).json();
  const jwks = await (await get("/jwks")).json();
  return { cookie, jwt: jwt_, jwks };
}

function fakeRes() {
  return {
    statusCode: 200, body: undefined,
    status(c) { this.statusCode = c; return this; },
    json(b) { this.body = b; return this; },
  };
}

test("Express middleware: cookie session and Bearer JWT accepted, forged ones refused", async () => {
  const { cookie, jwt, jwks } = await realSession("jwe");
  const mw = betterAuthSession({ secret: SECRET, jwks, baseURL: BASE_URL });
  const run = (headers) => {
    const req = { headers };
    const res = fakeRes();
    let next = false;
    mw(req, res, () => (next = true));
    return { req, res, next };
  };
  const c = run({ cookie });
  assert.ok(c.next);
  assert.equal(c.req.auth.via, "cookie");
  assert.equal(c.req.auth.user.email, "ex@example.com");
  const j = run({ authorization: `Bearer ${jwt}` });
  assert.ok(j.next);
  assert.equal(j.req.auth.via, "jwt");
  assert.equal(j.req.auth.userId, c.req.auth.userId);
  const forged = run({ cookie: cookie.replace(/session_token=./, "session_token=Z") });
  assert.equal(forged.res.statusCode, 401);
  assert.equal(forged.res.body.code, "NO_SESSION", "a forged cookie is no session, as in Better Auth");
  const badJwt = run({ authorization: `Bearer ${jwt.slice(0, -2)}AA` });
  assert.equal(badJwt.res.statusCode, 401);
  assert.equal(run({}).res.body.code, "NO_SESSION");
});

test("Next.js route handler: cookie session and Bearer JWT", async () => {
  const { GET } = await import("../../examples/nextjs-route.mjs");
  const { createLocalJwks } = await import("authcore");
  const { cookie, jwt, jwks } = await realSession("compact");
  const keys = createLocalJwks(jwks);
  const ok = await GET(new Request(`${BASE_URL}/api/me`, { headers: { cookie } }));
  assert.equal(ok.status, 200);
  const viaCookie = await ok.json();
  assert.equal(viaCookie.via, "cookie");
  const viaJwt = await (await GET(new Request(`${BASE_URL}/api/me`, { headers: { authorization: `Bearer ${jwt}` } }), { keys })).json();
  assert.deepEqual(viaJwt, { ...viaCookie, via: "jwt" });
  assert.equal((await GET(new Request(`${BASE_URL}/api/me`))).status, 401);
});

// The usual middleware (`if (!cache) redirect`) against what a real Better Auth 1.7 instance
// issues before and after a secret rotation: every cookie Better Auth serves no session for is
// a redirect, never an exception; the instance keeps serving the good cookie afterwards.
test("Next.js middleware, the usual way: tampered, rotated-away, foreign, expired and garbage cookies redirect, never throw", async () => {
  const OLD = "old-secret-rotated-away-because-it-leaked-0123456789";
  const NEW = "new-secret-current-after-the-rotation-abcdefghijklmn";
  const { betterAuth } = await import("better-auth-1.7");
  const { memoryAdapter } = await import("better-auth-1.7/adapters/memory");
  const { signCookieCache, signSessionToken, readCookieCache } = await import("authcore");
  const db = { user: [], session: [], account: [], verification: [] };
  const make = (secrets) =>
    betterAuth({
      database: memoryAdapter(db), secrets, baseURL: BASE_URL, telemetry: { enabled: false }, logger: { disabled: true },
      emailAndPassword: { enabled: true }, session: { cookieCache: { enabled: true, strategy: "compact" } },
    });
  const before = make([{ version: 1, value: OLD }]);
  const after = make([{ version: 2, value: NEW }, { version: 1, value: OLD }]);
  const post = async (auth, path, body) => {
    const res = await auth.handler(new Request(`${BASE_URL}/api/auth${path}`, {
      method: "POST", headers: { "content-type": "application/json", origin: BASE_URL }, body: JSON.stringify(body),
    }));
    assert.equal(res.status, 200);
    return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  };
  const oldCookie = await post(before, "/sign-up/email", { email: "mw@example.com", password: "correct horse battery", name: "Mw" });
  const newCookie = await post(after, "/sign-in/email", { email: "mw@example.com", password: "correct horse battery" });
  const baSession = async (cookie) => (await after.handler(new Request(`${BASE_URL}/api/auth/get-session`, { headers: { cookie } }))).json();

  const prev = { s: process.env.BETTER_AUTH_SECRETS };
  process.env.BETTER_AUTH_SECRETS = `2:${NEW},1:${OLD}`;
  const { middleware } = await import(`../../examples/nextjs-middleware.mjs?rotation`);
  if (prev.s === undefined) delete process.env.BETTER_AUTH_SECRETS;
  else process.env.BETTER_AUTH_SECRETS = prev.s;
  const run = (cookie) => middleware(new Request(`${BASE_URL}/dashboard`, { headers: cookie === undefined ? {} : { cookie } }));

  const good = run(newCookie);
  assert.equal(good.headers.get("x-middleware-next"), "1", "the current session passes");
  assert.ok(good.headers.get("x-user-id"));

  const token = /better-auth\.session_token=([^;]+)/.exec(newCookie)[1];
  const cache = readCookieCache(newCookie, { secret: NEW });
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
    ["expired cache", signedBy(NEW, { now: Date.now() - 600_000 })],
    ["garbage token", "better-auth.session_token=%E0%A4%A; better-auth.session_data=!!!"],
    ["garbage cache", `better-auth.session_token=${token}; better-auth.session_data=a.b.c.d`],
    ["JWE-shaped garbage", `better-auth.session_token=${token}; better-auth.session_data=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..AAAA.AAAA.AAAA`],
    ["101 chunks", `better-auth.session_token=${token}; ` + Array.from({ length: 101 }, (_, i) => `better-auth.session_data.${i}=aa`).join("; ")],
    ["oversized header", `better-auth.session_token=${token}; x=${"a".repeat(600_000)}`],
  ];
  for (const [label, cookie] of bad) {
    // What Better Auth's /get-session says of the same cookies: never the forged admin cache;
    // no session at all where the signed token is bad (elsewhere it may fall back to the
    // database row, or fail with its own error on a garbage cache).
    if (cookie !== undefined) {
      const s = await baSession(cookie);
      assert.notEqual(s?.user?.role, "admin", `${label}: Better Auth served the forged cache`);
      if (/before the rotation|token tampered|rotated-away|foreign|garbage token/.test(label)) assert.equal(s, null, label);
    }
    for (let i = 0; i < (label === "oversized header" ? 200 : 2000); i++) {
      let res;
      assert.doesNotThrow(() => (res = run(cookie)), label);
      if (i === 0) {
        assert.equal(res.status, 307, `${label}: redirect`);
        assert.equal(res.headers.get("location"), `${BASE_URL}/sign-in`);
      }
    }
  }
  // Still serving the good cookie after 22,000 bad ones.
  assert.equal(run(newCookie).headers.get("x-middleware-next"), "1");
});
