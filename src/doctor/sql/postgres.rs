//! PostgreSQL: the catalog from `pg_catalog` (the first schema of the search path), rows
//! streamed by the `postgres` crate inside a READ ONLY transaction: the doctor never writes.
//!
//! No TLS yet: a URL with `sslmode=require` (Neon, Supabase) is refused with a clear error;
//! reach such a database through a local tunnel or proxy.

use std::borrow::Cow;
use std::str::FromStr;

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls};

use super::schema::{DbColumn, DbForeignKey, DbIndex, DbSchema, DbTable, Dialect};
use super::{Kind, RowSource, Select};
use crate::convex_export::value::{Doc, Val};
use crate::error::{Error, Result};

fn db_err(e: postgres::Error) -> Error {
    Error::Database(format!("postgres: {e}"))
}

/// Whether `s` is a `postgres://` or `postgresql://` URL.
pub fn is_url(s: &str) -> bool {
    let l = s.get(..13).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("postgres://") || l.starts_with("postgresql://")
}

/// The connection settings of a URL; the password comes from `PGPASSWORD` (`pgpassword`)
/// when the URL has none.
pub fn config(url: &str, pgpassword: Option<&str>) -> Result<Config> {
    let lower = url.to_ascii_lowercase();
    if [
        "sslmode=require",
        "sslmode=verify-ca",
        "sslmode=verify-full",
    ]
    .iter()
    .any(|m| lower.contains(m))
    {
        return Err(Error::Database(
            "this build has no TLS for Postgres (the URL asks for sslmode=require); connect through a local proxy or tunnel".into(),
        ));
    }
    let mut cfg = Config::from_str(url)
        .map_err(|e| Error::InvalidArgument(format!("not a Postgres URL: {e}")))?;
    if cfg.get_password().is_none() {
        if let Some(p) = pgpassword.filter(|p| !p.is_empty()) {
            cfg.password(p);
        }
    }
    cfg.connect_timeout(std::time::Duration::from_secs(15));
    cfg.application_name("authcore-doctor");
    Ok(cfg)
}

/// A Postgres database read inside one READ ONLY transaction.
pub struct Postgres {
    client: Client,
    schema: String,
}

impl Postgres {
    /// Connect and start the READ ONLY transaction.
    pub fn connect(cfg: &Config) -> Result<Postgres> {
        let mut client = cfg.connect(NoTls).map_err(db_err)?;
        client
            .batch_execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(db_err)?;
        let schema: String = client
            .query_one("SELECT coalesce(current_schema(), 'public')", &[])
            .map_err(db_err)?
            .get(0);
        Ok(Postgres { client, schema })
    }

    fn tables(&mut self) -> Result<Vec<(u32, String)>> {
        let rows = self
            .client
            .query(
                "SELECT c.oid, c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname",
                &[&self.schema],
            )
            .map_err(db_err)?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn columns(&mut self, oid: u32) -> Result<Vec<DbColumn>> {
        let rows = self
            .client
            .query(
                "SELECT a.attname::text, t.typname::text, a.attnotnull, \
                   (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> ''), \
                   coalesce(a.attnum = ANY (pk.conkey), false) \
                 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
                 LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p' \
                 WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                &[&oid],
            )
            .map_err(db_err)?;
        Ok(rows
            .iter()
            .map(|r| DbColumn {
                name: r.get(0),
                ty: r.get(1),
                not_null: r.get(2),
                has_default: r.get(3),
                primary_key: r.get(4),
            })
            .collect())
    }

    fn indexes(&mut self, oid: u32) -> Result<Vec<DbIndex>> {
        let rows = self
            .client
            .query(
                "SELECT i.relname::text, ix.indisunique, \
                   array(SELECT CASE WHEN k.n = 0 THEN pg_get_indexdef(ix.indexrelid, k.o::int, true) \
                                ELSE (SELECT attname::text FROM pg_attribute WHERE attrelid = ix.indrelid AND attnum = k.n) END \
                         FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, o) \
                         WHERE k.o <= ix.indnkeyatts ORDER BY k.o) \
                 FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid \
                 WHERE ix.indrelid = $1 AND ix.indpred IS NULL ORDER BY i.relname",
                &[&oid],
            )
            .map_err(db_err)?;
        Ok(rows
            .iter()
            .map(|r| DbIndex {
                name: r.get(0),
                unique: r.get(1),
                columns: r
                    .get::<_, Vec<Option<String>>>(2)
                    .into_iter()
                    .map(|c| normalise_key(c.as_deref().unwrap_or("?")))
                    .collect(),
                nocase: vec![],
            })
            .collect())
    }

    fn foreign_keys(&mut self, oid: u32) -> Result<Vec<DbForeignKey>> {
        let cols = |key: &str, rel: &str| {
            format!(
                "array(SELECT a.attname::text FROM unnest(con.{key}) WITH ORDINALITY k(n, o) \
                 JOIN pg_attribute a ON a.attrelid = con.{rel} AND a.attnum = k.n ORDER BY k.o)"
            )
        };
        let sql = format!(
            "SELECT {}, rc.relname::text, {} FROM pg_constraint con JOIN pg_class rc ON rc.oid = con.confrelid \
             WHERE con.conrelid = $1 AND con.contype = 'f' ORDER BY con.conname",
            cols("conkey", "conrelid"),
            cols("confkey", "confrelid")
        );
        let rows = self.client.query(&sql, &[&oid]).map_err(db_err)?;
        Ok(rows
            .iter()
            .map(|r| DbForeignKey {
                columns: r.get(0),
                ref_table: r.get(1),
                ref_columns: r.get(2),
            })
            .collect())
    }
}

/// An index key as `pg_get_indexdef` prints it: `email`, `"emailVerified"`,
/// `lower(email)`, `lower(email::text)` → the column, or `lower(<column>)`.
fn normalise_key(k: &str) -> String {
    let flat: String = k
        .replace("::text", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect();
    match flat
        .strip_prefix("lower((")
        .and_then(|r| r.strip_suffix("))"))
    {
        Some(inner) => format!("lower({inner})"),
        None => flat,
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn select_expr(s: &Select, col: Option<&DbColumn>) -> String {
    let c = quote(&s.column);
    let ty = col.map_or("", |c| c.ty.as_str());
    match s.kind {
        Kind::Text => format!("{c}::text"),
        Kind::Bool => match ty {
            "bool" => c,
            "int2" | "int4" | "int8" => format!("({c} <> 0)"),
            _ => format!("(lower({c}::text) IN ('t', 'true', '1'))"),
        },
        Kind::TimeMs => match ty {
            "timestamptz" | "timestamp" | "date" => {
                format!("(extract(epoch FROM {c}) * 1000)::float8")
            }
            "int2" | "int4" | "int8" | "numeric" | "float4" | "float8" => format!("{c}::float8"),
            _ => "NULL::float8".into(),
        },
    }
}

impl RowSource for Postgres {
    fn schema(&mut self) -> Result<DbSchema> {
        let mut tables = Vec::new();
        for (oid, name) in self.tables()? {
            tables.push(DbTable {
                name,
                columns: self.columns(oid)?,
                indexes: self.indexes(oid)?,
                foreign_keys: self.foreign_keys(oid)?,
            });
        }
        Ok(DbSchema {
            dialect: Dialect::Postgres,
            tables,
        })
    }

    fn rows(&mut self, table: &str, columns: &[Select], f: &mut dyn FnMut(&Doc)) -> Result<u64> {
        let catalog = self.columns_of(table)?;
        let list: Vec<String> = columns
            .iter()
            .map(|s| select_expr(s, catalog.iter().find(|c| c.name == s.column)))
            .collect();
        let sql = format!(
            "SELECT {} FROM {}.{}",
            list.join(", "),
            quote(&self.schema),
            quote(table)
        );
        let params: [&(dyn ToSql + Sync); 0] = [];
        let mut it = self
            .client
            .query_raw(&sql, params.iter().copied())
            .map_err(db_err)?;
        let mut n = 0u64;
        let mut doc = Doc {
            fields: Vec::with_capacity(columns.len()),
        };
        while let Some(row) = it.next().map_err(db_err)? {
            doc.fields.clear();
            for (i, s) in columns.iter().enumerate() {
                let v = match s.kind {
                    Kind::Text => row
                        .try_get::<_, Option<String>>(i)
                        .map_err(db_err)?
                        .map_or(Val::Null, |t| Val::Str(Cow::Owned(t))),
                    Kind::Bool => row
                        .try_get::<_, Option<bool>>(i)
                        .map_err(db_err)?
                        .map_or(Val::Null, Val::Bool),
                    Kind::TimeMs => row
                        .try_get::<_, Option<f64>>(i)
                        .map_err(db_err)?
                        .map_or(Val::Null, Val::Float),
                };
                doc.fields.push((Cow::Borrowed(s.field), v));
            }
            f(&doc);
            n += 1;
        }
        Ok(n)
    }
}

impl Postgres {
    fn columns_of(&mut self, table: &str) -> Result<Vec<DbColumn>> {
        let oid: Option<u32> = self
            .client
            .query_opt(
                "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
                &[&self.schema, &table],
            )
            .map_err(db_err)?
            .map(|r| r.get(0));
        match oid {
            Some(o) => self.columns(o),
            None => Ok(vec![]),
        }
    }

    /// The client (for `authcore fix --apply`).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// The schema the tables are in.
    pub fn schema_name(&self) -> &str {
        &self.schema
    }
}

/// Run a fix plan in one transaction on a new connection (nothing is written if a statement
/// fails). Returns the rows each statement changed.
pub fn apply(cfg: &Config, plan: &super::fix::SqlPlan) -> Result<Vec<u64>> {
    let mut client = cfg.connect(NoTls).map_err(db_err)?;
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
