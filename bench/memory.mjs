// Memory under load, through the installed package (not a test; run on demand):
//   node bench/memory.mjs [passwordCalls=10000] [jwtCalls=10000]
//
// 1. Password hash/verify calls (half each) through the async API, i.e. Node's worker pool,
//    `pool size` at a time: process RSS sampled every 5% of the run.
// 2. A few hundred synchronous hashes on the main thread: that instance's WASM memory
//    (captured by wrapping WebAssembly.Instance before the package loads).
// 3. JWT verifications (ES256 and HS256): RSS and the main instance's WASM memory.
// Bounded means: after warm-up, RSS and WASM memory stop growing (no leak per call).
import { availableParallelism } from "node:os";

const instances = [];
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args) {
    const i = Reflect.construct(target, args);
    instances.push(i);
    return i;
  },
});
const api = await import("authcore");

const N_PW = Number(process.argv[2] ?? 10_000);
const N_JWT = Number(process.argv[3] ?? 10_000);
// Stop the password phase after this many seconds (reports how many calls were done).
const MAX_S = Number(process.env.MEMORY_BENCH_MAX_S ?? Infinity);
const MiB = (b) => (b / 1048576).toFixed(1);
const wasmBytes = () => instances.map((i) => i.exports.memory?.buffer.byteLength ?? 0).reduce((a, b) => Math.max(a, b), 0);
const rss = () => process.memoryUsage().rss;
const report = [];
const line = (s) => {
  console.log(s);
  report.push(s);
};

line(`node ${process.version}, ${availableParallelism()} cores; start RSS ${MiB(rss())} MiB, main WASM ${MiB(wasmBytes())} MiB`);

// 1. async hash/verify through the pool
{
  const hash = await api.hashPassword("warm-up password");
  const conc = Math.max(1, Math.min(8, availableParallelism()));
  let done = 0;
  let peak = 0;
  const samples = [];
  const t0 = performance.now();
  const step = Math.max(1, Math.floor(N_PW / 20));
  async function worker(w) {
    while (done < N_PW && (performance.now() - t0) / 1000 < MAX_S) {
      const i = done++;
      if (i % 2) await api.verifyPassword({ hash, password: `pw ${i}` });
      else await api.hashPassword(`pw ${i} ünïcödé`);
      if (i % step === 0) {
        const r = rss();
        peak = Math.max(peak, r);
        samples.push(`${i}:${MiB(r)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: conc }, (_, w) => worker(w)));
  const secs = (performance.now() - t0) / 1000;
  line(`passwords: ${done} async hash/verify calls, ${conc} in flight, ${secs.toFixed(0)} s; RSS peak ${MiB(peak)} MiB, end ${MiB(rss())} MiB`);
  line(`  RSS samples (call:MiB): ${samples.join(" ")}`);
}

// 2. sync on the main thread: WASM memory of the main instance
{
  const before = wasmBytes();
  const n = Math.min(200, N_PW);
  const hash = api.hashPasswordSync("x");
  let after1 = 0;
  for (let i = 0; i < n; i++) {
    if (i % 2) api.verifyPasswordSync({ hash, password: `pw ${i}` });
    else api.hashPasswordSync(`pw ${i}`);
    if (i === 1) after1 = wasmBytes();
  }
  line(`passwords (sync, main thread): WASM memory ${MiB(before)} MiB before, ${MiB(after1)} after 2 calls, ${MiB(wasmBytes())} after ${n}; RSS ${MiB(rss())} MiB`);
}

// 3. JWT verification
{
  const now = 1_700_000_000_000;
  // ES256 keys and signing are in authcore/keys; the request path (`api`) verifies.
  const keysApi = await import("authcore/keys");
  const { publicJwk, privateJwk } = keysApi.generateKeyPair("ES256");
  const es = keysApi.signJwt({ sub: "u", name: "x".repeat(200) }, { privateJwk, issuer: "https://a", audience: "convex", expiresIn: "1h", now });
  const secret = "memory-bench-secret-0123456789-abcdefghijkl";
  const hs = api.signJwt({ sub: "u" }, { secret, now });
  const jwks = api.createLocalJwks({ keys: [publicJwk] });
  const w0 = wasmBytes();
  const r0 = rss();
  let peak = r0;
  const t0 = performance.now();
  for (let i = 0; i < N_JWT; i++) {
    api.verifyJwtSync(es, { jwks, issuer: "https://a", audience: "convex", now });
    api.verifyJwtSync(hs, { secret, now });
    // A plain JWKS object each time exercises the import cache (and its eviction).
    if (i % 10 === 0) api.verifyJwtSync(es, { jwks: { keys: [publicJwk] }, issuer: "https://a", audience: "convex", now });
    if (i % 1000 === 0) peak = Math.max(peak, rss());
  }
  const secs = (performance.now() - t0) / 1000;
  line(`jwt: ${N_JWT}×(ES256 + HS256) verifications in ${secs.toFixed(1)} s; RSS ${MiB(r0)} → ${MiB(rss())} MiB (peak ${MiB(peak)}), main WASM ${MiB(w0)} → ${MiB(wasmBytes())} MiB`);
}
process.exit(0);
