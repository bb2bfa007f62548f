// Node event loop and throughput with the worker-thread pool (the Node entry's async path).
//
//   bash bench/run.sh     or     node bench/eventloop.mjs
//
// 1. Event-loop delay (p99, perf_hooks.monitorEventLoopDelay) while N verifications run
//    concurrently through verifyPassword (pool), compared with the same N run inline
//    (verifyPasswordSync in a loop of awaited promises) — the blocking baseline.
// 2. Throughput: verifications per second through the pool vs one thread.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { availableParallelism } from "node:os";
import { hashPasswordWithSalt, verifyPassword, verifyPasswordSync } from "authcore";

const N = Number(process.env.N ?? 100);
const hash = hashPasswordWithSalt("right", "00112233445566778899aabbccddeeff");
const inputs = Array.from({ length: N }, (_, i) => (i % 2 ? "right" : "wrong"));

async function measure(label, run) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  // A steady heartbeat so the histogram sees the loop even when nothing else is scheduled.
  const beat = setInterval(() => {}, 1);
  h.enable();
  const t = performance.now();
  await run();
  const ms = performance.now() - t;
  h.disable();
  clearInterval(beat);
  return { label, ms, p99: h.percentile(99) / 1e6, max: h.max / 1e6, opsPerSec: (N / ms) * 1e3 };
}

// Warm the pool (start the workers, first 32 MiB allocation in each).
await Promise.all(Array.from({ length: availableParallelism() }, () => verifyPassword({ hash, password: "x" })));
verifyPasswordSync({ hash, password: "x" });

// Inline baseline: what a server gets when scrypt runs on the main thread (the loop turns
// between verifications, as between requests, but each one blocks it for a whole scrypt).
const inline = await measure("inline (one thread)", async () => {
  for (const password of inputs) {
    verifyPasswordSync({ hash, password });
    await new Promise((r) => setImmediate(r));
  }
});
const pool = await measure("pool (worker threads)", () =>
  Promise.all(inputs.map((password) => verifyPassword({ hash, password }))),
);

console.log(`${N} concurrent verifications; ${availableParallelism()} cores; Node ${process.version}\n`);
console.log("| path | total ms | ops/s | event-loop p99 ms | max ms |");
console.log("|---|---:|---:|---:|---:|");
for (const r of [inline, pool]) {
  console.log(`| ${r.label} | ${r.ms.toFixed(0)} | ${r.opsPerSec.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`);
}
const speedup = pool.opsPerSec / inline.opsPerSec;
console.log(`\ngoal event-loop p99 < 10 ms with the pool: ${pool.p99.toFixed(1)} ms ${pool.p99 < 10 ? "met" : "NOT met"}`);
console.log(`goal throughput ≥ 1.7× one thread: ${speedup.toFixed(2)}× ${speedup >= 1.7 ? "met" : "NOT met"}`);
