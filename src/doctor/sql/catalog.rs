//! Reading a database's catalog with plain queries: the core writes them (one set per
//! dialect, every table at once) and turns their rows into a [`DbSchema`]; a source only runs
//! them. The native drivers and the Node row feed run the very same statements. Every output
//! column is named `c0`, `c1`, … so a driver that returns rows as objects keeps them apart.

use super::schema::{DbColumn, DbForeignKey, DbIndex, DbSchema, DbTable, Dialect};
use crate::convex_export::value::Val;
use crate::error::{Error, Result};

/// SQLite: `(table, column, type, notnull, has_default, pk)`, tables in name order.
const SQLITE_COLUMNS: &str =
    "SELECT m.name AS c0, p.name AS c1, p.type AS c2, p.\"notnull\" AS c3, p.dflt_value IS NOT NULL AS c4, p.pk AS c5 \
FROM sqlite_schema m JOIN pragma_table_info(m.name) p \
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid";
/// SQLite: `(table, index, unique, index sql, key column or NULL, collation)`.
const SQLITE_INDEXES: &str = "SELECT m.name AS c0, l.name AS c1, l.\"unique\" AS c2, s.sql AS c3, x.name AS c4, x.coll AS c5 \
FROM sqlite_schema m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x \
LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name \
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND x.key = 1 \
ORDER BY m.name, l.seq, x.seqno";
/// SQLite: `(table, key id, referenced table, from, to)`.
const SQLITE_FOREIGN_KEYS: &str =
    "SELECT m.name AS c0, f.id AS c1, f.\"table\" AS c2, f.\"from\" AS c3, f.\"to\" AS c4 \
FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f \
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, f.id, f.seq";

/// Postgres: the schema looked at (the first of the search path).
const PG_SCHEMA: &str = "coalesce(current_schema(), 'public')";

fn pg_columns() -> String {
    format!(
        "SELECT c.relname::text AS c0, a.attname::text AS c1, t.typname::text AS c2, a.attnotnull AS c3, \
           (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS c4, \
           coalesce(a.attnum = ANY (pk.conkey), false) AS c5, {PG_SCHEMA}::text AS c6 \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p' \
         WHERE n.nspname = {PG_SCHEMA} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY c.relname, a.attnum"
    )
}

fn pg_indexes() -> String {
    format!(
        "SELECT c.relname::text AS c0, i.relname::text AS c1, ix.indisunique AS c2, \
           CASE WHEN k.n = 0 THEN pg_get_indexdef(ix.indexrelid, k.o::int, true) \
           ELSE (SELECT attname::text FROM pg_attribute WHERE attrelid = ix.indrelid AND attnum = k.n) END AS c3 \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY k(n, o) \
         WHERE n.nspname = {PG_SCHEMA} AND c.relkind IN ('r', 'p') AND ix.indpred IS NULL AND k.o <= ix.indnkeyatts \
         ORDER BY c.relname, i.relname, k.o"
    )
}

fn pg_foreign_keys() -> String {
    format!(
        "SELECT c.relname::text AS c0, con.conname::text AS c1, rc.relname::text AS c2, a.attname::text AS c3, ra.attname::text AS c4 \
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class rc ON rc.oid = con.confrelid \
         CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY k(a, r, o) \
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.a \
         JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.r \
         WHERE n.nspname = {PG_SCHEMA} AND con.contype = 'f' ORDER BY c.relname, con.conname, k.o"
    )
}

/// The catalog queries of `dialect`, in the order [`Catalog::feed`] expects their rows.
pub fn queries(dialect: Dialect) -> Vec<String> {
    match dialect {
        Dialect::Sqlite => vec![
            SQLITE_COLUMNS.to_owned(),
            SQLITE_INDEXES.to_owned(),
            SQLITE_FOREIGN_KEYS.to_owned(),
        ],
        Dialect::Postgres => vec![pg_columns(), pg_indexes(), pg_foreign_keys()],
    }
}

/// Text of a cell (`None` for NULL).
pub(super) fn text(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) => Some(s.to_string()),
        Val::Int(i) => Some(i.to_string()),
        Val::Float(f) => Some(f.to_string()),
        Val::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A cell read as a boolean (`1`/`0` integers in SQLite).
pub(super) fn truthy(v: &Val) -> bool {
    match v {
        Val::Bool(b) => *b,
        Val::Int(i) => *i != 0,
        Val::Float(f) => *f != 0.0,
        Val::Str(s) => matches!(s.as_ref(), "1" | "t" | "true" | "TRUE"),
        _ => false,
    }
}

fn cell<'v, 'a>(row: &'v [Val<'a>], i: usize) -> Result<&'v Val<'a>> {
    row.get(i)
        .ok_or_else(|| Error::Database(format!("catalog row has {} columns", row.len())))
}

fn need_text(row: &[Val], i: usize) -> Result<String> {
    text(cell(row, i)?).ok_or_else(|| Error::Database("catalog row has a NULL name".into()))
}

/// A catalog being read: feed it the rows of each of [`queries`] in turn.
pub struct Catalog {
    dialect: Dialect,
    tables: Vec<DbTable>,
    namespace: Option<String>,
    /// Expression index keys of SQLite, resolved once the columns are known: `(table, index,
    /// key position, index sql)`.
    pending_exprs: Vec<(usize, usize, usize, String)>,
    last_fk: Option<(String, String)>,
}

impl Catalog {
    /// An empty catalog of `dialect`.
    pub fn new(dialect: Dialect) -> Catalog {
        Catalog {
            dialect,
            tables: Vec::new(),
            namespace: None,
            pending_exprs: Vec::new(),
            last_fk: None,
        }
    }

    fn table_mut(&mut self, name: &str) -> Option<(usize, &mut DbTable)> {
        // Rows come grouped by table: the last one is almost always the one.
        let i = match self.tables.last() {
            Some(t) if t.name == name => self.tables.len() - 1,
            _ => self.tables.iter().position(|t| t.name == name)?,
        };
        self.tables.get_mut(i).map(|t| (i, t))
    }

    /// One row of catalog query number `query`.
    pub fn feed(&mut self, query: usize, row: &[Val]) -> Result<()> {
        match query {
            0 => self.column_row(row),
            1 => self.index_row(row),
            2 => self.fk_row(row),
            _ => Err(Error::Database(format!("no catalog query {query}"))),
        }
    }

    fn column_row(&mut self, row: &[Val]) -> Result<()> {
        let table = need_text(row, 0)?;
        let ty = text(cell(row, 2)?).unwrap_or_default();
        let column = DbColumn {
            name: need_text(row, 1)?,
            ty: match self.dialect {
                Dialect::Sqlite => ty
                    .split('(')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase(),
                Dialect::Postgres => ty,
            },
            not_null: truthy(cell(row, 3)?),
            has_default: truthy(cell(row, 4)?),
            primary_key: truthy(cell(row, 5)?),
        };
        if self.dialect == Dialect::Postgres && self.namespace.is_none() {
            self.namespace = row.get(6).and_then(text);
        }
        match self.table_mut(&table) {
            Some((_, t)) => t.columns.push(column),
            None => self.tables.push(DbTable {
                name: table,
                columns: vec![column],
                ..DbTable::default()
            }),
        }
        Ok(())
    }

    fn index_row(&mut self, row: &[Val]) -> Result<()> {
        let table = need_text(row, 0)?;
        let name = need_text(row, 1)?;
        let unique = truthy(cell(row, 2)?);
        let dialect = self.dialect;
        let Some((ti, t)) = self.table_mut(&table) else {
            return Ok(());
        };
        if t.indexes.last().is_none_or(|i| i.name != name) {
            t.indexes.push(DbIndex {
                name,
                columns: vec![],
                unique,
                nocase: vec![],
            });
        }
        let ii = t.indexes.len() - 1;
        let Some(idx) = t.indexes.last_mut() else {
            return Ok(());
        };
        match dialect {
            Dialect::Postgres => {
                let key = text(cell(row, 3)?).unwrap_or_else(|| "?".into());
                idx.columns.push(normalise_pg_key(&key));
            }
            Dialect::Sqlite => match text(cell(row, 4)?) {
                Some(c) => {
                    if text(cell(row, 5)?).is_some_and(|k| k.eq_ignore_ascii_case("nocase")) {
                        idx.nocase.push(c.clone());
                    }
                    idx.columns.push(c);
                }
                None => {
                    let sql = text(cell(row, 3)?).unwrap_or_default();
                    idx.columns.push(String::new());
                    let pos = idx.columns.len() - 1;
                    self.pending_exprs.push((ti, ii, pos, sql));
                }
            },
        }
        Ok(())
    }

    fn fk_row(&mut self, row: &[Val]) -> Result<()> {
        let table = need_text(row, 0)?;
        let id = need_text(row, 1)?;
        let ref_table = need_text(row, 2)?;
        let from = need_text(row, 3)?;
        let to = text(cell(row, 4)?);
        let key = (table.clone(), id);
        let new = self.last_fk.as_ref() != Some(&key);
        self.last_fk = Some(key);
        let Some((_, t)) = self.table_mut(&table) else {
            return Ok(());
        };
        if new {
            t.foreign_keys.push(DbForeignKey {
                columns: vec![],
                ref_table,
                ref_columns: vec![],
            });
        }
        if let Some(k) = t.foreign_keys.last_mut() {
            k.columns.push(from);
            k.ref_columns.extend(to);
        }
        Ok(())
    }

    /// The schema read.
    pub fn finish(mut self) -> DbSchema {
        for (ti, ii, pos, sql) in std::mem::take(&mut self.pending_exprs) {
            if let Some(t) = self.tables.get_mut(ti) {
                let key = lower_expr(&sql, &t.columns);
                if let Some(c) = t.indexes.get_mut(ii).and_then(|i| i.columns.get_mut(pos)) {
                    *c = key;
                }
            }
        }
        DbSchema {
            dialect: self.dialect,
            tables: self.tables,
            namespace: self.namespace,
        }
    }
}

/// `lower(col)` when an expression index's SQL is `lower(<a column>)`, else `?` (SQLite).
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

/// An index key as `pg_get_indexdef` prints it: `email`, `"emailVerified"`,
/// `lower(email)`, `lower(email::text)` → the column, or `lower(<column>)`.
fn normalise_pg_key(k: &str) -> String {
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
