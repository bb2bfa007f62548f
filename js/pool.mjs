// A small pool of Node worker threads for the async password functions: sized to the cores
// (at most MAX_WORKERS), unref'd while idle so it never keeps the process alive. The process's
// first call runs inline and the first worker starts right after it (see `started`). If workers
// cannot be started (a sandbox without worker_threads), every task runs inline instead.
import { createRequire } from "node:module";
import { availableParallelism, cpus } from "node:os";
import { AuthError, toAuthError } from "./errors.mjs";

/** Upper bound on threads: each holds its own WASM instance (~35 MiB after one scrypt). */
const MAX_WORKERS = 8;

/**
 * A worker with the process's flags where Node allows them. The body is a CommonJS script, so an
 * inherited --input-type=module is dropped. Node refuses process-wide flags in a worker's
 * execArgv (--stack-trace-limit, --tls-cipher-list, --use-largepages, --max-http-header-size:
 * what Node 22+'s test runner passes, and what servers set) with ERR_WORKER_INVALID_EXEC_ARGV;
 * the worker then starts with none rather than the pool falling back to hashing inline.
 */
function newWorker(source, options) {
  // Loaded on first use, not at import (a few ms of start-up): Node ≥ 20.16 has
  // process.getBuiltinModule; older Node 20 resolves the builtin through a require.
  const { Worker } = process.getBuiltinModule?.("node:worker_threads") ?? createRequire(import.meta.url)("node:worker_threads");
  const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
  try {
    return new Worker(source, { ...options, execArgv });
  } catch (e) {
    if (e?.code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw e;
    return new Worker(source, { ...options, execArgv: [] });
  }
}

/** `getModule()`: the compiled module (compiled on first call), shared with every worker. */
export function createPool({ getModule, source }) {
  const size = Math.max(
    1,
    Math.min(MAX_WORKERS, typeof availableParallelism === "function" ? availableParallelism() : cpus().length),
  );
  const workers = []; // { worker, pending: Map<id, {resolve, reject}> }
  let nextId = 1;
  let broken = false;
  let replaced = 0;
  // The process's first call runs inline, and the first worker starts right after it (issue 17,
  // measured by bench/startup.mjs): a worker's start-up (`new Worker` blocks the calling thread
  // 2–10 ms, then ~30 ms on its own thread) is off the first call's path, and a fresh instance's
  // first hash costs the same on either thread. Every later call runs on the pool.
  let started = false;

  function spawn() {
    const worker = newWorker(source, { eval: true, workerData: { module: getModule() } });
    const slot = { worker, pending: new Map() };
    worker.on("message", ({ id, value, error, retired }) => {
      const task = slot.pending.get(id);
      if (!task) return;
      slot.pending.delete(id);
      if (retired) retire(slot);
      if (slot.pending.size === 0) {
        worker.unref();
        if (slot.retired) worker.terminate();
      }
      if (error) task.reject(new AuthError(error.code, error.message));
      else task.resolve(value);
    });
    const fail = (err) => {
      const i = workers.indexOf(slot);
      if (i >= 0) workers.splice(i, 1);
      for (const task of slot.pending.values()) {
        task.reject(new AuthError("ERR_INTERNAL", `password worker stopped: ${err?.message ?? err}`, { cause: err }));
      }
      slot.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (slot.pending.size) fail(new Error(`exit code ${code}`));
      else fail(null);
    });
    // After the listeners: adding a "message" listener refs the worker's port again, so a worker
    // started with no task yet (after the process's first, inline call) would keep it alive.
    worker.unref();
    workers.push(slot);
    return slot;
  }

  // A worker whose instance failed (it already made itself a fresh one for the tasks queued on
  // it) gets no new tasks and is terminated when its queue is empty; pick() starts another.
  function retire(slot) {
    if (slot.retired) return;
    slot.retired = true;
    replaced++;
    const i = workers.indexOf(slot);
    if (i >= 0) workers.splice(i, 1);
  }

  function pick() {
    let best = null;
    for (const s of workers) if (!best || s.pending.size < best.pending.size) best = s;
    if ((!best || best.pending.size > 0) && workers.length < size) best = spawn();
    return best;
  }

  return {
    size,
    /** Workers replaced after their instance failed. */
    get replaced() {
      return replaced;
    },
    /** Workers running now. */
    get running() {
      return workers.length;
    },
    run(op, args, inline) {
      if (!broken && !started) {
        started = true;
        setImmediate(() => {
          try {
            if (workers.length === 0) spawn();
          } catch {
            broken = true; // cannot start workers here: run inline from now on
          }
        });
      } else if (!broken) {
        let slot;
        try {
          slot = pick();
        } catch {
          broken = true; // cannot start workers here: run inline from now on
        }
        if (slot) {
          const id = nextId++;
          const p = new Promise((resolve, reject) => slot.pending.set(id, { resolve, reject }));
          try {
            slot.worker.postMessage({ id, op, args });
            slot.worker.ref();
            return p;
          } catch {
            // Arguments are plain data (api.mjs); if one still cannot be cloned, run inline.
            slot.pending.delete(id);
          }
        }
      }
      return new Promise((resolve) => resolve(inline(...args))).catch((e) => {
        throw toAuthError(e);
      });
    },
  };
}
