// Convex: the functions in convex/ are bundled by the REAL bundler of the `convex` npm package
// (the same `entryPointsByEnvironment` + `bundle()` calls `npx convex deploy` makes: platform
// "browser" for the default runtime, "node" for "use node" files), then each bundle is run in
// a fresh Node process:
//   - isolate: under the isolate's constraints (V8 flags --disallow-code-generation-from-strings
//     --no-wasm-async-compilation, `Uint8Array.fromBase64` as its --js-base-64 provides, no
//     Buffer/require/setImmediate, and a static check that there is no `import.meta`, dynamic
//     `import()` or `node:` import in the bundle);
//   - "use node": plain Node 20, like Convex's Node runtime.
// Then the convex-test suite (vitest), configured to resolve the `convex` condition.
import { createRequire } from "node:module";
import { mkdirSync, rmSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WORK, check, fail, finish, pass, step } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(WORK, "convex");

// The Convex CLI runs the bundler from the project root (esbuild's outdir "out" is relative).
process.chdir(here);
const bundler = require(join(here, "node_modules/convex/dist/cjs/bundler/index.js"));
const { nodeFs } = require(join(here, "node_modules/convex/dist/cjs/bundler/fs.js"));

// The CLI's context, reduced to what bundle() uses: the real file system and a crash that throws.
const ctx = {
  fs: nodeFs,
  crash: async ({ printedMessage, errForSentry }) => {
    throw new Error(`convex bundler crashed: ${printedMessage ?? errForSentry ?? "(see esbuild output above)"}`);
  },
  registerCleanup: () => "",
  removeCleanup: () => null,
};

function writeModules(dir, modules) {
  rmSync(dir, { recursive: true, force: true });
  for (const m of modules) {
    const file = join(dir, m.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, m.source);
  }
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
}

// Which authcore entry the bundler chose: esbuild's metafile lists the input files.
function authcoreInputs(metafile) {
  return Object.keys(metafile.inputs)
    .filter((p) => p.includes("node_modules/authcore/"))
    .map((p) => p.replace(/.*node_modules\/authcore\//, ""));
}

function runFunction(dir, file, exportName, kind, nodeArgs, timeout = 120000) {
  const r = spawnSync(
    process.execPath,
    [...nodeArgs, join(here, "run-function.mjs"), join(dir, file), exportName, kind],
    { encoding: "utf8", timeout, maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) throw new Error(`${file}:${exportName} exited ${r.status ?? r.signal}:\n${r.stderr}${r.stdout}`);
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT_JSON "));
  if (!line) throw new Error(`no result from ${file}:${exportName}:\n${r.stdout}${r.stderr}`);
  return JSON.parse(line.slice("RESULT_JSON ".length));
}

const ISOLATE_FLAGS = [
  "--disallow-code-generation-from-strings",
  "--no-wasm-async-compilation",
  "--import",
  join(here, "isolate-env.mjs"),
];

let entries;
await step("convex-bundle", async (t) => {
  entries = await bundler.entryPointsByEnvironment(ctx, join(here, "convex"));
  const rel = (l) => l.map((p) => p.replace(here + "/", "")).sort();
  if (JSON.stringify(rel(entries.isolate)) !== JSON.stringify(["convex/passwords.ts"]) || JSON.stringify(rel(entries.node)) !== JSON.stringify(["convex/nodePasswords.ts"])) {
    throw new Error(`unexpected entry points: ${JSON.stringify({ isolate: rel(entries.isolate), node: rel(entries.node) })}`);
  }
  pass("convex-bundle", t("isolate: passwords.ts, node: nodePasswords.ts"));
});

await step("convex-isolate", async (t) => {
  const r = await bundler.bundle({ ctx, dir: join(here, "convex"), entryPoints: entries.isolate, generateSourceMaps: true, platform: "browser" });
  const inputs = authcoreInputs(r.metafile);
  if (!inputs.includes("dist/index.inline.mjs")) throw new Error(`the isolate bundle did not use the inline entry: ${inputs.join(", ")}`);
  const dir = join(out, "isolate");
  writeModules(dir, r.modules);
  // What the isolate lacks, checked on the bundle text (Node would allow them).
  const problems = [];
  for (const m of r.modules) {
    if (/\bimport\.meta\b/.test(m.source)) problems.push(`${m.path}: import.meta (the isolate throws "import.meta unsupported")`);
    if (/(^|[^\w$.])import\s*\(/m.test(m.source)) problems.push(`${m.path}: dynamic import() (unsupported in the isolate)`);
    if (/from\s*["']node:|require\(["']/.test(m.source)) problems.push(`${m.path}: a Node built-in import`);
  }
  if (problems.length) throw new Error(problems.join("\n"));
  const size = r.modules.reduce((n, m) => n + m.source.length, 0);
  const mutation = runFunction(dir, "passwords.js", "fixtureMutation", "mutation", ISOLATE_FLAGS);
  check("convex-isolate-mutation", mutation, t(`entry ${inputs.filter((p) => p.startsWith("dist/index")).join(",")}, ${r.modules.length} modules, ${(size / 1024).toFixed(0)} KiB`));
  const action = runFunction(dir, "passwords.js", "fixtureAction", "action", ISOLATE_FLAGS);
  check("convex-isolate-action", action, t());
  const h = runFunction(dir, "passwords.js", "hostileAction", "action", ISOLATE_FLAGS, 600000);
  const ran = Object.keys(h.entries ?? {}).sort();
  if (h.bad.length) fail("convex-isolate-hostile-calls", `${h.bad.length} hostile calls threw something other than a coded AuthError: ${h.bad.slice(0, 5).join("; ")}`);
  else if (JSON.stringify(ran) !== JSON.stringify(["authcore", "doctor", "keys", "passwords"]) || h.hashes !== 100 || Object.values(h.entries).some((e) => e.calls < 4000 || e.functions < 4)) fail("convex-isolate-hostile-calls", `incomplete run: ${JSON.stringify(h)}`);
  else pass("convex-isolate-hostile-calls", t(`hostile calls (${ran.map((n) => `${n}: ${h.entries[n].calls} over ${h.entries[n].functions} exports`).join(", ")}), then ${h.hashes} hashes + verifications + cookie/JWT checks`));
});

await step("convex-use-node", async (t) => {
  const r = await bundler.bundle({
    ctx,
    dir: join(here, "convex"),
    entryPoints: entries.node,
    generateSourceMaps: true,
    platform: "node",
    chunksFolder: join("_deps", "node"),
    externalPackagesAllowList: [],
  });
  const inputs = authcoreInputs(r.metafile);
  if (!inputs.includes("dist/index.inline.mjs")) throw new Error(`the "use node" bundle did not use the inline entry: ${inputs.join(", ")}`);
  const dir = join(out, "node");
  writeModules(dir, r.modules);
  // Plain Node 20 (Convex's Node runtime), no polyfills.
  const action = runFunction(dir, "nodePasswords.js", "fixtureNodeAction", "action", []);
  check("convex-use-node-action", action, t(`Node ${process.version}`));
});

await step("convex-test", async (t) => {
  const r = spawnSync(process.execPath, [join(here, "node_modules/vitest/vitest.mjs"), "run", "--reporter=verbose"], {
    cwd: here,
    encoding: "utf8",
    timeout: 300000,
    env: { ...process.env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  const output = `${r.stdout}\n${r.stderr}`;
  const m = /Tests\s+(\d+) passed\s*\((\d+)\)/.exec(output);
  if (r.status !== 0 || !m || m[1] !== m[2] || Number(m[1]) < 4) {
    throw new Error(`vitest exited ${r.status ?? r.signal}:\n${output.slice(-4000)}`);
  }
  pass("convex-test", t(`vitest: ${m[1]} passed`));
});

finish();
