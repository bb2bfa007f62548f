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
  assert.equal(forged.res.body.code, "ERR_COOKIE_SIGNATURE_INVALID");
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
