// betterAuthMigration: moves users from legacy hashes (bcrypt, Argon2, scrypt PHC, PBKDF2,
// Firebase) to Better Auth's format as they sign in. In `authcore/passwords` only: verifying the
// legacy formats needs the `legacy` cargo feature, which the request-path WASM (`authcore`)
// leaves out (issue 17).
import * as wasm from "./wasm/authcore.js";
import { AuthError, callCore as call, guard, plainArg } from "./errors.mjs";
import { runAsync } from "./runner.mjs";
import { ops } from "./ops.mjs";
import { inspectPasswordHash } from "./passwords.mjs";

function dataArg(data) {
  const d = plainArg(data);
  return d !== null && typeof d === "object" ? d : {};
}

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
