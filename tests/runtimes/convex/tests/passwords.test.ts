// convex-test: the same convex/ functions, run by convex-test's mock backend under vitest.
import { convexTest } from "convex-test";
import { expect, test } from "vitest";
import schema from "../convex/schema";
import { api } from "../convex/_generated/api";
import reference from "../../.work/reference.json";

const modules = import.meta.glob("../convex/**/*.*s");

// Convex returns objects with sorted keys: compare key order aside, values exactly.
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonical(o[k])]));
  }
  return v;
}

test("authcore resolves to the inline entry (the `convex` condition), as in production", async () => {
  await import("authcore");
  const entries = (globalThis as { __authcoreEntries?: string[] }).__authcoreEntries ?? [];
  expect(entries).toContain("index.inline.mjs");
  expect(entries).not.toContain("index.node.mjs");
});

test("mutation: the fixture outputs equal Node's", async () => {
  const t = convexTest(schema, modules);
  expect(canonical(await t.mutation(api.passwords.fixtureMutation, {}))).toEqual(canonical(reference));
});

test("action: the fixture outputs equal Node's", async () => {
  const t = convexTest(schema, modules);
  expect(canonical(await t.action(api.passwords.fixtureAction, {}))).toEqual(canonical(reference));
});

test('"use node" action: the fixture outputs equal Node\'s', async () => {
  const t = convexTest(schema, modules);
  expect(canonical(await t.action(api.nodePasswords.fixtureNodeAction, {}))).toEqual(canonical(reference));
});

test("sign-up stores a Better Auth hash; sign-in verifies it; a malformed stored hash is ERR_HASH_MALFORMED", async () => {
  const t = convexTest(schema, modules);
  await t.mutation(api.passwords.signUp, { email: "a@example.com", password: "ｐａｓｓｗｏｒｄ①" });
  const stored = await t.run((ctx) => ctx.db.query("users").first());
  expect(stored?.passwordHash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  expect(await t.query(api.passwords.signIn, { email: "a@example.com", password: "password1" })).toBe("ok");
  expect(await t.query(api.passwords.signIn, { email: "a@example.com", password: "password2" })).toBe("wrong password");
  await t.run((ctx) => ctx.db.insert("users", { email: "b@example.com", passwordHash: "not-a-hash" }));
  expect(await t.query(api.passwords.signIn, { email: "b@example.com", password: "x" })).toBe("ERR_HASH_MALFORMED");
});
