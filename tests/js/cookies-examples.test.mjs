// The README examples (examples/express-session.mjs, examples/nextjs-route.mjs) run against
// cookies from a real betterAuth() instance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SECRET, BASE_URL } from "./support/better-auth.mjs";
import { betterAuthSession } from "../../examples/express-session.mjs";

async function cookiesFromSignUp(strategy) {
  const { betterAuth } = await import("better-auth-1.6");
  const { memoryAdapter } = await import("better-auth-1.6/adapters/memory");
  const auth = betterAuth({
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    secret: SECRET, baseURL: BASE_URL, telemetry: { enabled: false }, logger: { disabled: true },
    emailAndPassword: { enabled: true }, session: { cookieCache: { enabled: true, strategy } },
  });
  const res = await auth.handler(new Request(`${BASE_URL}/api/auth/sign-up/email`, {
    method: "POST", headers: { "content-type": "application/json", origin: BASE_URL },
    body: JSON.stringify({ email: "ex@example.com", password: "correct horse battery", name: "Ex" }),
  }));
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

function fakeRes() {
  return {
    statusCode: 200, body: undefined,
    status(c) { this.statusCode = c; return this; },
    json(b) { this.body = b; return this; },
  };
}

test("Express middleware: cookie session accepted, forged one refused", async () => {
  const cookie = await cookiesFromSignUp("jwe");
  const mw = betterAuthSession({ secret: SECRET });
  const req = { headers: { cookie } };
  let called = false;
  mw(req, fakeRes(), () => (called = true));
  assert.ok(called);
  assert.equal(req.auth.kind, "cookie");
  assert.equal(req.auth.user.email, "ex@example.com");
  const res = fakeRes();
  mw({ headers: { cookie: cookie.replace(/session_token=./, "session_token=Z") } }, res, () => assert.fail("next"));
  assert.equal(res.statusCode, 401);
  assert.equal(res.body.code, "ERR_COOKIE_SIGNATURE_INVALID");
  const none = fakeRes();
  mw({ headers: {} }, none, () => assert.fail("next"));
  assert.equal(none.body.code, "NO_SESSION");
});

test("Next.js route handler: cookie session", async () => {
  process.env.BETTER_AUTH_SECRET = SECRET;
  const { GET } = await import("../../examples/nextjs-route.mjs");
  const cookie = await cookiesFromSignUp("compact");
  const ok = await GET(new Request(`${BASE_URL}/api/me`, { headers: { cookie } }));
  assert.equal(ok.status, 200);
  assert.deepEqual(Object.keys(await ok.json()), ["via", "userId", "email"]);
  const no = await GET(new Request(`${BASE_URL}/api/me`));
  assert.equal(no.status, 401);
});
