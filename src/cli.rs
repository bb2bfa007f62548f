//! The `authcore` command line's arguments: one clap definition for the native binary
//! (`src/bin/authcore/`) and the npm package's `npx authcore` (the tooling WASM parses its argv
//! with it, `cliParse` in `src/wasm.rs`), so both print the same help, version and usage errors
//! byte for byte. Parsing only: what each command does is the binary's (native files, threads,
//! database drivers) or `js/cli.mjs`'s (files through Node) job, over the same library calls.
//!
//! The doctor/fix/gen-export arguments serialise (serde, kebab-case keys as on the command line)
//! so the JS side reads them as clap resolved them, defaults included.
//!
//! A doc comment on an argument here is its `--help` text (and an undocumented one has none, as
//! `--email`), so items are documented by their help, not for rustdoc.
#![allow(missing_docs)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde::{Serialize, Serializer};

use crate::doctor;

/// `authcore`: Better Auth-compatible auth core.
#[derive(Parser)]
#[command(name = "authcore", version, about = "Better Auth-compatible auth core")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Hash and verify passwords in Better Auth's format.
    #[command(subcommand)]
    Password(PasswordCmd),
    /// Check a Convex export ZIP for auth data problems and import blockers.
    /// Exit 0: no error-severity finding; 1: errors found; 2: usage or I/O error.
    Doctor(DoctorArgs),
    /// Write a fixed copy of a Convex export ZIP (the input is never modified).
    Fix(FixArgs),
    /// Generate a synthetic Convex export with Better Auth data (tests, demos, benchmarks).
    GenExport(GenArgs),
    /// Inspect Better Auth cookies and tokens, and explain why one is refused.
    #[command(subcommand)]
    Token(TokenCmd),
}

impl Command {
    /// The subcommand's name on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Password(_) => "password",
            Command::Doctor(_) => "doctor",
            Command::Fix(_) => "fix",
            Command::GenExport(_) => "gen-export",
            Command::Token(_) => "token",
        }
    }
}

/// What parsing a command line gave: a command to run, or text clap rendered (help, version,
/// a usage error) with the stream it goes to and the exit code.
pub enum Parsed {
    /// A command to run.
    Run(Box<Command>),
    /// What clap rendered: print `text` on stderr (else stdout) and exit with `exit_code`.
    Print {
        text: String,
        stderr: bool,
        exit_code: i32,
    },
}

/// Parse `authcore`'s arguments (without the program name) as the native binary does.
pub fn parse<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let argv = std::iter::once(std::ffi::OsString::from("authcore"))
        .chain(args.into_iter().map(Into::into));
    match <Cli as Parser>::try_parse_from(argv) {
        Ok(cli) => Parsed::Run(Box::new(cli.command)),
        Err(e) => Parsed::Print {
            text: e.render().to_string(),
            stderr: e.use_stderr(),
            exit_code: e.exit_code(),
        },
    }
}

/// Most arguments [`parse_bounded`] takes: a command line is short, and clap's work grows with it.
pub const MAX_ARGS: usize = 1024;
/// Longest argument [`parse_bounded`] takes, in bytes (a path, a URL, an email, a secret).
pub const MAX_ARG_BYTES: usize = 64 << 10;

/// [`parse`] for arguments that did not come from an operating system's command line (the npm
/// package's `parseCommandLine` takes a JS array): more than [`MAX_ARGS`] arguments, or one longer
/// than [`MAX_ARG_BYTES`], is `ERR_INVALID_ARGUMENT` before clap sees it.
pub fn parse_bounded(args: &[String]) -> Result<Parsed, crate::Error> {
    if args.len() > MAX_ARGS {
        return Err(crate::Error::InvalidArgument(format!(
            "at most {MAX_ARGS} command-line arguments"
        )));
    }
    if args.iter().any(|a| a.len() > MAX_ARG_BYTES) {
        return Err(crate::Error::InvalidArgument(format!(
            "a command-line argument is longer than {MAX_ARG_BYTES} bytes"
        )));
    }
    Ok(parse(args))
}

/// u64 as decimal text: JSON numbers lose precision in JavaScript above 2^53.
fn u64_text<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

#[derive(Args, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Where {
    /// Mount name of the Better Auth component.
    #[arg(long, default_value = doctor::DEFAULT_COMPONENT)]
    pub component: String,
    /// The app's users table (root namespace).
    #[arg(long, default_value = doctor::DEFAULT_APP_TABLE)]
    pub app_table: String,
    /// The app table's field holding the auth user's _id.
    #[arg(long, default_value = doctor::DEFAULT_LINK_FIELD)]
    pub link_field: String,
    /// The app table's email field.
    #[arg(long, default_value = doctor::DEFAULT_EMAIL_FIELD)]
    pub email_field: String,
}

/// Where a SQL database's schema is checked against (ignored for a Convex export).
#[derive(Args, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct SqlWhere {
    /// Read the database URL from this environment variable (e.g. DATABASE_URL) instead of
    /// the command line.
    #[arg(long, value_name = "NAME")]
    pub database_url_env: Option<String>,
    /// The Better Auth plugins enabled (jwt,twoFactor,admin,username,organization,passkey);
    /// detected from the tables and columns present when not given.
    #[arg(long, value_delimiter = ',')]
    pub plugins: Option<Vec<String>>,
    /// The Better Auth version line the schema is checked against: 1.6 or 1.7.
    #[arg(long, default_value = "1.7")]
    pub better_auth_version: String,
    /// A JSON file of custom names: {"casing":"snake","user":{"modelName":"users","fields":{…}}}.
    #[arg(long, value_name = "FILE")]
    pub schema_map: Option<PathBuf>,
}

#[derive(Args, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct DoctorArgs {
    /// The Convex snapshot ZIP (`npx convex export --path export.zip`), a SQLite file
    /// (./auth.db, sqlite:./auth.db) or a postgres:// URL (password also from PGPASSWORD).
    #[arg(required_unless_present = "database_url_env")]
    pub export: Option<PathBuf>,
    /// Print JSON: { findings: [{ code, severity, table, ids, email?, message, fix }], summary }.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    #[serde(flatten)]
    pub sql: SqlWhere,
    #[command(flatten)]
    #[serde(flatten)]
    pub at: Where,
    /// An email that must be an admin (repeatable).
    #[arg(long = "admin-email")]
    pub admin_email: Vec<String>,
    /// BETTER_AUTH_SECRET, to check that jwks private keys decrypt (or set BETTER_AUTH_SECRET).
    #[arg(long)]
    pub secret: Option<String>,
}

#[derive(Args, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FixArgs {
    /// The export to read (never modified), or a SQLite file / postgres:// URL (with --sql
    /// or --apply).
    #[arg(required_unless_present = "database_url_env")]
    pub input: Option<PathBuf>,
    /// Where to write the fixed export.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// SQL source: write the fix as a SQL script to review (one transaction), change nothing.
    #[arg(long = "sql", value_name = "FILE", conflicts_with = "output")]
    pub sql_out: Option<PathBuf>,
    /// SQL source: run the fix in one transaction and print what changed.
    #[arg(long, conflicts_with_all = ["output", "sql_out"])]
    pub apply: bool,
    #[command(flatten)]
    #[serde(flatten)]
    pub sql: SqlWhere,
    /// Print the plan, write nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
    #[command(flatten)]
    #[serde(flatten)]
    pub at: Where,
    #[command(subcommand)]
    pub op: FixCmd,
}

#[derive(Subcommand, Serialize)]
#[serde(
    tag = "op",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
pub enum FixCmd {
    /// Create or update the user's credential account; the password is read from stdin.
    SetPassword {
        #[arg(long)]
        email: String,
        /// Read the password from stdin (required: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Delete the auth user, their accounts, sessions and other component rows, and their app row.
    DeleteUser {
        #[arg(long)]
        email: String,
        /// Keep the app table's row (sync policy onDelete "keep").
        #[arg(long, conflicts_with = "soft_delete")]
        keep_app_row: bool,
        /// Set deletedAt on the app row instead of deleting it (onDelete "soft-delete").
        #[arg(long)]
        soft_delete: bool,
    },
    /// Apply the sync decision to every auth user (create, link or update app rows).
    Sync {
        /// An email whose app row gets the policy's admin fields (repeatable).
        #[arg(long = "admin-email")]
        admin_email: Vec<String>,
        /// A JSON file with a SyncPolicy (camelCase keys, as in the npm package).
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Create an auth user, a credential account and a linked app row.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Give the app row role "admin".
        #[arg(long)]
        admin: bool,
        /// Read the password from stdin (required).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Write integers as floats where import wants float64 (_creationTime, v.number() fields).
    FloatNumbers,
    /// Empty the session table.
    DropSessions,
    /// Empty the jwks table.
    DropJwks,
}

#[derive(Args, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct GenArgs {
    /// Number of auth users.
    #[arg(long, default_value_t = 100)]
    #[serde(serialize_with = "u64_text")]
    pub users: u64,
    /// PRNG seed.
    #[arg(long, default_value_t = 1)]
    #[serde(serialize_with = "u64_text")]
    pub seed: u64,
    /// Finding codes to inject, comma-separated (e.g. AUTH_USER_WITHOUT_APP_USER,MULTIPLE_JWKS).
    #[arg(long, value_delimiter = ',')]
    pub inject: Vec<String>,
    /// Deflate level 0-9.
    #[arg(long, default_value_t = 1)]
    pub level: i64,
    /// Output ZIP.
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Subcommand)]
pub enum PasswordCmd {
    /// Print a Better Auth hash (`salt:key`) of the password read from stdin.
    Hash {
        /// Use this salt string instead of 16 random bytes (for reproducible fixtures).
        #[arg(long)]
        salt: Option<String>,
        /// Refuse passwords longer than this many UTF-16 code units (an opt-in policy, like
        /// Better Auth's maxPasswordLength). Without it any password up to 64 KiB is hashed.
        #[arg(long)]
        max_password_length: Option<usize>,
    },
    /// Check the password read from stdin against a stored hash. Exit 0 if it matches, 1 if not.
    Verify {
        /// The stored hash, `salt:key` (with --legacy, also a legacy format).
        #[arg(long)]
        hash: String,
        /// Also accept the legacy formats a migration brings: bcrypt, Argon2, scrypt PHC, Django
        /// PBKDF2, Firebase scrypt with its parameters embedded (`$fbscrypt$…`).
        #[arg(long)]
        legacy: bool,
        /// Refuse passwords longer than this many UTF-16 code units (opt-in; without it any
        /// password up to 64 KiB is checked and a mismatch exits 1).
        #[arg(long)]
        max_password_length: Option<usize>,
    },
}

#[derive(Subcommand)]
pub enum TokenCmd {
    /// Decode a value without verifying it: what it is, its header and claims.
    Inspect {
        /// The value: a cookie value, a Cookie header, a JWT, `Bearer …`; `-` reads stdin.
        value: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check a value and print EVERY reason it would be refused. Exit 0 valid, 1 invalid.
    Explain {
        /// The value: a cookie value, a Cookie header, a JWT, `Bearer …`; `-` reads stdin.
        value: String,
        #[command(flatten)]
        opts: VerifyArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct VerifyArgs {
    /// A Better Auth secret; repeat for rotation (current first). Defaults to the
    /// BETTER_AUTH_SECRETS or BETTER_AUTH_SECRET environment variable.
    #[arg(long = "secret")]
    pub secrets: Vec<String>,
    /// A JWKS file (JSON `{ "keys": [...] }`) for JWTs.
    #[arg(long)]
    pub jwks: Option<std::path::PathBuf>,
    /// Expected `iss`.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Expected `aud`.
    #[arg(long)]
    pub audience: Option<String>,
    /// The time to check against: epoch milliseconds, `<n>s` epoch seconds, or ISO-8601.
    /// Defaults to now.
    #[arg(long)]
    pub now: Option<String>,
    /// `advanced.cookiePrefix`. Defaults to "better-auth".
    #[arg(long)]
    pub cookie_prefix: Option<String>,
    /// Expected cookie-cache strategy: compact, jwt or jwe.
    #[arg(long)]
    pub strategy: Option<String>,
}

impl From<&PasswordCmd> for crate::command::PasswordCommand {
    fn from(cmd: &PasswordCmd) -> Self {
        match cmd {
            PasswordCmd::Hash {
                salt,
                max_password_length,
            } => Self::Hash {
                salt: salt.clone(),
                max_password_length: *max_password_length,
            },
            PasswordCmd::Verify {
                hash,
                legacy,
                max_password_length,
            } => Self::Verify {
                hash: hash.clone(),
                legacy: *legacy,
                max_password_length: *max_password_length,
            },
        }
    }
}

impl From<&TokenCmd> for crate::command::TokenCommand {
    fn from(cmd: &TokenCmd) -> Self {
        match cmd {
            TokenCmd::Inspect { value, json } => Self::Inspect {
                value: value.clone(),
                json: *json,
            },
            TokenCmd::Explain { value, opts, json } => Self::Explain {
                value: value.clone(),
                secrets: opts.secrets.clone(),
                jwks: opts.jwks.clone(),
                issuer: opts.issuer.clone(),
                audience: opts.audience.clone(),
                now: opts.now.clone(),
                cookie_prefix: opts.cookie_prefix.clone(),
                strategy: opts.strategy.clone(),
                json: *json,
            },
        }
    }
}
