//! Reading one documents entry of an export: lines, JSON, and the generic import checks every
//! table gets (ids, `_creationTime`, field names, the component schema). The joins between
//! tables are in [`super::joins`].

use std::io::{Read, Seek};
use std::sync::atomic::{AtomicBool, Ordering};

use super::findings::Collector;
use super::{Code, Severity};
use crate::convex_export::schema::{self, FieldType};
use crate::convex_export::value::{Doc, Val};
use crate::convex_export::{id, Export, Line, ValueFormat, MAX_DOCUMENT_BYTES};
use crate::error::{Error, Result};

/// What a table is to the joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    User,
    Account,
    Session,
    Jwks,
    App,
    Other,
}

/// One documents entry to read.
pub(super) struct Job {
    pub(super) entry: usize,
    pub(super) component: String,
    pub(super) table: String,
    pub(super) size: u64,
    pub(super) role: Role,
    pub(super) number: Option<u32>,
    pub(super) format: ValueFormat,
    /// The component schema its documents are checked against (the component's tables only).
    pub(super) schema: Option<&'static [schema::Field]>,
}

/// The findings and document count of one table.
pub(super) struct TableOut {
    pub(super) out: Collector,
    pub(super) docs: u64,
}

/// Per-table context for the generic import checks.
struct TableCtx<'a> {
    label: &'a str,
    name: &'a str,
    number: Option<u32>,
    format: ValueFormat,
    schema: Option<&'static [schema::Field]>,
    /// Keys of the valid `_id`s, checked for duplicates once the table is read.
    keys: Vec<u128>,
    /// Per field position in the document, the schema position the previous document had
    /// there plus one (exports list fields in the same order in every document).
    hints: Vec<u8>,
    docs: u64,
}

fn bad_field_name(k: &str) -> bool {
    k.is_empty()
        || k.starts_with('$')
        || (k.starts_with('_') && k != "_id" && k != "_creationTime")
        || k.bytes().any(|b| !(0x20..0x7f).contains(&b))
}

/// The finding's ids: the document's `_id`, when it has a string one.
fn ids(id_str: Option<&str>) -> Vec<String> {
    id_str.map(|s| vec![s.to_owned()]).unwrap_or_default()
}

/// Generic import checks. Returns the document's `_id` string and its decoding if it is a valid
/// id of this table (so joins can use it); duplicates are found when the table ends ([`check_duplicates`]).
fn check_doc<'d>(
    out: &mut Collector,
    t: &mut TableCtx,
    doc: &'d Doc<'d>,
    len: usize,
) -> Option<(&'d str, id::DocumentId)> {
    let id_str = doc.str("_id");
    if len > MAX_DOCUMENT_BYTES {
        out.add(
            Code::ImportDocumentTooLarge,
            t.label,
            ids(id_str),
            None,
            format!("document is {len} bytes of JSON, above Convex's 1 MiB limit"),
        );
    }
    let valid_id = check_id(out, t, doc, id_str);
    t.docs += 1;
    check_creation_time(out, t, doc, id_str);
    match t.schema {
        None => check_field_names(out, t.label, doc, id_str),
        Some(fields) => check_schema(out, t, fields, doc, id_str),
    }
    valid_id
}

/// `_id`: a valid id of this table's number (the first document's when `_tables` has none).
fn check_id<'d>(
    out: &mut Collector,
    t: &mut TableCtx,
    doc: &'d Doc<'d>,
    id_str: Option<&str>,
) -> Option<(&'d str, id::DocumentId)> {
    let label = t.label;
    match doc.get("_id") {
        None => None,
        Some(Val::Str(s)) => match id::decode(s) {
            None => {
                out.add(
                    Code::ImportInvalidId,
                    label,
                    ids(id_str),
                    None,
                    format!("_id {s:?} is not a valid Convex document id"),
                );
                None
            }
            Some(d) => {
                if t.number.is_none() && t.docs == 0 {
                    t.number = Some(d.table_number);
                }
                if t.number.is_some_and(|n| n != d.table_number) {
                    out.add(
                        Code::ImportForeignTableId,
                        label,
                        ids(id_str),
                        None,
                        format!(
                            "_id belongs to table number {}, but {} is table {}",
                            d.table_number,
                            t.name,
                            t.number.unwrap_or(0)
                        ),
                    );
                    None
                } else {
                    t.keys.push(d.key());
                    Some((s.as_ref(), d))
                }
            }
        },
        Some(v) => {
            out.add(
                Code::ImportInvalidId,
                label,
                vec![],
                None,
                format!("_id is a {}, not a string", v.type_name()),
            );
            None
        }
    }
}

/// `_creationTime`: a finite, non-negative float64 (an integer only outside the uniform format).
fn check_creation_time(out: &mut Collector, t: &TableCtx, doc: &Doc, id_str: Option<&str>) {
    let label = t.label;
    match doc.get("_creationTime") {
        None => {}
        Some(Val::Float(f)) if f.is_finite() && *f >= 0.0 => {}
        Some(Val::Int(i)) if t.format != ValueFormat::Uniform && *i >= 0 => {}
        Some(Val::Int(_)) if t.format == ValueFormat::Uniform => out.add(
            Code::ImportInvalidCreationTime,
            label,
            ids(id_str),
            None,
            "_creationTime is an integer; import wants a float64 (InvalidCreationTimeError)".into(),
        ),
        Some(v) => out.add(
            Code::ImportInvalidCreationTime,
            label,
            ids(id_str),
            None,
            format!(
                "_creationTime is a {} that is not a finite, non-negative number",
                v.type_name()
            ),
        ),
    }
}

/// Field names import refuses, in a table without a schema.
fn check_field_names(out: &mut Collector, label: &str, doc: &Doc, id_str: Option<&str>) {
    for (k, _) in &doc.fields {
        check_field_name(out, label, k, id_str);
    }
}

/// `IMPORT_INVALID_FIELD_NAME` when import refuses the field name `k`.
fn check_field_name(out: &mut Collector, label: &str, k: &str, id_str: Option<&str>) {
    if bad_field_name(k) {
        out.add(
            Code::ImportInvalidFieldName,
            label,
            ids(id_str),
            None,
            format!("field name {k:?} is not allowed in a document"),
        );
    }
}

/// One pass over the document's fields against the component schema: which schema field each
/// is (by the previous document's position first), its type; then the required ones missing.
fn check_schema(
    out: &mut Collector,
    t: &mut TableCtx,
    fields: &'static [schema::Field],
    doc: &Doc,
    id_str: Option<&str>,
) {
    let mut seen: u64 = 0;
    if t.hints.len() < doc.fields.len() {
        t.hints.resize(doc.fields.len(), 0);
    }
    for (j, (k, v)) in doc.fields.iter().enumerate() {
        if k == "_id" || k == "_creationTime" {
            continue;
        }
        let hinted = t
            .hints
            .get(j)
            .and_then(|&h| h.checked_sub(1))
            .filter(|&h| fields.get(h as usize).is_some_and(|f| f.0 == k.as_ref()))
            .map(usize::from);
        let pos = hinted.or_else(|| fields.iter().position(|(n, _, _)| *n == k.as_ref()));
        let Some(pos) = pos else {
            unknown_field(out, t, k, id_str);
            continue;
        };
        if let (Some(h), Ok(p)) = (t.hints.get_mut(j), u8::try_from(pos + 1)) {
            *h = p;
        }
        seen |= 1u64 << (pos % 64);
        if let Some(field) = fields.get(pos) {
            check_value(out, t, field, v, id_str);
        }
    }
    for (pos, (name, _, required)) in fields.iter().enumerate() {
        if *required && seen & (1u64 << (pos % 64)) == 0 {
            out.add(
                Code::ImportMissingField,
                t.label,
                ids(id_str),
                None,
                format!("required field {name} is missing"),
            );
        }
    }
}

/// A field the component schema does not declare (a warning for a known plugin field).
fn unknown_field(out: &mut Collector, t: &TableCtx, k: &str, id_str: Option<&str>) {
    let label = t.label;
    // Schema names are valid field names; only an unknown one needs the check.
    check_field_name(out, label, k, id_str);
    let plugin = schema::is_plugin_field(t.name, k);
    out.add_sev(
        Code::ImportUnknownField,
        if plugin { Severity::Warning } else { Severity::Error },
        label,
        ids(id_str),
        None,
        if plugin {
            format!("{k} is a Better Auth plugin field the default component schema does not declare; import fails unless your local-install schema has it")
        } else {
            format!("{k} is not in the component schema; import would reject the document")
        },
    );
}

/// A schema field's value against its type.
fn check_value(
    out: &mut Collector,
    t: &TableCtx,
    field: &schema::Field,
    v: &Val,
    id_str: Option<&str>,
) {
    let (name, ty, required) = field;
    let label = t.label;
    let ok = match (ty, v) {
        (_, Val::Null) => {
            if *required {
                out.add(
                    Code::ImportMissingField,
                    label,
                    ids(id_str),
                    None,
                    format!("required field {name} is null"),
                );
            }
            true
        }
        (FieldType::String, Val::Str(_)) => true,
        (FieldType::Boolean, Val::Bool(_)) => true,
        (FieldType::Number, Val::Float(_) | Val::SpecialFloat) => true,
        (FieldType::Number, Val::Int(_)) => {
            if t.format == ValueFormat::Uniform {
                out.add(
                    Code::ImportIntegerForFloat,
                    label,
                    ids(id_str),
                    None,
                    format!("{name} is written as an integer, which the uniform format reads as int64; the schema wants v.number() (float64)"),
                );
            }
            true
        }
        (FieldType::Number, Val::SpecialInteger) => {
            out.add(
                Code::ImportIntegerForFloat,
                label,
                ids(id_str),
                None,
                format!("{name} is an explicit $integer; the schema wants v.number() (float64)"),
            );
            true
        }
        (FieldType::Number, Val::Str(_)) => t.format == ValueFormat::Legacy,
        _ => false,
    };
    if !ok {
        out.add(
            Code::ImportWrongType,
            label,
            ids(id_str),
            None,
            format!(
                "{name} is a {}, the schema wants {}",
                v.type_name(),
                match ty {
                    FieldType::String => "a string",
                    FieldType::Number => "a number (float64)",
                    FieldType::Boolean => "a boolean",
                }
            ),
        );
    }
}

/// Report every `_id` that appears more than once in the table (sorting the keys is cheaper
/// than a hash set over millions of documents).
fn check_duplicates(out: &mut Collector, t: &mut TableCtx) {
    let Some(number) = t.number else { return };
    t.keys.sort_unstable();
    for pair in t.keys.windows(2) {
        if let [a, b] = pair {
            if a == b {
                out.add(
                    Code::ImportDuplicateId,
                    t.label,
                    vec![id::encode(number, &a.to_be_bytes())],
                    None,
                    "the same _id appears twice in this table".into(),
                );
            }
        }
    }
}

pub(super) fn table_label(component: &str, table: &str) -> String {
    if component.is_empty() {
        table.to_owned()
    } else {
        format!("{component}/{table}")
    }
}

/// A guess of a table's document count from the first documents, to size its maps once
/// instead of growing them (growing a map of millions of entries rehashes it a dozen times).
pub(super) fn estimate_docs(entry_size: u64, bytes_so_far: u64, docs_so_far: u64) -> usize {
    if bytes_so_far == 0 {
        return 0;
    }
    let est = entry_size as u128 * u128::from(docs_so_far) / u128::from(bytes_so_far);
    usize::try_from(est + est / 32)
        .unwrap_or(usize::MAX)
        .min(usize::try_from(entry_size / 32).unwrap_or(usize::MAX))
        .min(MAX_RESERVED_DOCS)
}

/// Most documents a map is sized for in advance ([`estimate_docs`]).
const MAX_RESERVED_DOCS: usize = 50_000_000;
/// Documents read before a table's size is estimated.
pub(super) const ESTIMATE_AFTER_DOCS: u64 = 1024;

/// Read one documents entry: lines, JSON, the generic import checks, then `on_doc` with the
/// table's collector, label, the document, its valid `_id` and the count of documents and
/// bytes read so far. Stops with an error once `cancel` is set (the other thread failed).
pub(super) fn scan_table<R: Read + Seek>(
    ex: &mut Export<R>,
    job: &Job,
    max_findings: usize,
    progress: &mut dyn FnMut(u64),
    cancel: &AtomicBool,
    mut on_doc: impl FnMut(&mut Collector, &str, &Doc, Option<(&str, id::DocumentId)>, u64, u64),
) -> Result<TableOut> {
    let label = table_label(&job.component, &job.table);
    let mut out = Collector::new(max_findings);
    let mut t = TableCtx {
        label: &label,
        name: &job.table,
        number: job.number,
        format: job.format,
        schema: job.schema,
        keys: Vec::new(),
        hints: Vec::new(),
        docs: 0,
    };
    let mut bytes = 0u64;
    ex.for_each_line(
        job.entry,
        |line_no, line| {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::ExportIo("cancelled: the other reader failed".into()));
            }
            let text = match line {
                Line::TooLong(n) => {
                    bytes += n;
                    out.add(
                        Code::ImportDocumentTooLarge,
                        &label,
                        vec![],
                        None,
                        format!("line {line_no} is {n} bytes long"),
                    );
                    return Ok(());
                }
                Line::Text(t) => t,
            };
            bytes += text.len() as u64 + 1;
            if text.iter().all(|b| b.is_ascii_whitespace()) {
                return Ok(());
            }
            let Some(doc) = Doc::parse(text) else {
                out.add(
                    Code::ImportInvalidJson,
                    &label,
                    vec![],
                    None,
                    format!("line {line_no} is not a JSON object"),
                );
                return Ok(());
            };
            let id = check_doc(&mut out, &mut t, &doc, text.len());
            on_doc(&mut out, &label, &doc, id, t.docs, bytes);
            Ok(())
        },
        progress,
    )?;
    check_duplicates(&mut out, &mut t);
    Ok(TableOut { out, docs: t.docs })
}
