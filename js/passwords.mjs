// Password hashing and verification (Better Auth's scrypt format, legacy formats, migration):
// the whole of the `authcore/passwords` entry, and part of the request path (`authcore`).
import * as wasm from "./wasm/authcore.js";
import { AuthError, callCore as call, guard, plainArg } from "./errors.mjs";
import { runAsync } from "./runner.mjs";
import { ops } from "./ops.mjs";

export { AuthError };

function dataArg(data) {
  // verify({ hash, password }): a missing object is reported by the core as a missing hash.
  // Read once, as plain data (a getter or a Proxy trap runs here, never under WASM).
  const d = plainArg(data);
  return d !== null && typeof d === "object" ? d : {};
}

/** Hash like Better Auth's `hashPassword` (scrypt, random salt). Synchronous. */
export const hashPasswordSync = guard(function hashPasswordSync(password) {
  return call(wasm.password_hash, password, undefined);
});

/**
 * Verify like Better Auth's `verifyPassword({ hash, password })`. Synchronous. `options`:
 * `{ legacy: true | { firebase }, maxPasswordLength }`.
 */
export const verifyPasswordSync = guard(function verifyPasswordSync(data, options) {
  const { hash, password } = dataArg(data);
  return call(wasm.password_verify, hash, password, options);
});

/** Recognise a stored hash: `{ algorithm, params, needsRehash }`. Verifies nothing. */
export const inspectPasswordHash = guard(function inspectPasswordHash(hash) {
  return call(wasm.password_inspect, hash);
});

/** Deterministic hash with a given salt string (fixtures, migrations). */
export const hashPasswordWithSalt = guard(function hashPasswordWithSalt(password, salt) {
  return call(wasm.password_hash_with_salt, password, salt, undefined);
});

/**
 * Drop-in for Better Auth's `emailAndPassword.password.hash`. In Node it runs on a small pool
 * of worker threads, so scrypt does not block the event loop (except the process's first call,
 * which runs inline while the first worker starts); elsewhere it runs inline.
 */
export const hashPassword = guard(async function hashPassword(password) {
  return runAsync("hash", [plainArg(password), undefined], ops.hash);
});

/**
 * Drop-in for Better Auth's `emailAndPassword.password.verify` (worker threads in Node).
 * `options` (authcore's own second argument): `{ legacy: true | { firebase }, maxPasswordLength }`
 * to accept bcrypt, Argon2, scrypt PHC, PBKDF2 and Firebase hashes too.
 */
export const verifyPassword = guard(async function verifyPassword(data, options) {
  const { hash, password } = dataArg(data);
  return runAsync("verify", [hash, password, plainArg(options)], ops.verify);
});

/**
 * `{ hash, verify }` for `emailAndPassword.password` with options, e.g. the same
 * `maxPasswordLength` you gave Better Auth.
 */
export const createPasswordHasher = guard(function createPasswordHasher(options) {
  options = plainArg(options); // read once: later changes to the caller's object do not apply
  // Check the options once, now, so a bad configuration fails at start-up, not at sign-in.
  call(wasm.password_check_options, options);
  return {
    hash: async (password) => runAsync("hash", [plainArg(password), options], ops.hash),
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
});
