// AuthError: every error authcore throws. Switch on `.code` (a stable "ERR_*" string, the same
// as the Rust core's `Error::code()`), never on the message.

import * as glue from "./wasm/authcore.js";

const BRAND = Symbol.for("authcore.AuthError");

export class AuthError extends Error {
  /**
   * @param {string} code stable error code, e.g. "ERR_HASH_MALFORMED"
   * @param {string} message human-readable sentence (never contains secrets)
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = "AuthError";
    this.code = code;
    this[BRAND] = true;
  }

  // `instanceof AuthError` holds across copies of the package (ESM and CommonJS builds,
  // bundled duplicates), because the brand is a registered symbol.
  static [Symbol.hasInstance](value) {
    return value != null && typeof value === "object" && value[BRAND] === true;
  }
}

/** Turn whatever the WASM core threw into an AuthError. */
export function toAuthError(e) {
  if (e instanceof AuthError) return e;
  if (e && typeof e === "object" && typeof e.code === "string" && e.code.startsWith("ERR_")) {
    const err = new AuthError(e.code, e.message);
    // jose-style details of JWT claim errors ("exp", "check_failed").
    if (typeof e.claim === "string") err.claim = e.claim;
    if (typeof e.reason === "string") err.reason = e.reason;
    return err;
  }
  // A trap or an unexpected JS error: still an AuthError, with the original as the cause.
  const message = e && typeof e === "object" && "message" in e ? String(e.message) : String(e);
  return new AuthError("ERR_INTERNAL", `internal error: ${message}`, { cause: e });
}

// ---- boundary ----
// Every call into the WASM instance goes through `callCore` (arguments copied to plain data
// first) or `callCoreRaw` (arguments the bindings need as they are: sources, sinks, closures,
// imported key sets). What the instance throws is either a coded core error (→ AuthError) or
// something else: a trap, a stack overflow, an exception from JS code that unwound WASM frames.
// rustc's wasm32 code keeps its shadow stack pointer in a global that such an unwinding does
// not restore, so after one of those the instance may fail every later call: it is retired
// (a fresh instance is made from the same compiled module) and the call fails with ERR_INTERNAL.

/** Deepest nesting `plainArg` copies (the core's JSON decoders allow less). */
const MAX_PLAIN_DEPTH = 64;
/** Most values `plainArg` copies from one argument (objects, arrays and their members). */
const MAX_PLAIN_NODES = 100_000;

// Handles the bindings return (imported key sets, fix plans), with the instance generation
// that made them. A module-private WeakMap: only objects authcore created pass as handles.
const handles = new WeakMap();

/** The current instance generation (bumped by each retirement). */
export function instanceGeneration() {
  return glue.__authcore_generation();
}

/** @internal Record `h` as a handle of the current instance; returns it. */
export function ownHandle(h) {
  handles.set(h, instanceGeneration());
  return h;
}

/** @internal True when `h` is a handle of the current (not a retired) instance. */
export function liveHandle(h) {
  return h != null && handles.get(h) === instanceGeneration();
}

/** @internal Free a handle if its instance is still the current one (else its memory is gone). */
export function freeHandle(h) {
  if (liveHandle(h)) {
    handles.delete(h);
    h.free();
  }
}

let retired = 0;
/** @internal How many instances this copy of the package has retired. */
export function retiredInstances() {
  return retired;
}

/** Replace the instance with a fresh one from the compiled module. */
function retire() {
  retired++;
  glue.__authcore_reset();
}

function describe(e) {
  try {
    return e !== null && typeof e === "object" && "message" in e ? String(e.message) : String(e);
  } catch {
    return "an unreadable value";
  }
}

/** A coded error from the core (`to_js` in src/wasm.rs) or one authcore threw itself. */
function isCoreError(e) {
  if (e instanceof AuthError) return true;
  try {
    return e instanceof Error && e.name === "AuthError" && typeof e.code === "string" && e.code.startsWith("ERR_");
  } catch {
    return false;
  }
}

function enter(run) {
  try {
    return run();
  } catch (e) {
    if (isCoreError(e)) throw toAuthError(e);
    retire();
    const err = new AuthError("ERR_INTERNAL", `internal error (the WASM instance was replaced): ${describe(e)}`, { cause: e });
    err.retired = true;
    throw err;
  }
}

/**
 * Call a WASM core function with every argument copied to plain data by `plainArg` (handles
 * made by authcore pass as they are): nothing the caller passed runs while WASM is on the stack.
 */
export function callCore(fn, ...args) {
  const plain = args.map((a) => (handles.has(a) ? liveArg(a) : plainArg(a)));
  return enter(() => fn(...plain));
}

function liveArg(h) {
  if (!liveHandle(h)) throw new AuthError("ERR_INTERNAL", "this key set or plan belongs to a retired WASM instance");
  return h;
}

/** `callCore` for arguments that must reach the core as they are (sources, sinks, closures). */
export function callCoreRaw(fn, ...args) {
  return enter(() => fn(...args));
}

/**
 * Run a public function: whatever the caller's values throw while authcore reads them (a
 * getter, a Proxy trap, a `Request` that is not one) becomes an ERR_INVALID_ARGUMENT AuthError.
 */
export function guard(fn) {
  const g = function (...args) {
    let r;
    try {
      r = fn.apply(this, args);
    } catch (e) {
      throw callerError(e);
    }
    if (r instanceof Promise) return r.catch((e) => { throw callerError(e); });
    return r;
  };
  Object.defineProperty(g, "name", { value: fn.name });
  return g;
}

function callerError(e) {
  if (e instanceof AuthError) return e;
  return new AuthError("ERR_INVALID_ARGUMENT", `an argument could not be read: ${describe(e)}`, { cause: e });
}

// ---- hardening ----
/** JSON text of a caller's value, or an ERR_INVALID_ARGUMENT AuthError (cycles, BigInt, undefined). */
export function jsonArg(v, name) {
  let text;
  try {
    text = JSON.stringify(v);
  } catch (e) {
    throw new AuthError("ERR_INVALID_ARGUMENT", `${name} cannot be serialised as JSON`, { cause: e });
  }
  if (typeof text !== "string") throw new AuthError("ERR_INVALID_ARGUMENT", `${name} must be a JSON value`);
  return text;
}

/**
 * A copy of a caller's value as plain data, each property read once: strings, numbers,
 * booleans, null and undefined as they are; a Uint8Array (a Buffer too) copied; arrays and
 * objects of any kind (class instances, Proxies, Maps, null-prototype objects) copied as fresh
 * plain arrays and objects of their own enumerable members; a BigInt, symbol, function or
 * other binary value becomes `{}`, which the core refuses where it wanted something else.
 * Cycles, nesting deeper than 64, more than 100,000 values, or a value that throws while it is
 * read give an ERR_INVALID_ARGUMENT AuthError. The copy holds no getter, trap or prototype, so
 * the core's decoders never call back into the caller's code.
 */
export function plainArg(v) {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === undefined) return v;
  const st = { nodes: 0, seen: new Set() };
  try {
    return copyPlain(v, 0, st);
  } catch (e) {
    throw callerError(e);
  }
}

function copyPlain(v, depth, st) {
  switch (typeof v) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
      return v;
    case "object":
      if (v === null) return null;
      break;
    default:
      return {}; // bigint, symbol, function
  }
  if (++st.nodes > MAX_PLAIN_NODES) {
    throw new AuthError("ERR_INVALID_ARGUMENT", `argument holds more than ${MAX_PLAIN_NODES} values`);
  }
  if (ArrayBuffer.isView(v)) return v instanceof Uint8Array ? new Uint8Array(v) : {};
  if (v instanceof ArrayBuffer) return {};
  if (depth > MAX_PLAIN_DEPTH || st.seen.has(v)) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "argument is cyclic or nested too deeply");
  }
  st.seen.add(v);
  let out;
  if (Array.isArray(v)) {
    const n = v.length;
    if (!(Number.isSafeInteger(n) && n >= 0 && n <= MAX_PLAIN_NODES)) {
      throw new AuthError("ERR_INVALID_ARGUMENT", `argument holds more than ${MAX_PLAIN_NODES} values`);
    }
    out = [];
    for (let i = 0; i < n; i++) out.push(copyPlain(v[i], depth + 1, st));
  } else {
    out = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, { value: copyPlain(v[k], depth + 1, st), enumerable: true, writable: true, configurable: true });
    }
  }
  st.seen.delete(v);
  return out;
}

/**
 * Key material given as bytes where JSON text is expected (`jwks: readFileSync("jwks.json")`):
 * the bytes are decoded as UTF-8 JSON text, never taken as a key themselves. A JWK Set is
 * public (Better Auth serves it at /api/auth/jwks), so bytes used as an HMAC secret there would
 * let anyone sign tokens.
 */
export function jsonTextArg(v, name) {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(v);
    } catch {
      throw new AuthError("ERR_JWKS_INVALID", `${name} bytes are not UTF-8 JSON text`);
    }
  }
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
    throw new AuthError("ERR_JWKS_INVALID", `${name} must be a JWK Set, a JWK, their JSON text, or its UTF-8 bytes`);
  }
  return jsonArg(v, name);
}

/**
 * An options-style argument: `undefined`/`null` → `{}`, an object as is, anything else (a
 * string would otherwise be destructured character by character) an ERR_INVALID_ARGUMENT.
 */
export function objectArg(v, name) {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) {
    throw new AuthError("ERR_INVALID_ARGUMENT", `${name} must be an object`);
  }
  return v;
}

/** A string argument for the WASM core (its string parameters trap on anything else). */
export function stringArg(v, name, code = "ERR_INVALID_ARGUMENT") {
  if (typeof v !== "string") throw new AuthError(code, `${name} must be a string`);
  return v;
}
/**
 * Undo `__proto__` keys that the WASM core's object conversion turned into prototypes: such a
 * key becomes an own property again (as JSON.parse leaves it), the prototype Object.prototype.
 */
export function ownProtoKeys(v, depth = 0) {
  if (v === null || typeof v !== "object" || depth > 64) return v;
  if (Array.isArray(v)) {
    for (const x of v) ownProtoKeys(x, depth + 1);
    return v;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    Object.setPrototypeOf(v, Object.prototype);
    Object.defineProperty(v, "__proto__", { value: ownProtoKeys(proto, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  for (const k of Object.keys(v)) ownProtoKeys(v[k], depth + 1);
  return v;
}
// ---- end hardening ----

// Test-only hooks, present only when the environment says AUTHCORE_TEST_HOOKS=1 (never part of
// the API): the instance's memory (secret-wiping tests scan it), the raw bindings (to poison an
// instance on purpose), the retirement count.
if (globalThis.process?.env?.AUTHCORE_TEST_HOOKS === "1") {
  globalThis[Symbol.for("authcore.testHooks")] = {
    memory: () => glue.__authcore_memory(),
    glue,
    callCoreRaw,
    retiredInstances,
    instanceGeneration,
  };
}
