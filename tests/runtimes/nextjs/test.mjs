// Next.js 16 App Router: `next build` (Turbopack, the default) of two route handlers that
// import authcore, one on the Node.js runtime and one on the Edge runtime; `next start` on
// 127.0.0.1 and a free port; HTTP requests to both; the server is stopped by its PID.
// The build output is checked too: the nodejs route must carry the Node entry (inline bytes +
// worker pool), the edge route a host-compiled WASM binding and no inlined bytes.
// Then the nodejs route again, built with webpack (`next build --webpack`, no config) from
// webpack/: Next 16.4.6's webpack build fails on any edge route handler (a Next bug), so that
// app has only the nodejs route.
// Both apps build with `output: "standalone"` (what a Docker or self-hosted deployment ships):
// each standalone output is MOVED to another directory (.work/nextjs-standalone-*) and served
// there with `node server.js`, so a path of the build machine baked into the bundle, or a file
// the tracer did not copy, fails the route. The app's node_modules is renamed away while it
// serves, so nothing can be read from the build's packages either.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WORK, check, fail, finish, freePort, getJson, pass, startProcess, step, waitForHttp } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const NEXT = join(here, "node_modules/next/dist/bin/next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NO_COLOR: "1" };
// The start of each entry's inline copy (dist/<entry>/wasm-inline.cjs: base64, maybe deflated) as
// installed: finds the inline bytes in a bundle.
const INLINE_PREFIXES = ["", "passwords", "doctor"].map((e) => {
  const text = readFileSync(join(here, "node_modules/authcore/dist", e, "wasm-inline.cjs"), "utf8");
  return /base64: "([^"]{64})/.exec(text)[1];
});
const hasInline = (s) => INLINE_PREFIXES.some((p) => s.includes(p));

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".js"))
    .map((d) => join(d.parentPath ?? d.path, d.name));
}

let built = false;
await step("nextjs-build", async (t) => {
  rmSync(join(here, ".next"), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [NEXT, "build"], { cwd: here, env, encoding: "utf8", timeout: 300000 });
  if (r.status !== 0) throw new Error(`next build exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  const manifest = JSON.parse(readFileSync(join(here, ".next/server/middleware-manifest.json"), "utf8"));
  const edge = manifest.functions?.["/api/edge/route"];
  if (!edge) throw new Error("no edge function for /api/edge in middleware-manifest.json");
  const wasm = (edge.wasm ?? []).filter((w) => /authcore_bg/.test(w.filePath));
  if (!wasm.length) throw new Error(`the edge route has no authcore WASM binding: ${JSON.stringify(edge.wasm)}`);
  const edgeJs = filesUnder(join(here, ".next/server/edge"));
  const inlinedInEdge = edgeJs.filter((f) => hasInline(readFileSync(f, "utf8")));
  if (inlinedInEdge.length) throw new Error(`inlined WASM bytes in the edge bundle: ${inlinedInEdge.join(", ")}`);
  const nodeJs = filesUnder(join(here, ".next/server")).filter((f) => !f.includes("/edge/"));
  const nodeEntry = nodeJs.some((f) => {
    const s = readFileSync(f, "utf8");
    return s.includes("password worker stopped") && s.includes(INLINE_PREFIXES[0]);
  });
  if (!nodeEntry) throw new Error("the nodejs route does not carry the Node entry (inline bytes + worker pool)");
  built = true;
  pass("nextjs-build", t(`Turbopack; edge: WASM binding ${[...new Set(wasm.map((w) => w.name))]} (${wasm.length} files), nodejs: Node entry`));
  // Each entry's WASM once per function (the routes import the three public entries, each with
  // its own WASM): the edge function needs one binding per entry; the nodejs function carries the
  // inline copy (the `node` + `module` entry) and no .wasm asset. A stray
  // `new URL("…_bg.wasm", import.meta.url)` in the package makes Turbopack emit extra copies.
  await step("nextjs-single-wasm", async (t2) => {
    const wasmFiles = readdirSync(join(here, ".next/server"), { recursive: true }).filter((f) => String(f).endsWith(".wasm"));
    const edgeFiles = wasmFiles.filter((f) => String(f).startsWith("edge"));
    const nodeFiles = wasmFiles.filter((f) => !String(f).startsWith("edge"));
    const ENTRIES = 4; // authcore, authcore/passwords, authcore/keys, authcore/doctor
    if (wasm.length !== ENTRIES || edgeFiles.length !== ENTRIES || nodeFiles.length !== 0) {
      throw new Error(
        `expected one .wasm per entry and runtime; the edge function lists ${wasm.length}: ${wasm.map((w) => w.filePath).join(", ")}; ` +
          `.next/server has ${wasmFiles.length}: ${wasmFiles.join(", ")}`,
      );
    }
    pass("nextjs-single-wasm", t2(wasmFiles.join(", ")));
  });
});

/**
 * `next start` on 127.0.0.1:<free port> in `dir` (or, with `standalone`, `node server.js` there),
 * run `body(base)`, stop the server by its PID.
 */
async function serve(name, dir, body, standalone = false) {
  const port = await freePort();
  const server = standalone
    ? startProcess(process.execPath, ["server.js"], { cwd: dir, env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1" } })
    : startProcess(process.execPath, [NEXT, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/`, server, 60000);
    await body(base, server);
    const errors = server.output().split("\n").filter((l) => /error|⨯/i.test(l));
    if (errors.length) fail(`${name}-server-log`, errors.join("\n"));
  } finally {
    await server.stop();
  }
}

await step("nextjs-start", async (t) => {
  if (!built) throw new Error("skipped: the build failed");
  await serve("nextjs", here, async (base, server) => {
    pass("nextjs-start", t(`pid ${server.pid}, ${base}`));
    for (const runtime of ["node", "edge"]) {
      await step(`nextjs-${runtime}-route`, async (t2) => {
        check(`nextjs-${runtime}-route`, await getJson(`${base}/api/${runtime}`), t2(`GET /api/${runtime}`));
      });
    }
  });
});

/**
 * The standalone output of the app in `appDir` (tests/runtimes/<rel>), moved to
 * .work/nextjs-standalone-<bundler>; the app's `node_modules` (this directory's) is renamed away
 * while it serves, so the server can only use what the tracer copied. Checks `routes` there.
 */
async function standalone(bundler, appDir, routes) {
  await step(`nextjs-${bundler}-standalone`, async (t) => {
    if (!existsSync(join(appDir, ".next/standalone"))) throw new Error("no .next/standalone (the build failed?)");
    const dest = join(WORK, `nextjs-standalone-${bundler}`);
    rmSync(dest, { recursive: true, force: true });
    // outputFileTracingRoot is tests/runtimes: the app sits at <root>/<its path under it>.
    cpSync(join(appDir, ".next/standalone"), dest, { recursive: true, verbatimSymlinks: true });
    rmSync(join(appDir, ".next/standalone"), { recursive: true, force: true });
    const rel = appDir.slice(join(here, "..").length + 1);
    const appHere = join(dest, rel);
    if (!existsSync(join(appHere, "server.js"))) throw new Error(`no server.js at ${appHere}`);
    const wasm = readdirSync(dest, { recursive: true }).filter((f) => String(f).endsWith(".wasm"));
    // One copy per function: the nodejs function's bytes are in its chunks; nothing of authcore
    // is traced into the output's node_modules, and only the edge function has .wasm files.
    const traced = readdirSync(dest, { recursive: true }).filter((f) => /node_modules\/authcore\//.test(String(f)));
    if (traced.length) throw new Error(`authcore files traced into the standalone output: ${traced.join(", ")}`);
    const stray = wasm.filter((f) => !/\/server\/edge\//.test(String(f)));
    if (stray.length) throw new Error(`.wasm outside the edge function: ${stray.join(", ")}`);
    const nm = join(here, "node_modules");
    const away = join(here, "node_modules.away");
    renameSync(nm, away);
    try {
      await serve(`nextjs-${bundler}-standalone`, appHere, async (base, server) => {
        for (const route of routes) {
          await step(`nextjs-${bundler}-standalone-${route}-route`, async (t2) => {
            check(`nextjs-${bundler}-standalone-${route}-route`, await getJson(`${base}/api/${route}`), t2(`${dest}, GET /api/${route}`));
          });
        }
        pass(`nextjs-${bundler}-standalone`, t(`pid ${server.pid}; .wasm in the output: ${wasm.join(", ") || "none"}`));
      }, true);
    } finally {
      renameSync(away, nm);
    }
  });
}

await standalone("turbopack", here, ["node", "edge"]);

await step("nextjs-webpack-node-route", async (t) => {
  const dir = join(here, "webpack");
  rmSync(join(dir, ".next"), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [NEXT, "build", "--webpack"], { cwd: dir, env, encoding: "utf8", timeout: 300000 });
  if (r.status !== 0) throw new Error(`next build --webpack exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  await serve("nextjs-webpack", dir, async (base) => {
    check("nextjs-webpack-node-route", await getJson(`${base}/api/node`), t("next build --webpack, GET /api/node"));
  });
});

await standalone("webpack", join(here, "webpack"), ["node"]);

finish();
