//! SQLite (and libSQL files): the catalog from `pragma_*` functions, rows streamed by
//! rusqlite over its bundled SQLite. The file is opened read-only (`SQLITE_OPEN_READ_ONLY`
//! and `PRAGMA query_only`): the doctor never writes.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::schema::{DbColumn, DbForeignKey, DbIndex, DbSchema, DbTable, Dialect};
use super::{Kind, RowSource, Select};
use crate::convex_export::value::{Doc, Val};
use crate::error::{Error, Result};
use std::borrow::Cow;

fn db_err(e: rusqlite::Error) -> Error {
    Error::Database(format!("sqlite: {e}"))
}

/// A SQLite database opened read-only.
pub struct Sqlite {
    conn: Connection,
}

impl Sqlite {
    /// Open `path` read-only (it must exist and be a SQLite database).
    pub fn open(path: &Path) -> Result<Sqlite> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::Database(format!("{}: {e}", path.display())))?;
        conn.pragma_update(None, "query_only", true)
            .map_err(db_err)?;
        // Reading the schema is the first access: a file that is not a database fails here.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
            .map_err(|e| Error::Database(format!("{}: {e}", path.display())))?;
        Ok(Sqlite { conn })
    }

    /// The underlying connection (for `authcore fix --apply`, which opens its own
    /// read-write one).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn table(&self, name: &str) -> Result<DbTable> {
        let mut t = DbTable {
            name: name.to_owned(),
            ..DbTable::default()
        };
        let mut st = self
            .conn
            .prepare("SELECT name, type, \"notnull\", dflt_value IS NOT NULL, pk FROM pragma_table_info(?1) ORDER BY cid")
            .map_err(db_err)?;
        let cols = st
            .query_map([name], |r| {
                let ty: String = r.get(1)?;
                let pk: i64 = r.get(4)?;
                Ok(DbColumn {
                    name: r.get(0)?,
                    ty: ty
                        .split('(')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase(),
                    not_null: r.get::<_, i64>(2)? != 0,
                    has_default: r.get(3)?,
                    primary_key: pk > 0,
                })
            })
            .map_err(db_err)?;
        for c in cols {
            t.columns.push(c.map_err(db_err)?);
        }
        t.indexes = self.indexes(name, &t.columns)?;
        let mut st = self
            .conn
            .prepare("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq")
            .map_err(db_err)?;
        let rows = st
            .query_map([name], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .map_err(db_err)?;
        let mut last = None;
        for row in rows {
            let (id, table, from, to) = row.map_err(db_err)?;
            if last != Some(id) {
                t.foreign_keys.push(DbForeignKey {
                    columns: vec![],
                    ref_table: table,
                    ref_columns: vec![],
                });
                last = Some(id);
            }
            if let Some(k) = t.foreign_keys.last_mut() {
                k.columns.push(from);
                k.ref_columns.extend(to);
            }
        }
        Ok(t)
    }

    fn indexes(&self, table: &str, columns: &[DbColumn]) -> Result<Vec<DbIndex>> {
        let mut st = self
            .conn
            .prepare("SELECT l.name, l.\"unique\", s.sql FROM pragma_index_list(?1) l LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name ORDER BY l.seq")
            .map_err(db_err)?;
        let list: Vec<(String, bool, Option<String>)> = st
            .query_map([table], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get(2)?))
            })
            .map_err(db_err)?
            .collect::<std::result::Result<_, _>>()
            .map_err(db_err)?;
        let mut out = Vec::new();
        let mut keys = self
            .conn
            .prepare("SELECT name, coll FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno")
            .map_err(db_err)?;
        for (name, unique, sql) in list {
            let mut idx = DbIndex {
                name: name.clone(),
                columns: vec![],
                unique,
                nocase: vec![],
            };
            let rows = keys
                .query_map([&name], |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                })
                .map_err(db_err)?;
            for row in rows {
                let (col, coll) = row.map_err(db_err)?;
                match col {
                    Some(c) => {
                        if coll.is_some_and(|k| k.eq_ignore_ascii_case("nocase")) {
                            idx.nocase.push(c.clone());
                        }
                        idx.columns.push(c);
                    }
                    None => idx
                        .columns
                        .push(lower_expr(sql.as_deref().unwrap_or(""), columns)),
                }
            }
            out.push(idx);
        }
        Ok(out)
    }
}

/// `lower(col)` when an expression index's SQL is `lower(<a column>)`, else `?`.
fn lower_expr(sql: &str, columns: &[DbColumn]) -> String {
    let flat: String = sql
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '`' | '[' | ']'))
        .collect::<String>()
        .to_ascii_lowercase();
    columns
        .iter()
        .find(|c| flat.contains(&format!("(lower({}))", c.name.to_ascii_lowercase())))
        .map_or("?".to_owned(), |c| format!("lower({})", c.name))
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn select_expr(s: &Select) -> String {
    let c = quote(&s.column);
    match s.kind {
        Kind::Text | Kind::Bool => c,
        // Better Auth writes ISO strings through Kysely; integers are taken as milliseconds.
        Kind::TimeMs => format!(
            "CASE typeof({c}) WHEN 'integer' THEN {c} WHEN 'real' THEN {c} WHEN 'text' THEN (julianday({c}) - 2440587.5) * 86400000.0 ELSE NULL END"
        ),
    }
}

fn to_val(v: ValueRef<'_>, kind: Kind) -> Val<'static> {
    match (kind, v) {
        (_, ValueRef::Null) => Val::Null,
        (Kind::Bool, ValueRef::Integer(i)) => Val::Bool(i != 0),
        (Kind::Bool, ValueRef::Text(t)) => Val::Bool(matches!(t, b"1" | b"true" | b"TRUE")),
        (Kind::TimeMs, ValueRef::Integer(i)) => Val::Float(i as f64),
        (Kind::TimeMs, ValueRef::Real(f)) => Val::Float(f),
        (Kind::Text, ValueRef::Text(t)) | (Kind::Text, ValueRef::Blob(t)) => {
            Val::Str(Cow::Owned(String::from_utf8_lossy(t).into_owned()))
        }
        (Kind::Text, ValueRef::Integer(i)) => Val::Str(Cow::Owned(i.to_string())),
        (Kind::Text, ValueRef::Real(f)) => Val::Str(Cow::Owned(f.to_string())),
        _ => Val::Null,
    }
}

impl RowSource for Sqlite {
    fn schema(&mut self) -> Result<DbSchema> {
        let mut st = self
            .conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
            .map_err(db_err)?;
        let names: Vec<String> = st
            .query_map([], |r| r.get(0))
            .map_err(db_err)?
            .collect::<std::result::Result<_, _>>()
            .map_err(db_err)?;
        let mut tables = Vec::with_capacity(names.len());
        for n in names {
            tables.push(self.table(&n)?);
        }
        Ok(DbSchema {
            dialect: Dialect::Sqlite,
            tables,
        })
    }

    fn rows(&mut self, table: &str, columns: &[Select], f: &mut dyn FnMut(&Doc)) -> Result<u64> {
        let list: Vec<String> = columns.iter().map(select_expr).collect();
        let sql = format!("SELECT {} FROM {}", list.join(", "), quote(table));
        let mut st = self.conn.prepare(&sql).map_err(db_err)?;
        let mut rows = st.query([]).map_err(db_err)?;
        let mut n = 0u64;
        let mut doc = Doc {
            fields: Vec::with_capacity(columns.len()),
        };
        while let Some(row) = rows.next().map_err(db_err)? {
            doc.fields.clear();
            for (i, s) in columns.iter().enumerate() {
                let v = row.get_ref(i).map_err(db_err)?;
                doc.fields.push((Cow::Borrowed(s.field), to_val(v, s.kind)));
            }
            f(&doc);
            n += 1;
        }
        Ok(n)
    }
}

/// Run a fix plan on the file in one transaction (`BEGIN IMMEDIATE` … `COMMIT`; nothing is
/// written if a statement fails). Returns the rows each statement changed.
pub fn apply(path: &Path, plan: &super::fix::SqlPlan) -> Result<Vec<u64>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)
        .map_err(|e| Error::Database(format!("{}: {e}", path.display())))?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(db_err)?;
    let mut changed = Vec::with_capacity(plan.statements.len());
    for st in &plan.statements {
        let values: Vec<String> = st.params.iter().map(|p| p.text()).collect();
        let n = tx
            .execute(&st.sql, rusqlite::params_from_iter(values.iter()))
            .map_err(db_err)?;
        changed.push(n as u64);
    }
    tx.commit().map_err(db_err)?;
    Ok(changed)
}
