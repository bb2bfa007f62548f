// Differential tests: authcore's password functions against the real Better Auth password
// functions (`better-auth/crypto`), for both installed lines (1.6.34 and 1.7.25), on the same
// inputs. Every expectation comes from Better Auth, from node:crypto's scrypt or from the
// published vectors, never from authcore's own output.
//
// The random inputs are deterministic (seeded PRNG); the seed is in the test names and can be
// changed with AUTHCORE_TEST_SEED=<int>.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hashPasswordSync, hashPasswordWithSalt, verifyPasswordSync } from "authcore";
import {
  VERSIONS,
  VECTORS_FILE,
  SEED,
  loadBetterAuth,
  passwordCorpus,
  oneCharChanged,
  sameScryptInput,
  saltOf,
  show,
  describeInput,
  witnessHash,
  settle,
  showOutcome,
} from "./support/better-auth.mjs";

const corpus = passwordCorpus();
// authcore hashes each input once; both Better Auth versions verify the same hash.
const acHashes = new Map();
const HASH_RE = /^[0-9a-f]{32}:[0-9a-f]{128}$/;

test(`password corpus: ${corpus.length} inputs per Better Auth version, PRNG seed ${SEED}`, (t) => {
  t.diagnostic(`seed ${SEED} (set AUTHCORE_TEST_SEED to change it)`);
  assert.ok(corpus.length >= 50);
  // The corpus is what it claims: `equiv` entries are the same scrypt input, `near` ones not.
  for (const e of corpus) {
    for (const q of [e.pw, ...e.equiv, ...e.near]) assert.ok(q.length <= 128, `${e.label}: ${show(q)} is ${q.length} units`);
    for (const q of e.equiv) assert.ok(sameScryptInput(q, e.pw), `${e.label}: equiv ${show(q)}`);
    for (const q of e.near) assert.ok(!sameScryptInput(q, e.pw), `${e.label}: near ${show(q)}`);
  }
  assert.ok(corpus.filter((e) => e.pw.length === 128).length >= 8, "several inputs of exactly 128 UTF-16 units");
  assert.ok(corpus.some((e) => e.pw.length === 128 && /[\ud800-\udfff]/.test(e.pw)), "an astral input of exactly 128 units");
});

test("the witness (node:crypto scrypt) reproduces the published vectors", () => {
  // Guards the third witness used below: if it were wrong, fixed-salt checks would prove nothing.
  const { passwords } = JSON.parse(readFileSync(VECTORS_FILE, "utf8"));
  for (const v of [...passwords.vectors, passwords.fixedSaltVector]) {
    assert.equal(witnessHash(v.password, saltOf(v.hash)), v.hash, describeInput(v.password));
  }
});

for (const v of VERSIONS) {
  // Two inputs at a time: one runs authcore on this thread while the other waits on Better Auth.
  describe(`better-auth ${v.version} ⇄ authcore (seed ${SEED})`, { concurrency: 2 }, () => {
    let ba;
    before(async () => {
      ba = await loadBetterAuth(v);
    });

    test(`npm alias ${v.alias} resolves better-auth ${v.version} with its own core/utils`, () => {
      assert.equal(ba.resolved.betterAuth.name, "better-auth");
      assert.equal(ba.resolved.betterAuth.version, v.version);
      assert.equal(ba.resolved.core.name, "@better-auth/core");
      assert.equal(ba.resolved.core.version, v.core);
      assert.equal(ba.resolved.utils.name, "@better-auth/utils");
      assert.equal(ba.resolved.utils.version, v.utils);
    });

    test(`published vectors (better-auth-1.6.34.json) through authcore and better-auth ${v.version}`, async () => {
      const { passwords } = JSON.parse(readFileSync(VECTORS_FILE, "utf8"));
      assert.deepEqual(
        { N: passwords.params.N, r: passwords.params.r, p: passwords.params.p, dkLen: passwords.params.dkLen },
        { N: 16384, r: 16, p: 1, dkLen: 64 },
      );
      const all = [...passwords.vectors, passwords.fixedSaltVector];
      assert.ok(all.length >= 4);
      for (const vec of all) {
        const what = describeInput(vec.password);
        assert.equal(Buffer.from(vec.password, "utf8").toString("hex"), vec.passwordUtf8Hex, what);
        if (vec.nfkc !== undefined) assert.equal(vec.password.normalize("NFKC"), vec.nfkc, what);
        // The vector is valid for this Better Auth version…
        assert.equal(await ba.verifyPassword({ hash: vec.hash, password: vec.password }), true, `better-auth: ${what}`);
        // …and authcore agrees: verifies it and recomputes it byte for byte from its salt.
        assert.equal(verifyPasswordSync({ hash: vec.hash, password: vec.password }), true, `authcore verify: ${what}`);
        assert.equal(hashPasswordWithSalt(vec.password, saltOf(vec.hash)), vec.hash, `authcore with salt: ${what}`);
        if (vec.nfkcEquivalentAlsoVerifies) {
          assert.equal(await ba.verifyPassword({ hash: vec.hash, password: vec.nfkc }), true, what);
          assert.equal(verifyPasswordSync({ hash: vec.hash, password: vec.nfkc }), true, `authcore, NFKC form: ${what}`);
        }
      }
      // Uppercase hex in the stored key: Better Auth compares hex strings with ===.
      const v0 = passwords.vectors[0];
      const upper = `${saltOf(v0.hash)}:${v0.hash.slice(33).toUpperCase()}`;
      const baUpper = await settle(() => ba.verifyPassword({ hash: upper, password: v0.password }));
      const acUpper = await settle(() => verifyPasswordSync({ hash: upper, password: v0.password }));
      assert.deepEqual(baUpper, { ok: true, value: passwords.uppercaseHexKeyVerifies });
      assert.deepEqual(acUpper, baUpper, `uppercase key: better-auth ${showOutcome(baUpper)}, authcore ${showOutcome(acUpper)}`);
    });

    // One test per input. On each version, the right password goes both ways: authcore's hash
    // must verify with Better Auth and Better Auth's with authcore, and (first version) authcore
    // given Better Auth's salt must produce Better Auth's exact string. Wrong and alternative
    // spellings cost a scrypt each, so they are spread out: the one-char-changed password goes
    // one way on one version and the other way on the other; each NFKC-equal spelling and
    // look-alike is checked once in all, alternating direction. Better Auth's verify code is
    // the same in both versions.
    // authcore's sync calls run on this thread while Better Auth's scrypt runs on libuv's pool,
    // and two inputs run at once, so both cores stay busy.
    const vi = VERSIONS.indexOf(v);
    for (const [i, e] of corpus.entries()) {
      test(`#${i} ${e.label}: ${show(e.pw, 40)}`, async () => {
        const what = describeInput(e.pw);
        const wrong = oneCharChanged(e.pw);
        const extra = [...e.equiv, ...e.near].filter((_, k) => (i + k) % 2 === vi);
        const wrongToBa = (i + vi) % 2 === 0;
        const extraToBa = vi === 0;

        // Better Auth hashes (async, thread pool) while authcore hashes (sync, here).
        const baHashP = ba.hashPassword(e.pw);
        if (!acHashes.has(i)) acHashes.set(i, hashPasswordSync(e.pw));
        const acHash = acHashes.get(i);
        const baHash = await baHashP;
        assert.match(acHash, HASH_RE, `authcore hash format for ${what}`);
        assert.match(baHash, HASH_RE);

        const forBa = [e.pw, ...(wrongToBa ? [wrong] : []), ...(extraToBa ? extra : [])];
        const forAc = [e.pw, ...(wrongToBa ? [] : [wrong]), ...(extraToBa ? [] : extra)];
        const baVerdictsP = Promise.all(forBa.map((password) => ba.verifyPassword({ hash: acHash, password })));
        const acVerdicts = forAc.map((password) => verifyPasswordSync({ hash: baHash, password }));
        // Force Better Auth's salt: authcore must produce Better Auth's exact string.
        const acWithBaSalt = vi === 0 ? hashPasswordWithSalt(e.pw, saltOf(baHash)) : null;
        const baVerdicts = await baVerdictsP;

        if (vi === 0) assert.equal(acWithBaSalt, baHash, `hashPasswordWithSalt(pw, BA's salt) ≠ BA's hash for ${what}`);
        forBa.forEach((password, k) => {
          const msg = `better-auth verify(authcore's hash) for ${what}, candidate ${describeInput(password)}`;
          assert.equal(baVerdicts[k], sameScryptInput(password, e.pw), msg);
        });
        forAc.forEach((password, k) => {
          const msg = `authcore verify(better-auth's hash) for ${what}, candidate ${describeInput(password)}`;
          assert.equal(acVerdicts[k], sameScryptInput(password, e.pw), msg);
        });
      });
    }

    if (vi === 0) {
      test("Better Auth's pure-JS scrypt (@noble/hashes; the Convex/edge path) agrees both ways", async () => {
        const noble = await ba.loadNoble();
        for (const pw of ["Ångström-ﬁ²Ⅻ 😀", "\ud800 lone"]) {
          const what = describeInput(pw);
          const nobleHash = await noble.hashPassword(pw);
          assert.equal(hashPasswordWithSalt(pw, saltOf(nobleHash)), nobleHash, `noble-salted hash: ${what}`);
          assert.equal(verifyPasswordSync({ hash: nobleHash, password: pw }), true, `authcore verify(noble): ${what}`);
          assert.equal(await noble.verifyPassword({ hash: hashPasswordSync(pw), password: pw }), true, `noble verify(authcore): ${what}`);
        }
      });
    }
  });
}

test("NFKC-sensitive inputs: authcore with a fixed salt equals node:crypto scrypt over NFKC", () => {
  const salt = "0123456789abcdef0123456789abcdef";
  const nfkcSensitive = corpus.filter((e) => e.pw.normalize("NFKC") !== e.pw && e.pw.length < 64).slice(0, 8);
  assert.equal(nfkcSensitive.length, 8);
  for (const e of nfkcSensitive) {
    const expected = witnessHash(e.pw, salt);
    assert.equal(hashPasswordWithSalt(e.pw, salt), expected, describeInput(e.pw));
    // Without NFKC the key would differ: proves the normalisation is really being exercised.
    assert.notEqual(expected, witnessHash(e.pw, salt, { nfkc: false }));
  }
});

test("non-hex and non-ASCII salts: hashPasswordWithSalt uses the salt string's UTF-8 bytes", async () => {
  // Better Auth accepts any non-empty salt string in stored hashes (imported hashes).
  const ba = await loadBetterAuth(VERSIONS[0]);
  for (const [k, salt] of ["mysalt", "SALT-With-Upper", "sälz🧂", "0123456789ABCDEF0123456789ABCDEF"].entries()) {
    const expected = witnessHash("hunter2", salt);
    if (k === 2) assert.equal(await ba.verifyPassword({ hash: expected, password: "hunter2" }), true);
    assert.equal(hashPasswordWithSalt("hunter2", salt), expected, `salt ${JSON.stringify(salt)}`);
    assert.equal(verifyPasswordSync({ hash: expected, password: "hunter2" }), true, `verify, salt ${JSON.stringify(salt)}`);
    if (k === 2) assert.equal(verifyPasswordSync({ hash: expected, password: "hunter3" }), false);
  }
});
