// Node-side helpers for the runtime matrix drivers: the Node reference, comparisons, result
// lines, and servers started on 127.0.0.1 and stopped by their PID.
import { readFileSync, existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

export const RUNTIMES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const WORK = join(RUNTIMES_DIR, ".work");
export const REFERENCE = join(WORK, "reference.json");
export const FIXTURE = join(RUNTIMES_DIR, "common", "fixture.mjs");

let failures = 0;

/** One result line; scripts/test-runtimes.sh counts them. */
export function pass(name, detail = "") {
  console.log(`RESULT PASS ${name}${detail ? ` (${detail})` : ""}`);
}
export function fail(name, reason) {
  failures++;
  console.log(`RESULT FAIL ${name}: ${String(reason).split("\n").join("\n    ")}`);
}

export function loadReference() {
  if (!existsSync(REFERENCE)) throw new Error(`no Node reference at ${REFERENCE} (run the node runtime first)`);
  return JSON.parse(readFileSync(REFERENCE, "utf8"));
}

/** Sort object keys recursively (Convex, for one, returns objects with sorted keys). */
export function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

/** Identical JSON (strings byte for byte, key order aside) against the Node reference; a diff text or null. */
export function diff(actual, expected) {
  actual = canonical(actual);
  expected = canonical(expected);
  if (isDeepStrictEqual(actual, expected) && JSON.stringify(actual) === JSON.stringify(expected)) return null;
  const lines = [];
  const keys = new Set([...Object.keys(expected ?? {}), ...Object.keys(actual ?? {})]);
  for (const k of keys) {
    const a = JSON.stringify(actual?.[k]);
    const e = JSON.stringify(expected?.[k]);
    if (a !== e) lines.push(`${k}: got ${a}\n      want ${e}`);
  }
  return lines.join("\n") || `got ${JSON.stringify(actual)}`;
}

/** Compare with the Node reference and print a result line. */
export function check(name, actual, detail = "") {
  const d = diff(actual, loadReference());
  if (d) fail(name, `differs from Node:\n${d}`);
  else pass(name, detail);
  return !d;
}

/** Run a check body; any throw is a failure of that check. */
export async function step(name, fn) {
  const t = Date.now();
  try {
    await fn((detail) => `${detail ? detail + ", " : ""}${((Date.now() - t) / 1000).toFixed(1)}s`);
  } catch (e) {
    fail(name, e && e.stack ? e.stack : e);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start a server process in its own process group, collecting its output. `stop()` kills that
 * group by the PID we started (never by name) and waits for it to exit.
 */
export function startProcess(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  let done = false;
  exited.then(() => (done = true));
  return {
    pid: child.pid,
    output: () => output,
    exited: () => done,
    async stop() {
      if (done) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Poll `url` until it answers (any HTTP status) or the process dies / time runs out. */
export async function waitForHttp(url, proc, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc && proc.exited()) throw new Error(`server exited before answering:\n${proc.output()}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url} in ${timeoutMs} ms:\n${proc ? proc.output() : ""}`);
}

/** GET a JSON result; a non-2xx status is an error carrying the body. */
export async function getJson(url, timeoutMs = 60000) {
  const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${url} → HTTP ${r.status}: ${text.slice(0, 2000)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url} → not JSON: ${text.slice(0, 2000)}`);
  }
}

/** Exit with the number of failed checks (0 = all passed). */
export function finish() {
  process.exitCode = failures ? 1 : 0;
}
