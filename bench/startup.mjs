// Start-up and size of the installed package (issue 17's goals: the Node entry's import +
// instantiate ≤ 10 ms, the first `hashPassword` of a fresh process ≤ 90 ms end to end).
//
//   node bench/startup.mjs            # ROUNDS=15 fresh Node processes by default
//   ENTRY=authcore/passwords node bench/startup.mjs   # another entry (issue 17: one WASM each)
//
// Each round starts four fresh `node` processes that import authcore (ESM or CommonJS) and
// measure, with performance.now() inside that process:
//   import  — from just before `await import("authcore")` / `require` to the module being
//             ready to hash;
//   first   — one hashPasswordSync (inline) or `await hashPassword` (the worker pool) after that
//             (a full scrypt, N=16384 r=16: the work itself).
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

// One fresh process: import (ESM or CommonJS), then the first hash, sync (inline) or async
// (`await hashPassword`: the Node entry's worker pool, or inline while it starts).
// ESM: an empty data: module is imported first, so "import" is the entry's own cost, not the
// ESM loader's first-use set-up (5–10 ms idle, printed as "loader").
const body = (load, fn, warm = "") => `
const tl = performance.now();
${warm}
const t0 = performance.now();
const m = ${load};
const t1 = performance.now();
${fn === "sync" ? "" : "await "}m.${fn === "sync" ? "hashPasswordSync" : "hashPassword"}("correct horse battery staple");
const t2 = performance.now();
console.log(JSON.stringify({ loader: t0 - tl, import: t1 - t0, first: t2 - t1 }));`;

function run(kind, fn) {
  const args =
    kind === "esm"
      ? ["--input-type=module", "-e", body(`await import(${ENTRY})`, fn, `await import("data:text/javascript,export default 1");`)]
      : ["-e", `(async () => {${body(`require(${ENTRY})`, fn)}})()`];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: "utf8" }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const KINDS = [
  ["esm", "sync"],
  ["esm", "async"],
  ["cjs", "sync"],
  ["cjs", "async"],
];
const rows = Object.fromEntries(KINDS.map((k) => [k.join("-"), []]));
for (let i = 0; i < ROUNDS; i++) for (const [k, fn] of KINDS) rows[`${k}-${fn}`].push(run(k, fn));

console.log(`${JSON.parse(ENTRY)} start-up in Node ${process.version}, ${ROUNDS} fresh processes each (median):`);
for (const [k, fn] of KINDS) {
  const rs = rows[`${k}-${fn}`];
  const imp = median(rs.map((r) => r.import));
  const first = median(rs.map((r) => r.first));
  const total = median(rs.map((r) => r.loader + r.import + r.first));
  const loader = k === "esm" ? ` (after the ESM loader's set-up, ${median(rs.map((r) => r.loader)).toFixed(1)} ms)` : "";
  console.log(
    `  ${k === "esm" ? "import() " : "require()"} + ${fn === "sync" ? "hashPasswordSync" : "hashPassword    "}: import + instantiate ${imp.toFixed(1)} ms${loader} (goal ≤ 10), first hash ${first.toFixed(1)} ms, import → first hash ${total.toFixed(1)} ms (goal ≤ 90)`,
  );
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
