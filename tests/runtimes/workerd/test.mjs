// Cloudflare: the Worker in src/ is bundled by wrangler itself (`wrangler deploy --dry-run`,
// offline: the same bundle it would upload, resolving the `workerd` condition and turning the
// .wasm import into a Wasm module), then served by the real workerd binary from npm (the one
// wrangler runs) with a raw capnp config on 127.0.0.1, and asked over HTTP.
// workerd refuses to compile WASM bytes at request time. At startup (module top level) it
// allows it from compatibility date 2025-06-01 (compat flag `allow_eval_during_startup`);
// `disallow_eval_during_startup` (like any date before 2025-06-01) restores the refusal. So:
// the workerd entry must work under both settings, and the inline entry must FAIL with a
// CompileError under `disallow_eval_during_startup` (it works in the startup window, which is
// checked too, so a change of platform behaviour shows up here).
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WORK, check, fail, finish, freePort, getJson, pass, startProcess, step, waitForHttp } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const WORKERD = join(here, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");
const COMPAT_DATE = /compatibility_date = "([^"]+)"/.exec(readFileSync(join(here, "wrangler.toml"), "utf8"))[1];

function wranglerBundle(script, outdir) {
  rmSync(outdir, { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    [join(here, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir, script],
    { cwd: here, encoding: "utf8", timeout: 120000, env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
  );
  if (r.status !== 0) throw new Error(`wrangler --dry-run exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  const files = readdirSync(outdir);
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  const main = files.filter((f) => f.endsWith(".js"));
  if (main.length !== 1) throw new Error(`expected one .js module, got ${files.join(", ")}`);
  return { files, wasm, main: main[0], text: readFileSync(join(outdir, main[0]), "utf8") };
}

/** Serve a wrangler bundle with workerd; returns { proc, url }. */
async function serve(outdir, main, wasm, compatibilityFlags = []) {
  const port = await freePort();
  const modules = [`(name = "${main}", esModule = embed "${main}")`, ...wasm.map((f) => `(name = "${f}", wasm = embed "${f}")`)];
  writeFileSync(
    join(outdir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${modules.join(", ")} ],
  compatibilityDate = "${COMPAT_DATE}",
  compatibilityFlags = [ ${compatibilityFlags.map((f) => JSON.stringify(f)).join(", ")} ],
);
`,
  );
  const proc = startProcess(WORKERD, ["serve", join(outdir, "config.capnp"), "--verbose"], { cwd: outdir });
  return { proc, url: `http://127.0.0.1:${port}/` };
}

const STRICT = ["disallow_eval_during_startup"];
let mainBundle;
let hostile; // the first server's answer to /hostile

for (const [name, flags] of [["workerd", []], ["workerd-disallow-eval-during-startup", STRICT]]) {
  await step(name, async (t) => {
    const outdir = join(WORK, "workerd", "main");
    if (!mainBundle) {
      mainBundle = wranglerBundle("src/index.mjs", outdir);
      // authcore, authcore/passwords, authcore/keys, authcore/doctor: each its workerd entry and its own .wasm.
      const entries = [...new Set([...mainBundle.text.matchAll(/\/\/ node_modules\/authcore\/(dist\/(?:\w+\/)?index\.[\w.]+\.mjs)/g)].map((m) => m[1]))].sort();
      const want = ["dist/doctor/index.workerd.mjs", "dist/index.workerd.mjs", "dist/keys/index.workerd.mjs", "dist/passwords/index.workerd.mjs"];
      if (JSON.stringify(entries) !== JSON.stringify(want)) throw new Error(`wrangler bundled ${entries.join(", ") || "no authcore entry"}`);
      if (mainBundle.wasm.length !== 4) throw new Error(`expected four .wasm modules (one per entry), got ${mainBundle.files.join(", ")}`);
    }
    const { proc, url } = await serve(outdir, mainBundle.main, mainBundle.wasm, flags);
    try {
      await waitForHttp(`${url}ready`, proc, 30000);
      const version = spawnSync(WORKERD, ["--version"], { encoding: "utf8" }).stdout.trim();
      check(name, await getJson(url), t(`entry dist/index.workerd.mjs, ${version}, compat ${COMPAT_DATE}${flags.length ? " + " + flags : ""}`));
      if (!flags.length) {
        const started = Date.now();
        hostile = { ...(await getJson(`${url}hostile`, 280000)), seconds: (Date.now() - started) / 1000 };
      }
    } finally {
      await proc.stop();
    }
  });
}

await step("workerd-hostile-calls", async (t) => {
  const r = hostile;
  if (!r) throw new Error("the workerd step did not reach /hostile");
  if (r.bad.length) throw new Error(`${r.bad.length} hostile calls threw something other than a coded AuthError: ${r.bad.slice(0, 5).join("; ")}`);
  const ran = Object.keys(r.entries).sort();
  if (JSON.stringify(ran) !== JSON.stringify(["authcore", "doctor", "keys", "passwords"]) || Object.values(r.entries).some((e) => e.calls < 4000 || e.functions < 4)) throw new Error(`incomplete run: ${JSON.stringify(r)}`);
  if (r.hashes !== 100) throw new Error(`incomplete run: ${JSON.stringify(r)}`);
  pass("workerd-hostile-calls", t(`hostile calls (${ran.map((n) => `${n}: ${r.entries[n].calls} over ${r.entries[n].functions} exports`).join(", ")}), then ${r.hashes} hashes + verifications + cookie/JWT checks, in workerd in ${r.seconds.toFixed(1)}s`));
});

let inlineBundle;
function inline() {
  inlineBundle ??= wranglerBundle("src/inline.mjs", join(WORK, "workerd", "inline"));
  if (!inlineBundle.text.includes("// node_modules/authcore/dist/index.inline.mjs")) throw new Error("wrangler did not bundle the inline entry");
  return inlineBundle;
}

await step("workerd-inline-entry-fails", async (t) => {
  const b = inline();
  const { proc, url } = await serve(join(WORK, "workerd", "inline"), b.main, b.wasm, STRICT);
  let status;
  try {
    // workerd keeps running; the Worker itself fails to start, so requests fail.
    const end = Date.now() + 20000;
    while (Date.now() < end && !proc.exited() && !/CompileError/.test(proc.output())) {
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
        status = r.status;
        await r.arrayBuffer();
        if (r.status === 200) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await proc.stop();
  }
  const m = /CompileError: WebAssembly\.Module\(\): Wasm code generation disallowed by embedder/.exec(proc.output());
  if (m && status !== 200) pass("workerd-inline-entry-fails", t(`expected, with ${STRICT}: ${m[0]}`));
  else fail("workerd-inline-entry-fails", `expected a CompileError with ${STRICT} (HTTP status ${status}):\n${proc.output().slice(-3000)}`);
});

await step("workerd-inline-startup-window", async (t) => {
  const b = inline();
  const { proc, url } = await serve(join(WORK, "workerd", "inline"), b.main, b.wasm, []);
  try {
    await waitForHttp(`${url}ready`, proc, 30000);
    check("workerd-inline-startup-window", await getJson(url), t(`inline entry compiles at startup under compat ${COMPAT_DATE} (allow_eval_during_startup)`));
  } finally {
    await proc.stop();
  }
});

finish();
