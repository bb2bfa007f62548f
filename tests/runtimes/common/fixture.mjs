// The fixed set of outputs every runtime computes from the installed `authcore` package.
// Runtime-neutral on purpose (no Node APIs, no imports): each runtime passes in the module it
// imported, and the driver compares the JSON result byte for byte with Node's.

export const SALT = "00112233445566778899aabbccddeeff";

export const PASSWORDS = [
  "correct horse battery staple",
  // Fullwidth letters and a circled digit: NFKC turns this into "password1".
  "\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44\u2460",
  // Emoji (astral plane, ZWJ sequence), a combining accent and non-Latin text.
  "p\u00e4ss \u{1F510}\u{1F469}\u200D\u{1F4BB} e\u0301 \u5bc6\u7801",
];

// Produced by the real better-auth 1.6.34 (shared/vectors/better-auth-1.6.34.json, vector 0).
export const BETTER_AUTH_VECTOR = {
  password: "correct horse battery staple",
  hash:
    "73ba7b0f34852570210fa1bce87499fd:efb2a0a5fd5a3622ab486cabc07993f27c8eb6a61a75869768019e93b36fd5dd2e0d44487882b1ce19dc2ead3a3dca2453ef28dd3da820985781a1164f5f4142",
};

const HASH_SHAPE = /^[0-9a-f]{32}:[0-9a-f]{128}$/;

async function errorOf(fn, AuthError) {
  try {
    await fn();
    return "no error";
  } catch (e) {
    return {
      code: e && e.code,
      name: e && e.name,
      isAuthError: e instanceof AuthError,
      isError: e instanceof Error,
    };
  }
}

/** Every output the matrix compares. `authcore` is the imported module namespace. */
export async function compute(authcore) {
  const {
    hashPassword,
    verifyPassword,
    hashPasswordSync,
    verifyPasswordSync,
    hashPasswordWithSalt,
    AuthError,
  } = authcore;
  const out = {};

  out.exports = Object.keys(authcore).filter((k) => k !== "default").sort();
  out.withSalt = PASSWORDS.map((p) => hashPasswordWithSalt(p, SALT));
  out.betterAuthVector = {
    sameHash: hashPasswordWithSalt(BETTER_AUTH_VECTOR.password, BETTER_AUTH_VECTOR.hash.slice(0, 32)) === BETTER_AUTH_VECTOR.hash,
    verifies: await verifyPassword({ hash: BETTER_AUTH_VECTOR.hash, password: BETTER_AUTH_VECTOR.password }),
  };
  // NFKC: the fullwidth spelling verifies against the hash of its ASCII normal form.
  out.nfkcVerifies = verifyPasswordSync({ hash: hashPasswordWithSalt("password1", SALT), password: PASSWORDS[1] });

  // Random salts (the platform RNG through getrandom): right shape, two hashes differ, both verify.
  const a = await hashPassword(PASSWORDS[2]);
  const b = hashPasswordSync(PASSWORDS[2]);
  out.random = {
    shapes: [HASH_SHAPE.test(a), HASH_SHAPE.test(b)],
    differ: a !== b,
    verifyAsync: [await verifyPassword({ hash: a, password: PASSWORDS[2] }), await verifyPassword({ hash: a, password: "wrong" })],
    verifySync: [verifyPasswordSync({ hash: b, password: PASSWORDS[2] }), verifyPasswordSync({ hash: b, password: "wrong" })],
  };

  out.errors = {
    malformedAsync: await errorOf(() => verifyPassword({ hash: "not-a-hash", password: "x" }), AuthError),
    malformedSync: await errorOf(() => verifyPasswordSync({ hash: "abc:def", password: "x" }), AuthError),
    emptySalt: await errorOf(() => hashPasswordWithSalt("x", ""), AuthError),
    tooLong: await errorOf(() => hashPassword("x".repeat(129)), AuthError),
    notAString: await errorOf(() => hashPasswordSync(42), AuthError),
  };
  return out;
}
