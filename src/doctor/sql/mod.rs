//! The doctor on a SQL database (SQLite, PostgreSQL): the `SCHEMA_*` checks of the catalog
//! against what Better Auth creates, then the same user checks as on a Convex export
//! (`DUPLICATE_AUTH_EMAIL`, `ORPHAN_*`, `NO_SIGN_IN_METHOD`, passwords, `jwks`, admins),
//! through the same code. The core writes every statement (the catalog's, [`catalog`], then
//! each table's, [`select_sql`]) and turns the cells of each row into the documents the
//! checks read; a source only runs statements ([`RowSource`]). [`SqlDoctor`] holds that
//! conversation push-style, so the native drivers ([`diagnose_source`]) and Node's
//! asynchronous ones (through WASM: `diagnoseDatabase`, `npx authcore doctor`) are fed the
//! same way and the checks do not know where rows came from.
//!
//! Everything here builds for WASM but the drivers ([`sqlite`], [`postgres`], [`pg_tls`]),
//! which are native only. Both only read: SQLite is opened read-only, Postgres runs in a READ
//! ONLY transaction.

pub mod catalog;
pub mod expected;
pub mod fix;
#[cfg(not(target_arch = "wasm32"))]
pub mod pg_tls;
#[cfg(not(target_arch = "wasm32"))]
pub mod postgres;
pub mod schema;
#[cfg(not(target_arch = "wasm32"))]
pub mod sqlite;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::findings::Collector;
use super::joins::{self, CredState, SessionCheck, UserTables};
use super::keys::stored_form;
use super::report::{Report, Summary};
use super::verdict::{self, Gathered, Labels};
use super::{Code, DoctorOptions, MAX_JWKS_KEPT};
use crate::convex_export::value::{Doc, Val};
use crate::error::{Error, Result};
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

/// A database the doctor reads. A source only runs the read-only queries the core writes
/// ([`catalog::queries`], [`select_sql`]) and hands back each row's cells: what the cells
/// mean is decided here, the same for the native drivers and for the rows Node feeds in
/// through WASM ([`SqlDoctor`]).
pub trait RowSource {
    /// The engine, which decides the SQL the core writes.
    fn dialect(&self) -> Dialect;
    /// Run `sql` (a read-only statement without parameters) and call `f` with each row's
    /// cells: NULL as `Val::Null`, text as `Val::Str`, integers as `Val::Int`, other numbers
    /// as `Val::Float`, booleans as `Val::Bool`. Returns the number of rows.
    fn query(&mut self, sql: &str, f: &mut dyn FnMut(&[Val<'_>])) -> Result<u64>;
}

/// Read the catalog of a source.
pub fn read_schema(src: &mut dyn RowSource) -> Result<DbSchema> {
    let mut cat = catalog::Catalog::new(src.dialect());
    for (i, q) in catalog::queries(src.dialect()).iter().enumerate() {
        let mut err = None;
        src.query(q, &mut |row| {
            if let Err(e) = cat.feed(i, row) {
                err.get_or_insert(e);
            }
        })?;
        if let Some(e) = err {
            return Err(e);
        }
    }
    Ok(cat.finish())
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn select_expr(dialect: Dialect, s: &Select, col: Option<&schema::DbColumn>) -> String {
    let c = quote(&s.column);
    let ty = col.map_or("", |c| c.ty.as_str());
    match (dialect, s.kind) {
        (Dialect::Sqlite, Kind::Text | Kind::Bool) => c,
        // Better Auth writes ISO strings through Kysely; integers are taken as milliseconds.
        (Dialect::Sqlite, Kind::TimeMs) => format!(
            "CASE typeof({c}) WHEN 'integer' THEN {c} WHEN 'real' THEN {c} WHEN 'text' THEN (julianday({c}) - 2440587.5) * 86400000.0 ELSE NULL END"
        ),
        (Dialect::Postgres, Kind::Text) => format!("{c}::text"),
        (Dialect::Postgres, Kind::Bool) => match ty {
            "bool" => c,
            "int2" | "int4" | "int8" => format!("({c} <> 0)"),
            _ => format!("(lower({c}::text) IN ('t', 'true', '1'))"),
        },
        (Dialect::Postgres, Kind::TimeMs) => match ty {
            "timestamptz" | "timestamp" | "date" => {
                format!("(extract(epoch FROM {c}) * 1000)::float8")
            }
            "int2" | "int4" | "int8" | "numeric" | "float4" | "float8" => format!("{c}::float8"),
            _ => "NULL::float8".into(),
        },
    }
}

/// The statement reading `columns` of every row of `table`.
pub fn select_sql(db: &DbSchema, table: &str, columns: &[Select]) -> String {
    let t = db.table(table);
    let list: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let e = select_expr(db.dialect, s, t.and_then(|t| t.column(&s.column)));
            format!("{e} AS c{i}")
        })
        .collect();
    let from = match &db.namespace {
        Some(ns) => format!("{}.{}", quote(ns), quote(table)),
        None => quote(table),
    };
    format!("SELECT {} FROM {from}", list.join(", "))
}

/// One cell as the checks read a field of `kind`.
fn to_val(v: &Val, kind: Kind) -> Val<'static> {
    match (kind, v) {
        (_, Val::Null) => Val::Null,
        (Kind::Bool, v) => Val::Bool(catalog::truthy(v)),
        (Kind::TimeMs, Val::Int(i)) => Val::Float(*i as f64),
        (Kind::TimeMs, Val::Float(f)) => Val::Float(*f),
        (Kind::Text, v) => catalog::text(v).map_or(Val::Null, |t| Val::Str(Cow::Owned(t))),
        _ => Val::Null,
    }
}

/// Fill `doc` with a row's cells as the fields of `columns`.
pub fn row_doc(columns: &[Select], row: &[Val], doc: &mut Doc<'static>) {
    doc.fields.clear();
    for (i, s) in columns.iter().enumerate() {
        let v = row.get(i).map_or(Val::Null, |v| to_val(v, s.kind));
        doc.fields.push((Cow::Borrowed(s.field), v));
    }
}

/// Every row of `table` with `columns` (all exist), one document each; returns the number
/// of rows.
pub fn read_table(
    src: &mut dyn RowSource,
    db: &DbSchema,
    table: &str,
    columns: &[Select],
    f: &mut dyn FnMut(&Doc),
) -> Result<u64> {
    let sql = select_sql(db, table, columns);
    let mut doc = Doc {
        fields: Vec::with_capacity(columns.len()),
    };
    src.query(&sql, &mut |row| {
        row_doc(columns, row, &mut doc);
        f(&doc);
    })
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

impl SqlOptions {
    /// The options as the command line gives them: a version line (`1.6`, `1.7`; `None`:
    /// the default), plugin names (empty ones skipped; `None`: detected), a `--schema-map`
    /// JSON text, and now.
    pub fn from_args(
        version: Option<&str>,
        plugins: Option<&[String]>,
        schema_map: Option<&str>,
        now_ms: f64,
    ) -> Result<SqlOptions> {
        let plugins = match plugins {
            Some(list) => Some(
                list.iter()
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| Plugin::parse(p))
                    .collect::<Result<Vec<_>>>()?,
            ),
            None => None,
        };
        Ok(SqlOptions {
            version: match version {
                Some(v) => BaVersion::parse(v)?,
                None => SqlOptions::default().version,
            },
            plugins,
            map: match schema_map {
                Some(text) => SchemaMap::parse(text)?,
                None => SchemaMap::default(),
            },
            now_ms,
        })
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

/// Which table a read step fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    User,
    Account,
    Session,
    Jwks,
}

/// One table to read: which, and the columns.
#[derive(Debug, Clone)]
struct Step {
    model: Model,
    table: String,
    columns: Vec<Select>,
}

/// What the doctor asks a source for next.
#[derive(Debug, Clone)]
pub enum Query {
    /// Catalog query number `index` (its rows go to [`SqlDoctor::catalog_row`]).
    Catalog {
        /// Its position in [`catalog::queries`].
        index: usize,
        /// The statement.
        sql: String,
    },
    /// The rows of a table (they go to [`SqlDoctor::row`]).
    Rows {
        /// The statement.
        sql: String,
    },
}

impl Query {
    /// The statement to run.
    pub fn sql(&self) -> &str {
        match self {
            Query::Catalog { sql, .. } | Query::Rows { sql } => sql,
        }
    }
}

/// What the user checks hold while rows stream.
#[derive(Default)]
struct Gather {
    building: UserTables,
    users: OnceLock<UserTables>,
    mixed_case: u64,
    has_users: bool,
    creds: Option<Vec<CredState>>,
    hash_formats: BTreeMap<String, u64>,
    jwks: Vec<(String, String)>,
    expired: u64,
}

/// The doctor on a SQL database as a conversation: it says which query to run next
/// ([`SqlDoctor::next`]), the caller runs it and hands back each row, then says the query
/// ended. The native drivers ([`diagnose_source`]) and the Node CLI (through WASM, where
/// queries are asynchronous) hold the same conversation, so the checks are the same code.
pub struct SqlDoctor {
    opts: DoctorOptions,
    sql: SqlOptions,
    catalog: Option<catalog::Catalog>,
    catalog_queries: Vec<String>,
    catalog_done: usize,
    db: Option<DbSchema>,
    out: Collector,
    summary: Summary,
    steps: Vec<Step>,
    step: usize,
    rows: u64,
    doc: Doc<'static>,
    g: Gather,
}

impl SqlDoctor {
    /// A doctor for a database of `dialect`.
    pub fn new(dialect: Dialect, opts: &DoctorOptions, sql: &SqlOptions) -> SqlDoctor {
        SqlDoctor {
            opts: opts.clone(),
            sql: sql.clone(),
            catalog: Some(catalog::Catalog::new(dialect)),
            catalog_queries: catalog::queries(dialect),
            catalog_done: 0,
            db: None,
            out: Collector::new(opts.max_findings_per_code),
            summary: Summary::default(),
            steps: Vec::new(),
            step: 0,
            rows: 0,
            doc: Doc { fields: Vec::new() },
            g: Gather::default(),
        }
    }

    /// The next query to run, or `None` when the report is ready ([`SqlDoctor::finish`]).
    pub fn next(&self) -> Option<Query> {
        if let Some(sql) = self.catalog_queries.get(self.catalog_done) {
            return Some(Query::Catalog {
                index: self.catalog_done,
                sql: sql.clone(),
            });
        }
        let (db, step) = (self.db.as_ref()?, self.steps.get(self.step)?);
        Some(Query::Rows {
            sql: select_sql(db, &step.table, &step.columns),
        })
    }

    /// One row of the current catalog query.
    pub fn catalog_row(&mut self, row: &[Val]) -> Result<()> {
        match &mut self.catalog {
            Some(c) => c.feed(self.catalog_done, row),
            None => Err(Error::InvalidArgument(
                "the catalog was already read".into(),
            )),
        }
    }

    /// One row of the current table query (cells in the order of its SELECT list).
    pub fn row(&mut self, row: &[Val]) -> Result<()> {
        let Some(step) = self.steps.get(self.step) else {
            return Err(Error::InvalidArgument("no table is being read".into()));
        };
        row_doc(&step.columns, row, &mut self.doc);
        self.rows += 1;
        let (model, label) = (step.model, step.table.as_str());
        doc_row(
            &mut self.g,
            &mut self.out,
            &self.sql,
            model,
            label,
            &self.doc,
        );
        Ok(())
    }

    /// The current query ended.
    pub fn end(&mut self) -> Result<()> {
        if self.catalog_done < self.catalog_queries.len() {
            self.catalog_done += 1;
            if self.catalog_done == self.catalog_queries.len() {
                self.start_rows();
            }
            return Ok(());
        }
        let Some(step) = self.steps.get(self.step) else {
            return Err(Error::InvalidArgument("no query is running".into()));
        };
        let (model, table, n) = (
            step.model,
            step.table.clone(),
            std::mem::take(&mut self.rows),
        );
        self.step += 1;
        end_step(
            &mut self.g,
            &mut self.out,
            &mut self.summary,
            model,
            &table,
            n,
        );
        Ok(())
    }

    /// The schema checks, and the tables to read for the user checks.
    fn start_rows(&mut self) {
        let Some(cat) = self.catalog.take() else {
            return;
        };
        let db = cat.finish();
        let plugins = match &self.sql.plugins {
            Some(p) => p.clone(),
            None => db.detect_plugins(&self.sql.map),
        };
        let expect = schema::Expect {
            version: self.sql.version,
            plugins: &plugins,
            map: &self.sql.map,
        };
        schema::check(&db, &expect, &mut self.out);
        let map = &self.sql.map;
        let wanted = [
            (Model::User, "user", USER_COLS, 2),
            (Model::Account, "account", ACCOUNT_COLS, 4),
            (Model::Session, "session", SESSION_COLS, 2),
            (Model::Jwks, "jwks", JWKS_COLS, 2),
        ];
        for (model, name, cols, needed) in wanted {
            if let Some((table, columns)) = selects(&db, map, name, cols, needed) {
                self.steps.push(Step {
                    model,
                    table,
                    columns,
                });
            }
        }
        self.g.has_users = self.steps.first().is_some_and(|s| s.model == Model::User);
        if !self.g.has_users {
            let _ = self.g.users.set(UserTables::default());
        }
        self.db = Some(db);
    }

    /// The report, once [`SqlDoctor::next`] says there is nothing left to read.
    pub fn finish(self) -> Result<Report> {
        let (Some(db), None) = (&self.db, self.next()) else {
            return Err(Error::InvalidArgument(
                "the doctor has not read every table yet".into(),
            ));
        };
        let mut out = self.out;
        schema::check_email_case(db, &self.sql.map, self.g.mixed_case, &mut out);
        let users = self.g.users.into_inner().unwrap_or_default();
        let n = users.users.len();
        // Without a readable account table nothing is known of sign-in methods: no finding.
        let creds = self.g.creds.unwrap_or_else(|| {
            vec![
                CredState {
                    cred_ok: true,
                    ..CredState::default()
                };
                n
            ]
        });
        let gathered = Gathered {
            t: users,
            creds,
            apps: vec![Default::default(); n],
            hash_formats: self.g.hash_formats,
            jwks: self.g.jwks,
            has_app: false,
            has_component: self.g.has_users,
        };
        let map = &self.sql.map;
        let labels = Labels {
            user: map.table("user"),
            account: map.table("account"),
            jwks: map.table("jwks"),
        };
        Ok(verdict::conclude(
            &self.opts,
            out,
            self.summary,
            gathered,
            &labels,
        ))
    }
}

/// One document of a table the user checks read.
fn doc_row(
    g: &mut Gather,
    out: &mut Collector,
    sql: &SqlOptions,
    model: Model,
    label: &str,
    doc: &Doc,
) {
    match model {
        Model::User => {
            let id = doc.str("_id").unwrap_or("");
            let email = doc.str("email").unwrap_or("");
            if stored_form(email) != email {
                g.mixed_case += 1;
            }
            g.building.user_row(out, label, doc, id);
        }
        Model::Account => {
            let Some(t) = g.users.get() else { return };
            let n = t.users.len();
            let creds = g.creds.get_or_insert_with(|| vec![CredState::default(); n]);
            joins::account_doc(t, creds, &mut g.hash_formats, out, label, doc);
        }
        Model::Session => {
            // The user table is complete: the check is immediate, nothing waits.
            SessionCheck::new(&g.users).doc(out, label, doc, None);
            if matches!(doc.get("expiresAt"), Some(Val::Float(ms)) if *ms < sql.now_ms) {
                g.expired += 1;
            }
        }
        Model::Jwks => {
            if g.jwks.len() < MAX_JWKS_KEPT {
                g.jwks.push((
                    doc.str("_id").unwrap_or("").to_owned(),
                    doc.str("privateKey").unwrap_or("").to_owned(),
                ));
            }
        }
    }
}

/// A table ended after `n` rows.
fn end_step(
    g: &mut Gather,
    out: &mut Collector,
    summary: &mut Summary,
    model: Model,
    table: &str,
    n: u64,
) {
    let n = count(summary, table, n);
    match model {
        Model::User => {
            summary.auth_users = n;
            let _ = g.users.set(std::mem::take(&mut g.building));
        }
        Model::Account => {
            summary.accounts = n;
            if g.creds.is_none() {
                let users = g.users.get().map_or(0, |t| t.users.len());
                g.creds = Some(vec![CredState::default(); users]);
            }
        }
        Model::Session => {
            summary.sessions = n;
            if g.expired > 0 {
                out.add(
                    Code::ExpiredSessions,
                    table,
                    vec![],
                    None,
                    format!("{} of {n} sessions have expired", g.expired),
                );
            }
        }
        Model::Jwks => summary.jwks = n,
    }
}

/// Run the doctor on a database: the [`SqlDoctor`] conversation, with a source that runs
/// each query as it is asked.
pub fn diagnose_source(
    src: &mut dyn RowSource,
    opts: &DoctorOptions,
    sql: &SqlOptions,
) -> Result<Report> {
    let mut d = SqlDoctor::new(src.dialect(), opts, sql);
    while let Some(q) = d.next() {
        let mut err = None;
        src.query(q.sql(), &mut |row| {
            let r = match q {
                Query::Catalog { .. } => d.catalog_row(row),
                Query::Rows { .. } => d.row(row),
            };
            if let Err(e) = r {
                err.get_or_insert(e);
            }
        })?;
        if let Some(e) = err {
            return Err(e);
        }
        d.end()?;
    }
    d.finish()
}

fn count(summary: &mut Summary, table: &str, n: u64) -> u64 {
    summary.documents += n;
    *summary.tables.entry(table.to_owned()).or_insert(0) += n;
    n
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
