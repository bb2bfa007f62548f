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
   * refused with `ERR_HASH_COST_TOO_HIGH` before any work.
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

/**
 * Move users from legacy hashes to Better Auth's format as they sign in:
 * `const m = betterAuthMigration(); betterAuth({ emailAndPassword: { enabled: true, password: m.password }, plugins: [m.plugin()] })`.
 * @throws {AuthError} `ERR_INVALID_ARGUMENT` for bad options
 */
export declare function betterAuthMigration(options?: BetterAuthMigrationOptions): BetterAuthMigration;

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

/** Equal for emails that differ only by case, surrounding white space or Unicode form. */
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
