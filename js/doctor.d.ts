// Types of `authcore/doctor`: the tooling entry (the Convex export doctor, fix, gen-export; what
// `npx authcore` runs). Its own WASM holds only these; the request path (`authcore`) has none.
export { AuthError, type AuthErrorCode } from "./index.js";
import type { PasswordCommand, TokenCommand } from "./index.js";
/** What a `password` / `token` command will read: read it first, then run the command with it. */
export interface CommandReads { stdin: { max: number; line: boolean } | null; env: string[]; files: string[] }

// ---- npx ----
/** A ZIP read synchronously a window at a time (Node: back it with fs.openSync/fs.readSync). */
export interface ExportSource { size: number; read(offset: number, length: number): Uint8Array }
/** Where an export is written: every byte at its offset (Node: fs.writeSync(fd, bytes, 0, bytes.length, offset)). */
export interface ExportSink { write(offset: number, bytes: Uint8Array): void }
export type DoctorSeverity = "error" | "warning" | "info";
export interface DoctorFinding { code: string; severity: DoctorSeverity; table: string; ids: string[]; email?: string; message: string; fix: string }
export interface DoctorSummary {
  documents: number; tables: Record<string, number>; authUsers: number; appUsers: number; accounts: number;
  sessions: number; jwks: number; errors: number; warnings: number; infos: number; byCode: Record<string, number>;
  omitted: number; passwordHashes: Record<string, number>;
}
/** Where the doctor looks (defaults: betterAuth, users, authId, email) and what it checks. */
export interface DoctorOptions {
  component?: string; appTable?: string; linkField?: string; emailField?: string;
  /** Emails that must be admins. */
  adminEmails?: string[];
  /** BETTER_AUTH_SECRET, to check that jwks private keys decrypt. */
  secret?: string;
  /** Findings listed per code (the rest are counted). Defaults to 10000. */
  maxFindingsPerCode?: number;
  /** Called as decompressed bytes are read. */
  onProgress?: (done: number, total: number) => void;
}
/** `text` and `json` are exactly what `authcore doctor` prints without and with `--json`. */
export interface DoctorResult { report: { findings: DoctorFinding[]; summary: DoctorSummary }; hasErrors: boolean; text: string; json: string }
/** Diagnose a Convex snapshot export (`npx convex export`): the native `authcore doctor`'s core, streamed. */
export declare function diagnoseExport(source: Uint8Array | ExportSource, options?: DoctorOptions): DoctorResult;
/** What `authcore gen-export` writes (users: 100 in the CLI, 10 here by default; seed; finding codes to inject; deflate level). */
export interface GenerateExportOptions { users?: number | string; seed?: number | string; inject?: string[]; level?: number }
/** A synthetic export: written to `sink`, or returned as bytes without one. */
export declare function generateExport(options?: GenerateExportOptions, sink?: undefined): Uint8Array;
export declare function generateExport(options: GenerateExportOptions | undefined, sink: ExportSink): undefined;
/** A fix, as `authcore fix` names them; `password` is hashed in Better Auth's format (or give `passwordHash`). */
export type ExportFixOperation =
  | { op: "set-password"; email: string; password?: string; passwordHash?: string }
  | { op: "delete-user"; email: string; onDelete?: "delete" | "soft-delete" | "keep" }
  | { op: "sync"; policy?: Record<string, unknown>; adminEmails?: string[] }
  | { op: "float-numbers" }
  | { op: "create-user"; email: string; name: string; admin?: boolean; password?: string; passwordHash?: string }
  | { op: "drop-sessions" }
  | { op: "drop-jwks" };
/** Where the tables are (defaults: betterAuth, users, authId, email) and the time for new rows (defaults to Date.now()). */
export interface ExportFixOptions { component?: string; appTable?: string; linkField?: string; emailField?: string; now?: number }
/** A planned fix: `actions` are the lines `authcore fix` prints; `apply` writes once (to `sink`, or returns the bytes); `discard` releases it unwritten. */
export interface ExportFixPlan { actions: string[]; apply(sink?: ExportSink): Uint8Array | undefined; discard(): void }
/** Plan a fix (the input is only read). */
export declare function planExportFix(source: Uint8Array | ExportSource, operation: ExportFixOperation, options?: ExportFixOptions): ExportFixPlan;
/** Plan and apply a fix: the fixed ZIP goes to `sink`, or comes back as `bytes`. */
export declare function fixExport(source: Uint8Array | ExportSource, operation: ExportFixOperation, options?: ExportFixOptions, sink?: ExportSink): { actions: string[]; bytes: Uint8Array | undefined };
/**
 * What `parseCommandLine` gives: a command to run (`args`: the options with kebab-case keys as on
 * the command line, defaults applied, `null` when not given; `fix`'s, `password`'s and `token`'s
 * subcommand in `args.op`: `runPasswordCommand` (authcore/passwords) and `runTokenCommand`
 * (authcore/keys) run the latter two, over what `reads` lists), or text clap rendered itself.
 */
export type ParsedCommandLine =
  | { command: "doctor" | "fix" | "gen-export"; args: Record<string, unknown> }
  | { command: "password"; args: PasswordCommand; reads: CommandReads }
  | { command: "token"; args: TokenCommand; reads: CommandReads }
  | { print: string; stderr: boolean; exitCode: number };
/** Parse `authcore` arguments (without the program name) with the native binary's own clap definition: `npx authcore` is built on it. */
export declare function parseCommandLine(argv: string[]): ParsedCommandLine;
/** What a doctor argument names, as `authcore doctor <arg>` tells it (`head`: the file's first 16 bytes). */
export declare function detectDoctorSource(arg: string, head?: Uint8Array): { kind: "zip" | "sqlite" | "postgres"; target: string };
/** One cell of a SQL row, in the statement's column order. */
export type SqlCell = null | boolean | number | string | bigint | Uint8Array;
/**
 * A Better Auth SQL database, through any driver: `query` runs the read-only statement the core
 * gives it (no parameters) and calls `onRows` with batches of rows (arrays of cells), then resolves.
 */
export interface DoctorDatabase { dialect: "sqlite" | "postgres"; query(sql: string, onRows: (rows: SqlCell[][]) => void): void | Promise<void> }
/** The SQL doctor's options (the CLI's `--better-auth-version`, `--plugins`, `--schema-map` file's text) and now (epoch ms, for expired sessions). */
export interface DatabaseOptions { betterAuthVersion?: "1.6" | "1.7"; plugins?: string[]; schemaMap?: string; now?: number }
/** Diagnose a Better Auth SQL database (SQLite, Postgres): the native `authcore doctor`'s checks, rows streamed in by the driver. */
export declare function diagnoseDatabase(db: DoctorDatabase, options?: Omit<DoctorOptions, "onProgress"> & DatabaseOptions): Promise<DoctorResult>;
/** A fix of a SQL database: statements with their parameters (run them in one transaction), and the same as a script to review. */
export interface DatabaseFixPlan { statements: { sql: string; params: string[]; what: string }[]; script: string }
/** Plan a fix of a SQL database (set-password, delete-user, drop-sessions, drop-jwks); the database is only read. */
export declare function planDatabaseFix(db: DoctorDatabase, operation: ExportFixOperation, options?: DatabaseOptions): Promise<DatabaseFixPlan>;
// ---- end npx ----
