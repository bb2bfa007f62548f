// CommonJS and ESM: `require("authcore")` and `import("authcore")` load two builds of the package
// (dist/index.node.cjs and dist/index.node.mjs). They must give identical hashes, read each
// other's hashes, and recognise each other's AuthError with `instanceof`.
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { scryptSync } = require("node:crypto");
const path = require("node:path");

const cjs = require("authcore");

const SALT = "0123456789abcdef0123456789abcdef";
const PASSWORDS = ["correct horse battery staple", "Ångström-ﬁ²Ⅻ", "😀".repeat(64), "\ud800 lone"];

// Better Auth's format straight from node:crypto (the witness; see support/better-auth.mjs).
function witness(password, salt) {
  const key = scryptSync(password.normalize("NFKC"), salt, 64, { N: 16384, r: 16, p: 1, maxmem: 128 * 16384 * 16 * 2 });
  return `${salt}:${key.toString("hex")}`;
}

test("require() and import() resolve to the CommonJS and ESM Node builds", async () => {
  const cjsFile = require.resolve("authcore");
  assert.equal(path.basename(cjsFile), "index.node.cjs");
  assert.ok(cjsFile.includes(`${path.sep}node_modules${path.sep}authcore${path.sep}`), cjsFile);
  const esm = await import("authcore");
  for (const name of ["hashPassword", "verifyPassword", "hashPasswordSync", "verifyPasswordSync", "hashPasswordWithSalt", "createPasswordHasher", "AuthError"]) {
    assert.equal(typeof cjs[name], "function", `require("authcore").${name}`);
    assert.equal(typeof esm[name], "function", `import("authcore").${name}`);
  }
  // Two separate copies (otherwise the cross-copy checks below would prove nothing).
  assert.notEqual(cjs.AuthError, esm.AuthError, "ESM and CommonJS AuthError are distinct classes");
  assert.notEqual(cjs.hashPasswordSync, esm.hashPasswordSync);
});

test("same hashes for a fixed salt from CommonJS, ESM and node:crypto", async () => {
  const esm = await import("authcore");
  for (const pw of PASSWORDS) {
    const fromCjs = cjs.hashPasswordWithSalt(pw, SALT);
    const fromEsm = esm.hashPasswordWithSalt(pw, SALT);
    assert.equal(fromCjs, fromEsm, JSON.stringify(pw));
    assert.equal(fromCjs, witness(pw, SALT), JSON.stringify(pw));
  }
});

test("each copy verifies the other's random-salt hashes; Better Auth verifies the CommonJS one", async () => {
  const esm = await import("authcore");
  const { verifyPassword: baVerify } = await import("better-auth-1.6/crypto");
  const pw = PASSWORDS[1];
  const fromCjs = await cjs.hashPassword(pw);
  const fromEsm = esm.hashPasswordSync(pw);
  assert.equal(esm.verifyPasswordSync({ hash: fromCjs, password: pw }), true);
  assert.equal(await cjs.verifyPassword({ hash: fromEsm, password: pw }), true);
  assert.equal(cjs.verifyPasswordSync({ hash: fromEsm, password: pw + "!" }), false);
  assert.equal(await baVerify({ hash: fromCjs, password: pw }), true);
  const hasher = cjs.createPasswordHasher({ maxPasswordLength: 256 });
  const long = "l".repeat(200);
  assert.equal(esm.createPasswordHasher({ maxPasswordLength: 256 }).verifySync({ hash: hasher.hashSync(long), password: long }), true);
});

test("AuthError from one copy is an instanceof AuthError of the other", async () => {
  const esm = await import("authcore");
  const thrown = [];
  const grab = (fn) => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    assert.fail("did not throw");
  };
  const grabAsync = async (p) => p.then(() => assert.fail("did not reject"), (e) => e);
  thrown.push(["cjs sync", grab(() => cjs.hashPasswordSync("x".repeat(65537))), "ERR_PASSWORD_TOO_LONG"]);
  thrown.push(["cjs async", await grabAsync(cjs.verifyPassword({ hash: "nope", password: "x" })), "ERR_HASH_MALFORMED"]);
  thrown.push(["cjs options", grab(() => cjs.createPasswordHasher({ maxPasswordLength: -1 })), "ERR_INVALID_ARGUMENT"]);
  thrown.push(["esm sync", grab(() => esm.verifyPasswordSync(null)), "ERR_INVALID_ARGUMENT"]);
  thrown.push(["esm async", await grabAsync(esm.hashPassword("y".repeat(65537))), "ERR_PASSWORD_TOO_LONG"]);
  thrown.push(["cjs constructed", new cjs.AuthError("ERR_X", "made by hand"), "ERR_X"]);
  thrown.push(["esm constructed", new esm.AuthError("ERR_Y", "made by hand"), "ERR_Y"]);
  for (const [label, e, code] of thrown) {
    assert.ok(e instanceof cjs.AuthError, `${label}: instanceof CommonJS AuthError`);
    assert.ok(e instanceof esm.AuthError, `${label}: instanceof ESM AuthError`);
    assert.ok(e instanceof Error, label);
    assert.equal(e.name, "AuthError", label);
    assert.equal(e.code, code, label);
  }
  // …and the brand is not a blanket yes.
  const impostor = Object.assign(new Error("x"), { name: "AuthError", code: "ERR_HASH_MALFORMED" });
  for (const C of [cjs.AuthError, esm.AuthError]) {
    assert.equal(impostor instanceof C, false);
    assert.equal(null instanceof C, false);
    assert.equal({} instanceof C, false);
  }
});
