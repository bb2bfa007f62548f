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
