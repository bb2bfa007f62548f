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
  /** JWT claim errors: the claim that failed ("exp", "aud", …), as jose. */
  readonly claim?: string;
  /** JWT claim errors: "check_failed", "missing" or "invalid", as jose. */
  readonly reason?: string;
}

/** Error codes of the password functions (more are added as features land). */
export type AuthErrorCode =
  /** The password is over 64 KiB of UTF-8 (the DoS ceiling), or over an opted-in `maxPasswordLength`. */
  | "ERR_PASSWORD_TOO_LONG"
  /** The stored hash is not `"<salt>:<128 hex>"`. */
  | "ERR_HASH_MALFORMED"
  /** A stored hash asks for more work than authcore's ceilings allow. */
  | "ERR_HASH_COST_TOO_HIGH"
  /** The hash is of an algorithm or parameters this call does not accept. */
  | "ERR_HASH_UNSUPPORTED"
  /**
   * The JavaScript engine cannot normalise Unicode (built without ICU: `"\uFB01".normalize("NFKC")`
   * is not `"fi"`). The package's WASM normalises passwords (NFKC) and email keys (NFC) with
   * `String.prototype.normalize`, as Better Auth does, and refuses rather than hash differently.
   */
  | "ERR_NFKC_UNAVAILABLE"
  /** An argument has the wrong type or shape. */
  | "ERR_INVALID_ARGUMENT"
  /** No secret configured (`secret` undefined or empty: an unset `BETTER_AUTH_SECRET`). */
  | "ERR_CONFIG_SECRET_MISSING"
  /** No base URL configured (`betterAuthJwtPreset(undefined)`: an unset `BETTER_AUTH_URL`). */
  | "ERR_CONFIG_BASE_URL_MISSING"
  /** A `…Sync` function was given a {@link RemoteJwks}: use the async form. */
  | "ERR_JWKS_REMOTE_IN_SYNC"
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
   * An opt-in length policy: hash and verify refuse passwords longer than this many UTF-16
   * code units (JavaScript `String.length`, before normalisation) with `ERR_PASSWORD_TOO_LONG`.
   * Unset by default: like Better Auth's own functions, any password up to 64 KiB of UTF-8 is
   * hashed, and a mismatch verifies `false` whatever its length (Better Auth's routes own the
   * length policy). 1 to 4096. With Better Auth 1.6, whose sign-in does not check the length,
   * a limit here makes an over-long sign-in attempt a 500 instead of a 401.
   */
  maxPasswordLength?: number;
}

/**
 * Firebase's project-wide hash parameters (console → Authentication → Users → ⋮ → Password hash
 * parameters), for `$fbscrypt$` hashes that do not embed `ss`/`sk`.
 */
export interface FirebaseHashConfig {
  /** `base64_signer_key` (standard or URL-safe base64). */
  signerKey: string;
  /** `base64_salt_separator`. */
  saltSeparator: string;
  /** `rounds` (scrypt r), usually 8. */
  rounds: number;
  /** `mem_cost` (log2 of scrypt N), usually 14. */
  memCost: number;
}

export interface VerifyPasswordOptions extends PasswordOptions {
  /**
   * Accept legacy formats too: bcrypt `$2a$`/`$2b$`/`$2y$`, Argon2id/Argon2i PHC strings,
   * scrypt PHC `$scrypt$ln=…`, Django `pbkdf2_sha256$…`/`pbkdf2_sha1$…`, and Firebase scrypt
   * as `$fbscrypt$v=1,n=…,r=…,p=1[,ss=…,sk=…]$salt$hash` (Supabase's form). Defaults to `false`:
   * a legacy hash is refused with `ERR_HASH_UNSUPPORTED`. Costs above authcore's ceilings are
   * refused with `ERR_HASH_COST_TOO_HIGH` before any work. Only `authcore/passwords` verifies
   * legacy formats: the request path (`authcore`) refuses this option with `ERR_INVALID_ARGUMENT`
   * (its WASM leaves the legacy algorithms out; `inspectPasswordHash` still recognises them).
   */
  legacy?: boolean | { firebase?: FirebaseHashConfig };
}

/** The formats `inspectPasswordHash` recognises. */
export type PasswordHashAlgorithm =
  | "better-auth-scrypt"
  | "bcrypt"
  | "argon2id"
  | "argon2i"
  | "scrypt"
  | "pbkdf2-sha256"
  | "pbkdf2-sha1"
  | "firebase-scrypt";

export interface PasswordHashInfo {
  algorithm: PasswordHashAlgorithm;
  /** The parameters the format carries (only those present). */
  params: {
    variant?: string;
    cost?: number;
    version?: number;
    memoryKib?: number;
    iterations?: number;
    parallelism?: number;
    logN?: number;
    r?: number;
    saltLen?: number;
    keyLen?: number;
    embeddedParams?: boolean;
  };
  /** True for every legacy format: rewrite it in Better Auth's format on the next sign-in. */
  needsRehash: boolean;
}

/**
 * Recognise a stored hash without verifying anything.
 * @throws {AuthError} `ERR_HASH_MALFORMED`, `ERR_HASH_UNSUPPORTED`, `ERR_HASH_COST_TOO_HIGH`
 */
export declare function inspectPasswordHash(hash: string): PasswordHashInfo;

export interface BetterAuthMigrationOptions extends PasswordOptions {
  /** Which legacy formats verify; defaults to `true` (all). */
  legacy?: VerifyPasswordOptions["legacy"];
  /** Called after a legacy hash verified, with its Better Auth replacement. */
  onRehash?: (info: { oldHash: string; newHash: string; algorithm: PasswordHashAlgorithm }) => void | Promise<void>;
}

export interface BetterAuthMigration {
  /** Writes Better Auth's format. */
  hash(password: string): Promise<string>;
  /** Accepts Better Auth's format and the legacy ones; remembers a rehash on success. */
  verify(data: VerifyPasswordData): Promise<boolean>;
  /** `{ hash, verify }`, for `emailAndPassword.password`. */
  password: { hash(password: string): Promise<string>; verify(data: VerifyPasswordData): Promise<boolean> };
  /**
   * A Better Auth plugin: after a successful `/sign-in/email` whose password verified against a
   * legacy hash, rewrites the user's credential account password in Better Auth's format.
   */
  plugin(): { id: string; hooks: { after: Array<{ matcher(ctx: any): boolean; handler(ctx: any): Promise<object> }> } };
  /** The Better Auth hash remembered for a legacy hash that just verified (once; a minute at most). */
  takeRehash(oldHash: string): string | undefined;
}

// betterAuthMigration is in `authcore/passwords` (passwords.d.ts): verifying legacy formats is
// not in the request-path WASM (issue 17). Its option and result types are declared here.

/**
 * Hash a password exactly as Better Auth does (scrypt N=16384, r=16, p=1, 64-byte key, NFKC,
 * random 16-byte salt as 32 hex characters): `"<salt>:<key>"`. A drop-in for
 * `emailAndPassword.password.hash`. Any length up to 64 KiB of UTF-8, like Better Auth's own.
 * NFKC is the runtime's own `String.prototype.normalize("NFKC")`, what Better Auth calls.
 * @throws {AuthError} `ERR_PASSWORD_TOO_LONG`, `ERR_INVALID_ARGUMENT`, `ERR_NFKC_UNAVAILABLE` (no ICU)
 */
export declare function hashPassword(password: string): Promise<string>;

/**
 * Verify a password against a Better Auth hash, in constant time. A drop-in for
 * `emailAndPassword.password.verify`. Resolves `false` for a wrong password, whatever its
 * length (`ERR_PASSWORD_TOO_LONG` only past 64 KiB of UTF-8).
 * @throws {AuthError} `ERR_HASH_MALFORMED`, `ERR_PASSWORD_TOO_LONG`, `ERR_INVALID_ARGUMENT`,
 * `ERR_NFKC_UNAVAILABLE` (no ICU)
 */
export declare function verifyPassword(data: VerifyPasswordData, options?: VerifyPasswordOptions): Promise<boolean>;

/** {@link hashPassword}, synchronously. */
export declare function hashPasswordSync(password: string): string;

/** {@link verifyPassword}, synchronously. */
export declare function verifyPasswordSync(data: VerifyPasswordData, options?: VerifyPasswordOptions): boolean;

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

// ---- cookies ----------------------------------------------------------------------------------

/** A Better Auth secret, a rotation list (current first), or `BETTER_AUTH_SECRETS` entries. */
export type BetterAuthSecret = string | Array<string | { version: number; value: string }>;

/** Anything a Cookie header can be read from. */
export type CookieSource =
  | string
  | Headers
  | Request
  | { headers: Headers | Record<string, string | string[] | undefined> };

export interface ReadSessionTokenOptions {
  /**
   * The secret, or a rotation list, current first. Signatures verify under the current one only.
   * `undefined` (an unset `process.env.BETTER_AUTH_SECRET`) type-checks and throws
   * `ERR_CONFIG_SECRET_MISSING` at the first call, whatever the request carries.
   */
  secret: BetterAuthSecret | undefined;
  /** `advanced.cookiePrefix`. Defaults to `"better-auth"`. */
  cookiePrefix?: string;
  /**
   * Whether Better Auth's cookies are `__Secure-` ones (`advanced.useSecureCookies`, or an
   * https `baseURL`): `true` reads only `__Secure-<prefix>.…`, `false` only `<prefix>.…`, as
   * Better Auth does. Unset: a Request's URL scheme decides; with neither, the `__Secure-`
   * form when the header has it, else the plain one.
   */
  secure?: boolean;
  /**
   * Accept signatures by previous secrets of the list too (a grace period after a rotation).
   * Off by default, as in Better Auth 1.7: a secret rotated away because it leaked must not
   * keep signing sessions.
   */
  acceptPreviousSecrets?: boolean;
}

/** A read and, when something present was refused, why. */
export interface ReadOutcome<T> {
  value: T | null;
  /**
   * Why a present value gave no session (`ERR_COOKIE_SIGNATURE_INVALID`,
   * `ERR_COOKIE_MALFORMED`, `ERR_COOKIE_CACHE_INVALID`); null when read, absent or expired.
   */
  reason: AuthError | null;
}

/**
 * The session token from `<prefix>.session_token` (or its `__Secure-` form, see `secure`), its
 * HMAC-SHA256 signature checked in constant time under the current secret. `null` wherever
 * Better Auth would see no session: absent, forged, tampered, another or a rotated-away
 * secret, malformed. Never throws for a request's cookies.
 * @throws {AuthError} configuration errors only: `ERR_CONFIG_SECRET_MISSING` (no secret), `ERR_INVALID_ARGUMENT` (a bad option)
 */
export declare function readSessionToken(input: CookieSource, options: ReadSessionTokenOptions): string | null;

/** {@link readSessionToken} with the reason a present cookie was refused. */
export declare function readSessionTokenWithReason(input: CookieSource, options: ReadSessionTokenOptions): ReadOutcome<string>;

/**
 * Verify one signed value `token.signature` (URL-encoded or not) under the current secret
 * (every secret with `acceptPreviousSecrets`); returns the token.
 * @throws {AuthError} `ERR_COOKIE_SIGNATURE_INVALID`, `ERR_COOKIE_MALFORMED`
 */
export declare function verifySignedCookieValue(value: string, secret: BetterAuthSecret, options?: { acceptPreviousSecrets?: boolean }): string;

/** The cookie value Better Auth would set for `token` (the current secret signs). */
export declare function signSessionToken(token: string, secret: BetterAuthSecret): string;

export type CookieCacheStrategy = "compact" | "jwt" | "jwe";

/** Local keys for a JWKS-signed session cache: a JWKS, its JSON text or UTF-8 bytes, or a createLocalJwks set. */
export type CookieCacheJwks = string | Uint8Array | JwksDocument | LocalJwks;

export interface ReadCookieCacheOptions {
  /** As in {@link ReadSessionTokenOptions.secret}: `undefined` throws `ERR_CONFIG_SECRET_MISSING`. */
  secret: BetterAuthSecret | undefined;
  cookiePrefix?: string;
  /** Defaults to detecting the strategy from the value; when given, other shapes are refused. */
  strategy?: CookieCacheStrategy;
  /**
   * The JWT plugin's keys, for Better Auth 1.7's `jwt({ sessionCookieCache: true })` cache: local
   * keys, or (async forms only) a {@link createRemoteJwks} set, fetched only when the cookie is
   * such a JWT and refetched for an unknown `kid` at most once per `cooldown`.
   */
  jwks?: CookieCacheJwks | RemoteJwks;
  /** Epoch milliseconds or a Date. Defaults to `Date.now()`. */
  now?: number | Date;
  /** As in {@link ReadSessionTokenOptions.secure}. */
  secure?: boolean;
  /**
   * Accept compact and HS256 caches signed by previous secrets too. Off by default, as in
   * Better Auth (JWE caches decrypt under every secret of the list either way).
   */
  acceptPreviousSecrets?: boolean;
  /**
   * `cookieCache.version`: a cache whose `version` (`"1"` when absent) differs is no cache, as
   * Better Auth's `matchesVersion`. A string, or a synchronous `(session, user) => string`.
   */
  version?: string | ((session: Record<string, unknown>, user: Record<string, unknown>) => string);
}

/**
 * Better Auth's user as its cookie cache carries it (the JSON of the user row: dates are ISO
 * strings). Plugins and `user.additionalFields` add fields: type them with the generic of
 * {@link CookieCache}, e.g. `readCookieCache<{ role: string }>(…)`.
 */
export interface BetterAuthUser {
  id: string;
  email: string;
  emailVerified: boolean;
  name: string;
  image?: string | null;
  /** ISO 8601 text. */
  createdAt: string;
  /** ISO 8601 text. */
  updatedAt: string;
}
/** Better Auth's session as its cookie cache carries it (dates are ISO strings). */
export interface BetterAuthSession {
  id: string;
  /** The session token: compare it with {@link readSessionToken}'s answer. */
  token: string;
  userId: string;
  /** ISO 8601 text. */
  expiresAt: string;
  /** ISO 8601 text. */
  createdAt: string;
  /** ISO 8601 text. */
  updatedAt: string;
  ipAddress?: string | null;
  userAgent?: string | null;
}

/**
 * A read cookie cache. `U` / `S`: additional user / session fields (`user.additionalFields`,
 * plugins such as admin's `role`), e.g. `CookieCache<{ role: string }>`.
 */
export interface CookieCache<U extends object = {}, S extends object = {}> {
  session: BetterAuthSession & S;
  user: BetterAuthUser & U;
  updatedAt: number;
  version: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
  strategy: CookieCacheStrategy;
}

/**
 * Decode and verify the `session_data` cookie cache (chunks joined). `null` wherever Better
 * Auth's `getCookieCache` gives null: absent, expired (cache or cached session), tampered,
 * another or a rotated-away secret, wrong strategy or version, garbage. Always a Promise (like
 * {@link verifyJwt}); `jwks` may be a {@link RemoteJwks}. Never rejects for a request's cookies.
 * @throws {AuthError} (rejects) configuration errors only: `ERR_CONFIG_SECRET_MISSING`,
 * `ERR_INVALID_ARGUMENT` (a bad option), `ERR_JWKS_INVALID`; and `ERR_JWKS_FETCH_FAILED` when a
 * remote JWKS cannot be fetched (answer 503, not 401)
 */
export declare function readCookieCache<U extends object = {}, S extends object = {}>(input: CookieSource, options: ReadCookieCacheOptions): Promise<CookieCache<U, S> | null>;

/** {@link readCookieCache} with the reason a present cache was refused. */
export declare function readCookieCacheWithReason<U extends object = {}, S extends object = {}>(input: CookieSource, options: ReadCookieCacheOptions): Promise<ReadOutcome<CookieCache<U, S>>>;

/** {@link ReadCookieCacheOptions} for the synchronous forms: local keys only. */
export type ReadCookieCacheSyncOptions = Omit<ReadCookieCacheOptions, "jwks"> & { jwks?: CookieCacheJwks };

/**
 * {@link readCookieCache}, synchronously, with local keys only.
 * @throws {AuthError} as {@link readCookieCache}; a {@link RemoteJwks} is `ERR_JWKS_REMOTE_IN_SYNC`
 */
export declare function readCookieCacheSync<U extends object = {}, S extends object = {}>(input: CookieSource, options: ReadCookieCacheSyncOptions): CookieCache<U, S> | null;

/** {@link readCookieCacheSync} with the reason a present cache was refused. */
export declare function readCookieCacheWithReasonSync<U extends object = {}, S extends object = {}>(input: CookieSource, options: ReadCookieCacheSyncOptions): ReadOutcome<CookieCache<U, S>>;

export interface SignCookieCacheOptions {
  secret: BetterAuthSecret;
  strategy?: CookieCacheStrategy;
  /** Seconds. Defaults to 300. */
  maxAge?: number;
  /** Defaults to `"1"`. */
  version?: string;
  cookiePrefix?: string;
  secure?: boolean;
  now?: number | Date;
}

/** Write a cookie cache Better Auth accepts; `cookies` are the (possibly chunked) cookies to set. */
export declare function signCookieCache(
  data: { session: Record<string, unknown>; user: Record<string, unknown> },
  options: SignCookieCacheOptions,
): { value: string; cookies: Array<{ name: string; value: string }> };

/**
 * Decrypt a `jwks.privateKey` row: the private JWK's JSON.
 * @throws {AuthError} `ERR_DECRYPT_FAILED` (no secret opens it), `ERR_CIPHERTEXT_MALFORMED`
 */
export declare function decryptPrivateKey(stored: string, secret: BetterAuthSecret): string;

/** Encrypt a private JWK like the JWT plugin stores it (`$ba$<v>$` envelope for a versioned secret). */
export declare function encryptPrivateKey(jwk: string | object, secret: BetterAuthSecret): string;

/** Parse `BETTER_AUTH_SECRETS` ("2:new,1:old"). */
export declare function parseSecretsEnv(value: string): Array<{ version: number; value: string }>;

/**
 * The `secret` option from the environment, as Better Auth 1.7 reads it: `BETTER_AUTH_SECRETS`
 * ("2:new,1:old", current first; `BETTER_AUTH_SECRET` kept as the legacy secret for decryption)
 * or `BETTER_AUTH_SECRET` (or `AUTH_SECRET`). `env` defaults to `process.env`.
 * @throws {AuthError} `ERR_CONFIG_SECRET_MISSING` when neither is set; `ERR_INVALID_ARGUMENT` for a malformed `BETTER_AUTH_SECRETS`
 */
export declare function betterAuthSecretFromEnv(env?: Record<string, string | undefined>): BetterAuthSecret;

export type TokenKind =
  | "cookie-header" | "signed-session-cookie" | "session-token" | "cookie-cache-compact"
  | "cookie-cache-jwt" | "cookie-cache-jwks-jwt" | "cookie-cache-jwe" | "jwt-plugin-jwt"
  | "convex-jwt" | "email-verification-jwt" | "jwt";

export interface TokenInfo {
  kind: TokenKind;
  description: string;
  cookieName?: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  token?: string;
  parts?: TokenInfo[];
}

// inspectToken and explainToken (token diagnostics) are in `authcore/keys` (keys.d.ts): tooling,
// kept out of the request-path WASM (issue 17). The types they return are declared here.
export interface ExplainTokenOptions {
  secret?: BetterAuthSecret;
  /** A JWKS (object, JSON text or its UTF-8 bytes). */
  jwks?: string | Uint8Array | { keys: unknown[] };
  issuer?: string;
  audience?: string;
  now?: number | Date;
  cookiePrefix?: string;
  strategy?: CookieCacheStrategy;
}

/** What explainToken says of a value. */
export interface TokenExplanation {
  info: TokenInfo;
  valid: boolean;
  problems: Array<{ code: string; message: string }>;
  notes: string[];
}
// ---- tokens ----
/** JWS algorithms authcore signs and verifies. `none` is never accepted. */
export type JwsAlgorithm =
  | "EdDSA" | "ES256" | "ES384" | "ES512"
  | "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512"
  | "HS256" | "HS384" | "HS512";

/** A JSON Web Key (RFC 7517). Unknown members are ignored. */
export interface Jwk {
  kty: "OKP" | "EC" | "RSA" | "oct" | string;
  kid?: string; alg?: string; use?: string; key_ops?: string[]; crv?: string;
  x?: string; y?: string; n?: string; e?: string; d?: string;
  p?: string; q?: string; dp?: string; dq?: string; qi?: string; k?: string;
  [member: string]: unknown;
}
/** A JSON Web Key Set. */
export interface JwksDocument { keys: Jwk[] }

/** A key set imported once by {@link createLocalJwks}. */
export interface LocalJwks { readonly size: number }

/** A cached remote key set from {@link createRemoteJwks}, for the async verifyJwt / verifyJws / readCookieCache. */
export interface RemoteJwks {
  readonly url: string;
  /** Fetch now. */
  reload(): Promise<void>;
  /** True while the cached set is younger than `cacheMaxAge`. */
  readonly fresh: boolean;
}

/**
 * Where verification keys come from: a JWKS, one JWK, their JSON text, that text's UTF-8 bytes
 * (`readFileSync("jwks.json")`), or an imported set. Bytes are JSON text, never an HMAC key: an
 * HMAC secret is given as `secret` (or as an explicit `{ kty: "oct" }` JWK).
 */
export type KeySource = JwksDocument | Jwk | string | LocalJwks | Uint8Array;

export interface JwsVerifyOptions {
  /** The keys (exactly one must match the token's alg/kid/kty/crv/use/key_ops). */
  jwks?: KeySource | RemoteJwks;
  /** An HMAC secret (string as UTF-8, or bytes) instead of `jwks`, for HS256/384/512. */
  secret?: string | Uint8Array;
  /** Allowed algorithms. Defaults to any algorithm that fits the selected key. */
  algorithms?: JwsAlgorithm[];
}

export interface JwtVerifyOptions extends JwsVerifyOptions {
  /** Accepted `iss` value(s). */
  issuer?: string | string[];
  /** Accepted audience(s): `aud` (string or array) must contain one. */
  audience?: string | string[];
  /** Expected `sub`. */
  subject?: string;
  /** Expected header `typ` (compared as jose: case-insensitive, `application/` ignored). */
  typ?: string;
  /** Claims that must be present. */
  requiredClaims?: string[];
  /** Tolerance for exp/nbf, in seconds or a span like "30s". Defaults to 0. */
  clockTolerance?: number | string;
  /** Maximum age from `iat` (seconds or "1h"); makes `iat` required. */
  maxTokenAge?: number | string;
  /** The current time: epoch milliseconds or a Date. Defaults to Date.now(). */
  now?: number | Date;
}

export interface JwsProtectedHeader { alg: JwsAlgorithm; kid?: string; typ?: string; cty?: string; [member: string]: unknown }
export interface JwtPayload { iss?: string; sub?: string; aud?: string | string[]; exp?: number; nbf?: number; iat?: number; jti?: string; [claim: string]: unknown }

/**
 * Verify a compact JWS. Always a Promise, with local keys or a {@link RemoteJwks} (like jose's
 * `compactVerify`): every failure is a rejection.
 * @throws {AuthError} (rejects) jose's codes: `ERR_JWS_INVALID`, `ERR_JOSE_ALG_NOT_ALLOWED`, `ERR_JOSE_NOT_SUPPORTED`,
 * `ERR_JWKS_NO_MATCHING_KEY`, `ERR_JWKS_MULTIPLE_MATCHING_KEYS`, `ERR_JWK_INVALID`, `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`;
 * `ERR_JWKS_FETCH_FAILED` when a remote set cannot be fetched (answer 503, not 401)
 */
export declare function verifyJws(token: string, options: JwsVerifyOptions): Promise<{ header: JwsProtectedHeader; payload: Uint8Array }>;
/**
 * {@link verifyJws}, synchronously, with local keys only.
 * @throws {AuthError} as {@link verifyJws}; a {@link RemoteJwks} is `ERR_JWKS_REMOTE_IN_SYNC`
 */
export declare function verifyJwsSync(token: string, options: JwsVerifySyncOptions): { header: JwsProtectedHeader; payload: Uint8Array };

/**
 * Verify a JWT: signature, then claims. Always a Promise, with local keys or a {@link RemoteJwks}
 * (like jose's `jwtVerify`): every failure is a rejection.
 * @throws {AuthError} (rejects) as {@link verifyJws}, plus `ERR_JWT_INVALID`, `ERR_JWT_EXPIRED` and
 * `ERR_JWT_CLAIM_VALIDATION_FAILED` (with `.claim` and `.reason` as in jose)
 */
export declare function verifyJwt<P = JwtPayload>(token: string, options: JwtVerifyOptions): Promise<{ header: JwsProtectedHeader; payload: P & JwtPayload }>;
/**
 * {@link verifyJwt}, synchronously, with local keys only.
 * @throws {AuthError} as {@link verifyJwt}; a {@link RemoteJwks} is `ERR_JWKS_REMOTE_IN_SYNC`
 */
export declare function verifyJwtSync<P = JwtPayload>(token: string, options: JwtVerifySyncOptions): { header: JwsProtectedHeader; payload: P & JwtPayload };
/** {@link JwsVerifyOptions} with local keys only. */
export type JwsVerifySyncOptions = Omit<JwsVerifyOptions, "jwks"> & { jwks?: KeySource };
/** {@link JwtVerifyOptions} with local keys only. */
export type JwtVerifySyncOptions = Omit<JwtVerifyOptions, "jwks"> & { jwks?: KeySource };

export interface JwsSignOptions {
  /** The private JWK (its `alg`, `kid` and key type give the defaults). */
  privateJwk?: Jwk | string;
  /** Or an HMAC secret (string as UTF-8, or bytes). */
  secret?: string | Uint8Array;
  /** Defaults to the key's `alg`, else EdDSA / ES* by curve / RS256 / HS256. */
  alg?: JwsAlgorithm;
  /** Defaults to the key's `kid`. */
  kid?: string;
  /** Header `typ`. Defaults to none. */
  typ?: string;
}
export interface JwtSignOptions extends JwsSignOptions {
  issuer?: string;
  audience?: string | string[];
  subject?: string;
  jti?: string;
  /** `exp` = now + this (seconds or "15m"). */
  expiresIn?: number | string;
  /** `nbf` = now + this (seconds or "1m"). */
  notBefore?: number | string;
  /** Set `iat`. Defaults to true. */
  iat?: boolean;
  /** Epoch milliseconds or a Date. Defaults to Date.now(). */
  now?: number | Date;
}
/**
 * Sign a JWT (claims object → compact JWS). `authcore` signs EdDSA and HS*; an RSA or EC private
 * JWK (RS*, PS*, ES256/384/512) throws ERR_JOSE_NOT_SUPPORTED there: import `signJwt` from
 * `authcore/keys`, whose WASM holds RSA's and the P-curves' private side. Verification of every
 * algorithm is in both.
 */
export declare function signJwt(payload: Record<string, unknown>, options: JwtSignOptions): string;
/** Sign bytes (or a UTF-8 string) as a compact JWS. RS*, PS*, ES*: `authcore/keys` only, as {@link signJwt}. */
export declare function signJws(payload: Uint8Array | string, options: JwsSignOptions): string;
/**
 * Generate a key pair; both JWKs carry `alg` and `kid` = RFC 7638 thumbprint. HS* gives the same
 * secret twice. RSA (2048-bit, RS* / PS*) and EC (ES256/384/512: P-256/384/521) keys are
 * generated by `authcore/keys` only; `authcore` throws ERR_JOSE_NOT_SUPPORTED for them (it
 * generates EdDSA and HS* keys).
 */
export declare function generateKeyPair(alg: JwsAlgorithm): { publicJwk: Jwk; privateJwk: Jwk };
/** RFC 7638 SHA-256 thumbprint (base64url). */
export declare function jwkThumbprint(jwk: Jwk | string): string;
/** The public part of a private JWK. */
export declare function toPublicJwk(jwk: Jwk | string): Jwk;
/** The protected header, checked for shape but NOT verified. */
export declare function decodeProtectedHeader(token: string): JwsProtectedHeader;
/** Import a key set once, for repeated verification. */
export declare function createLocalJwks(jwks: JwksDocument | Jwk | string | Uint8Array): LocalJwks;
/** A cached, refetching remote key set (cooldown and cacheMaxAge in ms; defaults 30 s and 10 min). */
export declare function createRemoteJwks(url: string | URL, options?: { cooldown?: number; cacheMaxAge?: number; timeout?: number; headers?: Record<string, string>; fetch?: typeof fetch }): RemoteJwks;
/** Verify options a preset fills in; spread them: `verifyJwt(t, { ...convexPreset(url), jwks })`. */
export interface TokenPreset { algorithms: JwsAlgorithm[]; issuer?: string[]; audience?: string[]; requiredClaims: string[] }
/** @convex-dev/better-auth tokens: RS256, `iss` = CONVEX_SITE_URL, `aud` = "convex", `sub` and `exp` required. */
export declare function convexPreset(siteUrl: string | undefined): TokenPreset;
/**
 * Better Auth JWT-plugin tokens: `iss` = `aud` = baseURL (or `audience`), as the jwt plugin sets
 * them; EdDSA/ES256/ES512/PS256/RS256; `sub` and `exp` required. `baseUrl` may be `undefined`
 * (an unset `process.env.BETTER_AUTH_URL`) for the types; at run time an undefined or empty one
 * throws `ERR_CONFIG_BASE_URL_MISSING` (call it at start-up).
 */
export declare function betterAuthJwtPreset(baseUrl: string | undefined, audience?: string): TokenPreset;
/** Better Auth email-verification tokens: HS256 (pass `secret`), `email` and `exp` required. */
export declare function emailVerificationPreset(): TokenPreset;
/** Error codes of the token functions (jose's codes plus ERR_JWK_INVALID, ERR_JWKS_INVALID, ERR_JWKS_FETCH_FAILED). */
export type TokenErrorCode =
  | "ERR_JWS_INVALID" | "ERR_JWT_INVALID" | "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
  | "ERR_JWT_EXPIRED" | "ERR_JWT_CLAIM_VALIDATION_FAILED" | "ERR_JWKS_NO_MATCHING_KEY"
  | "ERR_JWKS_MULTIPLE_MATCHING_KEYS" | "ERR_JOSE_ALG_NOT_ALLOWED" | "ERR_JOSE_NOT_SUPPORTED"
  | "ERR_JWK_INVALID" | "ERR_JWKS_INVALID" | "ERR_JWKS_FETCH_FAILED" | "ERR_JWKS_REMOTE_IN_SYNC"
  | "ERR_CONFIG_BASE_URL_MISSING";
// ---- end tokens ----
// ---- sync ----
// Sync decisions and the @convex-dev/better-auth triggers helper (issue 4).

/** A stored value (what Convex documents hold). */
export type SyncValue = null | boolean | number | bigint | string | SyncValue[] | { [field: string]: SyncValue };
/** A document: field name → value. */
export type SyncDoc = { [field: string]: SyncValue | undefined };

/** A Better Auth user document as the component's triggers pass it (`_id`, ms dates). */
export interface SyncAuthUser {
  /** The component user's `_id` (or Better Auth's `id` outside Convex): the link value. */
  _id?: string;
  id?: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
  image?: string | null;
  [field: string]: unknown;
}

/** A row of the app's users table. */
export interface SyncAppUser {
  _id: string;
  [field: string]: unknown;
}

/** Which Better Auth's email rules to mirror. Defaults to `"1.6"` (what @convex-dev/better-auth 0.12.5 requires). */
export type BetterAuthVersion = "1.6" | "1.7";

/** When an unlinked row with the same email may be linked. */
export type LinkByEmail = "verified-only" | "never" | "always";

/** What deleting the auth user does to the app row. */
export type OnDeletePolicy = "delete" | "soft-delete" | "keep";

/** How auth users map onto the app's users table. Every option has a default; `{}` works. */
export interface SyncPolicy {
  /** The app table. Defaults to `"users"`. */
  table?: string;
  /** App field holding the component user's `_id`. Defaults to `"authId"`. */
  linkField?: string;
  /** Index on `linkField`. Defaults to `"by_authId"`. */
  linkIndex?: string;
  /** App field compared with the auth email to find an unlinked row. Defaults to `"email"`. */
  emailField?: string;
  /** Index on `emailField`. Defaults to `"by_email"`. */
  emailIndex?: string;
  /**
   * Auth field → app field, copied on create and kept in sync; a missing or null auth value
   * removes the app field. Defaults to `{ email: "email", name: "name", image: "image",
   * emailVerified: "emailVerified" }`. Giving it replaces the whole map.
   */
  fields?: { [authField: string]: string };
  /** Fields every new row starts with (copied and admin fields win). Defaults to `{}`. */
  defaults?: SyncDoc;
  /** Emails whose users get `adminFields`, compared canonically. Defaults to `[]`. */
  adminEmails?: string[];
  /** Fields set on allowlisted admins, on create and every sync. Defaults to `{ role: "admin" }`. */
  adminFields?: SyncDoc;
  /** Fields set on everyone not allowlisted on every sync (demotion). Defaults to `{}` (none). */
  nonAdminFields?: SyncDoc;
  /** Admin fields only with a verified email. Defaults to `true`. */
  adminRequiresVerifiedEmail?: boolean;
  /** Defaults to `"verified-only"`: linking on an unverified email would let a stranger take the row. */
  linkByEmail?: LinkByEmail;
  /** Defaults to `"delete"`. */
  onDelete?: OnDeletePolicy;
  /** Field a soft delete sets to `now` (ms); such rows are not matched by email. Defaults to `"deletedAt"`. */
  softDeleteField?: string;
  /** Defaults to `"1.6"`. */
  betterAuthVersion?: BetterAuthVersion;
}

/** {@link SyncPolicy} with every default filled in. */
export type ResolvedSyncPolicy = Required<SyncPolicy>;

/** Stable codes of refused syncs. */
export type SyncRejectCode = "SYNC_MULTIPLE_APP_USERS" | "SYNC_LINKED_TO_OTHER_AUTH_USER" | "SYNC_EMAIL_UNVERIFIED";

/** Refused: write nothing. `message` names row and auth ids, never emails. */
export interface SyncReject {
  kind: "reject";
  code: SyncRejectCode;
  message: string;
  ids: string[];
}

/** What {@link decideSync} decided. */
export type SyncDecision =
  | { kind: "create"; table: string; doc: SyncDoc }
  | { kind: "patch"; table: string; id: string; set: SyncDoc; unset: string[] }
  | { kind: "link"; table: string; id: string; set: SyncDoc; unset: string[] }
  | { kind: "none"; table: string; id: string }
  | SyncReject;

/** What {@link decideDelete} decided. */
export type DeleteDecision =
  | { kind: "delete"; table: string; id: string }
  | { kind: "softDelete"; table: string; id: string; set: SyncDoc }
  | { kind: "keep"; table: string; id: string }
  | { kind: "none"; table: string }
  | SyncReject;

/**
 * Decide what to write to the app table for one Better Auth user, given the app rows that
 * could be theirs (linked by `linkField`, or with the same canonical email). Writes nothing.
 * @throws {AuthError} `ERR_SYNC_POLICY_INVALID`, `ERR_SYNC_INPUT_INVALID`, `ERR_INVALID_ARGUMENT`
 */
export declare function decideSync(input: { authUser: SyncAuthUser; appUsers?: SyncAppUser[]; policy?: SyncPolicy }): SyncDecision;

/**
 * Decide what deleting an auth user does to its app row, per `policy.onDelete`.
 * `now` (epoch ms) defaults to `Date.now()`.
 * @throws {AuthError} `ERR_SYNC_POLICY_INVALID`, `ERR_INVALID_ARGUMENT`
 */
export declare function decideDelete(input: {
  authId?: string;
  authUser?: SyncAuthUser;
  appUsers?: SyncAppUser[];
  policy?: SyncPolicy;
  now?: number;
}): DeleteDecision;

/** The email as Better Auth stores and looks it up: JS `toLowerCase()` (the same in 1.6 and 1.7). */
export declare function canonicalEmail(email: string, version?: BetterAuthVersion): string;

/**
 * Equal for emails that differ only by case, surrounding white space or Unicode form (NFC by the
 * runtime's `String.prototype.normalize`).
 * @throws {AuthError} `ERR_NFKC_UNAVAILABLE` on an engine built without ICU
 */
export declare function nearDuplicateKey(email: string): string;

/** The policy with every default filled in. @throws {AuthError} `ERR_SYNC_POLICY_INVALID` */
export declare function resolveSyncPolicy(policy?: SyncPolicy): ResolvedSyncPolicy;

/** The part of a Convex mutation context the helpers use. */
export interface SyncMutationCtx {
  db: {
    query(table: string): any;
    insert(table: string, doc: any): Promise<any>;
    patch(id: any, fields: any): Promise<void>;
    delete(id: any): Promise<void>;
  };
}

/** Options of the triggers helper: a {@link SyncPolicy} plus what to do on a refusal. */
export interface SyncTriggerOptions extends SyncPolicy {
  /**
   * Called when a sync is refused (nothing is written). Throw to abort the auth write too.
   * Defaults to a `console.warn` with the code and message.
   */
  onReject?: (ctx: any, decision: SyncReject, authUser: SyncAuthUser | SyncAppUser) => void | Promise<void>;
}

/** The `triggers` object for `createClient(components.betterAuth, { triggers })`. */
export interface SyncTriggers {
  user: {
    onCreate: (ctx: any, doc: any) => Promise<void>;
    onUpdate: (ctx: any, newDoc: any, oldDoc: any) => Promise<void>;
    onDelete: (ctx: any, doc: any) => Promise<void>;
  };
}

/**
 * Keep the app's users table in sync from `@convex-dev/better-auth` triggers, in the same
 * transaction: `createClient(components.betterAuth, { authFunctions, triggers: createSyncTriggers(policy) })`.
 * Needs indexes on `linkField` and `emailField` (`linkIndex`, `emailIndex`).
 * @throws {AuthError} `ERR_SYNC_POLICY_INVALID` (at start-up)
 */
export declare function createSyncTriggers(policy?: SyncTriggerOptions): SyncTriggers;

/** Look up (by the link and email indexes), decide and apply for one auth user. */
export declare function syncAuthUser(
  ctx: SyncMutationCtx,
  authUser: SyncAuthUser,
  policy?: SyncTriggerOptions,
): Promise<{ decision: SyncDecision; id: string | null }>;

/** The app rows that could be this auth user's (by the link index and by the email index). */
export declare function findSyncCandidates(ctx: SyncMutationCtx, authUser: SyncAuthUser, policy?: SyncPolicy): Promise<SyncAppUser[]>;

/** Apply a decision with `ctx.db`; returns the app row `_id` written or found, else null. */
export declare function applySyncDecision(ctx: SyncMutationCtx, decision: SyncDecision | DeleteDecision): Promise<string | null>;

/**
 * A mutation handler that syncs the signed-in user (for apps that sync on sign-in instead of
 * with triggers): `mutation({ args: {}, handler: syncFromAuth(authComponent, policy) })`.
 */
export declare function syncFromAuth(
  authComponent: { getAuthUser(ctx: any): Promise<any> },
  policy?: SyncTriggerOptions,
): (ctx: any) => Promise<{ decision: SyncDecision; id: string | null }>;
// (The Convex export doctor's types moved to doctor.d.ts: `authcore/doctor`.)

// ---- internal requests ----
/** Error codes of the internal-request functions. */
export type InternalRequestErrorCode =
  | "ERR_INTERNAL_SIGNATURE_MISSING" | "ERR_INTERNAL_SIGNATURE_INVALID" | "ERR_INTERNAL_REQUEST_EXPIRED"
  | "ERR_INTERNAL_SECRET_WEAK" | "ERR_INTERNAL_BODY_TOO_LARGE";
/** A shared secret: a string (compared as UTF-8) or bytes. `undefined` (an unset environment variable) is accepted by the types and refused at run time with `ERR_INVALID_ARGUMENT`. */
export type SharedSecret = string | Uint8Array | ArrayBuffer;
/**
 * Whether two shared secrets are equal, in constant time, without leaking the expected secret's
 * length. Use it where code would write `a === b` on a secret (an admin setup secret, a bearer).
 * @throws {AuthError} `ERR_INVALID_ARGUMENT` when either is not a string or bytes (never "equal")
 */
export declare function secretsEqual(a: SharedSecret | undefined, b: SharedSecret | undefined): boolean;
/** Header names of a signed internal request. */
export declare const INTERNAL_TIMESTAMP_HEADER: "x-authcore-timestamp";
export declare const INTERNAL_SIGNATURE_HEADER: "x-authcore-signature";
/** The secret of an internal request: at least 32 bytes; a list signs with its first and verifies with any (rotation). */
export type InternalSecret = string | string[];
/** What is signed: the method, the path and query of `url` (not the host), and the body's exact bytes. */
export interface InternalRequestParts {
  /** Defaults to `"GET"`. */
  method?: string;
  /** Absolute, or a path starting with `/`. */
  url: string | URL;
  /** The exact body sent (a string is UTF-8). */
  body?: string | Uint8Array | ArrayBuffer | ArrayBufferView | null;
}
export interface SignInternalRequestOptions {
  /** Accepts `process.env.X` as it is; `undefined` is refused at run time with `ERR_INVALID_ARGUMENT`. */
  secret: InternalSecret | undefined;
  /** The signing time (default: now). */
  now?: number | Date;
}
export interface VerifyInternalRequestOptions extends SignInternalRequestOptions {
  /** How far, in seconds, the signing time may be from now, either way. Defaults to 300 (at most 86,400). */
  maxSkew?: number;
}
/** Headers to add to the request (`fetch(url, { method, body, headers: { ...signed, ... } })`). */
export interface InternalRequestHeaders { "x-authcore-timestamp": string; "x-authcore-signature": string }
/**
 * Sign a request to another service of the app (timestamp + HMAC over method, path and query,
 * timestamp and body digest).
 * @throws {AuthError} `ERR_INTERNAL_SECRET_WEAK`, `ERR_INTERNAL_BODY_TOO_LARGE`, `ERR_INVALID_ARGUMENT`
 */
export declare function signInternalRequest(request: InternalRequestParts, options: SignInternalRequestOptions): InternalRequestHeaders;
/** What a verified request was signed for. */
export interface VerifiedInternalRequest { method: string; path: string; timestamp: number }
/**
 * Verify a signed internal request: a `Request` (its body is read from a clone) or its parts.
 * @throws {AuthError} `ERR_INTERNAL_SIGNATURE_MISSING`, `ERR_INTERNAL_SIGNATURE_INVALID`,
 * `ERR_INTERNAL_REQUEST_EXPIRED`; configuration: `ERR_INTERNAL_SECRET_WEAK`, `ERR_INVALID_ARGUMENT`
 */
export declare function verifyInternalRequest(
  request: Request | (InternalRequestParts & { headers: Headers | Record<string, string | string[] | undefined> }),
  options: VerifyInternalRequestOptions,
): Promise<VerifiedInternalRequest>;
// ---- end internal requests ----

// ---- commands (`npx authcore password|token`; functions in authcore/passwords, authcore/keys) ----
/** `authcore password hash|verify`'s arguments, as `parseCommandLine` (authcore/doctor) returns them. */
export type PasswordCommand =
  | { op: "hash"; salt?: string | null; "max-password-length"?: number | null }
  | { op: "verify"; hash: string; legacy?: boolean; "max-password-length"?: number | null };
/** `authcore token inspect|explain`'s arguments, as `parseCommandLine` returns them. */
export type TokenCommand =
  | { op: "inspect"; value: string; json: boolean }
  | {
      op: "explain";
      value: string;
      secrets?: string[];
      jwks?: string | null;
      issuer?: string | null;
      audience?: string | null;
      now?: string | null;
      "cookie-prefix"?: string | null;
      strategy?: string | null;
      json: boolean;
    };
/** What a command reads, read beforehand: standard input (`-` values, the password line). */
export interface PasswordCommandIo { stdin?: string | Uint8Array }
/** What `token` commands read, read beforehand. */
export interface TokenCommandIo {
  stdin?: string | Uint8Array;
  /** BETTER_AUTH_SECRETS, BETTER_AUTH_SECRET, AUTH_SECRET (read when no `--secret` is given). */
  env?: Record<string, string>;
  /** The `--jwks` file: its text, or why it could not be read. */
  files?: Record<string, { text: string } | { error: string }>;
  /** Epoch milliseconds; default `Date.now()`. */
  now?: number;
}
/** What the native binary would print on stdout, and its exit code (errors throw: exit 2). */
export interface CommandOutput { stdout: string; exitCode: 0 | 1 }
// ---- end commands ----
