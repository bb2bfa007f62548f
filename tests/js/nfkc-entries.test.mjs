// The package's password WASM (`authcore`, `authcore/passwords`) carries no Unicode tables: it
// normalises with the runtime's `String.prototype.normalize`, as Better Auth does (issue 17).
// Through every Node-loadable form of both entries (the worker-pool Node entry, the bundlers'
// Node entry, the inline entry Convex and `default` use, both CommonJS bundles) and every
// password path (sync, async inline or on the pool, createPasswordHasher, betterAuthMigration):
// Better Auth's published NFKC vectors, and hashes made by the real better-auth verified by us
// and ours by it, for non-ASCII passwords. Then, in child processes whose `normalize` does
// nothing (a V8 built without ICU), every form refuses with ERR_NFKC_UNAVAILABLE, thousands of
// times, and keeps serving what needs no normalisation. The edge, workerd and browser forms run
// in their real runtimes in scripts/test-runtimes.sh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { VERSIONS, VECTORS_FILE, loadBetterAuth, saltOf, describeInput } from "./support/better-auth.mjs";

const require = createRequire(import.meta.url);
const installed = dirname(require.resolve("authcore/package.json"));
const { passwords } = JSON.parse(readFileSync(VECTORS_FILE, "utf8"));
const nonAscii = passwords.vectors.filter((v) => v.password !== v.nfkc);
// More inputs whose NFKC differs from them (ligature, full width, super/subscripts, Roman
// numerals, decomposed accents, compatibility Hangul), each also astral or combined.
const EXTRA = ["ﬁ ﬂ ﬀ Ａｂｃ ² ₃ Ⅻ ㈜ ㎏ ½ \uFDFA", "e\u0301 Å \u212B 😀 ㄱㅏ"];

const FORMS = [];
for (const entry of ["", "passwords"]) {
  const dist = join(installed, "dist", entry);
  FORMS.push({ name: `${entry || "authcore"} node (worker pool)`, entry, load: () => import(pathToFileURL(join(dist, "index.node.mjs")).href) });
  FORMS.push({ name: `${entry || "authcore"} node + module (bundlers; worker pool)`, entry, load: () => import(pathToFileURL(join(dist, "index.node-inline.mjs")).href) });
  FORMS.push({ name: `${entry || "authcore"} inline (convex, default)`, entry, load: () => import(pathToFileURL(join(dist, "index.inline.mjs")).href) });
  FORMS.push({ name: `${entry || "authcore"} CommonJS (node require; worker pool)`, entry, load: async () => require(join(dist, "index.node.cjs")) });
  FORMS.push({ name: `${entry || "authcore"} CommonJS (require outside Node)`, entry, load: async () => require(join(dist, "index.cjs")) });
}

test("the runtime normalises (this suite needs ICU)", () => {
  assert.equal("\uFB01".normalize("NFKC"), "fi");
  assert.ok(nonAscii.length >= 1, "the vectors hold an NFKC-sensitive password");
});

const ba = await loadBetterAuth(VERSIONS[0]);

for (const form of FORMS) {
  test(`${form.name}: Better Auth's NFKC vectors and the real better-auth, both ways`, async () => {
    const m = await form.load();
    for (const v of nonAscii) {
      const what = describeInput(v.password);
      assert.equal(m.hashPasswordWithSalt(v.password, saltOf(v.hash)), v.hash, what);
      assert.equal(m.verifyPasswordSync({ hash: v.hash, password: v.password }), true, what);
      assert.equal(m.verifyPasswordSync({ hash: v.hash, password: v.nfkc }), true, `NFKC form of ${what}`);
      assert.equal(await m.verifyPassword({ hash: v.hash, password: v.nfkc }), true, `async, NFKC form of ${what}`);
      assert.equal(await m.verifyPassword({ hash: v.hash, password: `${v.password}x` }), false, what);
    }
    const hasher = m.createPasswordHasher({ maxPasswordLength: 128 });
    // betterAuthMigration and the legacy option are authcore/passwords' (issue 17).
    const migration = form.entry === "passwords" ? m.betterAuthMigration() : null;
    for (const pw of [...nonAscii.map((v) => v.password), ...EXTRA]) {
      const what = describeInput(pw);
      const nfkc = pw.normalize("NFKC");
      assert.notEqual(nfkc, pw, `${what} is NFKC-sensitive`);
      // Ours → Better Auth, through each path.
      for (const [path, hash] of [
        ["hashPassword", await m.hashPassword(pw)],
        ["hashPasswordSync", m.hashPasswordSync(pw)],
        ["createPasswordHasher().hash", await hasher.hash(pw)],
        ["createPasswordHasher().hashSync", hasher.hashSync(pw)],
        ...(migration ? [["betterAuthMigration().hash", await migration.hash(pw)]] : []),
      ]) {
        assert.equal(await ba.verifyPassword({ hash, password: pw }), true, `better-auth verify(${path}) of ${what}`);
        assert.equal(await ba.verifyPassword({ hash, password: nfkc }), true, `better-auth verify(${path}), NFKC form of ${what}`);
      }
      // Better Auth → ours, through each path.
      const baHash = await ba.hashPassword(pw);
      assert.equal(await m.verifyPassword({ hash: baHash, password: pw }), true, what);
      assert.equal(await m.verifyPassword({ hash: baHash, password: nfkc }), true, what);
      if (migration) assert.equal(await m.verifyPassword({ hash: baHash, password: pw }, { legacy: true }), true, what);
      assert.equal(m.verifyPasswordSync({ hash: baHash, password: pw }), true, what);
      assert.equal(await hasher.verify({ hash: baHash, password: pw }), true, what);
      assert.equal(hasher.verifySync({ hash: baHash, password: nfkc }), true, what);
      if (migration) assert.equal(await migration.verify({ hash: baHash, password: pw }), true, what);
      assert.equal(await m.verifyPassword({ hash: baHash, password: `${pw}!` }), false, what);
    }
    // The opted-in limit counts the password as given (before NFKC): 128 "ﬁ" pass a limit of 128.
    const fi = "\uFB01".repeat(128);
    assert.equal(await ba.verifyPassword({ hash: hasher.hashSync(fi), password: fi }), true);
    assert.throws(() => hasher.hashSync(fi + "\uFB01"), { code: "ERR_PASSWORD_TOO_LONG" });
    if (form.entry === "") assert.equal(m.nearDuplicateKey(" E\u0301@X.io "), "\u00e9@x.io");
  });
}

/** Run `body` with `m` bound to the form, in a fresh process whose `normalize` does nothing. */
function withoutIcu(form, body) {
  const dist = join(installed, "dist", form.entry);
  const file = {
    "node (worker pool)": "index.node.mjs",
    "node + module (bundlers; worker pool)": "index.node-inline.mjs",
    "inline (convex, default)": "index.inline.mjs",
    "CommonJS (node require; worker pool)": "index.node.cjs",
    "CommonJS (require outside Node)": "index.cjs",
  }[form.name.slice(form.name.indexOf(" ") + 1)];
  const path = join(dist, file);
  const load = file.endsWith(".cjs") ? `require(${JSON.stringify(path)})` : `await import(${JSON.stringify(pathToFileURL(path).href)})`;
  const script = `
    // A V8 without ICU: normalize() returns the string unchanged.
    String.prototype.normalize = function () { return String(this); };
    (async () => {
      const m = ${load};
      const codes = [];
      const code = async (f) => { try { await f(); codes.push("ok"); } catch (e) { codes.push(e.code); } };
      ${body}
      console.log(JSON.stringify(codes));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop());
}

const V = passwords.vectors[0];
for (const form of FORMS) {
  test(`${form.name}: an engine without ICU gets ERR_NFKC_UNAVAILABLE, never a different hash`, () => {
    // The pool's workers are threads with their own, unpatched String.prototype: only this
    // thread's paths are an engine without ICU there.
    const pool = form.name.includes("worker pool");
    const codes = withoutIcu(
      form,
      `
      for (let i = 0; i < 2000; i++) {
        await code(() => m.hashPasswordSync("p\\u00e4ss " + i));
        await code(() => m.verifyPasswordSync({ hash: ${JSON.stringify(V.hash)}, password: "ascii too " + i }));
      }
      await code(() => m.hashPasswordWithSalt("x", "salt"));
      await code(() => m.createPasswordHasher({ maxPasswordLength: 64 }).hashSync("x"));
      ${pool ? "" : `await code(() => m.hashPassword("x"));
      await code(() => m.verifyPassword({ hash: ${JSON.stringify(V.hash)}, password: "x" }));
      ${form.entry === "passwords" ? `await code(() => m.betterAuthMigration().verify({ hash: ${JSON.stringify(V.hash)}, password: "x" }));` : ""}`}
      ${form.entry === "" ? `await code(() => m.nearDuplicateKey("a@b.c"));` : ""}
      // The instance still serves what needs no normalisation.
      codes.push(m.inspectPasswordHash(${JSON.stringify(V.hash)}).algorithm);
      `,
    );
    const last = codes.pop();
    assert.equal(last, "better-auth-scrypt");
    assert.ok(codes.length >= 4002, `${codes.length} calls`);
    assert.deepEqual([...new Set(codes)], ["ERR_NFKC_UNAVAILABLE"]);
  });
}

// The normaliser is installed when an instance starts (wasm-bindgen's start function), not by
// the password bindings: a fresh process whose first call is an email key gets NFC too.
for (const form of FORMS.filter((f) => f.entry === "")) {
  test(`${form.name}: NFC in a fresh process whose first call is nearDuplicateKey`, () => {
    const file = { "node (worker pool)": "index.node.mjs", "node + module (bundlers; worker pool)": "index.node-inline.mjs", "inline (convex, default)": "index.inline.mjs", "CommonJS (node require; worker pool)": "index.node.cjs", "CommonJS (require outside Node)": "index.cjs" }[form.name.slice(form.name.indexOf(" ") + 1)];
    const path = join(installed, "dist", file);
    const load = file.endsWith(".cjs") ? `require(${JSON.stringify(path)})` : `await import(${JSON.stringify(pathToFileURL(path).href)})`;
    const out = execFileSync(process.execPath, ["-e", `(async () => { const m = ${load}; console.log(JSON.stringify(m.nearDuplicateKey(" E\\u0301@X.io "))); process.exit(0); })()`], { encoding: "utf8" });
    assert.equal(JSON.parse(out.trim().split("\n").pop()), "\u00e9@x.io");
  });
}
