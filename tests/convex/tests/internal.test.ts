// examples/internal-request as written: the Next.js route handler signs a request to the Convex
// HTTP action, which verifies it (convex-test runs the action in the edge runtime, with authcore
// resolved through its `convex` export condition). Then every tamper the signature must catch.
import { convexTest } from "convex-test";
import { afterEach, beforeEach, expect, test } from "vitest";
import { signInternalRequest } from "authcore";
import schema from "../convex/schema";
import { POST } from "../../../examples/internal-request/nextjs-route";

const modules = import.meta.glob("../convex/**/*.*s");
const SECRET = "internal-api-secret-0123456789-abcdefghij";
const SITE = "https://happy-animal-123.convex.site";
const PATH = "/internal/grant-admin";
const realFetch = globalThis.fetch;

let t: ReturnType<typeof convexTest>;
beforeEach(() => {
  t = convexTest(schema, modules);
  process.env.INTERNAL_API_SECRET = SECRET;
  process.env.CONVEX_SITE_URL = SITE;
  // The route handler's fetch to the Convex site goes to the convex-test deployment.
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    expect(url.origin).toBe(SITE);
    return t.fetch(url.pathname + url.search, init);
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

async function post(body: string, headers: Record<string, string>, path = PATH, method = "POST") {
  const res = await t.fetch(path, { method, body, headers: { ...headers, "content-type": "application/json" } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test("the Next.js route handler's signed call is accepted by the Convex HTTP action", async () => {
  const res = await POST(new Request("http://127.0.0.1:3000/api/admin/grant", { method: "POST", body: JSON.stringify({ email: "boss@example.com" }) }));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ granted: "boss@example.com" });
});

test("unsigned, tampered, replayed and foreign-secret requests get 401 with the code", async () => {
  const body = JSON.stringify({ email: "boss@example.com" });
  const signed = signInternalRequest({ method: "POST", url: SITE + PATH, body }, { secret: SECRET });
  expect((await post(body, signed)).status).toBe(200);
  expect(await post(body, {})).toEqual({ status: 401, body: { error: "ERR_INTERNAL_SIGNATURE_MISSING" } });
  // Body changed on the way.
  expect(await post(JSON.stringify({ email: "mallory@example.com" }), signed)).toEqual({ status: 401, body: { error: "ERR_INTERNAL_SIGNATURE_INVALID" } });
  // Signed for another path or query, replayed here.
  const other = signInternalRequest({ method: "POST", url: SITE + "/internal/other", body }, { secret: SECRET });
  expect((await post(body, other)).body).toEqual({ error: "ERR_INTERNAL_SIGNATURE_INVALID" });
  const query = signInternalRequest({ method: "POST", url: SITE + PATH + "?as=admin", body }, { secret: SECRET });
  expect((await post(body, query)).body).toEqual({ error: "ERR_INTERNAL_SIGNATURE_INVALID" });
  // Signed for GET, sent as POST.
  const get = signInternalRequest({ method: "GET", url: SITE + PATH, body }, { secret: SECRET });
  expect((await post(body, get)).body).toEqual({ error: "ERR_INTERNAL_SIGNATURE_INVALID" });
  // The timestamp header moved by one second.
  const moved = { ...signed, "x-authcore-timestamp": String(Number(signed["x-authcore-timestamp"]) + 1) };
  expect((await post(body, moved)).body).toEqual({ error: "ERR_INTERNAL_SIGNATURE_INVALID" });
  // Captured six minutes ago and replayed now.
  const old = signInternalRequest({ method: "POST", url: SITE + PATH, body }, { secret: SECRET, now: Date.now() - 360_000 });
  expect(await post(body, old)).toEqual({ status: 401, body: { error: "ERR_INTERNAL_REQUEST_EXPIRED" } });
  // Another deployment's secret.
  const foreign = signInternalRequest({ method: "POST", url: SITE + PATH, body }, { secret: "another-secret-0123456789-abcdefghijklmn" });
  expect((await post(body, foreign)).body).toEqual({ error: "ERR_INTERNAL_SIGNATURE_INVALID" });
});
