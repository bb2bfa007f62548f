// The Convex export doctor from JavaScript: the same core as the native `authcore doctor`,
// reading the ZIP through a synchronous random-access source, so a large export is never loaded
// whole (the Node CLI backs the source with fs.readSync). Runtime-neutral: no Node imports here.
import * as wasm from "./wasm/authcore.js";
import { AuthError, guard, objectArg, plainArg, callCoreRaw as call, ownHandle, liveHandle, freeHandle } from "./errors.mjs";

/** A whole ZIP already in memory, as a source. */
function bytesSource(bytes) {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

function sourceArg(source) {
  if (source instanceof Uint8Array) return bytesSource(source);
  if (source !== null && typeof source === "object" && typeof source.read === "function") return source;
  throw new AuthError("ERR_INVALID_ARGUMENT", "source must be a Uint8Array or { size, read(offset, length) }");
}

function sinkArg(sink) {
  if (sink !== null && typeof sink === "object" && typeof sink.write === "function") return sink;
  throw new AuthError("ERR_INVALID_ARGUMENT", "sink must be { write(offset, bytes) }");
}

/** A growable in-memory sink; `bytes()` returns what was written. */
function memorySink() {
  let buf = new Uint8Array(1 << 16);
  let end = 0;
  return {
    write(offset, bytes) {
      const need = offset + bytes.length;
      if (need > buf.length) {
        const bigger = new Uint8Array(Math.max(need, buf.length * 2));
        bigger.set(buf.subarray(0, end));
        buf = bigger;
      }
      buf.set(bytes, offset);
      end = Math.max(end, need);
    },
    bytes: () => buf.slice(0, end),
  };
}

/**
 * Diagnose a Convex snapshot export. `source`: the ZIP's bytes, or `{ size, read(offset, length)
 * => Uint8Array }` (read synchronously, a window at a time). `options`: `{ component, appTable,
 * linkField, emailField, adminEmails, secret, maxFindingsPerCode, onProgress(done, total) }`.
 * Returns `{ report: { findings, summary }, hasErrors, text, json }`, where `text` and `json`
 * are exactly what `authcore doctor` prints (without and with `--json`).
 */
export const diagnoseExport = guard(function diagnoseExport(source, options = {}) {
  const { onProgress, ...rest } = objectArg(options, "options");
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "onProgress must be a function");
  }
  const r = call(wasm.doctor_diagnose, sourceArg(source), plainArg(rest), onProgress);
  return { report: JSON.parse(r.json), hasErrors: r.hasErrors, text: r.text, json: r.json + "\n" };
});

/**
 * Generate a synthetic Convex export with Better Auth data (what `authcore gen-export` writes):
 * `{ users, seed, inject: [finding codes], level }`. Writes to `sink` (`{ write(offset, bytes) }`,
 * every byte at its offset) and returns undefined, or returns the ZIP's bytes without a sink.
 */
export const generateExport = guard(function generateExport(options = {}, sink) {
  const opts = plainArg(objectArg(options, "options"));
  if (sink === undefined) {
    const mem = memorySink();
    call(wasm.doctor_gen_export, opts, mem);
    return mem.bytes();
  }
  call(wasm.doctor_gen_export, opts, sinkArg(sink));
  return undefined;
});

/**
 * Plan a fix of a Convex export (what `authcore fix` does), reading `source` as
 * `diagnoseExport` does. `operation`: `{ op: "set-password", email, password | passwordHash }`,
 * `{ op: "delete-user", email, onDelete: "delete" | "soft-delete" | "keep" }`, `{ op: "sync",
 * policy, adminEmails }` (a sync policy, as `decideSync` takes), `{ op: "create-user", email,
 * name, admin, password | passwordHash }`, `{ op: "float-numbers" }`, `{ op: "drop-sessions" }`
 * or `{ op: "drop-jwks" }`; a `password`
 * is hashed in Better Auth's format. `options`: `{ component, appTable, linkField, emailField,
 * now }` (`now`: epoch ms for new rows, defaults to `Date.now()`). Returns `{ actions, apply(sink?),
 * discard() }`: `apply` writes the fixed ZIP to `sink` (or returns its bytes without one) and
 * releases the plan, `discard` releases it without writing.
 */
export const planExportFix = guard(function planExportFix(source, operation, options = {}) {
  const { now = Date.now(), ...where } = objectArg(options, "options");
  const op = plainArg(objectArg(operation, "operation"));
  let plan = ownHandle(call(wasm.doctor_fix_plan, sourceArg(source), op, plainArg(where), now));
  const actions = call(() => plan.actions());
  const release = () => {
    if (plan) freeHandle(plan);
    plan = null;
  };
  return {
    actions,
    apply(sink) {
      if (!plan) throw new AuthError("ERR_INVALID_ARGUMENT", "this fix plan was already applied or discarded");
      if (!liveHandle(plan)) throw new AuthError("ERR_INTERNAL", "this fix plan belongs to a retired WASM instance; plan it again");
      try {
        if (sink === undefined) {
          const mem = memorySink();
          call(() => plan.apply(mem));
          return mem.bytes();
        }
        call(() => plan.apply(sinkArg(sink)));
        return undefined;
      } finally {
        release();
      }
    },
    discard: release,
  };
});

/**
 * Fix a Convex export in one call: `planExportFix(source, operation, options).apply(sink)`.
 * Returns `{ actions, bytes }` (`bytes` undefined when a sink was given).
 */
export const fixExport = guard(function fixExport(source, operation, options = {}, sink) {
  const plan = planExportFix(source, operation, options);
  return { actions: plan.actions, bytes: plan.apply(sink) };
});
