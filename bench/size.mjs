// Package size per entry, and the size budgets of issue 17, enforced: exits non-zero when a
// budget that holds is exceeded. Budgets not met yet (PENDING below) are printed as
// "over budget" with their figure and fail the run only past their regression ceiling; one that
// starts to hold says so (then move it out of PENDING). A budget is never raised.
//
//   bash scripts/build-pkg.sh && node bench/size.mjs        (scripts/test.sh runs it)
//
// What it measures, from pkg/ as built:
//   - each entry's WASM, raw and gzip -9;
//   - the npm tarball (`npm pack ./pkg`);
//   - real bundles: the Convex isolate bundle of a mutation, made by the REAL Convex bundler
//     (the workspace's `convex` package, called as tests/runtimes/convex/test.mjs and
//     `npx convex deploy` call it: platform "browser", so the
//     `convex` condition picks the inline entry); esbuild bundles of a route with each runtime's
//     conditions (Next.js edge: edge-light, `.wasm?module` left to the host; Cloudflare: workerd;
//     browser; Node) whose size is the JS plus the WASM files it loads, gzip -9 each.
// The Next.js figure is esbuild's bundle of the route with Next's edge conditions, not a whole
// `next build` function: Next's own edge runtime adds about 50 KB gzip (issue 17 measured an
// edge route without authcore at 54 KB as middleware, 103 KB as a route).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PKG = join(ROOT, "pkg");
// Inside the repository (not target/, whose node_modules lookup would miss nothing, but kept with
// the runtime matrix's scratch files): node_modules resolution walks up to the workspace's.
const WORK = join(ROOT, "tests", "runtimes", ".work", "size");

const KB = 1000;
const KiB = 1024;
const MiB = 1024 * 1024;

const ENTRIES = [
  { name: "authcore", spec: "authcore", dir: "", job: "request path: passwords (Better Auth's format), cookies, tokens, sync, internal requests" },
  { name: "authcore/passwords", spec: "authcore/passwords", dir: "passwords", job: "hash / verify / rehash, legacy formats, betterAuthMigration" },
  { name: "authcore/keys", spec: "authcore/keys", dir: "keys", job: "every token function, plus RSA/EC key generation, RS*/PS*/ES* signing, inspectToken / explainToken" },
  { name: "authcore/doctor", spec: "authcore/doctor", dir: "doctor", job: "tooling: doctor, fix, gen-export (npx authcore)" },
];

/** Issue 17's budgets (bytes). `pending`: not met yet on this branch; reported, not enforced. */
const BUDGETS = [
  { id: "request-wasm-gz", what: "`authcore` request-path WASM, gzip", limit: 300 * KB },
  { id: "passwords-wasm-gz", what: "`authcore/passwords` WASM, gzip", limit: 120 * KB },
  { id: "tarball", what: "npm tarball (every entry, every form)", limit: 1.5 * 1000 * KB },
  { id: "convex-passwords", what: "Convex isolate bundle, mutation importing hashPassword from `authcore/passwords`", limit: 600 * KiB },
  { id: "convex-request", what: "Convex isolate bundle, mutation importing the `authcore` request path", limit: 1.2 * MiB },
  { id: "edge-route-gz", what: "edge route importing readCookieCache + verifyJwt (esbuild, Next's edge conditions), gzip", limit: 400 * KB },
];
/**
 * Budgets this branch does not meet yet: printed "over budget" with the figure, not failed, up to
 * a regression ceiling (bytes) that does fail: a pending budget may not drift further away. Lower
 * a ceiling when the figure drops; never raise it without saying why in the commit.
 *   tarball: 3,200,217 B measured on e9c6dcf (every entry in two forms: the .wasm for workerd,
 *   edge, browsers and unbundled Node; the inline copy for Convex and Node bundlers, which
 *   Next.js webpack standalone needs: README "Size per entry").
 */
const PENDING = new Map([["tarball", 3.3 * 1000 * KB]]);

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const fmt = (n) => n.toLocaleString("en-US");
const kb = (n) => `${(n / KB).toFixed(0)} KB`;
const kib = (n) => `${(n / KiB).toFixed(0)} KiB`;

if (!existsSync(join(PKG, "package.json"))) {
  console.error("size: pkg/ is not built; run bash scripts/build-pkg.sh");
  process.exit(2);
}

// A project whose node_modules has the package as built (a copy of pkg/).
rmSync(WORK, { recursive: true, force: true });
mkdirSync(join(WORK, "node_modules"), { recursive: true });
cpSync(PKG, join(WORK, "node_modules", "authcore"), { recursive: true });
// The Convex bundler: the runtime matrix's `convex` install (tests/runtimes/convex, with the
// CLI's own dependencies). The bundled code resolves `convex/server` from the workspace's
// node_modules (the same version) by walking up from WORK, and authcore from WORK's copy.
const convexPkg = join(ROOT, "tests", "runtimes", "convex", "node_modules", "convex");
if (!existsSync(convexPkg) || !existsSync(join(ROOT, "node_modules", "convex"))) {
  console.error("size: convex is not installed; run bash scripts/setup.sh and bash scripts/test-runtimes.sh convex");
  process.exit(2);
}

// ---- WASM per entry
const rows = [];
for (const e of ENTRIES) {
  const wasm = readFileSync(join(PKG, "dist", e.dir, "wasm", "authcore_bg.wasm"));
  rows.push({ ...e, wasmRaw: wasm.length, wasmGz: gz(wasm) });
}

// ---- tarball
const packDir = join(WORK, "pack");
mkdirSync(packDir);
const packed = JSON.parse(execFileSync("npm", ["pack", PKG, "--pack-destination", packDir, "--json", "--silent"], { encoding: "utf8" }))[0];
const tarball = statSync(join(packDir, packed.filename)).size;

// ---- esbuild bundles with a runtime's conditions: the JS plus the .wasm files it loads.
const RUNTIMES = {
  edge: { conditions: ["edge-light", "worker", "browser", "module", "import"], platform: "browser", wasm: "?module" },
  workerd: { conditions: ["workerd", "worker", "browser", "import"], platform: "browser", wasm: "import" },
  browser: { conditions: ["browser", "import", "module"], platform: "browser", wasm: "url" },
  node: { conditions: ["node", "import", "module"], platform: "node", wasm: "none" },
};

async function bundle(source, runtime) {
  const rt = RUNTIMES[runtime];
  const wasmFiles = new Set();
  const wasmPlugin = {
    name: "wasm-assets",
    setup(b) {
      // `.wasm` / `.wasm?module` imports: the host compiles them (Next edge, workerd); count the file.
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = join(args.resolveDir, args.path.replace(/\?module$/, ""));
        wasmFiles.add(file);
        return { path: file, external: true };
      });
    },
  };
  const file = join(WORK, `route-${runtime}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  const r = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: "esm",
    platform: rt.platform,
    conditions: rt.conditions,
    mainFields: ["module", "main"],
    minify: true,
    metafile: true,
    logLevel: "silent",
    plugins: [wasmPlugin],
  });
  const js = Buffer.from(r.outputFiles[0].contents);
  // The browser entry fetches the .wasm beside it (new URL(..., import.meta.url)).
  if (rt.wasm === "url") {
    for (const input of Object.keys(r.metafile.inputs)) {
      const m = /node_modules\/authcore\/dist\/(?:(\w+)\/)?index\.browser\.mjs$/.exec(input);
      if (m) wasmFiles.add(join(WORK, "node_modules", "authcore", "dist", m[1] ?? "", "wasm", "authcore_bg.wasm"));
    }
  }
  let wasmGz = 0;
  let wasmRaw = 0;
  for (const f of wasmFiles) {
    const b = readFileSync(f);
    wasmRaw += b.length;
    wasmGz += gz(b);
  }
  return { jsRaw: js.length, jsGz: gz(js), wasmRaw, wasmGz, wasmFiles: wasmFiles.size, totalGz: gz(js) + wasmGz };
}

// ---- the real Convex bundler (as tests/runtimes/convex/test.mjs calls it)
const require = createRequire(import.meta.url);
// The Convex CLI bundles from the project root; its esbuild service keeps the first working
// directory, so every project lives under WORK and the process stays there.
process.chdir(WORK);
const bundler = require(join(convexPkg, "dist/cjs/bundler/index.js"));
const { nodeFs } = require(join(convexPkg, "dist/cjs/bundler/fs.js"));
const ctx = {
  fs: nodeFs,
  crash: async ({ printedMessage, errForSentry }) => {
    throw new Error(`convex bundler crashed: ${printedMessage ?? errForSentry ?? "(see esbuild output above)"}`);
  },
  registerCleanup: () => "",
  removeCleanup: () => null,
};

async function convexIsolate(name, imports, body) {
  const dir = join(WORK, `convex-${name}`, "convex");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "fn.ts");
  writeFileSync(
    file,
    `import { mutationGeneric as mutation } from "convex/server";\n${imports}\nexport const run = mutation({ args: {}, handler: async () => ${body} });\n`,
  );
  try {
    let r;
    try {
      r = await bundler.bundle({ ctx, dir, entryPoints: [file], generateSourceMaps: false, platform: "browser" });
    } catch (e) {
      // esbuild's own errors (the bundler's crash hides them): rebuild plainly to show them.
      await build({ entryPoints: [file], bundle: true, write: false, outdir: "out", platform: "browser", format: "esm", conditions: ["convex", "module"], logLevel: "error", loader: { ".wasm": "binary" } }).catch(() => {});
      throw e;
    }
    if (process.env.SIZE_DEBUG) console.error(Object.keys(r.metafile.inputs));
    const inputs = Object.keys(r.metafile.inputs).filter((p) => p.includes("node_modules/authcore/dist/"));
    if (!inputs.some((p) => /index\.inline\.mjs$/.test(p))) throw new Error(`Convex bundle ${name}: not the inline entry (${inputs.join(", ")})`);
    return r.modules.reduce((n, m) => n + m.source.length, 0);
  } catch (e) {
    throw e;
  }
}

for (const row of rows) {
  const ns = `import * as m from ${JSON.stringify(row.spec)};\nexport default Object.keys(m).length;\n`;
  row.edge = await bundle(ns, "edge");
  row.workerd = await bundle(ns, "workerd");
  row.browser = await bundle(ns, "browser");
  row.convex = await convexIsolate(row.dir || "main", `import * as ns from ${JSON.stringify(row.spec)};`, "Object.keys(ns).length");
}

const edgeRoute = await bundle(
  `import { readCookieCache, verifyJwt } from "authcore";
export const runtime = "edge";
export async function GET(request) {
  const cache = readCookieCache(request.headers, { secret: process.env.BETTER_AUTH_SECRET });
  const jwt = verifyJwt(request.headers.get("authorization")?.slice(7) ?? "", { jwks: JSON.parse(process.env.JWKS) });
  return Response.json({ cache, jwt });
}
`,
  "edge",
);
const convexPasswords = await convexIsolate("passwords", 'import { hashPassword } from "authcore/passwords";', 'hashPassword("correct horse battery staple")');
const convexRequest = await convexIsolate("request", 'import { hashPassword } from "authcore";', 'hashPassword("correct horse battery staple")');

const figures = {
  "request-wasm-gz": rows[0].wasmGz,
  "passwords-wasm-gz": rows[1].wasmGz,
  tarball,
  "convex-passwords": convexPasswords,
  "convex-request": convexRequest,
  "edge-route-gz": edgeRoute.totalGz,
};

// ---- report
console.log("entry sizes (pkg/ as built; gzip -9; bundles minified by esbuild; Convex: the real bundler, isolate)\n");
console.log("| entry | job | WASM raw | WASM gzip | edge route (JS + WASM, gzip) | workerd (gzip) | browser (gzip) | Convex isolate bundle |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| \`${r.name}\` | ${r.job} | ${fmt(r.wasmRaw)} B | ${fmt(r.wasmGz)} B | ${kb(r.edge.totalGz)} | ${kb(r.workerd.totalGz)} | ${kb(r.browser.totalGz)} | ${kib(r.convex)} |`,
  );
}
console.log(`\nnpm tarball: ${fmt(tarball)} B (${packed.entryCount} files, unpacked ${fmt(packed.unpackedSize)} B)`);
console.log(`edge route (readCookieCache + verifyJwt): JS ${fmt(edgeRoute.jsGz)} B + WASM ${fmt(edgeRoute.wasmGz)} B gzip (${edgeRoute.wasmFiles} .wasm)\n`);

let failed = 0;
let newlyMet = 0;
console.log("budgets (issue 17):");
for (const b of BUDGETS) {
  const v = figures[b.id];
  const unit = b.limit % KiB === 0 || b.id.startsWith("convex") ? kib : kb;
  const line = `${b.what}: ${fmt(v)} B (${unit(v)}) vs ≤ ${unit(b.limit)}`;
  if (v <= b.limit) {
    console.log(`  ok            ${line}`);
    if (PENDING.has(b.id)) {
      newlyMet++;
      console.log(`                (now met: remove "${b.id}" from PENDING in bench/size.mjs so it is enforced)`);
    }
  } else if (PENDING.has(b.id) && v <= PENDING.get(b.id)) {
    console.log(`  over budget   ${line} (not met yet: reported; regression ceiling ${unit(PENDING.get(b.id))} holds)`);
  } else if (PENDING.has(b.id)) {
    console.log(`  FAIL          ${line}: past its regression ceiling ${unit(PENDING.get(b.id))}`);
    failed++;
  } else {
    console.log(`  FAIL          ${line}`);
    failed++;
  }
}
writeFileSync(join(WORK, "sizes.json"), JSON.stringify({ rows, tarball, edgeRoute, figures }, null, 2) + "\n");
console.log(`\n${failed ? `${failed} budget(s) exceeded` : "every enforced budget holds"}${newlyMet ? `; ${newlyMet} pending budget(s) now met` : ""}`);
process.exit(failed ? 1 : 0);
