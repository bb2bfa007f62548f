// Assemble the npm package in pkg/ (after build-pkg.sh put each entry's wasm-bindgen glue and
// optimised .wasm in pkg/dist/<entry>/wasm): per entry, copy the wrapper and its types, inline
// the wasm as base64 and bundle the CommonJS files; then write package.json from pkg-template/
// with the crate version.
import { readFileSync, writeFileSync, copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { buildSync } from "esbuild";
import { syncExamples } from "./check-readme-examples.mjs";

const out = process.argv[2] ?? "pkg";

// The public entries (the same list as build-pkg.sh): each directory holds a complete copy of
// the loader files, its own glue and WASM. `api`: the module its loaders re-export; `types`:
// its declarations; `worker`: whether it has password functions for the Node worker pool.
// `omit`: js/ modules the entry's loaders never reach (not shipped in its directory).
const REQUEST_ONLY = ["cookies.mjs", "tokens.mjs", "sync.mjs", "internal.mjs"];
// `npx authcore password|token` (src/command.rs): authcore/passwords and authcore/keys only.
const COMMANDS = ["password-command.mjs", "token-command.mjs", "command-io.mjs"];
// `deflate`: whether the inline copy (wasm-inline.cjs) is deflated before base64. Deflated it
// costs about the gzipped WASM × 4/3 in a Convex bundle and ≈ the gzipped WASM in the tarball
// (plain base64: the raw WASM × 4/3, and ≈ 1.3 × gzipped in the tarball), but outside Node it
// must be inflated in JS at import (fflate: tens of ms for the request path, bench/startup.mjs).
// authcore/passwords stays plain: its Convex bundle is within budget either way, and a Convex
// function that only hashes should not pay the inflate on every cold start.
const ENTRIES = [
  { dir: "", api: "api.mjs", types: "index.d.ts", worker: true, deflate: true, omit: ["api-passwords.mjs", "api-keys.mjs", "api-doctor.mjs", "npx.mjs", "explain.mjs", "migration.mjs", ...COMMANDS] },
  { dir: "passwords", api: "api-passwords.mjs", types: "passwords.d.ts", worker: true, deflate: false, omit: ["api.mjs", "api-keys.mjs", "api-doctor.mjs", "npx.mjs", "explain.mjs", "token-command.mjs", ...REQUEST_ONLY] },
  { dir: "keys", api: "api-keys.mjs", types: "keys.d.ts", worker: false, deflate: true, omit: ["api.mjs", "api-passwords.mjs", "api-doctor.mjs", "npx.mjs", "passwords.mjs", "migration.mjs", "ops.mjs", "cookies.mjs", "sync.mjs", "internal.mjs", "password-command.mjs"] },
  { dir: "doctor", api: "api-doctor.mjs", types: "doctor.d.ts", worker: false, deflate: true, omit: ["api.mjs", "api-passwords.mjs", "api-keys.mjs", "passwords.mjs", "ops.mjs", "explain.mjs", "migration.mjs", ...COMMANDS, ...REQUEST_ONLY] },
];
// Build inputs only (bundled below), not shipped as files; the CLI ships once, at the top.
// inflate.mjs is bundled (fflate's inflateSync) into each entry's dist/<entry>/inflate.mjs.
const buildOnly = new Set(["worker.mjs", "inflate.mjs"]);

for (const entry of ENTRIES) assembleEntry(entry);

function assembleEntry({ dir, api, types, worker: hasWorker, deflate, omit }) {
  const dist = join(out, "dist", dir);
  const top = dir === "";
  for (const f of readdirSync("js")) {
    if (buildOnly.has(f) || omit.includes(f) || (!top && f === "cli.mjs")) continue;
    if (f.endsWith(".mjs")) {
      let text = readFileSync(join("js", f), "utf8");
      // The loaders re-export "./api.mjs": point them at this entry's API module.
      if (f.startsWith("index.")) text = text.replace('export * from "./api.mjs";', `export * from "./${api}";`);
      writeFileSync(join(dist, f), text);
    }
  }
  // Declarations: index.d.ts is the request path; the other entries' files re-export from it
  // (or declare their own), so each is copied beside the top one and named index.d.ts in its dir.
  for (const f of readdirSync("js")) if (f.endsWith(".d.ts") && top) copyFileSync(join("js", f), join(dist, f));
  if (!top) {
    const text = readFileSync(join("js", types), "utf8");
    writeFileSync(join(dist, "index.d.ts"), text.replaceAll('from "./index.js"', 'from "../index.js"'));
    // The CommonJS declarations re-export the top entry's CommonJS ones (dist/index.d.cts).
    writeFileSync(join(dist, "index.d.cts"), text.replaceAll('from "./index.js"', 'from "../index.cjs"'));
  } else {
    copyFileSync(join("js", "index.d.ts"), join(dist, "index.d.cts"));
  }

  // Instance retirement (js/errors.mjs): the glue gets `__authcore_reset()`, which makes a fresh
  // instance from the compiled module after one failed (a trap, a stack overflow, a JS exception
  // that unwound WASM frames and left its stack pointer wrong), and a generation number. A handle
  // (an imported key set) made by a retired instance must never be freed into the new one: its
  // finalizer carries the generation in the bits above its 32-bit pointer and frees nothing when
  // that generation has passed.
  {
    const gluePath = join(dist, "wasm", "authcore.js");
    let glue = readFileSync(gluePath, "utf8");
    const patch = (re, to, what, optional) => {
      const n = (glue.match(re) ?? []).length;
      // Handle classes (finalizers) exist only in entries that export them (tokens, doctor).
      if (n === 0 && (optional !== "handles" || glue.includes("FinalizationRegistry"))) {
        throw new Error(`assemble-pkg: the wasm-bindgen glue changed; cannot patch ${what}`);
      }
      glue = glue.replace(re, to);
    };
    patch(/^let wasmModule, wasmInstance, wasm;$/m, "let wasmModule, wasmInstance, wasm;\nlet __authcore_gen = 0;", "the instance state");
    patch(
      /new FinalizationRegistry\(ptr => wasm\.(__wbg_\w+_free)\(ptr(?: >>> 0)?, 1\)\)/g,
      "new FinalizationRegistry(held => { if (Math.floor(held / 4294967296) === __authcore_gen) wasm.$1(held >>> 0, 1); })",
      "the finalizers",
      "handles",
    );
    patch(/(\w+Finalization)\.register\(obj, obj\.__wbg_ptr, obj\)/g, "$1.register(obj, obj.__wbg_ptr + __authcore_gen * 4294967296, obj)", "the finalizer registrations", "handles");
    glue += `
  /** @internal authcore: replace a failed instance with a fresh one from the same module. */
  export function __authcore_reset() {
      const module = wasmModule;
      wasm = undefined;
      __authcore_gen++;
      initSync({ module });
  }
  /** @internal authcore: the instance generation (bumped by each reset). */
  export function __authcore_generation() { return __authcore_gen; }
  /** @internal authcore: the instance's linear memory (test hooks only). */
  export function __authcore_memory() { return wasm.memory; }
  /**
   * @internal authcore (Node entries): instantiate on first use. Until then \`wasm\` is a
   * stand-in whose first property read compiles (\`getModule()\`) and instantiates, then
   * answers from the real exports; every binding reads \`wasm.<export>\` when called.
   */
  export function __authcore_lazy(getModule) {
      if (wasm !== undefined) return;
      wasm = new Proxy({}, { get(_, key) { wasm = undefined; initSync({ module: getModule() }); return wasm[key]; } });
  }
  `;
    writeFileSync(gluePath, glue);
  }

  const wasmBytes = readFileSync(join(dist, "wasm", "authcore_bg.wasm"));
  // CommonJS, so the ESM entries (`import x from "./wasm-inline.cjs"`, default = module.exports)
  // and the CommonJS bundles (`require`, kept external below) share ONE copy of the bytes.
  // `{ deflate, base64 }`: the bytes as base64, raw-deflated first when `deflate` (see ENTRIES);
  // node:zlib or fflate (inflate.mjs) restores them.
  const inlineBytes = deflate ? deflateRawSync(wasmBytes, { level: 9 }) : wasmBytes;
  writeFileSync(
    join(dist, "wasm-inline.cjs"),
    `// Generated by scripts/assemble-pkg.mjs: authcore_bg.wasm${deflate ? ", raw deflate" : ""}, base64.\nmodule.exports = { deflate: ${deflate}, base64: ${JSON.stringify(inlineBytes.toString("base64"))} };\n`,
  );
  // fflate's inflateSync as one small self-contained module (no runtime dependency).
  buildSync({
    entryPoints: [join("js", "inflate.mjs")],
    outfile: join(dist, "inflate.mjs"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    minify: true,
    legalComments: "inline",
    logLevel: "warning",
    banner: { js: "// fflate (MIT, github.com/101arrowz/fflate): inflateSync, bundled by scripts/assemble-pkg.mjs." },
  });

  const common = {
    bundle: true,
    format: "cjs",
    target: "es2022",
    legalComments: "none",
    logLevel: "warning",
    // The glue's default init() resolves the .wasm via import.meta.url; these never call it.
    define: { "import.meta.url": "undefined" },
  };
  // The CommonJS entries require the shared base64 file instead of embedding a second copy.
  const sharedInline = { external: ["./wasm-inline.cjs"] };

  // The Node worker thread's body: one self-contained CommonJS script (glue + ops), shipped as a
  // string and started with `new Worker(source, { eval: true })`, so no file path is involved.
  if (hasWorker) {
    const worker = buildSync({
      ...common,
      // Resolved from dist/, where its imports (./wasm/authcore.js, ./ops.mjs) live.
      stdin: { contents: readFileSync(join("js", "worker.mjs"), "utf8"), resolveDir: dist, sourcefile: "worker.mjs" },
      platform: "node",
      write: false,
      minify: true,
    });
    writeFileSync(
      join(dist, "worker-source.mjs"),
      `// Generated by scripts/assemble-pkg.mjs from js/worker.mjs.\nexport default ${JSON.stringify(worker.outputFiles[0].text)};\n`,
    );
  } else {
    writeFileSync(join(dist, "worker-source.mjs"), "// This entry has no password functions: no worker pool.\nexport default null;\n");
  }

  // Self-contained CommonJS files for `require("authcore")`: Node (worker pool) and any other.
  // The Node entry finds its .wasm (or the inline copy) relative to import.meta.url: in the
  // CommonJS bundle that is this file's URL.
  buildSync({
    ...common,
    ...sharedInline,
    entryPoints: [join(dist, "index.node.mjs")],
    outfile: join(dist, "index.node.cjs"),
    platform: "node",
    banner: { js: 'var __authcore_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { "import.meta.url": "__authcore_url" },
  });
  buildSync({ ...common, ...sharedInline, entryPoints: [join(dist, "index.inline.mjs")], outfile: join(dist, "index.cjs"), platform: "neutral" });

  // The Node ESM entry as ONE module: Node's ESM loader spends about 1.5 ms per module file, so
  // the dozen small modules behind `import "authcore"` cost ~15 ms of start-up (bench/startup.mjs).
  // The other entries keep the separate files (bundlers and isolates load them once).
  const nodeEsm = buildSync({
    entryPoints: [join(dist, "index.node.mjs")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    legalComments: "none",
    logLevel: "warning",
    write: false,
    external: ["./wasm-inline.cjs"],
  });
  writeFileSync(join(dist, "index.node.mjs"), nodeEsm.outputFiles[0].text);
}

const version = /^version = "([^"]+)"/m.exec(readFileSync("Cargo.toml", "utf8"))[1];
const pkg = JSON.parse(readFileSync(join("pkg-template", "package.json"), "utf8"));
pkg.version = version;
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
copyFileSync(join("pkg-template", "LICENSE"), join(out, "LICENSE"));
writeFileSync(join(out, "README.md"), packageReadme(readFileSync("README.md", "utf8"), pkg));

/**
 * The npm page: the project's README (one source), its recipes copied from examples/
 * (scripts/check-readme-examples.mjs), the repository's own commands replaced by the install
 * line, and relative links made absolute (they point into the repository, not the package).
 */
function packageReadme(readme, pkg) {
  const { text } = syncExamples(readme);
  const blob = `${pkg.homepage.replace(/#.*$/, "").replace(/\/$/, "")}/blob/HEAD/`;
  const intro = /^```sh\nbash scripts\/demo\.sh[^\n]*\nbash scripts\/test\.sh[^\n]*\n```\n/m;
  if (!intro.test(text)) throw new Error("assemble-pkg: README.md no longer starts with the demo/test commands");
  return (
    "<!-- Generated from the repository's README.md by scripts/assemble-pkg.mjs; edit that one. -->\n" +
    text
      .replace(intro, "```sh\nnpm install authcore\n```\n")
      .replace(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_m, rel) => `](${blob}${rel.replace(/^\.\//, "")})`)
  );
}
