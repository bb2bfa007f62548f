// authcore: hand-written public types. The generated wasm-bindgen glue is internal.

/**
 * Every error authcore throws. Switch on `code`, never on `message`.
 *
 * `instanceof AuthError` works across copies of the package (ESM and CommonJS builds).
 */
export declare class AuthError extends Error {
  constructor(code: AuthErrorCode | (string & {}), message: string, options?: { cause?: unknown });
  readonly name: "AuthError";
  /** Stable error code, the same string as the Rust core's `Error::code()`. */
  readonly code: AuthErrorCode | (string & {});
}

/** Error codes of the password functions (more are added as features land). */
export type AuthErrorCode =
  /** The password is longer than `maxPasswordLength` (UTF-16 code units, default 128). */
  | "ERR_PASSWORD_TOO_LONG"
  /** The stored hash is not `"<salt>:<128 hex>"`. */
  | "ERR_HASH_MALFORMED"
  /** A stored hash asks for more work than authcore's ceilings allow. */
  | "ERR_HASH_COST_TOO_HIGH"
  /** The hash is of an algorithm or parameters this call does not accept. */
  | "ERR_HASH_UNSUPPORTED"
  /** An argument has the wrong type or shape. */
  | "ERR_INVALID_ARGUMENT"
  /** The platform's random number generator failed. */
  | "ERR_RNG"
  /** A bug in authcore (the original error is the `cause`). Please report it. */
  | "ERR_INTERNAL";

/** What Better Auth passes to `emailAndPassword.password.verify`. */
export interface VerifyPasswordData {
  /** The stored hash, `"<salt>:<key-hex>"` (Better Auth's format). */
  hash: string;
  /** The password as typed (authcore applies NFKC itself, like Better Auth). */
  password: string;
}

export interface PasswordOptions {
  /**
   * Longest password accepted, in UTF-16 code units (JavaScript `String.length`), counted
   * before normalisation. Defaults to 128, Better Auth's default `maxPasswordLength`; set it to
   * the same value as Better Auth's if you changed that. Capped at 4096.
   */
  maxPasswordLength?: number;
}

/**
 * Hash a password exactly as Better Auth does (scrypt N=16384, r=16, p=1, 64-byte key, NFKC,
 * random 16-byte salt as 32 hex characters): `"<salt>:<key>"`. A drop-in for
 * `emailAndPassword.password.hash`.
 * @throws {AuthError} `ERR_PASSWORD_TOO_LONG`, `ERR_INVALID_ARGUMENT`
 */
export declare function hashPassword(password: string): Promise<string>;

/**
 * Verify a password against a Better Auth hash, in constant time. A drop-in for
 * `emailAndPassword.password.verify`. Resolves `false` for a wrong password.
 * @throws {AuthError} `ERR_HASH_MALFORMED`, `ERR_PASSWORD_TOO_LONG`, `ERR_INVALID_ARGUMENT`
 */
export declare function verifyPassword(data: VerifyPasswordData): Promise<boolean>;

/** {@link hashPassword}, synchronously. */
export declare function hashPasswordSync(password: string): string;

/** {@link verifyPassword}, synchronously. */
export declare function verifyPasswordSync(data: VerifyPasswordData): boolean;

/**
 * Deterministic hash with the given salt string (normally 32 lowercase hex characters; its
 * UTF-8 bytes are the scrypt salt, as in Better Auth). For fixtures and migrations.
 * @throws {AuthError} `ERR_INVALID_ARGUMENT` for an empty salt or one containing `:`
 */
export declare function hashPasswordWithSalt(password: string, salt: string): string;

/** The object `createPasswordHasher` returns; `{ hash, verify }` fit `emailAndPassword.password`. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(data: VerifyPasswordData): Promise<boolean>;
  hashSync(password: string): string;
  verifySync(data: VerifyPasswordData): boolean;
}

/**
 * A hasher with options (checked now, so a bad configuration fails at start-up):
 * `password: createPasswordHasher({ maxPasswordLength: 256 })`.
 * @throws {AuthError} `ERR_INVALID_ARGUMENT`
 */
export declare function createPasswordHasher(options?: PasswordOptions): PasswordHasher;
