// Vercel-like edge: the `edge-runtime` package (the sandbox Next.js uses for edge code) with
// code generation OFF for both strings and WASM, as Vercel's Edge enforces in production.
// The worker is bundled with esbuild under Next's edge conditions (edge-light first); like Next,
// a `.wasm?module` import becomes a binding the HOST compiles (outside the sandbox, in its own
// realm) and injects. So authcore must work without compiling anything at run time. The
// inline entry (bytes compiled at run time) must FAIL here with a CompileError: that shows the
// sandbox really forbids compilation, and that the test can fail.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { EdgeRuntime } from "edge-runtime";
import { FIXTURE, check, fail, finish, pass, step } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// Next.js's edge conditions (runtimes.md §2), in the order webpack/Turbopack apply them.
const EDGE_CONDITIONS = ["edge-light", "worker", "browser", "module", "import"];

const HOSTILE = join(here, "..", "common", "hostile-battery.mjs");
const FIXTURE_RUN = `compute(authcore, { passwords, doctor, keys })`;
// Issues 16 and 17: 10,000 hostile calls over the request path's exports and 4,000 over each of
// authcore/passwords, /keys, /doctor (four WASM instances), each entry's own canary between
// them, then 100 real hashes, verifications, cookie and JWT checks, in the isolate (no worker
// pool: the inline path).
const HOSTILE_RUN = `runEveryEntry({ authcore, passwords, keys, doctor }, { calls: 10000, entryCalls: 4000, n: 100 })`;

/** Bundle a worker importing `specifier`; `?module` wasm imports become host bindings. */
async function bundleWorker(specifier, run = FIXTURE_RUN) {
  const wasmBindings = new Map(); // binding name → absolute .wasm path
  const hostWasm = {
    name: "host-wasm-bindings",
    setup(b) {
      b.onResolve({ filter: /\.wasm\?module$/ }, (args) => {
        const file = join(args.resolveDir, args.path.replace(/\?module$/, ""));
        const name = `wasm_${wasmBindings.size}`;
        wasmBindings.set(name, file);
        return { path: name, namespace: "host-wasm" };
      });
      b.onLoad({ filter: /.*/, namespace: "host-wasm" }, (args) => ({
        contents: `export default globalThis[${JSON.stringify(args.path)}];`,
        loader: "js",
      }));
    },
  };
  const entry = `
    import * as authcore from ${JSON.stringify(specifier)};
    import * as passwords from "authcore/passwords";
    import * as doctor from "authcore/doctor";
    import * as keys from "authcore/keys";
    import { compute } from ${JSON.stringify(FIXTURE)};
    import { runEveryEntry } from ${JSON.stringify(HOSTILE)};
    addEventListener("fetch", (event) => {
      event.respondWith(
        (${run}).then(
          (r) => new Response(JSON.stringify(r), { headers: { "content-type": "application/json" } }),
          (e) => new Response(String(e && e.stack || e), { status: 500 }),
        ),
      );
    });`;
  const r = await build({
    stdin: { contents: entry, resolveDir: here, sourcefile: "worker.mjs" },
    bundle: true,
    write: false,
    format: "iife", // edge-runtime evaluates scripts, not modules
    platform: "browser",
    conditions: EDGE_CONDITIONS,
    target: "es2022",
    metafile: true,
    logLevel: "silent",
    plugins: [hostWasm],
  });
  const inputs = Object.keys(r.metafile.inputs)
    .filter((p) => /node_modules\/authcore\/dist\/(\w+\/)?index\./.test(p))
    .map((p) => p.replace(/.*node_modules\/authcore\//, ""));
  return { code: r.outputFiles[0].text, wasmBindings, inputs };
}

function runtimeFor({ code, wasmBindings }) {
  return new EdgeRuntime({
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => {
      // The host compiles the .wasm (here, outside the sandbox) and injects the Module.
      for (const [name, file] of wasmBindings) context[name] = new WebAssembly.Module(readFileSync(file));
      return context;
    },
    initialCode: code,
  });
}

await step("edge-runtime-no-codegen", async (t) => {
  const w = await bundleWorker("authcore");
  // authcore, authcore/passwords, authcore/keys, authcore/doctor: each its edge entry and its own WASM binding.
  const want = ["dist/doctor/index.edge.mjs", "dist/index.edge.mjs", "dist/keys/index.edge.mjs", "dist/passwords/index.edge.mjs"];
  if (JSON.stringify([...w.inputs].sort()) !== JSON.stringify(want)) throw new Error(`expected the edge entries, bundled ${w.inputs.join(", ")}`);
  if (w.wasmBindings.size !== 4) throw new Error(`expected four host-compiled .wasm bindings (one per entry), got ${w.wasmBindings.size}`);
  const runtime = runtimeFor(w);
  // The sandbox must really refuse run-time compilation (else this test proves nothing).
  const refused = await runtime.evaluate(`(() => { try { new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0])); return "compiled"; } catch (e) { return e.name + ": " + e.message; } })()`);
  if (!/CompileError: .*disallowed by embedder/.test(refused)) throw new Error(`the sandbox compiled wasm bytes: ${refused}`);
  const res = await runtime.dispatchFetch("http://127.0.0.1/fixture");
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
  check("edge-runtime-no-codegen", JSON.parse(text), t(`entry ${w.inputs}, codeGeneration {strings:false, wasm:false}`));
});

await step("edge-runtime-hostile-calls", async (t) => {
  const w = await bundleWorker("authcore", HOSTILE_RUN);
  const runtime = runtimeFor(w);
  const res = await runtime.dispatchFetch("http://127.0.0.1/hostile");
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
  const r = JSON.parse(text);
  if (r.bad.length) throw new Error(`${r.bad.length} hostile calls threw something other than a coded AuthError: ${r.bad.slice(0, 5).join("; ")}`);
  const want = ["authcore", "doctor", "keys", "passwords"];
  const ran = Object.keys(r.entries).sort();
  if (JSON.stringify(ran) !== JSON.stringify(want) || Object.values(r.entries).some((e) => e.calls < 4000 || e.functions < 4)) throw new Error(`incomplete run: ${text}`);
  if (r.hashes !== 100 || r.functions < 40) throw new Error(`incomplete run: ${text}`);
  pass("edge-runtime-hostile-calls", t(`hostile calls (${ran.map((n) => `${n}: ${r.entries[n].calls} over ${r.entries[n].functions} exports`).join(", ")}), each entry's canary between them, then ${r.hashes} hashes + verifications + cookie/JWT checks`));
});

await step("edge-runtime-inline-entry-fails", async (t) => {
  const w = await bundleWorker("authcore/inline");
  const want = ["dist/doctor/index.edge.mjs", "dist/index.inline.mjs", "dist/keys/index.edge.mjs", "dist/passwords/index.edge.mjs"];
  if (JSON.stringify([...w.inputs].sort()) !== JSON.stringify(want)) throw new Error(`expected the inline entry, bundled ${w.inputs.join(", ")}`);
  let error;
  try {
    const runtime = runtimeFor(w);
    const res = await runtime.dispatchFetch("http://127.0.0.1/fixture");
    error = `no error: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
  } catch (e) {
    error = `${e && e.name}: ${e && e.message}`;
  }
  if (/^CompileError: WebAssembly\.Module\(\): Wasm code generation disallowed by embedder/.test(error)) {
    pass("edge-runtime-inline-entry-fails", t(`expected: ${error}`));
  } else {
    fail("edge-runtime-inline-entry-fails", `expected a CompileError, got ${error}`);
  }
});

finish();
