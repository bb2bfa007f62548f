//! The doctor on a SQL database (SQLite, PostgreSQL): the `SCHEMA_*` checks of the catalog
//! against what Better Auth creates, then the same user checks as on a Convex export
//! (`DUPLICATE_AUTH_EMAIL`, `ORPHAN_*`, `NO_SIGN_IN_METHOD`, passwords, `jwks`, admins),
//! through the same code: a [`RowSource`] turns rows into the documents the checks read, and
//! the checks do not know where they came from.
//!
//! The source-independent part ([`diagnose_source`]) builds everywhere; the drivers
//! ([`sqlite`], [`postgres`]) are native only. Both only read: SQLite is opened read-only,
//! Postgres runs in a READ ONLY transaction.

pub mod expected;
pub mod fix;
#[cfg(not(target_arch = "wasm32"))]
pub mod postgres;
pub mod schema;
#[cfg(not(target_arch = "wasm32"))]
pub mod sqlite;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::findings::Collector;
use super::joins::{self, CredState, SessionCheck, UserTables};
use super::verdict::{self, Gathered, Labels};
use super::{stored_form, Code, DoctorOptions, Report, Summary, MAX_JWKS_KEPT};
use crate::convex_export::value::{Doc, Val};
use crate::error::Result;
pub use expected::{BaVersion, Plugin, SchemaMap};
pub use schema::{DbSchema, Dialect};

/// How a selected column is handed to the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (ids of any type are read as their text).
    Text,
    /// A boolean (`0`/`1` integers in SQLite).
    Bool,
    /// A time, as milliseconds since the epoch (`Val::Float`).
    TimeMs,
}

/// One column to read: the column's name in the database, the field name the checks read
/// it under, and how to convert it.
#[derive(Debug, Clone)]
pub struct Select {
    /// Column name in the database.
    pub column: String,
    /// Field name in the document (`_id` for the id).
    pub field: &'static str,
    /// Conversion.
    pub kind: Kind,
}

/// A database the doctor reads: its catalog, then rows of a table as documents.
pub trait RowSource {
    /// The catalog of the schema looked at.
    fn schema(&mut self) -> Result<DbSchema>;
    /// Every row of `table` with `columns` (all exist), in any order, one document each;
    /// returns the number of rows. NULL is `Val::Null`.
    fn rows(&mut self, table: &str, columns: &[Select], f: &mut dyn FnMut(&Doc)) -> Result<u64>;
}

/// Options of the SQL doctor beyond [`DoctorOptions`].
#[derive(Debug, Clone)]
pub struct SqlOptions {
    /// Better Auth's version line the schema is checked against. Defaults to 1.7.
    pub version: BaVersion,
    /// The enabled plugins; `None`: detected from the tables and columns present.
    pub plugins: Option<Vec<Plugin>>,
    /// Custom model and field names.
    pub map: SchemaMap,
    /// Now, in milliseconds since the epoch (for expired sessions).
    pub now_ms: f64,
}

impl Default for SqlOptions {
    fn default() -> Self {
        SqlOptions {
            version: BaVersion::V1_7,
            plugins: None,
            map: SchemaMap::default(),
            now_ms: 0.0,
        }
    }
}

/// The columns the user checks read, per model: `(field, kind)`; the first ones are needed
/// (the table's checks are skipped without them), `role`/`emailVerified` are read if present.
const USER_COLS: &[(&str, &str, Kind)] = &[
    ("id", "_id", Kind::Text),
    ("email", "email", Kind::Text),
    ("emailVerified", "emailVerified", Kind::Bool),
    ("role", "role", Kind::Text),
];
const ACCOUNT_COLS: &[(&str, &str, Kind)] = &[
    ("id", "_id", Kind::Text),
    ("userId", "userId", Kind::Text),
    ("providerId", "providerId", Kind::Text),
    ("password", "password", Kind::Text),
];
const SESSION_COLS: &[(&str, &str, Kind)] = &[
    ("id", "_id", Kind::Text),
    ("userId", "userId", Kind::Text),
    ("expiresAt", "expiresAt", Kind::TimeMs),
];
const JWKS_COLS: &[(&str, &str, Kind)] = &[
    ("id", "_id", Kind::Text),
    ("privateKey", "privateKey", Kind::Text),
];

/// The columns of `model` to select, or `None` when a needed one (the first `needed`) is
/// missing.
fn selects(
    db: &DbSchema,
    map: &SchemaMap,
    model: &str,
    cols: &[(&'static str, &'static str, Kind)],
    needed: usize,
) -> Option<(String, Vec<Select>)> {
    let table = map.table(model);
    let t = db.table(&table)?;
    let mut out = Vec::new();
    for (i, (name, field, kind)) in cols.iter().enumerate() {
        let column = if *name == "id" {
            "id".to_owned()
        } else {
            map.column(model, name)
        };
        if t.column(&column).is_some() {
            out.push(Select {
                column,
                field,
                kind: *kind,
            });
        } else if i < needed {
            return None;
        }
    }
    Some((table, out))
}

/// What reading the rows gathered.
struct Read {
    users: UserTables,
    creds: Option<Vec<CredState>>,
    hash_formats: BTreeMap<String, u64>,
    jwks: Vec<(String, String)>,
    mixed_case: u64,
    has_users: bool,
}

/// Run the doctor on a database.
pub fn diagnose_source(
    src: &mut dyn RowSource,
    opts: &DoctorOptions,
    sql: &SqlOptions,
) -> Result<Report> {
    let db = src.schema()?;
    let plugins = match &sql.plugins {
        Some(p) => p.clone(),
        None => db.detect_plugins(&sql.map),
    };
    let mut out = Collector::new(opts.max_findings_per_code);
    let expect = schema::Expect {
        version: sql.version,
        plugins: &plugins,
        map: &sql.map,
    };
    schema::check(&db, &expect, &mut out);
    let mut summary = Summary::default();
    let read = read_rows(src, &db, sql, &mut out, &mut summary)?;
    schema::check_email_case(&db, &sql.map, read.mixed_case, &mut out);
    let n = read.users.users.len();
    // Without a readable account table nothing is known of sign-in methods: no finding.
    let creds = read.creds.unwrap_or_else(|| {
        vec![
            CredState {
                cred_ok: true,
                ..CredState::default()
            };
            n
        ]
    });
    let gathered = Gathered {
        t: read.users,
        creds,
        apps: vec![Default::default(); n],
        hash_formats: read.hash_formats,
        jwks: read.jwks,
        has_app: false,
        has_component: read.has_users,
    };
    let labels = Labels {
        user: sql.map.table("user"),
        account: sql.map.table("account"),
        jwks: sql.map.table("jwks"),
    };
    Ok(verdict::conclude(opts, out, summary, gathered, &labels))
}

fn count(summary: &mut Summary, table: &str, n: u64) -> u64 {
    summary.documents += n;
    *summary.tables.entry(table.to_owned()).or_insert(0) += n;
    n
}

fn read_rows(
    src: &mut dyn RowSource,
    db: &DbSchema,
    sql: &SqlOptions,
    out: &mut Collector,
    summary: &mut Summary,
) -> Result<Read> {
    let map = &sql.map;
    let mut users = UserTables::default();
    let mut mixed_case = 0u64;
    let mut has_users = false;
    if let Some((table, cols)) = selects(db, map, "user", USER_COLS, 2) {
        has_users = true;
        let n = src.rows(&table, &cols, &mut |doc| {
            let id = doc.str("_id").unwrap_or("");
            let email = doc.str("email").unwrap_or("");
            if stored_form(email) != email {
                mixed_case += 1;
            }
            users.user_row(out, &table, doc, id);
        })?;
        summary.auth_users = count(summary, &table, n);
    }
    let tables = OnceLock::new();
    let _ = tables.set(users);
    let t = tables.get().expect("just set");
    let mut hash_formats = BTreeMap::new();
    let mut creds = None;
    if let Some((table, cols)) = selects(db, map, "account", ACCOUNT_COLS, 4) {
        let c = creds.insert(vec![CredState::default(); t.users.len()]);
        let n = src.rows(&table, &cols, &mut |doc| {
            joins::account_doc(t, c, &mut hash_formats, out, &table, doc)
        })?;
        summary.accounts = count(summary, &table, n);
    }
    if let Some((table, cols)) = selects(db, map, "session", SESSION_COLS, 2) {
        let mut check = SessionCheck::new(&tables);
        let mut expired = 0u64;
        let n = src.rows(&table, &cols, &mut |doc| {
            check.doc(out, &table, doc, None);
            if matches!(doc.get("expiresAt"), Some(Val::Float(ms)) if *ms < sql.now_ms) {
                expired += 1;
            }
        })?;
        summary.sessions = count(summary, &table, n);
        if expired > 0 {
            out.add(
                Code::ExpiredSessions,
                &table,
                vec![],
                None,
                format!("{expired} of {n} sessions have expired"),
            );
        }
    }
    let mut jwks = Vec::new();
    if let Some((table, cols)) = selects(db, map, "jwks", JWKS_COLS, 2) {
        let n = src.rows(&table, &cols, &mut |doc| {
            if jwks.len() < MAX_JWKS_KEPT {
                jwks.push((
                    doc.str("_id").unwrap_or("").to_owned(),
                    doc.str("privateKey").unwrap_or("").to_owned(),
                ));
            }
        })?;
        summary.jwks = count(summary, &table, n);
    }
    Ok(Read {
        users: tables.into_inner().unwrap_or_default(),
        creds,
        hash_formats,
        jwks,
        mixed_case,
        has_users,
    })
}

/// What `authcore doctor <source>` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    /// A Convex export ZIP (the path).
    ConvexZip(String),
    /// A SQLite file (the path, `sqlite:`/`file:` prefix removed).
    Sqlite(String),
    /// A `postgres://` / `postgresql://` URL.
    Postgres(String),
}

/// The first 16 bytes of every SQLite database file.
pub const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Tell the kind of source from the argument: a `postgres://`/`postgresql://` URL, a
/// `sqlite:` (or `file:`) path, a `mysql://` URL (refused: not supported), else a file whose
/// first bytes (`head`, from the caller: the core opens no file) say SQLite or a ZIP.
pub fn detect_source(arg: &str, head: Option<&[u8]>) -> Result<SourceSpec> {
    let lower = arg.get(..16).unwrap_or(arg).to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Ok(SourceSpec::Postgres(arg.to_owned()));
    }
    if lower.starts_with("mysql://") || lower.starts_with("mariadb://") {
        return Err(crate::Error::InvalidArgument(
            "MySQL is not supported by authcore doctor yet (SQLite files and postgres:// URLs are)"
                .into(),
        ));
    }
    if lower.starts_with("libsql://")
        || lower.starts_with("http://")
        || lower.starts_with("https://")
    {
        return Err(crate::Error::InvalidArgument(
            "remote libSQL/Turso databases are not supported; dump one to a file (turso db shell … .dump) and pass the file".into(),
        ));
    }
    for prefix in ["sqlite://", "sqlite:", "file:"] {
        if lower.starts_with(prefix) {
            let path = &arg[prefix.len()..];
            if path.is_empty() {
                return Err(crate::Error::InvalidArgument(format!(
                    "{arg:?} names no file"
                )));
            }
            return Ok(SourceSpec::Sqlite(path.to_owned()));
        }
    }
    match head {
        Some(h) if h.starts_with(SQLITE_MAGIC) => Ok(SourceSpec::Sqlite(arg.to_owned())),
        _ => Ok(SourceSpec::ConvexZip(arg.to_owned())),
    }
}
