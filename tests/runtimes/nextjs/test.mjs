// Next.js 16 App Router: `next build` (Turbopack, the default) of two route handlers that
// import authcore, one on the Node.js runtime and one on the Edge runtime; `next start` on
// 127.0.0.1 and a free port; HTTP requests to both; the server is stopped by its PID.
// The build output is checked too: the nodejs route must carry the Node entry (inline bytes +
// worker pool), the edge route a host-compiled WASM binding and no inlined bytes.
// Then the nodejs route again, built with webpack (`next build --webpack`, no config) from
// webpack/: Next 16.4.6's webpack build fails on any edge route handler (a Next bug), so that
// app has only the nodejs route.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check, fail, finish, freePort, getJson, pass, startProcess, step, waitForHttp } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const NEXT = join(here, "node_modules/next/dist/bin/next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NO_COLOR: "1" };
const WASM_MAGIC_B64 = "AGFzbQ"; // base64 of "\0asm": the start of inlined WASM bytes

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
  const inlinedInEdge = edgeJs.filter((f) => readFileSync(f, "utf8").includes(WASM_MAGIC_B64));
  if (inlinedInEdge.length) throw new Error(`inlined WASM bytes in the edge bundle: ${inlinedInEdge.join(", ")}`);
  const nodeJs = filesUnder(join(here, ".next/server")).filter((f) => !f.includes("/edge/"));
  const nodeEntry = nodeJs.some((f) => {
    const s = readFileSync(f, "utf8");
    return s.includes("password worker stopped") && s.includes(WASM_MAGIC_B64);
  });
  if (!nodeEntry) throw new Error("the nodejs route does not carry the Node entry (inline bytes + worker pool)");
  built = true;
  pass("nextjs-build", t(`Turbopack; edge: WASM binding ${[...new Set(wasm.map((w) => w.name))]} (${wasm.length} files), nodejs: Node entry`));
  // Each entry's .wasm once per runtime (the routes import the three public entries, each with its
  // own WASM): the edge function needs one binding per entry; the nodejs route at most one asset
  // per entry, the file its entry reads at start-up (the inline copy stays as its fallback). A
  // stray `new URL("…_bg.wasm", import.meta.url)` elsewhere in the package makes Turbopack emit
  // extra copies (the edge function then carries the module twice).
  await step("nextjs-single-wasm", async (t2) => {
    const wasmFiles = readdirSync(join(here, ".next/server"), { recursive: true }).filter((f) => String(f).endsWith(".wasm"));
    const edgeFiles = wasmFiles.filter((f) => String(f).startsWith("edge"));
    const nodeFiles = wasmFiles.filter((f) => !String(f).startsWith("edge"));
    const ENTRIES = 4; // authcore, authcore/passwords, authcore/keys, authcore/doctor
    if (wasm.length !== ENTRIES || edgeFiles.length !== ENTRIES || nodeFiles.length > ENTRIES) {
      throw new Error(
        `expected one .wasm per entry and runtime; the edge function lists ${wasm.length}: ${wasm.map((w) => w.filePath).join(", ")}; ` +
          `.next/server has ${wasmFiles.length}: ${wasmFiles.join(", ")}`,
      );
    }
    pass("nextjs-single-wasm", t2(wasmFiles.join(", ")));
  });
});

/** `next start` on 127.0.0.1:<free port> in `dir`, run `body(base)`, stop the server by its PID. */
async function serve(name, dir, body) {
  const port = await freePort();
  const server = startProcess(process.execPath, [NEXT, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir, env });
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

await step("nextjs-webpack-node-route", async (t) => {
  const dir = join(here, "webpack");
  rmSync(join(dir, ".next"), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [NEXT, "build", "--webpack"], { cwd: dir, env, encoding: "utf8", timeout: 300000 });
  if (r.status !== 0) throw new Error(`next build --webpack exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  await serve("nextjs-webpack", dir, async (base) => {
    check("nextjs-webpack-node-route", await getJson(`${base}/api/node`), t("next build --webpack, GET /api/node"));
  });
});

finish();
