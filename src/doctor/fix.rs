//! Fixes, written as a new ZIP: the input is only read; every entry not touched is copied
//! byte for byte (still compressed); touched tables are streamed line by line with only the
//! affected lines changed. Ambiguity refuses instead of guessing. [`plan`] says what would
//! change (a dry run); [`apply`] writes it.
//!
//! Randomness (new ids) and time (`now_ms`) are injected.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Seek, Write};

use serde_json::{Map, Value};

use super::gen::{fmt_float, json_str, line};
use super::keys::{canonical_email, stored_form};
use crate::convex_export::schema;
use crate::convex_export::value::{Doc, Val};
use crate::convex_export::{id, rewrite, EntryKind, Export, Line, TableEdit};
use crate::error::{Error, Result};
use crate::sync::{
    decide_delete, decide_sync, AppUser, AuthUser, Decision, DeleteDecision, OnDelete, SyncPolicy,
    MAX_CANDIDATES,
};

/// One fix.
#[derive(Debug, Clone)]
pub enum FixOp {
    /// Create or update the user's credential account with this Better Auth hash
    /// (from [`crate::hash_password`]).
    SetPassword {
        /// The user's email (compared canonically).
        email: String,
        /// The new `salt:key` hash.
        password_hash: String,
    },
    /// Delete the auth user and every component row whose `userId` is theirs (accounts,
    /// sessions, two-factor, …); the linked app row gets what [`crate::sync::decide_delete`]
    /// decides for `on_delete` (delete, soft delete, keep).
    DeleteUser {
        /// The user's email.
        email: String,
        /// What happens to the linked app row.
        on_delete: OnDelete,
    },
    /// Apply [`crate::sync::decide_sync`] to every auth user: create missing app rows, link
    /// unlinked ones, patch copied fields. Users the decision rejects are skipped and listed.
    /// The policy's table, link and email fields are taken from [`FixOptions`].
    Sync {
        /// The sync policy (admins, copied fields, linking by email).
        policy: Box<SyncPolicy>,
    },
    /// Create an auth user, a credential account and a linked app row, with fresh valid ids.
    /// An existing unlinked app row with the same email is linked instead of duplicated.
    CreateUser {
        /// Email (stored lower-cased, as Better Auth does).
        email: String,
        /// Display name.
        name: String,
        /// Give the app row `role: "admin"`.
        admin: bool,
        /// The password hash (from [`crate::hash_password`]).
        password_hash: String,
    },
    /// Rewrite integers as floats where import wants a float64: `_creationTime` in every table,
    /// and the component schema's `v.number()` fields (IMPORT_INTEGER_FOR_FLOAT,
    /// IMPORT_INVALID_CREATION_TIME on integers).
    FloatNumbers,
    /// Empty the `session` table (everyone signs in again).
    DropSessions,
    /// Empty the `jwks` table (a new key is made on the next token request).
    DropJwks,
}

/// Where things are and what time it is.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// Component mount name. Defaults to `betterAuth`.
    pub component: String,
    /// App table. Defaults to `users`.
    pub app_table: String,
    /// App link field. Defaults to `authId`.
    pub link_field: String,
    /// App email field. Defaults to `email`.
    pub email_field: String,
    /// The current time in epoch milliseconds (for `createdAt`, `updatedAt`, `_creationTime`).
    pub now_ms: f64,
}

impl FixOptions {
    /// Defaults with the given time.
    pub fn new(now_ms: f64) -> Self {
        FixOptions {
            component: super::DEFAULT_COMPONENT.into(),
            app_table: super::DEFAULT_APP_TABLE.into(),
            link_field: super::DEFAULT_LINK_FIELD.into(),
            email_field: super::DEFAULT_EMAIL_FIELD.into(),
            now_ms,
        }
    }
}

/// What a fix will do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// One line per change, for people.
    pub actions: Vec<String>,
    /// Edits per entry name.
    pub edits: BTreeMap<String, TableEdit>,
}

fn entry_name<R: Read + Seek>(ex: &Export<R>, component: &str, table: &str) -> String {
    match ex.find(EntryKind::Documents, component, table) {
        Some(i) => ex
            .entries()
            .get(i)
            .map(|e| e.name.clone())
            .unwrap_or_default(),
        None if component.is_empty() => format!("{table}/documents.jsonl"),
        None => {
            let mut p = String::new();
            for seg in component.split('/') {
                p.push_str("_components/");
                p.push_str(seg);
                p.push('/');
            }
            format!("{p}{table}/documents.jsonl")
        }
    }
}

/// Lines of a table for which `keep(doc)` is true, as (`_id`, line).
fn select<R: Read + Seek>(
    ex: &mut Export<R>,
    component: &str,
    table: &str,
    mut keep: impl FnMut(&Doc) -> bool,
) -> Result<Vec<(String, Vec<u8>)>> {
    let Some(i) = ex.find(EntryKind::Documents, component, table) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    ex.for_each_line(
        i,
        |_, l| {
            if let Line::Text(t) = l {
                if let Some(d) = Doc::parse(t) {
                    if keep(&d) {
                        out.push((d.str("_id").unwrap_or("").to_owned(), t.to_vec()));
                    }
                }
            }
            Ok(())
        },
        &mut |_| {},
    )?;
    Ok(out)
}

/// The table number for new ids: `_tables`, else the first document's id.
fn table_number<R: Read + Seek>(ex: &mut Export<R>, component: &str, table: &str) -> Result<u32> {
    if let Some(n) = ex.table_numbers(component)?.and_then(|t| t.get(table)) {
        return Ok(n);
    }
    let mut found = None;
    if let Some(i) = ex.find(EntryKind::Documents, component, table) {
        ex.for_each_line(
            i,
            |_, l| {
                if found.is_none() {
                    if let Line::Text(t) = l {
                        found = Doc::parse(t)
                            .and_then(|d| d.str("_id").and_then(id::decode))
                            .map(|d| d.table_number);
                    }
                }
                Ok(())
            },
            &mut |_| {},
        )?;
    }
    found.ok_or_else(|| {
        Error::FixNotFound(format!(
            "the table number of {table:?} (no _tables entry and no document id)"
        ))
    })
}

fn new_id(
    number: u32,
    now_ms: f64,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<String> {
    let mut r = [0u8; 14];
    random(&mut r)?;
    Ok(id::encode(number, &id::internal_id(&r, now_ms)))
}

/// Rewrite one line with some fields set (others untouched).
fn patch(line: &[u8], set: &[(&str, Value)]) -> Result<Vec<u8>> {
    patch_unset(line, set, &[])
}

fn patch_unset(line: &[u8], set: &[(&str, Value)], unset: &[String]) -> Result<Vec<u8>> {
    let mut v: Map<String, Value> = serde_json::from_slice(line)
        .map_err(|e| Error::ExportInvalid(format!("a line to change is not JSON: {e}")))?;
    for (k, val) in set {
        v.insert((*k).to_owned(), val.clone());
    }
    for k in unset {
        v.shift_remove(k);
    }
    serde_json::to_vec(&v).map_err(|e| Error::ExportInvalid(e.to_string()))
}

/// Keys sorted by bytes, as Convex writes them.
fn sorted_line(doc: &Map<String, Value>) -> Result<Vec<u8>> {
    let sorted: BTreeMap<&String, &Value> = doc.iter().collect();
    serde_json::to_vec(&sorted).map_err(|e| Error::ExportInvalid(e.to_string()))
}

/// Integers become floats (Convex `v.number()`), so written values never trip the uniform
/// format's int64 reading.
fn as_float(v: &Value) -> Value {
    match v {
        Value::Number(n) if !n.is_f64() => n.as_f64().map_or(v.clone(), float),
        _ => v.clone(),
    }
}

fn policy_for(policy: &SyncPolicy, opts: &FixOptions) -> Result<SyncPolicy> {
    let mut p = policy.clone();
    p.table = opts.app_table.clone();
    p.link_field = opts.link_field.clone();
    p.email_field = opts.email_field.clone();
    p.validate()?;
    Ok(p)
}

type Row = (Map<String, Value>, Vec<u8>);

fn parse_rows<R: Read + Seek>(
    ex: &mut Export<R>,
    component: &str,
    table: &str,
    keep: impl FnMut(&Doc) -> bool,
) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for (_, line) in select(ex, component, table, keep)? {
        if let Some(m) = object(&line) {
            out.push((m, line));
        }
    }
    Ok(out)
}

/// The lines of a table, unparsed (those that are not JSON objects are skipped where they are
/// parsed, with [`object`]).
fn all_lines<R: Read + Seek>(
    ex: &mut Export<R>,
    component: &str,
    table: &str,
) -> Result<Vec<Vec<u8>>> {
    Ok(select(ex, component, table, |_| true)?
        .into_iter()
        .map(|(_, line)| line)
        .collect())
}

fn object(line: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(line) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

fn float(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn find_user<R: Read + Seek>(
    ex: &mut Export<R>,
    comp: &str,
    email: &str,
) -> Result<(String, Vec<u8>)> {
    let want = canonical_email(email);
    let mut found = select(ex, comp, "user", |d| {
        d.str("email").is_some_and(|e| canonical_email(e) == want)
    })?;
    match found.len() {
        0 => Err(Error::FixNotFound(format!(
            "no auth user has the email {email:?}"
        ))),
        1 => Ok(found.remove(0)),
        n => Err(Error::FixAmbiguous(format!(
            "{n} auth users have the email {email:?} (DUPLICATE_AUTH_EMAIL); resolve that first"
        ))),
    }
}

/// Work out what `op` changes, without writing anything. Refused (`ERR_FIX_AMBIGUOUS`) when
/// the ZIP repeats an entry name, or when a table whose rows the fix would change or delete
/// has two rows with one `_id` (those edits are keyed by `_id`, so one row would overwrite or
/// drop the other).
pub fn plan<R: Read + Seek>(
    ex: &mut Export<R>,
    op: &FixOp,
    opts: &FixOptions,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<Plan> {
    ex.check_unique_names()?;
    let plan = plan_edits(ex, op, opts, random)?;
    for (name, edit) in &plan.edits {
        // Edits keyed by `_id`. Emptying a table or appending rows with fresh ids keys
        // nothing, so it cannot confuse two rows.
        if !edit.delete.is_empty() || !edit.replace.is_empty() {
            check_unique_ids(ex, name)?;
        }
    }
    Ok(plan)
}

/// `ERR_FIX_AMBIGUOUS` naming the repeated `_id`s (IMPORT_DUPLICATE_ID) of the existing entry
/// `name`, if any; nothing for an entry the fix creates.
fn check_unique_ids<R: Read + Seek>(ex: &mut Export<R>, name: &str) -> Result<()> {
    let Some(i) = ex.entries().iter().position(|e| e.name == name) else {
        return Ok(());
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut repeated: Vec<String> = Vec::new();
    ex.for_each_line(
        i,
        |_, l| {
            if let Line::Text(t) = l {
                if let Some(id) = Doc::parse(t).and_then(|d| d.str("_id").map(str::to_owned)) {
                    if seen.contains(&id) {
                        if repeated.len() < 10 && !repeated.contains(&id) {
                            repeated.push(id);
                        }
                    } else {
                        seen.insert(id);
                    }
                }
            }
            Ok(())
        },
        &mut |_| {},
    )?;
    if repeated.is_empty() {
        return Ok(());
    }
    Err(Error::FixAmbiguous(format!(
        "{name} has several rows with one _id (IMPORT_DUPLICATE_ID: {}); fix edits rows by _id \
         and would lose one of each; remove the duplicates first",
        repeated.join(", ")
    )))
}

fn plan_edits<R: Read + Seek>(
    ex: &mut Export<R>,
    op: &FixOp,
    opts: &FixOptions,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<Plan> {
    let comp = opts.component.as_str();
    let mut plan = Plan::default();
    let has_component = ex.entries().iter().any(|e| e.component == comp);
    if !has_component {
        return Err(Error::FixNotFound(format!("the component {comp:?}")));
    }
    match op {
        FixOp::FloatNumbers => plan_float_numbers(ex, comp, &mut plan)?,
        FixOp::DropSessions => plan_empty_table(ex, comp, "session", &mut plan)?,
        FixOp::DropJwks => plan_empty_table(ex, comp, "jwks", &mut plan)?,
        FixOp::SetPassword {
            email,
            password_hash,
        } => plan_set_password(ex, opts, random, email, password_hash, &mut plan)?,
        FixOp::DeleteUser { email, on_delete } => {
            plan_delete_user(ex, opts, email, *on_delete, &mut plan)?
        }
        FixOp::Sync { policy } => plan_sync(ex, opts, random, policy, &mut plan)?,
        FixOp::CreateUser {
            email,
            name,
            admin,
            password_hash,
        } => {
            let new = NewUser {
                email,
                name,
                admin: *admin,
                password_hash,
            };
            plan_create_user(ex, opts, random, &new, &mut plan)?
        }
    }
    Ok(plan)
}

/// FLOAT_NUMBERS: every documents entry in the uniform format.
fn plan_float_numbers<R: Read + Seek>(
    ex: &mut Export<R>,
    comp: &str,
    plan: &mut Plan,
) -> Result<()> {
    let docs: Vec<(usize, String, String, String)> = ex
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntryKind::Documents && e.table != "_tables")
        .map(|(i, e)| (i, e.name.clone(), e.component.clone(), e.table.clone()))
        .collect();
    for (i, name, component, table) in docs {
        if ex.value_format(&component, &table)? != crate::convex_export::ValueFormat::Uniform {
            continue;
        }
        let fields = if component == comp {
            schema::table(&table)
        } else {
            None
        };
        let edit = float_edit(ex, i, fields.unwrap_or(&[]))?;
        if !edit.replace.is_empty() {
            plan.actions.push(format!(
                "write integers as floats in {} document(s) of {}",
                edit.replace.len(),
                if component.is_empty() {
                    table.clone()
                } else {
                    format!("{component}/{table}")
                }
            ));
            plan.edits.insert(name, edit);
        }
    }
    if plan.actions.is_empty() {
        plan.actions
            .push("no integer where a float is wanted".into());
    }
    Ok(())
}

/// The documents of entry `i` with an integer `_creationTime` or an integer in one of the
/// schema's `v.number()` `fields`, rewritten with floats.
fn float_edit<R: Read + Seek>(
    ex: &mut Export<R>,
    i: usize,
    fields: &[schema::Field],
) -> Result<TableEdit> {
    let mut edit = TableEdit::default();
    let mut err = None;
    ex.for_each_line(
        i,
        |_, l| {
            let Line::Text(t) = l else { return Ok(()) };
            let Some(d) = Doc::parse(t) else {
                return Ok(());
            };
            let mut keys: Vec<String> = Vec::new();
            if matches!(d.get("_creationTime"), Some(Val::Int(i)) if *i >= 0) {
                keys.push("_creationTime".into());
            }
            for (f, ty, _) in fields {
                if *ty == schema::FieldType::Number && matches!(d.get(f), Some(Val::Int(_))) {
                    keys.push((*f).to_owned());
                }
            }
            if keys.is_empty() {
                return Ok(());
            }
            let Some(id) = d.str("_id") else {
                return Ok(());
            };
            let new = serde_json::from_slice::<Map<String, Value>>(t)
                .map_err(|e| Error::ExportInvalid(e.to_string()))
                .and_then(|m| {
                    let set: Vec<(&str, Value)> = keys
                        .iter()
                        .filter_map(|k| m.get(k).map(|v| (k.as_str(), as_float(v))))
                        .collect();
                    patch(t, &set)
                });
            match new {
                Ok(new) => {
                    edit.replace.insert(id.to_owned(), new);
                }
                Err(e) => {
                    err.get_or_insert(e);
                }
            }
            Ok(())
        },
        &mut |_| {},
    )?;
    match err {
        Some(e) => Err(e),
        None => Ok(edit),
    }
}

/// DROP_SESSIONS / DROP_JWKS: empty the table, keep the entry.
fn plan_empty_table<R: Read + Seek>(
    ex: &mut Export<R>,
    comp: &str,
    table: &str,
    plan: &mut Plan,
) -> Result<()> {
    if ex.find(EntryKind::Documents, comp, table).is_none() {
        return Err(Error::FixNotFound(format!("the table {comp}/{table}")));
    }
    let n = select(ex, comp, table, |_| true)?.len();
    plan.actions.push(format!(
        "empty {comp}/{table} ({n} rows); the table itself stays"
    ));
    plan.edits.insert(
        entry_name(ex, comp, table),
        TableEdit {
            drop_all: true,
            ..TableEdit::default()
        },
    );
    Ok(())
}

/// A credential `account` line for `uid`, created at `t` (a formatted float).
fn credential_line(aid: &str, uid: &str, t: &str, password_hash: &str) -> Vec<u8> {
    line(vec![
        ("_creationTime", t.to_owned()),
        ("_id", json_str(aid)),
        ("accountId", json_str(uid)),
        ("createdAt", t.to_owned()),
        ("password", json_str(password_hash)),
        ("providerId", json_str("credential")),
        ("updatedAt", t.to_owned()),
        ("userId", json_str(uid)),
    ])
    .into_bytes()
}

fn plan_set_password<R: Read + Seek>(
    ex: &mut Export<R>,
    opts: &FixOptions,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
    email: &str,
    password_hash: &str,
    plan: &mut Plan,
) -> Result<()> {
    let comp = opts.component.as_str();
    let now = opts.now_ms;
    crate::password::parse_hash(password_hash)?;
    let (uid, _) = find_user(ex, comp, email)?;
    let creds = select(ex, comp, "account", |d| {
        d.str("userId") == Some(uid.as_str()) && d.str("providerId") == Some("credential")
    })?;
    let name = entry_name(ex, comp, "account");
    let mut edit = TableEdit::default();
    match creds.as_slice() {
        [] => {
            let n = table_number(ex, comp, "account")?;
            let aid = new_id(n, now, random)?;
            edit.append
                .push(credential_line(&aid, &uid, &fmt_float(now), password_hash));
            plan.actions.push(format!(
                "create credential account {aid} for user {uid} <{email}>"
            ));
        }
        [(aid, l)] => {
            let set = [
                ("password", Value::String(password_hash.to_owned())),
                ("updatedAt", float(now)),
            ];
            edit.replace.insert(aid.clone(), patch(l, &set)?);
            plan.actions.push(format!(
                "set the password of credential account {aid} of user {uid} <{email}>"
            ));
        }
        many => {
            return Err(Error::FixAmbiguous(format!(
                "user {uid} has {} credential accounts (DUPLICATE_CREDENTIAL_ACCOUNT); delete all but one first",
                many.len()
            )))
        }
    }
    plan.edits.insert(name, edit);
    Ok(())
}

fn plan_delete_user<R: Read + Seek>(
    ex: &mut Export<R>,
    opts: &FixOptions,
    email: &str,
    on_delete: OnDelete,
    plan: &mut Plan,
) -> Result<()> {
    let comp = opts.component.as_str();
    let (uid, _) = find_user(ex, comp, email)?;
    let app = opts.app_table.as_str();
    let policy = policy_for(
        &SyncPolicy {
            on_delete,
            ..SyncPolicy::default()
        },
        opts,
    )?;
    let rows = parse_rows(ex, "", app, |d| {
        d.str(&opts.link_field) == Some(uid.as_str())
    })?;
    let cands: Vec<AppUser> = rows
        .iter()
        .filter_map(|(m, _)| AppUser::from_doc(m.clone()).ok())
        .collect();
    let decision = decide_delete(&uid, &cands, &policy, opts.now_ms as i64)?;
    plan.actions
        .push(format!("delete auth user {uid} <{email}>"));
    plan.edits.insert(
        entry_name(ex, comp, "user"),
        TableEdit {
            delete: [uid.clone()].into(),
            ..TableEdit::default()
        },
    );
    delete_user_rows(ex, comp, &uid, plan)?;
    let app_entry = entry_name(ex, "", app);
    apply_delete_decision(decision, &rows, app, app_entry, plan)
}

/// Every component table's rows (but `user`'s) whose `userId` is `uid`.
fn delete_user_rows<R: Read + Seek>(
    ex: &mut Export<R>,
    comp: &str,
    uid: &str,
    plan: &mut Plan,
) -> Result<()> {
    let tables: Vec<String> = ex
        .entries()
        .iter()
        .filter(|e| {
            e.kind == EntryKind::Documents
                && e.component == comp
                && e.table != "user"
                && e.table != "_tables"
        })
        .map(|e| e.table.clone())
        .collect();
    for t in tables {
        let rows = select(ex, comp, &t, |d| d.str("userId") == Some(uid))?;
        if rows.is_empty() {
            continue;
        }
        plan.actions.push(format!(
            "delete {} row(s) of {comp}/{t} with userId {uid}",
            rows.len()
        ));
        plan.edits.insert(
            entry_name(ex, comp, &t),
            TableEdit {
                delete: rows.into_iter().map(|(i, _)| i).collect(),
                ..TableEdit::default()
            },
        );
    }
    Ok(())
}

/// What [`decide_delete`] decided for the linked app row, as edits of `app_entry`.
fn apply_delete_decision(
    decision: DeleteDecision,
    rows: &[(Map<String, Value>, Vec<u8>)],
    app: &str,
    app_entry: String,
    plan: &mut Plan,
) -> Result<()> {
    match decision {
        DeleteDecision::Delete { id, .. } => {
            plan.actions.push(format!("delete app row {id} of {app}"));
            plan.edits.entry(app_entry).or_default().delete.insert(id);
        }
        DeleteDecision::SoftDelete { id, set, .. } => {
            let line = rows
                .iter()
                .find(|(m, _)| m.get("_id").and_then(Value::as_str) == Some(id.as_str()))
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            let set: Vec<(&str, Value)> =
                set.iter().map(|(k, v)| (k.as_str(), as_float(v))).collect();
            let new = patch(&line, &set)?;
            plan.actions
                .push(format!("soft-delete app row {id} of {app}"));
            plan.edits
                .entry(app_entry)
                .or_default()
                .replace
                .insert(id, new);
        }
        DeleteDecision::Keep { id, .. } => {
            plan.actions.push(format!(
                "keep app row {id} of {app} (it will have no auth user)"
            ));
        }
        DeleteDecision::None { .. } => {}
        DeleteDecision::Reject { message, .. } => return Err(Error::FixAmbiguous(message)),
    }
    Ok(())
}

/// The app table's raw lines and their indexes by link, stored email and `_id`.
struct AppIndex {
    rows: Vec<Vec<u8>>,
    by_link: HashMap<String, Vec<usize>>,
    by_email: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
}

impl AppIndex {
    fn new(rows: Vec<Vec<u8>>, opts: &FixOptions) -> AppIndex {
        let mut ix = AppIndex {
            rows: Vec::new(),
            by_link: HashMap::new(),
            by_email: HashMap::new(),
            by_id: HashMap::new(),
        };
        for (i, line) in rows.iter().enumerate() {
            let Some(m) = object(line) else { continue };
            if let Some(l) = m.get(&opts.link_field).and_then(Value::as_str) {
                ix.by_link.entry(l.to_owned()).or_default().push(i);
            }
            if let Some(e) = m.get(&opts.email_field).and_then(Value::as_str) {
                ix.by_email.entry(stored_form(e)).or_default().push(i);
            }
            if let Some(id) = m.get("_id").and_then(Value::as_str) {
                ix.by_id.insert(id.to_owned(), i);
            }
        }
        ix.rows = rows;
        ix
    }

    /// The app rows that may be `a`'s: linked to it, then with its email.
    fn candidates(&self, a: &AuthUser) -> Vec<AppUser> {
        let mut idx: Vec<usize> = self.by_link.get(a.id.as_str()).cloned().unwrap_or_default();
        for i in self
            .by_email
            .get(&stored_form(&a.email))
            .into_iter()
            .flatten()
        {
            if !idx.contains(i) {
                idx.push(*i);
            }
        }
        idx.truncate(MAX_CANDIDATES);
        idx.iter()
            .filter_map(|&i| self.rows.get(i).and_then(|l| object(l)))
            .filter_map(|m| AppUser::from_doc(m).ok())
            .collect()
    }
}

/// The running state of a SYNC plan.
#[derive(Default)]
struct SyncRun {
    app_number: Option<u32>,
    touched: HashSet<usize>,
    edit: TableEdit,
    created: u64,
    changed: u64,
    skipped: u64,
    users: u64,
}

fn plan_sync<R: Read + Seek>(
    ex: &mut Export<R>,
    opts: &FixOptions,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
    policy: &SyncPolicy,
    plan: &mut Plan,
) -> Result<()> {
    let comp = opts.component.as_str();
    let policy = policy_for(policy, opts)?;
    let app = opts.app_table.as_str();
    if ex.find(EntryKind::Documents, "", app).is_none() {
        return Err(Error::FixNotFound(format!("the app table {app:?}")));
    }
    // Raw lines, each parsed when it is used: holding every row parsed took 3.65 GiB at
    // 1M users, the raw lines 1.56 GiB (README, "Convex export doctor").
    let auth_lines = all_lines(ex, comp, "user")?;
    let ix = AppIndex::new(all_lines(ex, "", app)?, opts);
    let app_entry = entry_name(ex, "", app);
    let mut run = SyncRun::default();
    for line in &auth_lines {
        let Some(a) = object(line).and_then(|m| AuthUser::from_doc(m).ok()) else {
            continue;
        };
        run.users += 1;
        let decision = decide_sync(&a, &ix.candidates(&a), &policy)?;
        sync_decision(ex, opts, random, &ix, &a, decision, &mut run, plan)?;
    }
    let SyncRun {
        edit,
        created,
        changed,
        skipped,
        users,
        ..
    } = run;
    plan.actions.push(format!(
        "sync: {users} auth users, {created} app rows created, {changed} updated, {skipped} skipped"
    ));
    if created + changed > 0 {
        plan.edits.insert(app_entry, edit);
    }
    Ok(())
}

/// One auth user's sync decision, as an edit of the app table.
#[allow(clippy::too_many_arguments)]
fn sync_decision<R: Read + Seek>(
    ex: &mut Export<R>,
    opts: &FixOptions,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
    ix: &AppIndex,
    a: &AuthUser,
    decision: Decision,
    run: &mut SyncRun,
    plan: &mut Plan,
) -> Result<()> {
    let now = opts.now_ms;
    match decision {
        Decision::Create { doc, .. } => {
            let n = match run.app_number {
                Some(n) => n,
                None => {
                    let n = table_number(ex, "", &opts.app_table)?;
                    run.app_number = Some(n);
                    n
                }
            };
            let pid = new_id(n, now, random)?;
            let mut doc = doc;
            doc.insert("_id".into(), Value::String(pid.clone()));
            doc.insert("_creationTime".into(), float(now));
            run.edit.append.push(sorted_line(&doc)?);
            plan.actions
                .push(format!("create app row {pid} for auth user {}", a.id));
            run.created += 1;
        }
        Decision::Patch { id, set, unset, .. } | Decision::Link { id, set, unset, .. } => {
            let Some(&i) = ix.by_id.get(id.as_str()) else {
                return Ok(());
            };
            if !run.touched.insert(i) {
                plan.actions.push(format!(
                    "skip auth user {}: app row {id} was already changed for another auth user",
                    a.id
                ));
                run.skipped += 1;
                return Ok(());
            }
            let line = ix.rows.get(i).map(Vec::as_slice).unwrap_or_default();
            let pairs: Vec<(&str, Value)> =
                set.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            run.edit
                .replace
                .insert(id.clone(), patch_unset(line, &pairs, &unset)?);
            let fields: Vec<&str> = pairs
                .iter()
                .map(|(k, _)| *k)
                .chain(unset.iter().map(String::as_str))
                .collect();
            plan.actions.push(format!(
                "update app row {id} for auth user {} ({})",
                a.id,
                fields.join(", ")
            ));
            run.changed += 1;
        }
        Decision::None { .. } => {}
        Decision::Reject { code, message, .. } => {
            plan.actions.push(format!(
                "skip auth user {}: {message} ({})",
                a.id,
                code.code()
            ));
            run.skipped += 1;
        }
    }
    Ok(())
}

/// CREATE_USER's arguments.
struct NewUser<'a> {
    email: &'a str,
    name: &'a str,
    admin: bool,
    password_hash: &'a str,
}

fn plan_create_user<R: Read + Seek>(
    ex: &mut Export<R>,
    opts: &FixOptions,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
    new: &NewUser,
    plan: &mut Plan,
) -> Result<()> {
    let comp = opts.component.as_str();
    let now = opts.now_ms;
    let (email, name) = (new.email, new.name);
    crate::password::parse_hash(new.password_hash)?;
    let email_lc = email.trim().to_lowercase();
    if email_lc.is_empty() || !email_lc.contains('@') {
        return Err(Error::InvalidArgument(format!(
            "{email:?} is not an email address"
        )));
    }
    let want = canonical_email(email);
    if !select(ex, comp, "user", |d| {
        d.str("email").is_some_and(|e| canonical_email(e) == want)
    })?
    .is_empty()
    {
        return Err(Error::FixAmbiguous(format!(
            "an auth user with the email {email:?} already exists; use set-password"
        )));
    }
    let app = opts.app_table.as_str();
    let app_rows = select(ex, "", app, |d| {
        d.str(&opts.email_field)
            .is_some_and(|e| canonical_email(e) == want)
    })?;
    let (un, an) = (
        table_number(ex, comp, "user")?,
        table_number(ex, comp, "account")?,
    );
    let uid = new_id(un, now, random)?;
    let aid = new_id(an, now, random)?;
    let t = fmt_float(now);
    plan.edits
        .entry(entry_name(ex, comp, "user"))
        .or_default()
        .append
        .push(
            line(vec![
                ("_creationTime", t.clone()),
                ("_id", json_str(&uid)),
                ("createdAt", t.clone()),
                ("email", json_str(&email_lc)),
                ("emailVerified", "true".into()),
                ("name", json_str(name)),
                ("updatedAt", t.clone()),
            ])
            .into_bytes(),
        );
    plan.actions.push(format!(
        "create auth user {uid} <{email_lc}> (email verified)"
    ));
    plan.edits
        .entry(entry_name(ex, comp, "account"))
        .or_default()
        .append
        .push(credential_line(&aid, &uid, &t, new.password_hash));
    plan.actions
        .push(format!("create credential account {aid}"));
    let created = CreatedUser {
        uid: &uid,
        email_lc: &email_lc,
        t: &t,
    };
    create_app_row(ex, opts, random, new, &created, &app_rows, plan)
}

/// The auth user CREATE_USER made.
struct CreatedUser<'a> {
    uid: &'a str,
    email_lc: &'a str,
    t: &'a str,
}

/// CREATE_USER's app row: a new one, or the one existing row with the email, linked.
fn create_app_row<R: Read + Seek>(
    ex: &mut Export<R>,
    opts: &FixOptions,
    random: &mut dyn FnMut(&mut [u8]) -> Result<()>,
    new: &NewUser,
    created: &CreatedUser,
    app_rows: &[(String, Vec<u8>)],
    plan: &mut Plan,
) -> Result<()> {
    let comp = opts.component.as_str();
    let app = opts.app_table.as_str();
    let (email, name, admin, uid) = (new.email, new.name, new.admin, created.uid);
    let app_edit_name = entry_name(ex, "", app);
    match app_rows {
        [] => {
            let pn = table_number(ex, "", app)?;
            let pid = new_id(pn, opts.now_ms, random)?;
            let mut fields = vec![
                ("_creationTime", created.t.to_owned()),
                ("_id", json_str(&pid)),
                (opts.email_field.as_str(), json_str(created.email_lc)),
                (opts.link_field.as_str(), json_str(uid)),
                ("name", json_str(name)),
            ];
            if admin {
                fields.push(("role", json_str("admin")));
            }
            plan.edits
                .entry(app_edit_name)
                .or_default()
                .append
                .push(line(fields).into_bytes());
            plan.actions.push(format!(
                "create app row {pid} in {app} linked to {uid}{}",
                if admin { " (role admin)" } else { "" }
            ));
        }
        [(pid, l)] => {
            let current = Doc::parse(l)
                .and_then(|d| d.str(&opts.link_field).map(str::to_owned))
                .filter(|s| !s.is_empty());
            if let Some(cur) = current {
                if !select(ex, comp, "user", |d| d.str("_id") == Some(cur.as_str()))?.is_empty() {
                    return Err(Error::FixAmbiguous(format!(
                        "app row {pid} has the email {email:?} but is linked to another auth user ({cur})"
                    )));
                }
            }
            let mut set = vec![(opts.link_field.as_str(), Value::String(uid.to_owned()))];
            if admin {
                set.push(("role", Value::String("admin".into())));
            }
            let new = patch(l, &set)?;
            plan.edits
                .entry(app_edit_name)
                .or_default()
                .replace
                .insert(pid.clone(), new);
            plan.actions
                .push(format!("link the existing app row {pid} in {app} to {uid}"));
        }
        many => {
            return Err(Error::FixAmbiguous(format!(
            "{} app rows in {app} have the email {email:?} (DUPLICATE_APP_USER); merge them first",
            many.len()
        )))
        }
    }
    Ok(())
}

/// Write the input with `plan` applied to `out`. Returns the writer.
pub fn apply<R: Read + Seek, W: Write + Seek>(
    ex: &mut Export<R>,
    out: W,
    plan: &Plan,
) -> Result<W> {
    rewrite(ex, out, &plan.edits)
}
