// Start-up and size of the installed package (issue "Everywhere": goals ≤ 300 KB gzipped for
// the whole package, import + instantiate ≤ 30 ms in Node).
//
//   node bench/startup.mjs            # ROUNDS=15 fresh Node processes by default
//   ENTRY=authcore/passwords node bench/startup.mjs   # another entry (issue 17: one WASM each)
//
// Each round starts a fresh `node` process that imports authcore (ESM, then CommonJS in
// another process) and measures, with performance.now() inside that process:
//   import  — from just before `await import("authcore")` to the module being ready to hash
//             (the WASM is compiled and instantiated synchronously during import);
//   first   — one hashPasswordSync after that (a full scrypt, N=16384 r=16: the work itself).
// Sizes: the .wasm raw and gzipped, the npm tarball (what `npm install` downloads) and the sum
// of every file of the installed package gzipped one by one.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const ENTRY = JSON.stringify(process.env.ENTRY ?? "authcore");
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("authcore/package.json"));

const esm = `
const t0 = performance.now();
const m = await import(${ENTRY});
const t1 = performance.now();
m.hashPasswordSync("correct horse battery staple");
const t2 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, first: t2 - t1 }));`;
const cjs = `
const t0 = performance.now();
const m = require(${ENTRY});
const t1 = performance.now();
m.hashPasswordSync("correct horse battery staple");
const t2 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, first: t2 - t1 }));`;

function run(kind) {
  const args = kind === "esm" ? ["--input-type=module", "-e", esm] : ["-e", cjs];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: "utf8" }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = { esm: [], cjs: [] };
for (let i = 0; i < ROUNDS; i++) for (const k of ["esm", "cjs"]) rows[k].push(run(k));

console.log(`${JSON.parse(ENTRY)} start-up in Node ${process.version}, ${ROUNDS} fresh processes each (median):`);
for (const k of ["esm", "cjs"]) {
  const imp = median(rows[k].map((r) => r.import));
  const first = median(rows[k].map((r) => r.first));
  console.log(`  ${k === "esm" ? "import()  " : "require() "} import + instantiate ${imp.toFixed(1)} ms (goal ≤ 30), first hash ${first.toFixed(1)} ms, ready-to-first-hash ${(imp + first).toFixed(1)} ms`);
}

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
const all = files(pkgDir);
const wasmPath = join(pkgDir, "dist", JSON.parse(ENTRY).replace(/^authcore\/?/, ""), "wasm", "authcore_bg.wasm");
const wasm = readFileSync(wasmPath);
const raw = all.reduce((n, p) => n + statSync(p).size, 0);
const gz = all.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0);
console.log(`  ${JSON.parse(ENTRY)}'s .wasm ${wasm.length} B raw, ${gzipSync(wasm, { level: 9 }).length} B gzipped`);
console.log(`  installed package: ${all.length} files, ${raw} B raw, ${gz} B gzipped file by file (goal ≤ 300 KB)`);
try {
  const tgz = readdirSync("target/npm").filter((n) => n.endsWith(".tgz"));
  for (const t of tgz) console.log(`  npm tarball ${t}: ${statSync(join("target/npm", t)).size} B`);
} catch {
  // no tarball built here (scripts/install-pkg.sh makes it)
}
