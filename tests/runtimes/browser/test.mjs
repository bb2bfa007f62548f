// Browser: headless Debian Chromium (driven by playwright-core, no downloaded browser) loads a
// page from a tiny Node HTTP server on 127.0.0.1 that imports authcore as native ES modules:
// the import map points "authcore" at the file the package's exports map gives for the
// `browser` + `import` conditions, and that entry fetches the .wasm next to it
// (instantiateStreaming). Then the crate's own Rust tests in the same Chromium:
// `WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --mode no-install`.
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { readFileSync, existsSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { RUNTIMES_DIR, check, fail, finish, pass, step } from "../common/harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const REPO = join(RUNTIMES_DIR, "..", "..");
const CHROMIUM = "/usr/bin/chromium";
// Known to work on this machine (the machine notes): no background connections, no sandbox as root.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const only = process.argv.slice(2); // optional: "page" and/or "rust"

/** Resolve a package.json `exports` target for an ordered set of conditions, as a resolver does. */
function resolveExports(target, conditions) {
  if (typeof target === "string") return target;
  if (target && typeof target === "object") {
    for (const [key, value] of Object.entries(target)) {
      if (key === "default" || conditions.includes(key)) {
        const r = resolveExports(value, conditions);
        if (r) return r;
      }
    }
  }
  return null;
}

const MIME = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

function startStaticServer(importMap) {
  const roots = {
    "/node_modules/authcore/": join(here, "node_modules", "authcore") + sep,
    "/common/": join(RUNTIMES_DIR, "common") + sep,
  };
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    if (path === "/") {
      const html = readFileSync(join(here, "index.html"), "utf8").replace("__IMPORT_MAP__", JSON.stringify(importMap));
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(html);
    }
    for (const [prefix, dir] of Object.entries(roots)) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
        return res.end(readFileSync(file));
      }
    }
    res.writeHead(404).end("not found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, requests, port: server.address().port })));
}

if (!only.length || only.includes("page")) {
  await step("browser-chromium-esm", async (t) => {
    const pkg = JSON.parse(readFileSync(join(here, "node_modules/authcore/package.json"), "utf8"));
    const entry = resolveExports(pkg.exports["."], ["browser", "import"]);
    if (entry !== "./dist/index.browser.mjs") throw new Error(`the exports map gives ${entry} for browsers`);
    const importMap = { imports: { authcore: `/node_modules/authcore/${entry.slice(2)}` } };
    for (const sub of ["passwords", "keys", "doctor"]) {
      const e = resolveExports(pkg.exports[`./${sub}`], ["browser", "import"]);
      if (e !== `./dist/${sub}/index.browser.mjs`) throw new Error(`the exports map gives ${e} for authcore/${sub} in browsers`);
      importMap.imports[`authcore/${sub}`] = `/node_modules/authcore/${e.slice(2)}`;
    }
    const { server, requests, port } = await startStaticServer(importMap);
    let browser;
    try {
      // playwright-core starts it with --headless and a fresh, empty --user-data-dir of its own.
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== "--headless") });
      const page = await browser.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("console", (m) => m.type() === "error" && problems.push(`console.error: ${m.text()}`));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector('#result:not([data-status="running"])', { timeout: 60000 });
      const status = await page.getAttribute("#result", "data-status");
      const text = await page.textContent("#result");
      const version = browser.version();
      if (status !== "done") throw new Error(`the page failed: ${text}\n${problems.join("\n")}`);
      if (problems.length) throw new Error(problems.join("\n"));
      const wasmFetched = requests.some((p) => p.endsWith("/authcore_bg.wasm"));
      const inlineFetched = requests.some((p) => p.includes("wasm-inline"));
      if (!wasmFetched || inlineFetched) throw new Error(`expected the .wasm fetched and no inlined bytes; requests: ${requests.join(", ")}`);
      check("browser-chromium-esm", JSON.parse(text), t(`Chromium ${version}, entry ${entry}, .wasm fetched`));
      const started = Date.now();
      const h = await page.evaluate(() => window.runHostile());
      const r = JSON.parse(h);
      const ran = Object.keys(r.entries).sort();
      if (r.bad.length) fail("browser-chromium-hostile-calls", `${r.bad.length} hostile calls threw something other than a coded AuthError: ${r.bad.slice(0, 5).join("; ")}`);
      else if (JSON.stringify(ran) !== JSON.stringify(["authcore", "doctor", "keys", "passwords"]) || r.hashes !== 100 || Object.values(r.entries).some((e) => e.calls < 4000 || e.functions < 4)) fail("browser-chromium-hostile-calls", `incomplete run: ${h}`);
      else pass("browser-chromium-hostile-calls", t(`hostile calls (${ran.map((n) => `${n}: ${r.entries[n].calls} over ${r.entries[n].functions} exports`).join(", ")}), then ${r.hashes} hashes + verifications + cookie/JWT checks, page main thread, ${((Date.now() - started) / 1000).toFixed(1)}s`));
      if (problems.length) throw new Error(problems.join("\n"));
    } finally {
      if (browser) await browser.close();
      server.close();
    }
  });
}

if (!only.length || only.includes("rust")) {
  await step("rust-tests-in-chromium", async (t) => {
    // wasm-pack runs from the repository root; the runner adds headless/no-sandbox itself and
    // takes the rest of the flags (and the Debian binary) from webdriver.json.
    const env = { ...process.env };
    delete env.RUSTFLAGS; // would replace .cargo/config.toml's +simd128
    const r = await new Promise((resolve) => {
      const child = spawn("wasm-pack", ["--log-level", "warn", "test", "--headless", "--chrome", "--mode", "no-install"], {
        cwd: REPO,
        env: {
          ...env,
          WASM_BINDGEN_USE_BROWSER: "1",
          WASM_BINDGEN_TEST_WEBDRIVER_JSON: join(here, "webdriver.json"),
          WASM_BINDGEN_TEST_TIMEOUT: "600",
          CHROMEDRIVER: "/usr/bin/chromedriver",
          PATH: `${join(REPO, "node_modules/.bin")}:${process.env.PATH}`,
          CARGO_TERM_COLOR: "never",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (code, signal) => resolve({ code, signal, out }));
    });
    // A misconfigured run "skips" every test and exits 0: count what actually ran in Chrome
    // (each "Running headless tests in Chrome" is followed by its suite's "test result").
    const suites = [...r.out.matchAll(/Running headless tests in Chrome[^\n]*\n(?:(?!Running )[^\n]*\n)*?test result: (\w+)\. (\d+) passed; (\d+) failed/g)];
    const passed = suites.reduce((n, m) => n + Number(m[2]), 0);
    const failed = suites.reduce((n, m) => n + Number(m[3]), 0);
    const anyFailed = /test result: FAILED|\d+ failed;/.test(r.out.replace(/ 0 failed;/g, ""));
    if (r.code !== 0 || failed || anyFailed || suites.length < 2 || passed < 10 || suites.some((m) => m[1] !== "ok")) {
      throw new Error(`wasm-pack exited ${r.code ?? r.signal}; in Chrome: ${passed} passed, ${failed} failed in ${suites.length} suites\n${r.out.slice(-6000)}`);
    }
    pass("rust-tests-in-chromium", t(`${passed} passed in ${suites.length} suites, in Chrome`));
  });
}

finish();
