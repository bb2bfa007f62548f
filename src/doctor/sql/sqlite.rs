//! SQLite (and libSQL files): the core's queries (catalog from `pragma_*` functions, then
//! the rows) run by rusqlite over its bundled SQLite. The file is opened read-only (`SQLITE_OPEN_READ_ONLY`
//! and `PRAGMA query_only`): the doctor never writes.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::schema::Dialect;
use super::RowSource;
use crate::convex_export::value::Val;
use crate::error::{Error, Result};

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
}

fn cell(v: ValueRef<'_>) -> Val<'_> {
    match v {
        ValueRef::Null => Val::Null,
        ValueRef::Integer(i) => Val::Int(i),
        ValueRef::Real(f) => Val::Float(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Val::Str(String::from_utf8_lossy(t)),
    }
}

impl RowSource for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn query(&mut self, sql: &str, f: &mut dyn FnMut(&[Val<'_>])) -> Result<u64> {
        let mut st = self.conn.prepare(sql).map_err(db_err)?;
        let width = st.column_count();
        let mut rows = st.query([]).map_err(db_err)?;
        let mut n = 0u64;
        while let Some(row) = rows.next().map_err(db_err)? {
            let mut cells = Vec::with_capacity(width);
            for i in 0..width {
                cells.push(cell(row.get_ref(i).map_err(db_err)?));
            }
            f(&cells);
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
