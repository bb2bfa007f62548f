// A real Better Auth sign-up on the real component fires createSyncTriggers.
import { convexTest } from "convex-test";
import { register } from "@convex-dev/better-auth/test";
import { expect, test } from "vitest";
import schema from "../convex/schema";
import { api } from "../convex/_generated/api";

const modules = import.meta.glob("../convex/**/*.*s");

test("Better Auth sign-up → component adapter → onCreate/onUpdate/onDelete → app users", async () => {
  const t = convexTest(schema, modules);
  register(t);
  // An existing app row (e.g. imported from the previous auth system).
  const legacy = await t.run((ctx) => ctx.db.insert("users", { email: "boss@example.com", plan: "pro" }));

  const ada = await t.mutation(api.e2e.signUp, { email: "Ada@Example.com", name: "Ada" });
  let rows = await t.run((ctx) => ctx.db.query("users").collect());
  expect(rows.find((r) => r.authId === ada)).toMatchObject({ email: "ada@example.com", name: "Ada", emailVerified: false });

  // Same email as the legacy row, unverified: not linked, no admin role.
  const boss = await t.mutation(api.e2e.signUp, { email: "boss@example.com", name: "Boss" });
  rows = await t.run((ctx) => ctx.db.query("users").collect());
  expect(rows.find((r) => r._id === legacy)?.authId).toBeUndefined();
  expect(rows.filter((r) => r.email === "boss@example.com")).toHaveLength(1);

  // Verifying the email (an update of the component user) links the legacy row and promotes.
  await t.mutation(api.e2e.markVerified, { id: boss });
  rows = await t.run((ctx) => ctx.db.query("users").collect());
  expect(rows.find((r) => r._id === legacy)).toMatchObject({ authId: boss, role: "admin", plan: "pro", name: "Boss", emailVerified: true });

  await t.mutation(api.e2e.removeUser, { id: ada });
  rows = await t.run((ctx) => ctx.db.query("users").collect());
  expect(rows.find((r) => r.authId === ada)?.deletedAt).toEqual(expect.any(Number));
});
