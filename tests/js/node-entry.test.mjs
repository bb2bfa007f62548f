// The Node entries (ESM bundle and CommonJS) read dist/wasm/authcore_bg.wasm beside them; when a
// copy step leaves that file behind they must fall back to the inline base64 copy and behave the
// same. The entry bundlers get (`node` + `module` conditions: index.node-inline.mjs) needs no
// file at all. Runs a copy of the installed package with and without the .wasm file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";

const installed = dirname(createRequire(import.meta.url).resolve("authcore/package.json"));
const vectors = JSON.parse(
  readFileSync(new URL("../vectors/better-auth/better-auth-1.6.34.json", import.meta.url), "utf8"),
);
const V = vectors.passwords.vectors[0];

/** Import the ESM or CommonJS Node entry of `dir` in a fresh process; hash and verify there. */
function run(dir, kind) {
  const entry = join(dir, "dist", { esm: "index.node.mjs", cjs: "index.node.cjs", bundlers: "index.node-inline.mjs" }[kind]);
  const body = `
    const m = ${kind !== "cjs" ? `await import(${JSON.stringify(pathToFileURL(entry).href)})` : `require(${JSON.stringify(entry)})`};
    const ok = m.verifyPasswordSync({ hash: ${JSON.stringify(V.hash)}, password: ${JSON.stringify(V.password)} });
    const bad = m.verifyPasswordSync({ hash: ${JSON.stringify(V.hash)}, password: "wrong" });
    const again = await m.verifyPassword({ hash: ${JSON.stringify(V.hash)}, password: ${JSON.stringify(V.password)} });
    console.log(JSON.stringify({ ok, bad, again }));`;
  const args = kind !== "cjs" ? ["--input-type=module", "-e", body] : ["-e", `(async () => { ${body} })()`];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8" }).trim());
}

for (const kind of ["esm", "cjs"]) {
  test(`Node ${kind} entry: with the .wasm file and, without it, from the inline copy`, () => {
    const dir = mkdtempSync(join(tmpdir(), "authcore-entry-"));
    try {
      cpSync(installed, dir, { recursive: true });
      const expected = { ok: true, bad: false, again: true };
      assert.deepEqual(run(dir, kind), expected);
      // The fast path needs only the .wasm file...
      rmSync(join(dir, "dist", "wasm-inline.cjs"));
      assert.deepEqual(run(dir, kind), expected);
      // ...and the fallback only the inline copy.
      cpSync(join(installed, "dist", "wasm-inline.cjs"), join(dir, "dist", "wasm-inline.cjs"));
      rmSync(join(dir, "dist", "wasm", "authcore_bg.wasm"));
      assert.equal(existsSync(join(dir, "dist", "wasm", "authcore_bg.wasm")), false);
      assert.deepEqual(run(dir, kind), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("Node entry for bundlers (node + module conditions): inline bytes, no .wasm file read", () => {
  const dir = mkdtempSync(join(tmpdir(), "authcore-entry-"));
  try {
    cpSync(installed, dir, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    for (const [sub, e] of Object.entries(pkg.exports)) {
      if (e.node) assert.match(e.node.module, /index\.node-inline\.mjs$/, `${sub}: node.module`);
    }
    rmSync(join(dir, "dist", "wasm", "authcore_bg.wasm"));
    assert.deepEqual(run(dir, "bundlers"), { ok: true, bad: false, again: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
