// The README's Convex action recipe (examples/convex-action.ts) as written, in convex-test (the
// edge runtime, authcore through its `convex` export condition), against a real Better Auth 1.7
// server over HTTP (global-setup.mjs): its JWT verified against its JWKS, fetched once.
import { convexTest } from "convex-test";
import { expect, inject, test } from "vitest";
import schema from "../convex/schema";

declare module "vitest" {
  export interface ProvidedContext {
    authServer: { baseURL: string; jwt: string; userId: string };
  }
}

const modules = import.meta.glob("../convex/**/*.*s");
const { baseURL, jwt, userId } = inject("authServer");

test("Convex action recipe: Better Auth's JWT accepted, `Bearer abc` ×1,000 refused with 401, no token 401", async () => {
  process.env.BETTER_AUTH_URL = baseURL;
  const t = convexTest(schema, modules);
  const me = async (headers: Record<string, string>) => {
    const res = await t.fetch("/api/me", { headers });
    return { status: res.status, body: await res.json() };
  };
  expect(await me({ authorization: `Bearer ${jwt}` })).toEqual({ status: 200, body: { userId, email: "convex-recipe@example.com" } });
  for (let i = 0; i < 1000; i++) {
    expect(await me({ authorization: "Bearer abc" })).toEqual({ status: 401, body: { error: "ERR_JWS_INVALID" } });
  }
  expect(await me({})).toEqual({ status: 401, body: { error: "NO_TOKEN" } });
  const forged = jwt.slice(0, -4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
  expect((await me({ authorization: `Bearer ${forged}` })).status).toBe(401);
  expect(await me({ authorization: `Bearer ${jwt}` })).toEqual({ status: 200, body: { userId, email: "convex-recipe@example.com" } });
});

test("Convex action recipe: the auth server unreachable is 503 ERR_JWKS_FETCH_FAILED; no URL a deployment error", async () => {
  process.env.BETTER_AUTH_URL = "http://127.0.0.1:9"; // discard port: nothing answers
  const t = convexTest(schema, modules);
  const res = await t.fetch("/api/me", { headers: { authorization: `Bearer ${jwt}` } });
  expect({ status: res.status, body: await res.json() }).toEqual({ status: 503, body: { error: "ERR_JWKS_FETCH_FAILED" } });
  delete process.env.BETTER_AUTH_URL;
  await expect(t.fetch("/api/me", { headers: { authorization: `Bearer ${jwt}` } })).rejects.toThrow(/BETTER_AUTH_URL/);
});
