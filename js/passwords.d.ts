// Types of `authcore/passwords`: password hashing and verification only (its own, smaller WASM).
// The same functions are in `authcore` (the request path); import them from here when a bundle
// needs nothing else (a Convex mutation that hashes a password).
export {
  AuthError,
  type AuthErrorCode,
  type VerifyPasswordData,
  type PasswordOptions,
  type FirebaseHashConfig,
  type VerifyPasswordOptions,
  type PasswordHashAlgorithm,
  type PasswordHashInfo,
  inspectPasswordHash,
  type BetterAuthMigrationOptions,
  type BetterAuthMigration,
  betterAuthMigration,
  hashPassword,
  verifyPassword,
  hashPasswordSync,
  verifyPasswordSync,
  hashPasswordWithSalt,
  type PasswordHasher,
  createPasswordHasher,
} from "./index.js";
