//! PostgreSQL: the core's queries (catalog from `pg_catalog`, the first schema of the search
//! path; then the rows) streamed by the `postgres` crate inside a READ ONLY transaction: the doctor never writes.
//!
//! TLS with libpq's `sslmode=require | verify-ca | verify-full` (and `sslrootcert=<file>`)
//! through rustls ([`super::pg_tls`]); without one of those the connection is not encrypted.

use std::borrow::Cow;
use std::path::PathBuf;
use std::str::FromStr;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, NoTls};

use super::pg_tls::{self, SslMode};
use super::schema::Dialect;
use super::RowSource;
use crate::convex_export::value::Val;
use crate::error::{Error, Result};

fn db_err(e: postgres::Error) -> Error {
    // The causes too: "error performing TLS handshake: invalid peer certificate: …".
    let mut text = format!("postgres: {e}");
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        let t = c.to_string();
        if !text.contains(&t) {
            text = format!("{text}: {t}");
        }
        cause = c.source();
    }
    Error::Database(text)
}

/// Whether `s` is a `postgres://` or `postgresql://` URL.
pub fn is_url(s: &str) -> bool {
    let l = s.get(..13).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("postgres://") || l.starts_with("postgresql://")
}

/// Where and how to connect: the `postgres` crate's settings, and the TLS the URL asks for.
#[derive(Clone)]
pub struct PgConfig {
    /// Host, port, user, password, database, timeouts.
    pub cfg: Config,
    /// From `sslmode`.
    pub ssl_mode: SslMode,
    /// From `sslrootcert`: the roots to check the server's certificate against.
    pub root_cert: Option<PathBuf>,
}

/// The URL without its `sslmode` and `sslrootcert` parameters (the `postgres` crate knows
/// neither `verify-ca` nor `verify-full`), and their values.
fn split_tls_params(url: &str) -> (String, Option<String>, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None, None);
    };
    let (mut mode, mut root) = (None, None);
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslmode", v)) => mode = Some(v.to_owned()),
            Some(("sslrootcert", v)) => root = Some(v.to_owned()),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, mode, root)
}

/// The connection settings of a URL; the password comes from `PGPASSWORD` (`pgpassword`)
/// when the URL has none.
pub fn config(url: &str, pgpassword: Option<&str>) -> Result<PgConfig> {
    let (url, mode, root) = split_tls_params(url);
    let ssl_mode = match mode.as_deref() {
        Some(m) => SslMode::parse(m)?,
        None => SslMode::Off,
    };
    let mut cfg = Config::from_str(&url)
        .map_err(|e| Error::InvalidArgument(format!("not a Postgres URL: {e}")))?;
    if cfg.get_password().is_none() {
        if let Some(p) = pgpassword.filter(|p| !p.is_empty()) {
            cfg.password(p);
        }
    }
    cfg.connect_timeout(std::time::Duration::from_secs(15));
    cfg.application_name("authcore-doctor");
    cfg.ssl_mode(if ssl_mode == SslMode::Off {
        postgres::config::SslMode::Disable
    } else {
        postgres::config::SslMode::Require
    });
    Ok(PgConfig {
        cfg,
        ssl_mode,
        root_cert: root.map(PathBuf::from),
    })
}

/// Connect, over TLS when the URL asked for it.
fn connect_client(c: &PgConfig) -> Result<Client> {
    if c.ssl_mode == SslMode::Off {
        return c.cfg.connect(NoTls).map_err(db_err);
    }
    let tls = pg_tls::client_config(c.ssl_mode, c.root_cert.as_deref())?;
    c.cfg
        .connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        .map_err(db_err)
}

/// A Postgres database read inside one READ ONLY transaction.
pub struct Postgres {
    client: Client,
}

impl Postgres {
    /// Connect and start the READ ONLY transaction.
    pub fn connect(cfg: &PgConfig) -> Result<Postgres> {
        let mut client = connect_client(cfg)?;
        client
            .batch_execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(db_err)?;
        Ok(Postgres { client })
    }

    /// The client (for `authcore fix --apply`).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// Cell `i` of a row, by its column's type (the core's queries return text, booleans,
/// integers and float8 only).
fn cell(row: &postgres::Row, i: usize) -> Result<Val<'static>> {
    let ty = row.columns().get(i).map(|c| c.type_().clone());
    let v = match ty {
        Some(Type::BOOL) => row.try_get::<_, Option<bool>>(i).map(|v| v.map(Val::Bool)),
        Some(Type::INT2) => row
            .try_get::<_, Option<i16>>(i)
            .map(|v| v.map(|x| Val::Int(x.into()))),
        Some(Type::INT4) => row
            .try_get::<_, Option<i32>>(i)
            .map(|v| v.map(|x| Val::Int(x.into()))),
        Some(Type::INT8) => row.try_get::<_, Option<i64>>(i).map(|v| v.map(Val::Int)),
        Some(Type::OID) => row
            .try_get::<_, Option<u32>>(i)
            .map(|v| v.map(|x| Val::Int(x.into()))),
        Some(Type::FLOAT4) => row
            .try_get::<_, Option<f32>>(i)
            .map(|v| v.map(|x| Val::Float(x.into()))),
        Some(Type::FLOAT8) => row.try_get::<_, Option<f64>>(i).map(|v| v.map(Val::Float)),
        _ => row
            .try_get::<_, Option<String>>(i)
            .map(|v| v.map(|t| Val::Str(Cow::Owned(t)))),
    };
    Ok(v.map_err(db_err)?.unwrap_or(Val::Null))
}

impl RowSource for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn query(&mut self, sql: &str, f: &mut dyn FnMut(&[Val<'_>])) -> Result<u64> {
        let params: [&(dyn ToSql + Sync); 0] = [];
        let mut it = self
            .client
            .query_raw(sql, params.iter().copied())
            .map_err(db_err)?;
        let mut n = 0u64;
        let mut cells = Vec::new();
        while let Some(row) = it.next().map_err(db_err)? {
            cells.clear();
            for i in 0..row.len() {
                cells.push(cell(&row, i)?);
            }
            f(&cells);
            n += 1;
        }
        Ok(n)
    }
}

/// Run a fix plan in one transaction on a new connection (nothing is written if a statement
/// fails). Returns the rows each statement changed.
pub fn apply(cfg: &PgConfig, plan: &super::fix::SqlPlan) -> Result<Vec<u64>> {
    let mut client = connect_client(cfg)?;
    let mut tx = client.transaction().map_err(db_err)?;
    let mut changed = Vec::with_capacity(plan.statements.len());
    for st in &plan.statements {
        let values: Vec<String> = st.params.iter().map(|p| p.text()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        changed.push(tx.execute(st.sql.as_str(), &refs).map_err(db_err)?);
    }
    tx.commit().map_err(db_err)?;
    Ok(changed)
}
