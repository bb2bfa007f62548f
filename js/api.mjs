// The public JavaScript API. Every function decodes nothing itself: arguments go to the WASM
// core as they are (it checks types and returns coded errors), results come back unchanged.
// Loader entries (index.*.mjs) initialise the WASM module before any of these is called.
import * as wasm from "./wasm/authcore.js";
import { AuthError, toAuthError } from "./errors.mjs";
import { runAsync } from "./runner.mjs";
import { ops } from "./ops.mjs";

export { AuthError };

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    throw toAuthError(e);
  }
}

function dataArg(data) {
  // verify({ hash, password }): a missing object is reported by the core as a missing hash.
  return data !== null && typeof data === "object" ? data : {};
}

/** Hash like Better Auth's `hashPassword` (scrypt, random salt). Synchronous. */
export function hashPasswordSync(password) {
  return call(wasm.password_hash, password, undefined);
}

/** Verify like Better Auth's `verifyPassword({ hash, password })`. Synchronous. */
export function verifyPasswordSync(data) {
  const { hash, password } = dataArg(data);
  return call(wasm.password_verify, hash, password, undefined);
}

/** Deterministic hash with a given salt string (fixtures, migrations). */
export function hashPasswordWithSalt(password, salt) {
  return call(wasm.password_hash_with_salt, password, salt, undefined);
}

/**
 * Drop-in for Better Auth's `emailAndPassword.password.hash`. In Node it runs on a small pool
 * of worker threads, so scrypt never blocks the event loop; elsewhere it runs inline.
 */
export async function hashPassword(password) {
  return runAsync("hash", [password, undefined], ops.hash);
}

/** Drop-in for Better Auth's `emailAndPassword.password.verify` (worker threads in Node). */
export async function verifyPassword(data) {
  const { hash, password } = dataArg(data);
  return runAsync("verify", [hash, password, undefined], ops.verify);
}

/**
 * `{ hash, verify }` for `emailAndPassword.password` with options, e.g. the same
 * `maxPasswordLength` you gave Better Auth.
 */
export function createPasswordHasher(options) {
  // Check the options once, now, so a bad configuration fails at start-up, not at sign-in.
  call(wasm.password_check_options, options);
  return {
    hash: async (password) => runAsync("hash", [password, options], ops.hash),
    verify: async (data) => {
      const { hash, password } = dataArg(data);
      return runAsync("verify", [hash, password, options], ops.verify);
    },
    hashSync: (password) => call(wasm.password_hash, password, options),
    verifySync: (data) => {
      const { hash, password } = dataArg(data);
      return call(wasm.password_verify, hash, password, options);
    },
  };
}
