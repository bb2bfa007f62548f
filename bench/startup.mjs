// Start-up of the Node entries (issue 17: import + instantiate ≤ 10 ms, the first `hashPassword`
// of a fresh process ≤ 90 ms end to end), and the installed package's size.
//
//   node bench/startup.mjs                      # both entries, ROUNDS=9 fresh processes per row
//   ROUNDS=15 ENTRY=authcore/passwords node bench/startup.mjs   # one entry
//
// Each row is a fresh `node` process per round (ESM `import()` or CommonJS `require`; the first
// hash through `await hashPassword` or `hashPasswordSync`), rows interleaved round by round so
// that load from other processes spreads over all of them. Inside the process, with
// performance.now() (wall) and process.cpuUsage() (CPU of every thread of the process):
//   import       — `await import(entry)` / `require(entry)` (ESM: after the loader's own set-up,
//                  a data: module imported first, printed as "loader");
//   instantiate  — the first call that needs the WASM (`inspectPasswordHash`): read, compile,
//                  instantiate;
//   first hash   — the first hash of the process (Better Auth's scrypt N=16384 r=16), from the
//                  call to the result;
//   end to end   — import + instantiate + first hash (what issue 17's 90 ms is about);
//   warm hash    — the fourth hash of the same process.
// Printed: the median over the rounds, [min–max], and the CPU median. Wall time counts waiting
// for a core when the machine is shared (the load average is printed); CPU time does not, but
// counts work on other threads (a worker's start-up, V8's background compilation).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const ENTRIES = process.env.ENTRY ? [process.env.ENTRY] : ["authcore", "authcore/passwords"];
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("authcore/package.json"));
// A Better Auth hash to inspect (any well-formed `salt:key`): the cheapest call that needs WASM.
const HASH = `${"ab".repeat(16)}:${"cd".repeat(64)}`;

const body = (entry, kind, fn) => {
  const load = kind === "esm" ? `await import(${JSON.stringify(entry)})` : `require(${JSON.stringify(entry)})`;
  const hash = fn === "sync" ? `m.hashPasswordSync(pw)` : `await m.hashPassword(pw)`;
  return `
const now = () => { const c = process.cpuUsage(); return [performance.now(), (c.user + c.system) / 1000]; };
const d = (a, b) => [b[0] - a[0], b[1] - a[1]];
const pw = "correct horse battery staple";
const tl = now();
${kind === "esm" ? `await import("data:text/javascript,export default 1");` : ""}
const t0 = now();
const m = ${load};
const t1 = now();
m.inspectPasswordHash(${JSON.stringify(HASH)});
const t2 = now();
${hash};
const t3 = now();
${hash}; ${hash};
const t4 = now();
${hash};
const t5 = now();
console.log(JSON.stringify({ loader: d(tl, t0), import: d(t0, t1), instantiate: d(t1, t2), first: d(t2, t3), e2e: d(t0, t3), warm: d(t4, t5) }));`;
};

function run(entry, kind, fn) {
  const code = body(entry, kind, fn);
  const args = kind === "esm" ? ["--input-type=module", "-e", code] : ["-e", `(async () => {${code}})()`];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: "utf8" }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (rs, k) => {
  const wall = rs.map((r) => r[k][0]);
  return `${median(wall).toFixed(1)} [${Math.min(...wall).toFixed(0)}–${Math.max(...wall).toFixed(0)}] cpu ${median(rs.map((r) => r[k][1])).toFixed(0)}`;
};

const KINDS = [
  ["esm", "async"],
  ["cjs", "async"],
  ["esm", "sync"],
  ["cjs", "sync"],
];
const rows = new Map();
const loadBefore = loadavg()[0];
for (let i = 0; i < ROUNDS; i++) {
  for (const entry of ENTRIES) {
    for (const [kind, fn] of KINDS) {
      const key = `${entry} ${kind} ${fn}`;
      if (!rows.has(key)) rows.set(key, []);
      rows.get(key).push(run(entry, kind, fn));
    }
  }
}
const loadAfter = loadavg()[0];

console.log(
  `Start-up in Node ${process.version}, ${ROUNDS} fresh processes per row, median [min–max] wall ms, cpu = median CPU ms` +
    ` (load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, ${availableParallelism()} cores):`,
);
for (const [key, rs] of rows) {
  const [entry, kind, fn] = key.split(" ");
  const how = `${kind === "esm" ? "import()" : "require()"} + ${fn === "sync" ? "hashPasswordSync" : "hashPassword"}`;
  console.log(`  ${entry} ${how}:`);
  console.log(
    `    import ${fmt(rs, "import")}${kind === "esm" ? ` (after the ESM loader's set-up, ${median(rs.map((r) => r.loader[0])).toFixed(1)})` : ""}; instantiate ${fmt(rs, "instantiate")}; import + instantiate ${median(rs.map((r) => r.import[0] + r.instantiate[0])).toFixed(1)} (goal ≤ 10)`,
  );
  console.log(`    first hash ${fmt(rs, "first")}; end to end ${fmt(rs, "e2e")} (goal ≤ 90); warm hash ${fmt(rs, "warm")}`);
}

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
const all = files(pkgDir);
for (const entry of ENTRIES) {
  const wasm = readFileSync(join(pkgDir, "dist", entry.replace(/^authcore\/?/, ""), "wasm", "authcore_bg.wasm"));
  console.log(`  ${entry}'s .wasm ${wasm.length} B raw, ${gzipSync(wasm, { level: 9 }).length} B gzipped`);
}
const raw = all.reduce((n, p) => n + statSync(p).size, 0);
const gz = all.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0);
console.log(`  installed package: ${all.length} files, ${raw} B raw, ${gz} B gzipped file by file`);
try {
  const tgz = readdirSync("target/npm").filter((n) => n.endsWith(".tgz"));
  for (const t of tgz) console.log(`  npm tarball ${t}: ${statSync(join("target/npm", t)).size} B`);
} catch {
  // no tarball built here (scripts/install-pkg.sh makes it)
}
