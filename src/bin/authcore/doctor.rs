//! `authcore doctor`, `authcore fix`, `authcore gen-export`: file handling, progress and
//! printing; the logic is in `authcore::doctor`.

use std::fs::File;
use std::io::{BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use authcore::convex_export::Export;
use authcore::doctor::fix::{self, FixOp, FixOptions};
use authcore::doctor::gen::{self, GenOptions};
use authcore::doctor::sql::{self, SourceSpec, SqlOptions};
use authcore::doctor::{self as core, Code, DoctorOptions};
use authcore::sync::{OnDelete, SyncPolicy};
use authcore::Error;
use clap::{Args, Subcommand};

/// Exports at least this large get a progress bar (when stderr is a terminal).
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

#[derive(Args)]
pub struct Where {
    /// Mount name of the Better Auth component.
    #[arg(long, default_value = core::DEFAULT_COMPONENT)]
    component: String,
    /// The app's users table (root namespace).
    #[arg(long, default_value = core::DEFAULT_APP_TABLE)]
    app_table: String,
    /// The app table's field holding the auth user's _id.
    #[arg(long, default_value = core::DEFAULT_LINK_FIELD)]
    link_field: String,
    /// The app table's email field.
    #[arg(long, default_value = core::DEFAULT_EMAIL_FIELD)]
    email_field: String,
}

/// Where a SQL database's schema is checked against (ignored for a Convex export).
#[derive(Args)]
pub struct SqlWhere {
    /// Read the database URL from this environment variable (e.g. DATABASE_URL) instead of
    /// the command line.
    #[arg(long, value_name = "NAME")]
    database_url_env: Option<String>,
    /// The Better Auth plugins enabled (jwt,twoFactor,admin,username,organization,passkey);
    /// detected from the tables and columns present when not given.
    #[arg(long, value_delimiter = ',')]
    plugins: Option<Vec<String>>,
    /// The Better Auth version line the schema is checked against: 1.6 or 1.7.
    #[arg(long, default_value = "1.7")]
    better_auth_version: String,
    /// A JSON file of custom names: {"casing":"snake","user":{"modelName":"users","fields":{…}}}.
    #[arg(long, value_name = "FILE")]
    schema_map: Option<PathBuf>,
}

#[derive(Args)]
pub struct DoctorArgs {
    /// The Convex snapshot ZIP (`npx convex export --path export.zip`), a SQLite file
    /// (./auth.db, sqlite:./auth.db) or a postgres:// URL (password also from PGPASSWORD).
    #[arg(required_unless_present = "database_url_env")]
    export: Option<PathBuf>,
    /// Print JSON: { findings: [{ code, severity, table, ids, email?, message, fix }], summary }.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    sql: SqlWhere,
    #[command(flatten)]
    at: Where,
    /// An email that must be an admin (repeatable).
    #[arg(long = "admin-email")]
    admin_email: Vec<String>,
    /// BETTER_AUTH_SECRET, to check that jwks private keys decrypt (or set BETTER_AUTH_SECRET).
    #[arg(long)]
    secret: Option<String>,
}

#[derive(Args)]
pub struct FixArgs {
    /// The export to read (never modified), or a SQLite file / postgres:// URL (with --sql
    /// or --apply).
    #[arg(required_unless_present = "database_url_env")]
    input: Option<PathBuf>,
    /// Where to write the fixed export.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// SQL source: write the fix as a SQL script to review (one transaction), change nothing.
    #[arg(long = "sql", value_name = "FILE", conflicts_with = "output")]
    sql_out: Option<PathBuf>,
    /// SQL source: run the fix in one transaction and print what changed.
    #[arg(long, conflicts_with_all = ["output", "sql_out"])]
    apply: bool,
    #[command(flatten)]
    sql: SqlWhere,
    /// Print the plan, write nothing.
    #[arg(long, global = true)]
    dry_run: bool,
    #[command(flatten)]
    at: Where,
    #[command(subcommand)]
    op: FixCmd,
}

#[derive(Subcommand)]
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

#[derive(Args)]
pub struct GenArgs {
    /// Number of auth users.
    #[arg(long, default_value_t = 100)]
    users: u64,
    /// PRNG seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Finding codes to inject, comma-separated (e.g. AUTH_USER_WITHOUT_APP_USER,MULTIPLE_JWKS).
    #[arg(long, value_delimiter = ',')]
    inject: Vec<String>,
    /// Deflate level 0-9.
    #[arg(long, default_value_t = 1)]
    level: i64,
    /// Output ZIP.
    #[arg(short, long)]
    output: PathBuf,
}

fn io(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::ExportIo(format!("{}: {e}", path.display()))
}

fn open(path: &Path) -> Result<BufReader<File>, Error> {
    File::open(path)
        .map(|f| BufReader::with_capacity(1 << 16, f))
        .map_err(|e| io(path, e))
}

fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if total < PROGRESS_MIN_BYTES || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    ) {
        pb.set_style(style);
    }
    Some(pb)
}

pub fn doctor(args: DoctorArgs) -> Result<ExitCode, Error> {
    let opts = DoctorOptions {
        component: args.at.component,
        app_table: args.at.app_table,
        link_field: args.at.link_field,
        email_field: args.at.email_field,
        admin_emails: args.admin_email,
        secret: args
            .secret
            .or_else(|| std::env::var("BETTER_AUTH_SECRET").ok()),
        ..DoctorOptions::default()
    };
    let export = match source(args.export.as_deref(), &args.sql)? {
        SourceSpec::ConvexZip(p) => PathBuf::from(p),
        other => {
            let report = sql_doctor(&other, &args.sql, &opts)?;
            return print_report(&report, args.json);
        }
    };
    let size = std::fs::metadata(&export)
        .map_err(|e| io(&export, e))?
        .len();
    let pb = progress_bar(size.saturating_mul(4));
    let mut last = 0u64;
    // Two readers of the file: the session table is read on a second thread.
    let path = export.clone();
    let reopen = move || open(&path);
    let report = core::diagnose_parallel(reopen, &opts, &mut |done, total| {
        if let Some(pb) = &pb {
            if last == 0 {
                pb.set_length(total);
            }
            if done.saturating_sub(last) > (8 << 20) || done == total {
                pb.set_position(done);
                last = done.max(1);
            }
        }
    })?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    print_report(&report, args.json)
}

/// Print a report as text or JSON; exit 1 when it has errors.
fn print_report(report: &core::Report, json: bool) -> Result<ExitCode, Error> {
    let mut out = std::io::stdout().lock();
    let text = if json {
        serde_json::to_string_pretty(report).map_err(|e| Error::ExportIo(e.to_string()))? + "\n"
    } else {
        report.to_human(core::DEFAULT_HUMAN_EXAMPLES)
    };
    out.write_all(text.as_bytes())
        .map_err(|e| Error::ExportIo(e.to_string()))?;
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The source named by the argument or `--database-url-env`.
fn source(arg: Option<&Path>, w: &SqlWhere) -> Result<SourceSpec, Error> {
    let text = match (&w.database_url_env, arg) {
        (Some(name), _) => std::env::var(name).map_err(|_| {
            Error::InvalidArgument(format!("the environment variable {name} is not set"))
        })?,
        (None, Some(p)) => p.to_string_lossy().into_owned(),
        (None, None) => return Err(Error::InvalidArgument("no source given".into())),
    };
    let mut head = [0u8; 16];
    let sniffed = File::open(&text)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok();
    sql::detect_source(&text, sniffed.then_some(&head[..]))
}

fn sql_options(w: &SqlWhere) -> Result<SqlOptions, Error> {
    let map = match &w.schema_map {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| io(path, e))?),
        None => None,
    };
    SqlOptions::from_args(
        Some(&w.better_auth_version),
        w.plugins.as_deref(),
        map.as_deref(),
        now_ms(),
    )
}

/// A read-only connection to a SQLite file or a Postgres database.
fn open_sql(src: &SourceSpec) -> Result<Box<dyn sql::RowSource>, Error> {
    match src {
        SourceSpec::Sqlite(path) => Ok(Box::new(sql::sqlite::Sqlite::open(Path::new(path))?)),
        SourceSpec::Postgres(url) => {
            let cfg = sql::postgres::config(url, std::env::var("PGPASSWORD").ok().as_deref())?;
            Ok(Box::new(sql::postgres::Postgres::connect(&cfg)?))
        }
        SourceSpec::ConvexZip(_) => Err(Error::InvalidArgument("not a SQL source".into())),
    }
}

/// The doctor on a SQLite file or a Postgres database (read-only).
fn sql_doctor(src: &SourceSpec, w: &SqlWhere, opts: &DoctorOptions) -> Result<core::Report, Error> {
    let sql_opts = sql_options(w)?;
    let mut db = open_sql(src)?;
    sql::diagnose_source(db.as_mut(), opts, &sql_opts)
}

fn read_password() -> Result<String, Error> {
    let cap = (authcore::password::MAX_PASSWORD_LENGTH_CEILING * 4 + 2) as u64;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(cap)
        .read_to_string(&mut line)
        .map_err(|e| Error::InvalidArgument(format!("reading the password from stdin: {e}")))?;
    let line = line.lines().next().unwrap_or("").to_owned();
    if line.is_empty() {
        return Err(Error::InvalidArgument("empty password on stdin".into()));
    }
    Ok(line)
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Write through a temporary file in the destination's directory, renamed at the end.
fn write_atomically(
    dest: &Path,
    inputs: &[&Path],
    f: impl FnOnce(BufWriter<File>) -> Result<BufWriter<File>, Error>,
) -> Result<(), Error> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Ok(d) = dest.canonicalize() {
        for i in inputs {
            if i.canonicalize().ok().as_deref() == Some(d.as_path()) {
                return Err(Error::InvalidArgument(
                    "the output must not be the input".into(),
                ));
            }
        }
    }
    let name = dest
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("out.zip");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| io(&tmp, e))?;
    let result = f(BufWriter::with_capacity(1 << 16, file)).and_then(|w| {
        let file = w.into_inner().map_err(|e| io(&tmp, e.error()))?;
        file.sync_all().map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, dest).map_err(|e| io(dest, e))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub fn fix(args: FixArgs) -> Result<ExitCode, Error> {
    let op = match args.op {
        FixCmd::SetPassword { email, .. } => FixOp::SetPassword {
            email,
            password_hash: authcore::hash_password(&read_password()?)?,
        },
        FixCmd::DeleteUser {
            email,
            keep_app_row,
            soft_delete,
        } => FixOp::DeleteUser {
            email,
            on_delete: if keep_app_row {
                OnDelete::Keep
            } else if soft_delete {
                OnDelete::SoftDelete
            } else {
                OnDelete::Delete
            },
        },
        FixCmd::Sync {
            admin_email,
            policy,
        } => {
            let mut p: SyncPolicy = match policy {
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
                    serde_json::from_str(&text)
                        .map_err(|e| Error::InvalidArgument(format!("{}: {e}", path.display())))?
                }
                None => SyncPolicy::default(),
            };
            p.admin_emails.extend(admin_email);
            FixOp::Sync {
                policy: Box::new(p),
            }
        }
        FixCmd::CreateUser {
            email, name, admin, ..
        } => FixOp::CreateUser {
            email,
            name,
            admin,
            password_hash: authcore::hash_password(&read_password()?)?,
        },
        FixCmd::FloatNumbers => FixOp::FloatNumbers,
        FixCmd::DropSessions => FixOp::DropSessions,
        FixCmd::DropJwks => FixOp::DropJwks,
    };
    let opts = FixOptions {
        component: args.at.component,
        app_table: args.at.app_table,
        link_field: args.at.link_field,
        email_field: args.at.email_field,
        now_ms: now_ms(),
    };
    let input = match source(args.input.as_deref(), &args.sql)? {
        SourceSpec::ConvexZip(p) => PathBuf::from(p),
        other => {
            let how = SqlFixHow {
                sql_out: args.sql_out.as_deref(),
                apply: args.apply,
                dry_run: args.dry_run,
                at: &args.sql,
            };
            return sql_fix(&other, &how, &op);
        }
    };
    let output = args.output.clone().ok_or_else(|| {
        Error::InvalidArgument("-o/--output is required to fix a Convex export".into())
    })?;
    let mut ex = Export::open(open(&input)?)?;
    let plan = fix::plan(&mut ex, &op, &opts, &mut authcore::rng::fill)?;
    for a in &plan.actions {
        println!("{}{a}", if args.dry_run { "would " } else { "" });
    }
    if args.dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    write_atomically(&output, &[&input], |w| fix::apply(&mut ex, w, &plan))?;
    println!("wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}

/// `authcore fix` on a SQLite file or a Postgres database: plan on a read-only connection,
/// then write the script (`--sql`), print it (`--dry-run`) or run it in one transaction
/// (`--apply`).
/// What `fix` does on a SQL source.
struct SqlFixHow<'a> {
    sql_out: Option<&'a Path>,
    apply: bool,
    dry_run: bool,
    at: &'a SqlWhere,
}

fn sql_fix(src: &SourceSpec, args: &SqlFixHow, op: &FixOp) -> Result<ExitCode, Error> {
    if args.sql_out.is_none() && !args.apply && !args.dry_run {
        return Err(Error::InvalidArgument(
            "on a SQL database, fix needs --sql out.sql (a script to review) or --apply".into(),
        ));
    }
    let sql_opts = sql_options(args.at)?;
    let plan = {
        let mut db = open_sql(src)?;
        let schema = sql::read_schema(db.as_mut())?;
        let (map, now) = (&sql_opts.map, sql_opts.now_ms);
        sql::fix::plan(db.as_mut(), &schema, map, op, now, &mut authcore::rng::fill)?
    };
    for st in &plan.statements {
        println!("{}{}", if args.apply { "" } else { "would " }, st.what);
    }
    if let Some(path) = args.sql_out {
        write_atomically(path, &[], |mut w| {
            w.write_all(sql::fix::script(&plan).as_bytes())
                .map_err(|e| io(path, e))?;
            Ok(w)
        })?;
        println!(
            "wrote {} ({} statements, one transaction)",
            path.display(),
            plan.statements.len()
        );
    }
    if args.apply && !args.dry_run {
        let changed = match src {
            SourceSpec::Sqlite(path) => sql::sqlite::apply(Path::new(path), &plan)?,
            SourceSpec::Postgres(url) => {
                let cfg = sql::postgres::config(url, std::env::var("PGPASSWORD").ok().as_deref())?;
                sql::postgres::apply(&cfg, &plan)?
            }
            SourceSpec::ConvexZip(_) => vec![],
        };
        for (st, n) in plan.statements.iter().zip(changed) {
            println!(
                "changed {n} row{}: {}",
                if n == 1 { "" } else { "s" },
                st.what
            );
        }
        println!("committed");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn gen_export(args: GenArgs) -> Result<ExitCode, Error> {
    let mut inject = Vec::new();
    for c in args.inject.iter().filter(|c| !c.is_empty()) {
        inject.push(
            Code::parse(c)
                .ok_or_else(|| Error::InvalidArgument(format!("unknown finding code {c}")))?,
        );
    }
    let opts = GenOptions {
        users: args.users,
        seed: args.seed,
        inject,
        compression_level: args.level,
        ..GenOptions::default()
    };
    write_atomically(&args.output, &[], |w| gen::generate(&opts, w))?;
    Ok(ExitCode::SUCCESS)
}
