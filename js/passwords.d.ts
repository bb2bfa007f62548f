// Types of `authcore/passwords`: password hashing and verification (its own, smaller WASM). The
// same functions are in `authcore` (the request path); import them from here when a bundle needs
// nothing else (a Convex mutation that hashes a password), and for legacy formats: only this entry
// verifies them (`legacy` option) and has betterAuthMigration.
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
  hashPassword,
  verifyPassword,
  hashPasswordSync,
  verifyPasswordSync,
  hashPasswordWithSalt,
  type PasswordHasher,
  createPasswordHasher,
} from "./index.js";
import type { BetterAuthMigrationOptions, BetterAuthMigration } from "./index.js";

/**
 * Move users from legacy hashes to Better Auth's format as they sign in:
 * `const m = betterAuthMigration(); betterAuth({ emailAndPassword: { enabled: true, password: m.password }, plugins: [m.plugin()] })`.
 * @throws {AuthError} `ERR_INVALID_ARGUMENT` for bad options
 */
export declare function betterAuthMigration(options?: BetterAuthMigrationOptions): BetterAuthMigration;


/**
 * Run `authcore password hash|verify` as the native binary does (the same Rust code):
 * `runPasswordCommand(parseCommandLine(argv).args, { stdin })`. `npx authcore password` is built on it.
 * @throws {AuthError} what the native binary prints before exiting 2
 */
export declare function runPasswordCommand(args: PasswordCommand, io: PasswordCommandIo): CommandOutput;
import type { PasswordCommand, PasswordCommandIo, CommandOutput } from "./index.js";
export type { PasswordCommand, PasswordCommandIo, CommandOutput } from "./index.js";
