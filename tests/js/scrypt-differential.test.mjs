// The WASM builds' scrypt (src/password/romix.rs: our ROMix around the SIMD128 BlockMix, so V8
// can tier BlockMix up during a process's first hash) against things we did not write: the
// RFC 7914 vectors and Node's OpenSSL scrypt over many parameter sets, through `$scrypt$` PHC
// strings, in both entries and on both paths (inline, and the Node entry's worker pool).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, scryptSync } from "node:crypto";
import { readFileSync } from "node:fs";
import * as full from "authcore";
import * as passwords from "authcore/passwords";

const b64 = (buf) => Buffer.from(buf).toString("base64").replace(/=+$/, "");
const phc = (ln, r, p, salt, key) => `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
const legacy = { legacy: true };

// scrypt PHC strings are a legacy format: authcore/passwords verifies them; the request path
// (authcore) hashes Better Auth's scrypt with the same core but refuses legacy formats (issue 17).
test("RFC 7914 vectors (those with a salt: PHC strings carry one) verify in authcore/passwords, inline and on the pool", async () => {
  const { vectors } = JSON.parse(readFileSync(new URL("../vectors/rfc7914-scrypt.json", import.meta.url)));
  const usable = vectors.filter((v) => v.salt !== "");
  assert.equal(usable.length, 2);
  for (const v of usable) {
    const hash = phc(Math.log2(v.N), v.r, v.p, Buffer.from(v.salt), Buffer.from(v.dk, "hex"));
    assert.throws(() => full.verifyPasswordSync({ hash, password: v.password }), { code: "ERR_HASH_UNSUPPORTED" });
    for (const api of [passwords]) {
      assert.equal(api.verifyPasswordSync({ hash, password: v.password }, legacy), true, `N=${v.N} r=${v.r} p=${v.p}`);
      assert.equal(await api.verifyPassword({ hash, password: v.password }, legacy), true);
      assert.equal(api.verifyPasswordSync({ hash, password: `${v.password}!` }, legacy), false);
    }
  }
});

test("random parameters (ln 1–12, r 1–9, p 1–3, odd key lengths) agree with Node's OpenSSL scrypt", async () => {
  let n = 0;
  for (let ln = 1; ln <= 12; ln++) {
    for (let r = 1; r <= 9; r += 2 + (ln % 2)) {
      for (let p = 1; p <= 3; p++) {
        const password = randomBytes(1 + (ln * r * p) % 40).toString("base64");
        const salt = randomBytes(1 + ((ln + r + p) % 32));
        const key = scryptSync(password, salt, 16 + ((ln * 7 + r + p) % 49), { N: 2 ** ln, r, p, maxmem: 256 * 2 ** 20 });
        const hash = phc(ln, r, p, salt, key);
        const api = passwords;
        const ok = n % 3 ? api.verifyPasswordSync({ hash, password }, legacy) : await api.verifyPassword({ hash, password }, legacy);
        assert.equal(ok, true, `ln=${ln} r=${r} p=${p}`);
        assert.equal(api.verifyPasswordSync({ hash, password: `${password}x` }, legacy), false);
        n++;
      }
    }
  }
  assert.ok(n >= 100, `${n} parameter sets`);
});
