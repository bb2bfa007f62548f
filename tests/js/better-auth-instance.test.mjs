// authcore plugged into a real `betterAuth()` instance (memory adapter), for both installed
// Better Auth lines: sign-up and sign-in through `auth.api`, and users moving between a default
// instance (Better Auth's own scrypt) and an authcore-configured one on the same database.
// What counts as the right answer is what the default instance does with the same request.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { createPasswordHasher, hashPassword, verifyPassword } from "authcore";
import { VERSIONS, BASE_URL, loadBetterAuth, makeAuth, memoryDb, describeInput, exactly } from "./support/better-auth.mjs";

const HASH_RE = /^[0-9a-f]{32}:[0-9a-f]{128}$/;

/** authcore's functions, counting calls so a test can prove they (not Better Auth's) ran. */
function spied(hasher = { hash: hashPassword, verify: verifyPassword }) {
  const calls = { hash: [], verify: [] };
  return {
    calls,
    password: {
      hash: async (password) => {
        calls.hash.push(password);
        return hasher.hash(password);
      },
      verify: async (data) => {
        calls.verify.push(data);
        return hasher.verify(data);
      },
    },
  };
}

/** What a sign-in attempt comes to, in a comparable shape. */
async function signIn(auth, email, password) {
  try {
    const r = await auth.api.signInEmail({ body: { email, password } });
    assert.equal(typeof r.token, "string");
    assert.ok(r.token.length > 0);
    return { ok: true, userEmail: r.user.email };
  } catch (e) {
    if (e?.constructor?.name === "APIError" || (e && "statusCode" in e && "body" in e)) {
      return { ok: false, status: e.statusCode, code: e.body?.code };
    }
    return { ok: false, threw: `${e?.constructor?.name}${e?.code ? ` ${e.code}` : ""}: ${e?.message}` };
  }
}

async function signUp(auth, email, password) {
  const r = await auth.api.signUpEmail({ body: { email, password, name: email.split("@")[0] } });
  assert.equal(typeof r.token, "string");
  assert.equal(r.user.email, email);
  return r;
}

function storedHash(db, email) {
  const user = db.user.find((u) => u.email === email);
  assert.ok(user, `user ${email} in the memory DB`);
  const acc = db.account.find((a) => a.userId === user.id && a.providerId === "credential");
  assert.ok(acc, `credential account of ${email}`);
  return acc.password;
}

for (const v of VERSIONS) {
  describe(`betterAuth() ${v.version} with authcore's hash/verify (memory adapter)`, () => {
    let ba;
    before(async () => {
      ba = await loadBetterAuth(v);
    });

    test("sign-up and sign-in go through authcore; wrong password rejected like the default", async () => {
      const db = memoryDb();
      const spy = spied();
      const auth = makeAuth(ba, db, { password: spy.password });
      const pw = "Ｓｅｃｒｅｔ-ﬁ²-😀";
      await signUp(auth, "alice@example.com", pw);
      assert.deepEqual(spy.calls.hash, [pw], "Better Auth handed authcore the raw, unnormalised password");
      const stored = storedHash(db, "alice@example.com");
      assert.match(stored, HASH_RE);
      // What authcore wrote is a hash Better Auth's own verify accepts.
      assert.equal(await ba.verifyPassword({ hash: stored, password: pw }), true);

      assert.deepEqual(await signIn(auth, "alice@example.com", pw), { ok: true, userEmail: "alice@example.com" });
      assert.deepEqual(spy.calls.verify.at(-1), { hash: stored, password: pw });
      const wrong = await signIn(auth, "alice@example.com", "Ｓｅｃｒｅｔ-ﬁ²-😁");
      assert.deepEqual(wrong, { ok: false, status: 401, code: "INVALID_EMAIL_OR_PASSWORD" });
      assert.equal(spy.calls.verify.length, 2);
    });

    test("users move between a default instance and an authcore one sharing the database", async () => {
      const db = memoryDb();
      const spy = spied();
      const dflt = makeAuth(ba, db);
      const ac = makeAuth(ba, db, { password: spy.password });

      // One user written by Better Auth's scrypt, one by authcore's.
      const pwD = "Dëfault user ﬁ ⅻ 👩🏽‍💻";
      const pwA = "authcore user \u1112\u1161\u11ab 𝐩𝐰";
      await signUp(dflt, "dflt@example.com", pwD);
      await signUp(ac, "ac@example.com", pwA);
      assert.equal(spy.calls.hash.length, 1, "only the authcore instance called authcore");

      const attempts = (pw) => [
        ["right", pw],
        ["NFKC-equivalent", pw.normalize("NFKC") === pw ? pw.normalize("NFD") : pw.normalize("NFKC")],
        ["one char changed", Array.from(pw).slice(0, -1).join("") + "x"],
        ["empty", ""],
      ];
      // Each attempt on the authcore instance must end exactly as on the default instance.
      for (const [email, pw] of [["dflt@example.com", pwD], ["ac@example.com", pwA]]) {
        for (const [kind, attempt] of attempts(pw)) {
          const before = spy.calls.verify.length;
          const expected = await signIn(dflt, email, attempt);
          const actual = await signIn(ac, email, attempt);
          assert.deepEqual(actual, expected, `${email}, ${kind} password ${describeInput(attempt)}`);
          assert.equal(spy.calls.verify.length, before + 1, "the authcore instance verified with authcore");
        }
      }
      // Sanity: the reference really accepts the right passwords and rejects the wrong ones.
      assert.deepEqual(await signIn(dflt, "ac@example.com", pwA), { ok: true, userEmail: "ac@example.com" });
      assert.equal((await signIn(dflt, "dflt@example.com", pwD + "!")).ok, false);
    });

    // Better Auth's sign-in runs the configured hash() for unknown users (timing) and verify()
    // for known ones. 1.7 checks maxPasswordLength first (400 PASSWORD_TOO_LONG); 1.6 does not,
    // so over-long passwords reach hash()/verify() there. Better Auth's own functions hash any
    // string, and so do authcore's (up to a 64 KiB ceiling): the drop-in answers exactly like
    // the default instance, status, error code and body, for known and unknown emails.
    const attempts = [["unknown user", "nobody@example.com", "whatever-password"]];
    for (const n of [129, 200, 5000]) {
      attempts.push([`existing user, ${n}-unit password`, "bob@example.com", "x".repeat(n)]);
      attempts.push([`unknown user, ${n}-unit password`, "nobody@example.com", "x".repeat(n)]);
      attempts.push([`existing user, ${n}-unit non-ASCII password`, "bob@example.com", exactly(n, "ﬁ😀é")]);
    }
    for (const [label, email, pw] of attempts) {
      test(`sign-in, ${label}: same answer as the default instance (auth.api and HTTP)`, async () => {
        const db = memoryDb();
        const dflt = makeAuth(ba, db);
        const spy = spied();
        const ac = makeAuth(ba, db, { password: spy.password });
        await signUp(dflt, "bob@example.com", "bob's password");
        const expected = await signIn(dflt, email, pw);
        assert.equal(expected.ok, false);
        const actual = await signIn(ac, email, pw);
        const http = async (auth) => {
          const res = await auth.handler(
            new Request(`${BASE_URL}/api/auth/sign-in/email`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ email, password: pw }),
            }),
          );
          return `${res.status} ${await res.text()}`;
        };
        const [httpD, httpA] = [await http(dflt), await http(ac)];
        const what = `sign-in as ${email} with ${pw.length} units (${JSON.stringify(pw.slice(0, 12))}…)`;
        assert.deepEqual(
          { api: actual, http: httpA },
          { api: expected, http: httpD },
          `${what}: default instance gives auth.api ${JSON.stringify(expected)} / HTTP ${JSON.stringify(httpD)}; ` +
            `authcore instance gives auth.api ${JSON.stringify(actual)} / HTTP ${JSON.stringify(httpA)}`,
        );
        assert.notEqual(httpA.slice(0, 3), "500", what);
        // On 1.6 the over-long password really reached authcore (so the test can fail).
        if (v.version.startsWith("1.6")) assert.ok(spy.calls.hash.length + spy.calls.verify.length >= 2, what);
        // The right password still works afterwards.
        assert.deepEqual(await signIn(ac, "bob@example.com", "bob's password"), { ok: true, userEmail: "bob@example.com" });
      });
    }

    test("opt-in maxPasswordLength: refused with ERR_PASSWORD_TOO_LONG, known and unknown users alike", async () => {
      const db = memoryDb();
      const hasher = createPasswordHasher({ maxPasswordLength: 128 });
      const ac = makeAuth(ba, db, { password: { hash: hasher.hash, verify: hasher.verify } });
      await signUp(ac, "bob@example.com", "bob's password");
      const long = "x".repeat(129);
      const known = await signIn(ac, "bob@example.com", long);
      const unknown = await signIn(ac, "nobody@example.com", long);
      assert.equal(known.ok, false);
      if (v.version.startsWith("1.6")) assert.match(known.threw ?? "", /ERR_PASSWORD_TOO_LONG/, JSON.stringify(known));
      assert.deepEqual(unknown, known, "no account enumeration through the over-long path");
      assert.deepEqual(await signIn(ac, "bob@example.com", "bob's password"), { ok: true, userEmail: "bob@example.com" });
    });

    test("maxPasswordLength 256 on both sides: 200+ unit passwords cross over", async () => {
      const db = memoryDb();
      const hasher = createPasswordHasher({ maxPasswordLength: 256 });
      const dflt = makeAuth(ba, db, { maxPasswordLength: 256 });
      const ac = makeAuth(ba, db, { maxPasswordLength: 256, password: { hash: hasher.hash, verify: hasher.verify } });
      const pwA = exactly(200, "long🔑é"); // 200 UTF-16 units, astral included
      const pwD = exactly(256, "Ｗｉｄｅ"); // exactly the raised limit
      assert.equal(pwA.length, 200);
      assert.equal(pwD.length, 256);
      // The default authcore functions take it too (no length policy of their own, like Better Auth's).
      assert.equal(await ba.verifyPassword({ hash: await hashPassword(pwA), password: pwA }), true);

      await signUp(ac, "long-a@example.com", pwA);
      await signUp(dflt, "long-d@example.com", pwD);
      assert.equal(await ba.verifyPassword({ hash: storedHash(db, "long-a@example.com"), password: pwA }), true);
      assert.deepEqual(await signIn(dflt, "long-a@example.com", pwA), { ok: true, userEmail: "long-a@example.com" });
      assert.deepEqual(await signIn(ac, "long-d@example.com", pwD), { ok: true, userEmail: "long-d@example.com" });
      assert.deepEqual(await signIn(ac, "long-d@example.com", pwD.normalize("NFKC")), { ok: true, userEmail: "long-d@example.com" });
      const wrong = await signIn(ac, "long-d@example.com", pwD.slice(0, -1) + "x");
      assert.deepEqual(wrong, await signIn(dflt, "long-d@example.com", pwD.slice(0, -1) + "x"));
      assert.equal(wrong.ok, false);

      // Sign-up beyond the limit fails in Better Auth's route before any hashing, on both.
      for (const auth of [dflt, ac]) {
        await assert.rejects(signUp(auth, "too-long@example.com", "y".repeat(257)), (e) => e.body?.code === "PASSWORD_TOO_LONG");
      }
    });
  });
}
