// Errors and edge cases through the installed package, held against Better Auth wherever
// Better Auth has an answer (length limits, stored-hash parsing, lone surrogates).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthError,
  createPasswordHasher,
  hashPassword,
  hashPasswordSync,
  hashPasswordWithSalt,
  verifyPassword,
  verifyPasswordSync,
} from "authcore";
import {
  VERSIONS,
  loadBetterAuth,
  makeAuth,
  memoryDb,
  describeInput,
  exactly,
  settle,
  showOutcome,
  witnessHash,
} from "./support/better-auth.mjs";

const SALT = "00112233445566778899aabbccddeeff";
const ba16 = await loadBetterAuth(VERSIONS[0]);
const ba17 = await loadBetterAuth(VERSIONS[1]);

/** An AuthError with this code, and a proper Error too. */
function isAuthError(code) {
  return (e) => {
    assert.ok(e instanceof AuthError, `not an AuthError: ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, "AuthError");
    assert.equal(e.code, code, e.message);
    assert.equal(typeof e.message, "string");
    return true;
  };
}

test("no length policy by default: what Better Auth's own functions hash, authcore hashes; mismatches are false", async () => {
  const hash = hashPasswordWithSalt("short", SALT);
  for (const pw of ["x".repeat(129), "😀".repeat(64) + "a", "a" + "😀".repeat(64), "é".repeat(200), "x".repeat(128) + "!", "ﬁ".repeat(5000)]) {
    const h = hashPasswordSync(pw);
    // Better Auth's own verify (both lines) accepts what authcore wrote, and the reverse.
    assert.equal(await ba16.verifyPassword({ hash: h, password: pw }), true, describeInput(pw).slice(0, 80));
    assert.equal(await verifyPassword({ hash: await ba17.hashPassword(pw), password: pw }), true);
    assert.equal(verifyPasswordSync({ hash, password: pw }), false, "a mismatch is false, whatever the length");
    assert.equal(await verifyPassword({ hash, password: pw }), false);
  }
});

test("64 KiB of UTF-8 is the denial-of-service ceiling: ERR_PASSWORD_TOO_LONG from all four functions, before any work", async () => {
  const hash = hashPasswordWithSalt("short", SALT);
  assert.equal(verifyPasswordSync({ hash, password: "x".repeat(65536) }), false, "at the ceiling");
  assert.equal(verifyPasswordSync({ hash, password: "é".repeat(32768) }), false, "65536 bytes of two-byte characters");
  for (const pw of ["x".repeat(65537), "é".repeat(32769), "😀".repeat(16385), "x".repeat(10_000_000)]) {
    assert.throws(() => hashPasswordSync(pw), isAuthError("ERR_PASSWORD_TOO_LONG"), `${pw.length} units`);
    assert.throws(() => verifyPasswordSync({ hash, password: pw }), isAuthError("ERR_PASSWORD_TOO_LONG"));
    await assert.rejects(hashPassword(pw), isAuthError("ERR_PASSWORD_TOO_LONG"));
    await assert.rejects(verifyPassword({ hash, password: pw }), isAuthError("ERR_PASSWORD_TOO_LONG"));
  }
});

test("an opted-in length limit counts what Better Auth's sign-up counts (UTF-16 units before NFKC)", async () => {
  // Better Auth's sign-up route is the reference: a cheap stub hasher records whether the
  // password got past the route's maxPasswordLength check.
  const accepted = [];
  const limited = createPasswordHasher({ maxPasswordLength: 128 });
  const auth = makeAuth(ba16, memoryDb(), {
    password: { hash: async (p) => (accepted.push(p), "stub:stub"), verify: async () => false },
  });
  const candidates = [
    "a".repeat(128),
    "a".repeat(129),
    "😀".repeat(64), // 128 units, 64 code points
    "😀".repeat(64) + "a", // 129 units, 65 code points
    "ﬁ".repeat(128), // 128 units, NFKC 256
    "e\u0301".repeat(65), // 130 units, NFKC 65 code points
    "\u1112\u1161\u11ab".repeat(43), // 129 units, NFKC 43 syllables
  ];
  for (const [i, pw] of candidates.entries()) {
    let baAccepts;
    try {
      await auth.api.signUpEmail({ body: { email: `len${i}@example.com`, password: pw, name: "len" } });
      baAccepts = true;
    } catch (e) {
      assert.equal(e.body?.code, "PASSWORD_TOO_LONG", `${describeInput(pw)}: ${e.message}`);
      baAccepts = false;
    }
    assert.equal(accepted.includes(pw), baAccepts);
    const ac = await settle(() => limited.hashSync(pw));
    const acAccepts = ac.ok;
    if (!ac.ok) isAuthError("ERR_PASSWORD_TOO_LONG")(ac.error);
    assert.equal(acAccepts, baAccepts, `${describeInput(pw)}: Better Auth ${baAccepts ? "accepts" : "rejects"}, authcore ${showOutcome(ac)}`);
  }
});

test("createPasswordHasher({ maxPasswordLength: 256 }) accepts 200 units; Better Auth verifies the hash", async () => {
  const hasher = createPasswordHasher({ maxPasswordLength: 256 });
  const pw = exactly(200, "Ⅻ🔐é"); // 200 UTF-16 units with astral and NFKC-sensitive characters
  assert.equal(pw.length, 200);
  assert.equal(hashPasswordSync(pw).length, 161, "the default functions have no length policy");
  const hash = await hasher.hash(pw);
  // Better Auth's verify has no length limit of its own (its routes have maxPasswordLength).
  assert.equal(await ba16.verifyPassword({ hash, password: pw }), true);
  assert.equal(await ba17.verifyPassword({ hash, password: pw }), true);
  assert.equal(hasher.verifySync({ hash, password: pw }), true);
  assert.equal(hasher.hashSync(exactly(256, "z")).length, 161);
  assert.throws(() => hasher.hashSync("z".repeat(257)), isAuthError("ERR_PASSWORD_TOO_LONG"));
  await assert.rejects(hasher.verify({ hash, password: "z".repeat(257) }), isAuthError("ERR_PASSWORD_TOO_LONG"));
});

test("createPasswordHasher rejects bad options with ERR_INVALID_ARGUMENT", () => {
  for (const maxPasswordLength of [-1, 0, 1.5, NaN, Infinity, -Infinity, "256", true]) {
    assert.throws(() => createPasswordHasher({ maxPasswordLength }), isAuthError("ERR_INVALID_ARGUMENT"), String(maxPasswordLength));
  }
  for (const options of [5, "x", true]) {
    assert.throws(() => createPasswordHasher(options), isAuthError("ERR_INVALID_ARGUMENT"), String(options));
  }
  // No options or an empty object: no length policy, the 64 KiB ceiling only.
  for (const options of [undefined, {}]) {
    const h = createPasswordHasher(options);
    assert.equal(h.hashSync("x".repeat(129)).length, 161);
    assert.throws(() => h.hashSync("x".repeat(65537)), isAuthError("ERR_PASSWORD_TOO_LONG"));
  }
});

test("non-string arguments and null data → ERR_INVALID_ARGUMENT (sync throws, async rejects)", async () => {
  const hash = hashPasswordWithSalt("pw", SALT);
  for (const bad of [42, null, undefined, {}, ["a"], Buffer.from("a"), Symbol("s"), 1n, () => "x"]) {
    assert.throws(() => hashPasswordSync(bad), isAuthError("ERR_INVALID_ARGUMENT"), String(typeof bad));
    const p = hashPassword(bad);
    assert.ok(p instanceof Promise, "async functions report errors by rejecting, not throwing");
    await assert.rejects(p, isAuthError("ERR_INVALID_ARGUMENT"));
  }
  for (const data of [null, undefined, "str", 42, {}, { hash }, { password: "pw" }, { hash: 1, password: "pw" }, { hash, password: 5 }, { hash, password: null }, { hash: null, password: "pw" }]) {
    const what = JSON.stringify(data) ?? String(data);
    assert.throws(() => verifyPasswordSync(data), isAuthError("ERR_INVALID_ARGUMENT"), what);
    await assert.rejects(verifyPassword(data), isAuthError("ERR_INVALID_ARGUMENT"), what);
  }
  for (const [pw, salt] of [[1, SALT], [null, SALT], ["pw", 1], ["pw", null], ["pw", undefined], ["pw", ""], ["pw", "a:b"]]) {
    assert.throws(() => hashPasswordWithSalt(pw, salt), isAuthError("ERR_INVALID_ARGUMENT"), `${String(pw)}, ${String(salt)}`);
  }
});

// Stored hashes that are not "<salt>:<128 hex>": Better Auth's verify splits at ":" and throws
// only when the salt or key part is empty; anything else it just compares.
const good = witnessHash("pw", SALT);
const key = good.slice(33);
const MALFORMED = [
  ["empty", ""],
  ["colon only", ":"],
  ["no colon", "nocolonatall"],
  ["empty key", `${SALT}:`],
  ["empty salt", `:${key}`],
  ["short key", `${SALT}:${key.slice(0, 64)}`],
  ["key with non-hex", `${SALT}:${key.slice(0, 127)}z`],
  ["key too long", `${SALT}:${key}00`],
  ["empty key after double colon", `${SALT}::${key}`],
  ["leading space", ` ${good}`],
  ["trailing newline", `${good}\n`],
  ["trailing colon", `${good}:`],
  ["third segment", `${good}:extra`],
];

test("malformed stored hashes: where Better Auth throws, authcore throws ERR_HASH_MALFORMED; where it says false, authcore does not say true", async () => {
  for (const [label, hash] of MALFORMED) {
    for (const ba of [ba16, ba17]) {
      const b = await settle(() => ba.verifyPassword({ hash, password: "pw" }));
      const a = await settle(() => verifyPasswordSync({ hash, password: "pw" }));
      const msg = `${label} ${JSON.stringify(hash)}: better-auth ${ba.version} ${showOutcome(b)}, authcore ${showOutcome(a)}`;
      if (!b.ok) {
        assert.equal(a.ok, false, msg);
        isAuthError("ERR_HASH_MALFORMED")(a.error);
      } else if (b.value === false) {
        // authcore is stricter by design: false, or ERR_HASH_MALFORMED for a shape it refuses.
        if (a.ok) assert.equal(a.value, false, msg);
        else isAuthError("ERR_HASH_MALFORMED")(a.error);
      }
    }
    // The async path reports the same.
    const s = await settle(() => verifyPasswordSync({ hash, password: "pw" }));
    const p = await settle(() => verifyPassword({ hash, password: "pw" }));
    assert.equal(p.ok, s.ok, label);
    if (s.ok) assert.equal(p.value, s.value, label);
    else assert.equal(p.error.code, s.error.code, label);
  }
});

test("every stored hash Better Auth accepts for the right password, authcore accepts too", async () => {
  // A user whose stored hash Better Auth verifies must not be locked out by switching to
  // authcore. Better Auth reads only the first two ":"-separated fields.
  const failures = [];
  for (const [label, hash] of [["canonical", good], ...MALFORMED]) {
    const b = await settle(() => ba16.verifyPassword({ hash, password: "pw" }));
    if (!(b.ok && b.value === true)) continue;
    const a = await settle(() => verifyPasswordSync({ hash, password: "pw" }));
    if (!(a.ok && a.value === true)) failures.push(`${label} ${JSON.stringify(hash)}: better-auth ${showOutcome(b)}, authcore ${showOutcome(a)}`);
  }
  assert.deepEqual(failures, []);
});

test("lone surrogates: authcore verifies exactly as Better Auth does, both ways", async () => {
  // Compare, don't assume: Better Auth's answers for each (hash, candidate) are the reference.
  const passwords = ["\ud800", "x\udfffy"];
  const candidates = (pw) => [pw, pw.replace(/[\ud800-\udfff]/g, "\ufffd"), pw.replace(/[\ud800-\udfff]/g, "\udc00"), pw.replace(/[\ud800-\udfff]/g, "")];
  for (const pw of passwords) {
    const baHash = await ba16.hashPassword(pw);
    const acHash = hashPasswordSync(pw);
    assert.equal(hashPasswordWithSalt(pw, baHash.slice(0, 32)), baHash, describeInput(pw));
    for (const c of candidates(pw)) {
      const [b1, b2] = await Promise.all([ba16.verifyPassword({ hash: baHash, password: c }), ba16.verifyPassword({ hash: acHash, password: c })]);
      const a1 = verifyPasswordSync({ hash: baHash, password: c });
      assert.equal(a1, b1, `authcore vs better-auth on better-auth's hash of ${describeInput(pw)}, candidate ${describeInput(c)}`);
      assert.equal(b2, b1, `better-auth on authcore's hash vs its own, ${describeInput(pw)}, candidate ${describeInput(c)}`);
    }
  }
});

test("hashPassword gives a fresh random salt every time", async () => {
  const hashes = await Promise.all([hashPassword("same"), hashPassword("same"), hashPassword("same")]);
  hashes.push(hashPasswordSync("same"));
  for (const h of hashes) assert.match(h, /^[0-9a-f]{32}:[0-9a-f]{128}$/);
  assert.equal(new Set(hashes.map((h) => h.slice(0, 32))).size, hashes.length);
  for (const h of hashes) assert.equal(await ba17.verifyPassword({ hash: h, password: "same" }), true);
});
