// AuthError: every error authcore throws. Switch on `.code` (a stable "ERR_*" string, the same
// as the Rust core's `Error::code()`), never on the message.

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

/**
 * Call a WASM core function: arguments copied by `plainArg` (cycles and over-deep nesting are
 * refused before they can overflow the core's decoder), anything thrown becomes an AuthError.
 */
export function callCore(fn, ...args) {
  try {
    return fn(...args.map((a) => plainArg(a)));
  } catch (e) {
    throw toAuthError(e);
  }
}

/** `callCore` for arguments that must reach the core as they are (sources, sinks, closures). */
export function callCoreRaw(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    throw toAuthError(e);
  }
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
 * What the WASM core may safely decode: plain objects and arrays are copied (own enumerable
 * members, getters run once, numbers kept as they are), with a cycle or nesting deeper than 64
 * an ERR_INVALID_ARGUMENT AuthError; anything else is passed as is. A cyclic object would
 * otherwise make the core's decoder recurse until the WASM stack overflows (a trap).
 */
export function plainArg(v, depth = 0, seen = new Set()) {
  if (v === null || typeof v !== "object") return v;
  const proto = Object.getPrototypeOf(v);
  if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return v;
  if (depth > 64 || seen.has(v)) {
    throw new AuthError("ERR_INVALID_ARGUMENT", "argument is cyclic or nested too deeply");
  }
  seen.add(v);
  let out;
  if (Array.isArray(v)) {
    out = [];
    for (let i = 0; i < v.length; i++) out.push(plainArg(v[i], depth + 1, seen));
  } else {
    out = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, { value: plainArg(v[k], depth + 1, seen), enumerable: true, writable: true, configurable: true });
    }
  }
  seen.delete(v);
  return out;
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
