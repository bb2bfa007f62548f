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

/** Most rehashes waiting for their sign-in hook at once (each entry lives a minute at most). */
const MAX_PENDING_REHASHES = 10_000;
const PENDING_REHASH_MS = 60_000;

/**
 * Move users from legacy hashes (bcrypt, Argon2, scrypt PHC, PBKDF2, Firebase scrypt) to
 * Better Auth's format as they sign in. Returns `{ hash, verify }` for
 * `emailAndPassword.password` (verify accepts the legacy formats), `plugin()` for Better Auth's
 * `plugins` (after a successful email sign-in it rewrites the credential account's password in
 * Better Auth's format), and `takeRehash(oldHash)` for apps that write the new hash themselves.
 */
export const betterAuthMigration = guard(function betterAuthMigration(options = {}) {
  // Checked before anything reads it: spreading a 1 MiB string made an object of a million keys.
  if (options !== null && typeof options !== "object") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "betterAuthMigration options must be an object");
  }
  const { onRehash } = options ?? {};
  const { legacy = true, maxPasswordLength } = plainArg(options ?? {}) ?? {};
  const verifyOptions = { legacy, maxPasswordLength };
  const hashOptions = { maxPasswordLength };
  call(wasm.password_check_options, verifyOptions); // a bad configuration fails at start-up
  if (onRehash !== undefined && typeof onRehash !== "function") {
    throw new AuthError("ERR_INVALID_ARGUMENT", "onRehash must be a function");
  }
  const pending = new Map(); // legacy hash → { newHash, at }

  function remember(oldHash, newHash) {
    const now = Date.now();
    for (const [k, v] of pending) {
      if (pending.size < MAX_PENDING_REHASHES && now - v.at < PENDING_REHASH_MS) break;
      pending.delete(k); // oldest first (Map keeps insertion order)
    }
    pending.set(oldHash, { newHash, at: now });
  }

  function takeRehash(oldHash) {
    const entry = pending.get(oldHash);
    pending.delete(oldHash);
    return entry && Date.now() - entry.at < PENDING_REHASH_MS ? entry.newHash : undefined;
  }

  const hash = async (password) => runAsync("hash", [plainArg(password), hashOptions], ops.hash);
  const verify = async (data) => {
    const { hash: stored, password } = dataArg(data);
    const ok = await runAsync("verify", [stored, password, verifyOptions], ops.verify);
    if (!ok) return false;
    const { needsRehash, algorithm } = inspectPasswordHash(stored);
    if (needsRehash) {
      const newHash = await hash(password);
      remember(stored, newHash);
      if (onRehash) await onRehash({ oldHash: stored, newHash, algorithm });
    }
    return true;
  };

  const plugin = () => ({
    id: "authcore-password-migration",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          handler: async (ctx) => {
            const userId = ctx.context?.newSession?.user?.id;
            if (!userId || pending.size === 0) return {};
            const adapter = ctx.context.internalAdapter;
            const accounts = await adapter.findAccounts(userId);
            for (const account of accounts) {
              if (account.providerId !== "credential" || typeof account.password !== "string") continue;
              const newHash = takeRehash(account.password);
              if (newHash) await adapter.updatePassword(userId, newHash);
            }
            return {};
          },
        },
      ],
    },
  });

  return { hash, verify, password: { hash, verify }, plugin, takeRehash };
});
