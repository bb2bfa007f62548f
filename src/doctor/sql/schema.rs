//! What a database's catalog says (tables, columns, indexes, foreign keys), whatever the
//! engine, and the `SCHEMA_*` checks of it against what Better Auth creates
//! ([`super::expected`]).

use super::expected::{self, BaVersion, FieldDef, FieldType, Plugin, SchemaMap};
use crate::doctor::findings::Collector;
use crate::doctor::{Code, Severity};

/// The SQL dialect, for type names and the statements in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (and libSQL/Turso).
    Sqlite,
    /// PostgreSQL (Neon, Supabase, …).
    Postgres,
}

/// One column.
#[derive(Debug, Clone)]
pub struct DbColumn {
    /// Its name.
    pub name: String,
    /// The declared type, lower case, without its `(…)` (SQLite), or the `pg_type` name
    /// (`text`, `timestamptz`, `bool`, `int4`, …).
    pub ty: String,
    /// NOT NULL.
    pub not_null: bool,
    /// Has a DEFAULT (or is generated / an identity).
    pub has_default: bool,
    /// Part of the primary key.
    pub primary_key: bool,
}

/// One index or unique constraint.
#[derive(Debug, Clone)]
pub struct DbIndex {
    /// Its name.
    pub name: String,
    /// Its key columns in order; an expression `lower(col)` is written `lower(col)`, other
    /// expressions `?`.
    pub columns: Vec<String>,
    /// UNIQUE.
    pub unique: bool,
    /// Columns compared without case (`COLLATE NOCASE`, `citext`).
    pub nocase: Vec<String>,
}

/// One foreign key.
#[derive(Debug, Clone)]
pub struct DbForeignKey {
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub ref_table: String,
    /// Referenced columns (empty: the primary key).
    pub ref_columns: Vec<String>,
}

/// One table.
#[derive(Debug, Clone, Default)]
pub struct DbTable {
    /// Its name.
    pub name: String,
    /// Columns in order.
    pub columns: Vec<DbColumn>,
    /// Indexes and unique constraints (the primary key's own index included or not).
    pub indexes: Vec<DbIndex>,
    /// Foreign keys.
    pub foreign_keys: Vec<DbForeignKey>,
}

impl DbTable {
    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&DbColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether an index starts with `column` (usable for lookups by it); `unique` asks for a
    /// unique index on exactly that column.
    fn indexed(&self, column: &str, unique: bool) -> bool {
        let pk = self.columns.iter().filter(|c| c.primary_key).count() == 1
            && self.column(column).is_some_and(|c| c.primary_key);
        pk || self.indexes.iter().any(|i| {
            if unique {
                i.unique && i.columns.len() == 1 && i.columns[0] == column
            } else {
                i.columns.first().is_some_and(|c| c == column)
            }
        })
    }
}

/// A database's catalog: the tables of the schema the doctor looks at.
#[derive(Debug, Clone)]
pub struct DbSchema {
    /// The engine.
    pub dialect: Dialect,
    /// Tables.
    pub tables: Vec<DbTable>,
    /// The Postgres schema the tables are in (`None`: unqualified names).
    pub namespace: Option<String>,
}

impl DbSchema {
    /// A table by name.
    pub fn table(&self, name: &str) -> Option<&DbTable> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The plugins whose tables or columns are present.
    pub fn detect_plugins(&self, map: &SchemaMap) -> Vec<Plugin> {
        Plugin::ALL
            .into_iter()
            .filter(|p| {
                expected::FIELDS
                    .iter()
                    .filter(|f| f.plugin == Some(*p))
                    .any(|f| {
                        self.table(&map.table(f.model))
                            .is_some_and(|t| t.column(&map.column(f.model, f.name)).is_some())
                    })
            })
            .collect()
    }
}

/// Whether a column type is one Better Auth's own check (`matchType` in its
/// `getMigrations`) accepts for the field type; ids and references may also be numbers
/// (`generateId: "serial"`), strings may also be `citext`.
pub fn type_matches(dialect: Dialect, ty: &str, field: FieldType, id_like: bool) -> bool {
    let base = ty
        .split('(')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let ok = |list: &[&str]| list.contains(&base.as_str());
    let (string, number, boolean, date): (&[&str], &[&str], &[&str], &[&str]) = match dialect {
        Dialect::Sqlite => (
            &["text"],
            &["integer", "real", "bigint"],
            &["integer", "boolean"],
            &["date", "integer"],
        ),
        Dialect::Postgres => (
            &["character varying", "varchar", "text", "uuid", "citext"],
            &[
                "int4",
                "int2",
                "int8",
                "integer",
                "bigint",
                "smallint",
                "numeric",
                "real",
                "float4",
                "float8",
                "double precision",
            ],
            &["bool", "boolean"],
            &["timestamptz", "timestamp", "date"],
        ),
    };
    match field {
        FieldType::String => ok(string) || (id_like && ok(number)),
        FieldType::Number => ok(number),
        FieldType::Boolean => ok(boolean),
        FieldType::Date => ok(date),
    }
}

/// What the schema checks need beyond the catalog.
pub struct Expect<'a> {
    /// Better Auth's version line.
    pub version: BaVersion,
    /// Enabled plugins.
    pub plugins: &'a [Plugin],
    /// Names.
    pub map: &'a SchemaMap,
}

fn q(dialect: Dialect, name: &str) -> String {
    let _ = dialect;
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The `SCHEMA_*` findings but the email-case one (which needs the rows:
/// [`check_email_case`]).
pub fn check(db: &DbSchema, e: &Expect, out: &mut Collector) {
    for model in expected::models(e.version, e.plugins) {
        let name = e.map.table(model);
        let Some(t) = db.table(&name) else {
            out.add(
                Code::SchemaTableMissing,
                &name,
                vec![],
                None,
                format!("table {name:?} (Better Auth model {model:?}) does not exist"),
            );
            continue;
        };
        check_id(t, db.dialect, out);
        let fields: Vec<&FieldDef> = expected::fields(e.version, e.plugins)
            .filter(|f| f.model == model)
            .collect();
        for f in &fields {
            check_field(db, t, f, e, out);
        }
        check_extra_columns(t, model, &fields, e.map, out);
    }
}

fn check_id(t: &DbTable, dialect: Dialect, out: &mut Collector) {
    match t.column("id") {
        None => out.add(
            Code::SchemaColumnMissing,
            &t.name,
            vec![],
            None,
            format!("column {:?}.id (the primary key) does not exist", t.name),
        ),
        Some(c) if !type_matches(dialect, &c.ty, FieldType::String, true) => out.add(
            Code::SchemaColumnType,
            &t.name,
            vec![],
            None,
            format!("{}.id is {}; Better Auth writes text ids (or uuid/integer with advanced.database.generateId)", t.name, c.ty),
        ),
        Some(_) => {}
    }
}

fn check_field(db: &DbSchema, t: &DbTable, f: &FieldDef, e: &Expect, out: &mut Collector) {
    let col = e.map.column(f.model, f.name);
    let label = t.name.as_str();
    let Some(c) = t.column(&col) else {
        let who = f
            .plugin
            .map_or("core".to_owned(), |p| format!("the {} plugin", p.as_str()));
        out.add(
            Code::SchemaColumnMissing,
            label,
            vec![],
            None,
            format!(
                "column {label}.{col} ({} field {:?} of {who}) does not exist",
                f.ty.as_str(),
                f.name
            ),
        );
        return;
    };
    if !type_matches(db.dialect, &c.ty, f.ty, f.references.is_some()) {
        out.add(
            Code::SchemaColumnType,
            label,
            vec![],
            None,
            format!(
                "{label}.{col} is {}; Better Auth stores a {} there",
                c.ty,
                f.ty.as_str()
            ),
        );
    }
    if f.required && !c.not_null {
        out.add_sev(
            Code::SchemaNullable,
            Severity::Warning,
            label,
            vec![],
            None,
            format!("{label}.{col} accepts NULL but the field is required; Better Auth's migration makes it NOT NULL"),
        );
    } else if !f.required && c.not_null && !c.has_default {
        out.add(
            Code::SchemaNullable,
            label,
            vec![],
            None,
            format!("{label}.{col} is NOT NULL without a default but the field is optional: inserts that leave it out fail"),
        );
    }
    if let Some(model) = f.references {
        check_fk(db, t, &col, model, e.map, out);
    }
    if (f.unique || f.index) && !t.indexed(&col, f.unique) {
        let (kind, sev) = if f.unique {
            ("UNIQUE ", Severity::Error)
        } else {
            ("", Severity::Warning)
        };
        let idx = format!(
            "{}_{}_{}",
            t.name,
            col,
            if f.unique { "uidx" } else { "idx" }
        );
        out.add_sev(
            Code::SchemaIndexMissing,
            sev,
            label,
            vec![],
            None,
            format!(
                "no {}index on {label}.{col}: CREATE {kind}INDEX {} ON {} ({})",
                kind.to_lowercase(),
                q(db.dialect, &idx),
                q(db.dialect, label),
                q(db.dialect, &col)
            ),
        );
    }
}

fn check_fk(
    db: &DbSchema,
    t: &DbTable,
    col: &str,
    model: &str,
    map: &SchemaMap,
    out: &mut Collector,
) {
    let target = map.table(model);
    let found = t.foreign_keys.iter().any(|k| {
        k.columns.len() == 1
            && k.columns[0] == col
            && k.ref_table == target
            && (k.ref_columns.is_empty() || k.ref_columns == ["id"])
    });
    if !found {
        out.add(
            Code::SchemaFkMissing,
            &t.name,
            vec![],
            None,
            format!(
                "{}.{col} has no foreign key to {target}(id): rows can point at missing users (ALTER TABLE {} ADD FOREIGN KEY ({}) REFERENCES {}(\"id\") ON DELETE CASCADE)",
                t.name,
                q(db.dialect, &t.name),
                q(db.dialect, col),
                q(db.dialect, &target)
            ),
        );
    }
}

fn check_extra_columns(
    t: &DbTable,
    model: &str,
    fields: &[&FieldDef],
    map: &SchemaMap,
    out: &mut Collector,
) {
    let known: Vec<String> = expected::FIELDS
        .iter()
        .filter(|f| f.model == model)
        .map(|f| map.column(model, f.name))
        .collect();
    for c in &t.columns {
        if c.name == "id" || c.primary_key || !c.not_null || c.has_default {
            continue;
        }
        if known.contains(&c.name) {
            // A field of a plugin not enabled (or a later version) that is required here.
            if fields.iter().any(|f| map.column(model, f.name) == c.name) {
                continue;
            }
        }
        out.add(
            Code::SchemaExtraRequiredColumn,
            &t.name,
            vec![],
            None,
            format!(
                "{}.{} is NOT NULL without a default and Better Auth does not write it: every insert fails",
                t.name, c.name
            ),
        );
    }
}

/// `SCHEMA_EMAIL_UNIQUE_CASE_SENSITIVE`: the email's unique constraint compares case, and
/// `mixed_case` stored emails are not lower case, so something writes emails without
/// Better Auth's `toLowerCase()` and `A@x.com` and `a@x.com` can both exist. (A fresh
/// migration makes a case-sensitive unique constraint, which is right as long as only Better
/// Auth writes: it lower-cases every email.)
pub fn check_email_case(db: &DbSchema, map: &SchemaMap, mixed_case: u64, out: &mut Collector) {
    let table = map.table("user");
    let col = map.column("user", "email");
    let Some(t) = db.table(&table) else { return };
    if mixed_case == 0 || t.column(&col).is_none() {
        return;
    }
    let lower = format!("lower({col})");
    let insensitive = t.indexes.iter().any(|i| {
        i.unique
            && i.columns.len() == 1
            && (i.columns[0] == lower || (i.columns[0] == col && i.nocase.contains(&col)))
    }) || t.column(&col).is_some_and(|c| c.ty == "citext");
    if !insensitive {
        out.add(
            Code::SchemaEmailUniqueCaseSensitive,
            &table,
            vec![],
            None,
            format!(
                "{mixed_case} stored emails are not lower case and the unique constraint on {table}.{col} compares case: two users differing only in case can both sign up (CREATE UNIQUE INDEX ON {} (lower({})))",
                q(db.dialect, &table),
                q(db.dialect, &col)
            ),
        );
    }
}
