// Sync decisions through the BUILT package (installed from its tarball): the JS shape of every
// decision kind, coded errors, input conversion (Date, bigint, binary), and canonicalEmail held
// against what the real Better Auth (1.6 and 1.7, memory adapter) stores at sign-up.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthError,
  canonicalEmail,
  decideDelete,
  decideSync,
  nearDuplicateKey,
  resolveSyncPolicy,
  applySyncDecision,
  createSyncTriggers,
} from "authcore";
import { VERSIONS, loadBetterAuth, makeAuth, memoryDb } from "./support/better-auth.mjs";

const ada = (over = {}) => ({
  _id: "auth1",
  _creationTime: 1.7e12,
  email: "ada@example.com",
  emailVerified: true,
  name: "Ada",
  createdAt: 1700000000000,
  updatedAt: 1700000000000,
  ...over,
});

function code(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AuthError, `not an AuthError: ${e}`);
    return e.code;
  }
  assert.fail("did not throw");
}

describe("decideSync", () => {
  test("create: a plain object with kind, table and the new document", () => {
    const d = decideSync({ authUser: ada(), appUsers: [] });
    assert.deepEqual(d, {
      kind: "create",
      table: "users",
      doc: { authId: "auth1", email: "ada@example.com", emailVerified: true, name: "Ada" },
    });
    assert.equal(Object.getPrototypeOf(d.doc), Object.prototype); // not a Map
  });

  test("patch: only differing fields; removed auth fields come back in unset", () => {
    const row = { _id: "u1", authId: "auth1", email: "ada@example.com", emailVerified: false, name: "Ada", image: "x" };
    assert.deepEqual(decideSync({ authUser: ada(), appUsers: [row] }), {
      kind: "patch",
      table: "users",
      id: "u1",
      set: { emailVerified: true },
      unset: ["image"],
    });
  });

  test("none, link, and every reject code", () => {
    const up = { _id: "u1", authId: "auth1", email: "ada@example.com", emailVerified: true, name: "Ada" };
    assert.deepEqual(decideSync({ authUser: ada(), appUsers: [up] }), { kind: "none", table: "users", id: "u1" });
    const unlinked = { _id: "u2", email: "ada@example.com" };
    assert.equal(decideSync({ authUser: ada(), appUsers: [unlinked] }).kind, "link");
    assert.equal(decideSync({ authUser: ada(), appUsers: [unlinked] }).set.authId, "auth1");
    const cases = [
      [ada(), [up, { ...up, _id: "u3" }], "SYNC_MULTIPLE_APP_USERS"],
      [ada(), [{ ...unlinked, authId: "auth0" }], "SYNC_LINKED_TO_OTHER_AUTH_USER"],
      [ada({ emailVerified: false }), [unlinked], "SYNC_EMAIL_UNVERIFIED"],
    ];
    for (const [authUser, appUsers, want] of cases) {
      const d = decideSync({ authUser, appUsers });
      assert.equal(d.kind, "reject");
      assert.equal(d.code, want);
      assert.equal(typeof d.message, "string");
      assert.ok(Array.isArray(d.ids));
    }
  });

  test("null policy values stay null; defaults and admin fields apply", () => {
    const policy = { defaults: { plan: null, credits: 3 }, adminEmails: ["ADA@example.com"], adminFields: { isAdmin: true } };
    const d = decideSync({ authUser: ada(), policy });
    assert.equal(d.doc.plan, null);
    assert.equal(d.doc.credits, 3);
    assert.equal(d.doc.isAdmin, true);
    assert.equal(decideSync({ authUser: ada({ emailVerified: false }), policy }).doc.isAdmin, undefined);
  });

  test("Date, bigint and binary values in inputs", () => {
    const policy = { fields: { createdAt: "joinedAt" } };
    const d = decideSync({ authUser: ada({ createdAt: new Date(1700000000000) }), policy });
    assert.equal(d.doc.joinedAt, 1700000000000);
    const row = { _id: "u1", authId: "auth1", joinedAt: 1700000000000, blob: new Uint8Array([1, 2]), big: 10n };
    assert.equal(decideSync({ authUser: ada(), appUsers: [row], policy }).kind, "none");
  });

  test("coded errors: bad policy, unknown option, bad input", () => {
    assert.equal(code(() => decideSync({ authUser: ada(), policy: { linkField: "_id" } })), "ERR_SYNC_POLICY_INVALID");
    assert.equal(code(() => decideSync({ authUser: ada(), policy: { linkfield: "x" } })), "ERR_SYNC_POLICY_INVALID");
    assert.equal(code(() => decideSync({ authUser: ada(), policy: { linkByEmail: "sometimes" } })), "ERR_SYNC_POLICY_INVALID");
    assert.equal(code(() => decideSync({ authUser: { email: "x" } })), "ERR_SYNC_INPUT_INVALID");
    assert.equal(code(() => decideSync({ authUser: ada(), appUsers: [{ email: "x" }] })), "ERR_SYNC_INPUT_INVALID");
    assert.equal(code(() => decideSync({ authUser: ada(), appUsers: "nope" })), "ERR_INVALID_ARGUMENT");
    assert.equal(code(() => decideSync()), "ERR_SYNC_INPUT_INVALID");
  });
});

describe("decideDelete", () => {
  const rows = [{ _id: "u1", authId: "auth1" }];
  test("each onDelete policy", () => {
    assert.deepEqual(decideDelete({ authId: "auth1", appUsers: rows }), { kind: "delete", table: "users", id: "u1" });
    assert.deepEqual(decideDelete({ authUser: ada(), appUsers: rows, policy: { onDelete: "keep" } }), {
      kind: "keep",
      table: "users",
      id: "u1",
    });
    assert.deepEqual(decideDelete({ authId: "auth1", appUsers: rows, policy: { onDelete: "soft-delete" }, now: 42 }), {
      kind: "softDelete",
      table: "users",
      id: "u1",
      set: { deletedAt: 42 },
    });
    const before = Date.now();
    const d = decideDelete({ authId: "auth1", appUsers: rows, policy: { onDelete: "soft-delete" } });
    assert.ok(d.set.deletedAt >= before && d.set.deletedAt <= Date.now());
    assert.deepEqual(decideDelete({ authId: "nobody", appUsers: rows }), { kind: "none", table: "users" });
  });
  test("now must be an integer", () => {
    assert.equal(code(() => decideDelete({ authId: "a", now: 1.5 })), "ERR_INVALID_ARGUMENT");
    assert.equal(code(() => decideDelete({ authId: "a", now: "1" })), "ERR_INVALID_ARGUMENT");
    assert.equal(code(() => decideDelete({ now: 1 })), "ERR_INVALID_ARGUMENT");
  });
});

describe("policy", () => {
  test("resolveSyncPolicy fills the documented defaults", () => {
    const p = resolveSyncPolicy();
    assert.equal(p.table, "users");
    assert.equal(p.linkField, "authId");
    assert.equal(p.linkByEmail, "verified-only");
    assert.equal(p.onDelete, "delete");
    assert.deepEqual(p.adminFields, { role: "admin" });
    assert.deepEqual(Object.keys(p.fields).sort(), ["email", "emailVerified", "image", "name"]);
    assert.equal(resolveSyncPolicy({ table: "profiles" }).table, "profiles");
  });
  test("createSyncTriggers checks the policy at start-up", () => {
    assert.equal(code(() => createSyncTriggers({ table: "" })), "ERR_SYNC_POLICY_INVALID");
    assert.equal(code(() => createSyncTriggers({ onReject: 3 })), "ERR_INVALID_ARGUMENT");
    const t = createSyncTriggers();
    assert.deepEqual(Object.keys(t.user).sort(), ["onCreate", "onDelete", "onUpdate"]);
  });
  test("applySyncDecision turns unset into undefined fields of a Convex patch", async () => {
    const calls = [];
    const ctx = { db: { patch: async (id, f) => calls.push([id, f]) } };
    await applySyncDecision(ctx, { kind: "patch", table: "users", id: "u1", set: { a: 1 }, unset: ["b"] });
    assert.deepEqual(calls, [["u1", { a: 1, b: undefined }]]);
    assert.ok(Object.hasOwn(calls[0][1], "b"));
  });
});

describe("canonicalEmail and nearDuplicateKey", () => {
  const emails = [
    "Ada@Example.COM", "İstanbul@example.com", "ΟΔΥΣΣΕΥΣ@example.com", "AΣ.B@example.com",
    "JOSÉ@example.com", "JOSE\u0301@example.com", "\u212Aelvin@example.com", "STRASSE\u1E9E@x.de",
    "\u{10400}@example.com", " Spaces@Example.com ",
  ];
  test("equals JS toLowerCase in both versions", () => {
    for (const e of emails) {
      assert.equal(canonicalEmail(e), e.toLowerCase(), e);
      assert.equal(canonicalEmail(e, "1.6"), e.toLowerCase(), e);
      assert.equal(canonicalEmail(e, "1.7"), e.toLowerCase(), e);
    }
    assert.equal(code(() => canonicalEmail("a", "2.0")), "ERR_INVALID_ARGUMENT");
    assert.equal(code(() => canonicalEmail(3)), "ERR_INVALID_ARGUMENT");
  });
  test("nearDuplicateKey: trim, NFC, lower case", () => {
    for (const e of emails) assert.equal(nearDuplicateKey(e), e.trim().normalize("NFC").toLowerCase(), e);
    assert.equal(nearDuplicateKey("\ufeff JOSE\u0301@example.com\u3000"), nearDuplicateKey("josé@example.com"));
  });
  for (const v of VERSIONS) {
    test(`equals the email better-auth ${v.version} stores (sign-up, and the adapter path OAuth uses)`, async () => {
      const ba = await loadBetterAuth(v);
      const db = memoryDb();
      const auth = makeAuth(ba, db);
      const ctx = await auth.$context;
      const version = v.version.startsWith("1.7") ? "1.7" : "1.6";
      for (const [i, e] of emails.entries()) {
        // Sign-up's schema accepts ASCII addresses only; social sign-in creates users through
        // internalAdapter.createUser with whatever the provider returned.
        const email = e.trim().replace("@", `+${i}@`);
        await ctx.internalAdapter.createUser({ email, name: "x", emailVerified: false });
        assert.equal(canonicalEmail(email, version), db.user.at(-1).email, email);
      }
      await auth.api.signUpEmail({ body: { email: "Mixed.Case@Example.COM", password: "correct horse battery", name: "x" } });
      assert.equal(canonicalEmail("Mixed.Case@Example.COM", version), db.user.at(-1).email);
    });
  }
});
