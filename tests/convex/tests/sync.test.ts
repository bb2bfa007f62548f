// The triggers helper inside convex-test's mock backend, dispatched by the real
// @convex-dev/better-auth `triggersApi()` mutations, with the documents the component passes
// (`_id`, `_creationTime`, ms dates).
import { convexTest } from "convex-test";
import { expect, test, vi } from "vitest";
import schema from "../convex/schema";
import { internal, api } from "../convex/_generated/api";

const modules = import.meta.glob("../convex/**/*.*s");

let seq = 0;
function authDoc(over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    _id: `k${seq}authuser`,
    _creationTime: 1.7e12,
    email: "ada@example.com",
    emailVerified: true,
    name: "Ada",
    createdAt: 1700000000000,
    updatedAt: 1700000000000,
    ...over,
  };
}

async function users(t: ReturnType<typeof convexTest>) {
  return t.run((ctx) => ctx.db.query("users").collect());
}
async function rejections(t: ReturnType<typeof convexTest>) {
  return t.run((ctx) => ctx.db.query("rejections").collect());
}

test("onCreate creates the app row (copied fields, defaults, link)", async () => {
  const t = convexTest(schema, modules);
  const doc = authDoc({ image: "https://img/ada.png" });
  await t.mutation(internal.auth.onCreate, { model: "user", doc });
  const rows = await users(t);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    authId: doc._id,
    email: "ada@example.com",
    emailVerified: true,
    name: "Ada",
    image: "https://img/ada.png",
    plan: "free",
  });
  expect(rows[0].role).toBeUndefined();
  // Other models' triggers are not ours: nothing happens.
  await t.mutation(internal.auth.onCreate, { model: "session", doc: { _id: "s1", userId: doc._id } });
  expect(await users(t)).toHaveLength(1);
});

test("a second auth user with an existing app row's email and a verified email links it", async () => {
  const t = convexTest(schema, modules);
  const id = await t.run((ctx) => ctx.db.insert("users", { email: "ada@example.com", name: "Legacy Ada", plan: "pro" }));
  const doc = authDoc();
  await t.mutation(internal.auth.onCreate, { model: "user", doc });
  const rows = await users(t);
  expect(rows).toHaveLength(1);
  expect(rows[0]._id).toBe(id);
  expect(rows[0]).toMatchObject({ authId: doc._id, name: "Ada", plan: "pro", emailVerified: true });
  // And the next auth user with the same email is refused: the row belongs to someone else.
  const again = authDoc();
  await t.mutation(internal.auth.onCreate, { model: "user", doc: again });
  expect(await users(t)).toHaveLength(1);
  expect(await rejections(t)).toEqual([expect.objectContaining({ code: "SYNC_LINKED_TO_OTHER_AUTH_USER", authId: again._id })]);
});

test("an unverified email refuses to link, and verifying it later links", async () => {
  const t = convexTest(schema, modules);
  const id = await t.run((ctx) => ctx.db.insert("users", { email: "ada@example.com", plan: "pro" }));
  const doc = authDoc({ emailVerified: false });
  await t.mutation(internal.auth.onCreate, { model: "user", doc });
  let rows = await users(t);
  expect(rows).toHaveLength(1);
  expect(rows[0].authId).toBeUndefined();
  expect(await rejections(t)).toEqual([expect.objectContaining({ code: "SYNC_EMAIL_UNVERIFIED", authId: doc._id })]);
  // Email verification is an update of the component user: onUpdate links the row.
  const verified = { ...doc, emailVerified: true, updatedAt: doc.updatedAt + 1 };
  await t.mutation(internal.auth.onUpdate, { model: "user", oldDoc: doc, newDoc: verified });
  rows = await users(t);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ _id: id, authId: doc._id, emailVerified: true });
});

test("the default onReject warns and writes nothing (two rows claim the email)", async () => {
  const t = convexTest(schema, modules);
  await t.run(async (ctx) => {
    await ctx.db.insert("users", { email: "ada@example.com" });
    await ctx.db.insert("users", { email: "ada@example.com" });
  });
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const { createSyncTriggers } = await import("authcore");
  const triggers = createSyncTriggers();
  await t.run((ctx) => triggers.user.onCreate(ctx, authDoc()));
  expect(warn).toHaveBeenCalledWith(expect.stringContaining("SYNC_MULTIPLE_APP_USERS"));
  warn.mockRestore();
  expect((await users(t)).filter((r) => r.authId)).toHaveLength(0);
});

test("onUpdate patches only the changed fields and removes cleared ones", async () => {
  const t = convexTest(schema, modules);
  const doc = authDoc({ image: "https://img/ada.png" });
  await t.mutation(internal.auth.onCreate, { model: "user", doc });
  // Something the app wrote itself must survive.
  await t.run(async (ctx) => {
    const row = (await ctx.db.query("users").first())!;
    await ctx.db.patch(row._id, { plan: "pro" });
  });
  const before = (await users(t))[0];
  const newDoc = { ...doc, name: "Ada Lovelace", image: undefined, updatedAt: doc.updatedAt + 1 };
  delete (newDoc as Record<string, unknown>).image;
  const { syncAuthUser, decideSync, findSyncCandidates } = await import("authcore");
  // The decision the trigger applies: exactly the two changes.
  const decision = await t.run(async (ctx) =>
    decideSync({ authUser: newDoc, appUsers: await findSyncCandidates(ctx, newDoc) }),
  );
  expect(decision).toEqual({ kind: "patch", table: "users", id: before._id, set: { name: "Ada Lovelace" }, unset: ["image"] });
  await t.mutation(internal.auth.onUpdate, { model: "user", oldDoc: doc, newDoc });
  const after = (await users(t))[0];
  expect(after).toMatchObject({ _id: before._id, name: "Ada Lovelace", plan: "pro", email: "ada@example.com" });
  expect("image" in after).toBe(false);
  // No change, no write: a second identical update decides "none".
  const again = await t.run(async (ctx) => syncAuthUser(ctx, newDoc));
  expect(again.decision.kind).toBe("none");
  expect(again.id).toBe(before._id);
});

test("onDelete per policy: delete, soft-delete, keep", async () => {
  const t = convexTest(schema, modules);
  const a = authDoc({ email: "a@example.com" });
  const b = authDoc({ email: "b@example.com" });
  const c = authDoc({ email: "c@example.com" });
  await t.mutation(internal.auth.onCreate, { model: "user", doc: a });
  await t.mutation(internal.auth.softOnCreate, { model: "user", doc: b });
  await t.mutation(internal.auth.keepOnCreate, { model: "user", doc: c });
  expect(await users(t)).toHaveLength(3);

  await t.mutation(internal.auth.onDelete, { model: "user", doc: a });
  const t0 = Date.now();
  await t.mutation(internal.auth.softOnDelete, { model: "user", doc: b });
  await t.mutation(internal.auth.keepOnDelete, { model: "user", doc: c });
  const rows = await users(t);
  expect(rows.map((r) => r.email).sort()).toEqual(["b@example.com", "c@example.com"]);
  const soft = rows.find((r) => r.email === "b@example.com")!;
  expect(soft.deletedAt).toBeGreaterThanOrEqual(t0);
  expect(soft.deletedAt).toBeLessThanOrEqual(Date.now());
  const kept = rows.find((r) => r.email === "c@example.com")!;
  expect(kept.deletedAt).toBeUndefined();
  expect(kept.authId).toBe(c._id);
  // A soft-deleted row is not matched by email: a new sign-up with that email gets a new row.
  const b2 = authDoc({ email: "b@example.com" });
  await t.mutation(internal.auth.onCreate, { model: "user", doc: b2 });
  expect((await users(t)).filter((r) => r.email === "b@example.com")).toHaveLength(2);
  // Deleting an auth user that has no row is a no-op.
  await t.mutation(internal.auth.onDelete, { model: "user", doc: authDoc() });
  expect(await users(t)).toHaveLength(3);
});

test("admin allowlist: canonical match with a verified email; unverified gets no role", async () => {
  const t = convexTest(schema, modules);
  const boss = authDoc({ email: "boss@example.com" });
  await t.mutation(internal.auth.onCreate, { model: "user", doc: boss });
  const fake = authDoc({ email: "boss@example.org" });
  await t.mutation(internal.auth.onCreate, { model: "user", doc: fake });
  const unverified = authDoc({ email: "boss@example.com", emailVerified: false });
  await t.mutation(internal.auth.keepOnCreate, { model: "user", doc: unverified });
  const rows = await users(t);
  expect(rows.find((r) => r.authId === boss._id)?.role).toBe("admin");
  expect(rows.find((r) => r.authId === fake._id)?.role).toBeUndefined();
  expect(rows.find((r) => r.authId === unverified._id)?.role).toBeUndefined();
  // Verifying later promotes.
  await t.mutation(internal.auth.onUpdate, {
    model: "user",
    oldDoc: unverified,
    newDoc: { ...unverified, emailVerified: true },
  });
  expect((await users(t)).find((r) => r.authId === unverified._id)?.role).toBe("admin");
});

test("syncFromAuth: a mutation that syncs the signed-in user", async () => {
  const t = convexTest(schema, modules);
  const authId = await t.run((ctx) =>
    ctx.db.insert("authUsers", { email: "grace@example.com", name: "Grace", emailVerified: true }),
  );
  const asGrace = t.withIdentity({ subject: authId });
  const first = await asGrace.mutation(api.auth.syncUser, {});
  expect(first.decision.kind).toBe("create");
  const second = await asGrace.mutation(api.auth.syncUser, {});
  expect(second).toEqual({ decision: { kind: "none", table: "users", id: first.id }, id: first.id });
  expect(await users(t)).toEqual([expect.objectContaining({ authId, email: "grace@example.com", name: "Grace", plan: "free" })]);
  await expect(t.mutation(api.auth.syncUser, {})).rejects.toThrow(/Unauthenticated/);
});

test("custom table, link and email fields, index names, renames, linkByEmail always, demotion", async () => {
  const t = convexTest(schema, modules);
  const legacy = await t.run((ctx) => ctx.db.insert("profiles", { contactEmail: "boss@example.com" }));
  // linkByEmail "always": linked even though unverified; the admin fields still need verification.
  const boss = authDoc({ email: "boss@example.com", name: "Boss", emailVerified: false });
  await t.mutation(internal.auth.profilesOnCreate, { model: "user", doc: boss });
  let row = await t.run((ctx) => ctx.db.get(legacy));
  expect(row).toMatchObject({ betterAuthId: boss._id, contactEmail: "boss@example.com", displayName: "Boss", isAdmin: false });
  await t.mutation(internal.auth.profilesOnUpdate, { model: "user", oldDoc: boss, newDoc: { ...boss, emailVerified: true } });
  row = await t.run((ctx) => ctx.db.get(legacy));
  expect(row?.isAdmin).toBe(true);
  // Changing the email away from the allowlist demotes (nonAdminFields) and renames follow.
  await t.mutation(internal.auth.profilesOnUpdate, {
    model: "user",
    oldDoc: boss,
    newDoc: { ...boss, emailVerified: true, email: "former@example.com", name: "Former" },
  });
  row = await t.run((ctx) => ctx.db.get(legacy));
  expect(row).toMatchObject({ contactEmail: "former@example.com", displayName: "Former", isAdmin: false });
  expect(await t.run((ctx) => ctx.db.query("profiles").collect())).toHaveLength(1);
  expect(await users(t)).toHaveLength(0);
});

test("an auth email that is not lower case still finds the lower-case app row", async () => {
  const t = convexTest(schema, modules);
  const id = await t.run((ctx) => ctx.db.insert("users", { email: "ada@example.com" }));
  const doc = authDoc({ email: "Ada@Example.com" });
  await t.mutation(internal.auth.onCreate, { model: "user", doc });
  const rows = await users(t);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ _id: id, authId: doc._id });
});
