//! The Convex export doctor: reads a snapshot ZIP as a stream and reports what would break
//! sign-in, the app's user table, or `npx convex import` (see [`diagnose`]), fixes it into a
//! new ZIP ([`fix`]) and generates synthetic exports for tests and benchmarks ([`gen`]).
//!
//! Generic over `Read + Seek`, no file system access: the CLI opens files, the core only
//! sees readers and writers, so the same code runs in WebAssembly.

pub mod findings;
pub mod fix;
pub mod gen;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Seek};

use serde::Serialize;

use crate::convex_export::schema::{self, FieldType};
use crate::convex_export::value::{Doc, Val};
use crate::convex_export::{id, EntryKind, Export, Line, ValueFormat, MAX_DOCUMENT_BYTES};
use crate::error::Result;
use findings::Collector;
pub use findings::{Code, Finding, Severity, DEFAULT_MAX_FINDINGS_PER_CODE};

/// Default mount name of the Better Auth component (`defineComponent("betterAuth")`).
pub const DEFAULT_COMPONENT: &str = "betterAuth";
/// Default name of the app's own users table (root namespace).
pub const DEFAULT_APP_TABLE: &str = "users";
/// Default field of the app table that holds the auth user's `_id` (the 0.9+ migration docs
/// call it `authId`).
pub const DEFAULT_LINK_FIELD: &str = "authId";
/// Default email field of the app table.
pub const DEFAULT_EMAIL_FIELD: &str = "email";
/// Examples printed per finding code in the human report ([`Report::to_human`]); the native
/// CLI and the npm package's CLI both use it, so they print the same text.
pub const DEFAULT_HUMAN_EXAMPLES: usize = 3;
/// `jwks` rows kept for the decryption check; more than a handful is already a finding.
const MAX_JWKS_KEPT: usize = 64;

/// What the doctor looks at and how.
#[derive(Debug, Clone)]
pub struct DoctorOptions {
    /// Component mount name. Defaults to [`DEFAULT_COMPONENT`].
    pub component: String,
    /// The app's users table in the root namespace. Defaults to [`DEFAULT_APP_TABLE`].
    pub app_table: String,
    /// The app table's field holding the auth user's `_id`. Defaults to [`DEFAULT_LINK_FIELD`].
    pub link_field: String,
    /// The app table's email field. Defaults to [`DEFAULT_EMAIL_FIELD`].
    pub email_field: String,
    /// Emails that must be admins (an allowlist in the app's code). Defaults to none.
    pub admin_emails: Vec<String>,
    /// `BETTER_AUTH_SECRET`, to check that `jwks` private keys decrypt. Defaults to none
    /// (not checked).
    pub secret: Option<String>,
    /// Findings listed per code; the rest are only counted. Defaults to
    /// [`DEFAULT_MAX_FINDINGS_PER_CODE`].
    pub max_findings_per_code: usize,
}

impl Default for DoctorOptions {
    fn default() -> Self {
        DoctorOptions {
            component: DEFAULT_COMPONENT.into(),
            app_table: DEFAULT_APP_TABLE.into(),
            link_field: DEFAULT_LINK_FIELD.into(),
            email_field: DEFAULT_EMAIL_FIELD.into(),
            admin_emails: Vec::new(),
            secret: None,
            max_findings_per_code: DEFAULT_MAX_FINDINGS_PER_CODE,
        }
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Documents read, all tables.
    pub documents: u64,
    /// Documents per table (`betterAuth/user`, `users`, …).
    pub tables: BTreeMap<String, u64>,
    /// Rows of the component's `user` table.
    pub auth_users: u64,
    /// Rows of the app table.
    pub app_users: u64,
    /// Rows of `account`.
    pub accounts: u64,
    /// Rows of `session`.
    pub sessions: u64,
    /// Rows of `jwks`.
    pub jwks: u64,
    /// Findings of error severity (counted, listed or not).
    pub errors: u64,
    /// Findings of warning severity.
    pub warnings: u64,
    /// Findings of info severity.
    pub infos: u64,
    /// Findings per code.
    pub by_code: BTreeMap<String, u64>,
    /// Findings counted but not listed (over the per-code limit).
    pub omitted: u64,
    /// Credential password hashes by format (`better-auth-scrypt`, `bcrypt`, …, `invalid`,
    /// `missing`).
    pub password_hashes: BTreeMap<String, u64>,
}

/// The doctor's answer.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Findings, grouped by code in [`Code::ALL`] order.
    pub findings: Vec<Finding>,
    /// Totals.
    pub summary: Summary,
}

impl Report {
    /// Whether any finding has error severity.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// How many findings of `code` there were (listed or not).
    pub fn count(&self, code: Code) -> u64 {
        self.summary
            .by_code
            .get(code.as_str())
            .copied()
            .unwrap_or(0)
    }

    /// Whether any `IMPORT_*` finding of error severity was reported.
    pub fn has_import_blockers(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.code.as_str().starts_with("IMPORT_") && f.severity == Severity::Error)
    }

    /// A human-readable report: grouped by code, counted, a few examples each, one fix line.
    pub fn to_human(&self, examples: usize) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        // Errors first, then warnings, then info; within a severity in code order.
        let mut codes: Vec<(Severity, Code)> = Vec::new();
        for f in &self.findings {
            if !codes.iter().any(|(_, c)| *c == f.code) {
                codes.push((f.severity, f.code));
            } else if let Some(e) = codes.iter_mut().find(|(_, c)| *c == f.code) {
                e.0 = e.0.min(f.severity);
            }
        }
        codes.sort();
        for (sev, code) in &codes {
            let listed: Vec<&Finding> = self.findings.iter().filter(|f| f.code == *code).collect();
            if listed.is_empty() {
                continue;
            };
            let total = self.count(*code);
            let _ = writeln!(
                out,
                "{:<7} {} ({total})",
                sev.as_str().to_uppercase(),
                code.as_str()
            );
            for f in listed.iter().take(examples) {
                let mut who = f.ids.first().cloned().unwrap_or_default();
                if let Some(e) = &f.email {
                    who = if who.is_empty() {
                        e.clone()
                    } else {
                        format!("{who} <{e}>")
                    };
                }
                if who.is_empty() {
                    let _ = writeln!(out, "  - {}: {}", f.table, f.message);
                } else {
                    let _ = writeln!(out, "  - {} {}: {}", f.table, who, f.message);
                }
            }
            if total as usize > examples.min(listed.len()) {
                let _ = writeln!(
                    out,
                    "  … and {} more",
                    total as usize - examples.min(listed.len())
                );
            }
            let _ = writeln!(out, "  fix: {}", code.fix());
        }
        let s = &self.summary;
        let _ = writeln!(
            out,
            "{} documents; {} auth users, {} app users, {} accounts, {} sessions, {} jwks",
            s.documents, s.auth_users, s.app_users, s.accounts, s.sessions, s.jwks
        );
        let _ = writeln!(
            out,
            "{} errors, {} warnings, {} info{}",
            s.errors,
            s.warnings,
            s.infos,
            if s.errors == 0 { " — no errors" } else { "" }
        );
        out
    }
}

/// A hasher for random 128-bit document ids (already uniformly distributed).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = ((v as u64) ^ ((v >> 64) as u64)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub(crate) type IdBuild = BuildHasherDefault<IdHasher>;

/// The key under which two emails count as the same person: [`crate::sync::near_duplicate_key`]
/// (JavaScript trim, NFC, toLowerCase), with an ASCII fast path that gives the same answer.
pub(crate) fn canonical_email(email: &str) -> String {
    if email.is_ascii() {
        crate::sync::js_trim(email).to_ascii_lowercase()
    } else {
        crate::sync::near_duplicate_key(email)
    }
}

/// The email as Better Auth 1.6 stores and looks it up ([`crate::sync::canonical_email`]).
pub(crate) fn stored_form(email: &str) -> String {
    crate::sync::canonical_email(email, crate::sync::BetterAuthVersion::V1_6)
}

struct AuthUser {
    id: Box<str>,
    email: Box<str>,
    verified: bool,
    role_admin: bool,
    app_admin: bool,
    legacy_app: Option<Box<str>>,
    cred_count: u8,
    first_cred: Option<Box<str>>,
    cred_ok: bool,
    other_accounts: bool,
    app_links: u8,
    first_app: Option<Box<str>>,
    unlinked_match: bool,
}

/// Per-table context for the generic import checks.
struct TableCtx<'a> {
    label: String,
    name: &'a str,
    number: Option<u32>,
    format: ValueFormat,
    schema: Option<&'static [schema::Field]>,
    ids: HashSet<u128, IdBuild>,
    docs: u64,
}

fn is_admin_role(v: Option<&Val>) -> bool {
    match v {
        Some(Val::Str(s)) => s.split(',').any(|r| r.trim() == "admin"),
        _ => false,
    }
}

struct Run<'o> {
    opts: &'o DoctorOptions,
    out: Collector,
    summary: Summary,
}

impl Run<'_> {
    /// Generic import checks. Returns the document's `_id` string if it is a valid id of this
    /// table (so joins can use it).
    fn check_doc<'d>(&mut self, t: &mut TableCtx, doc: &'d Doc<'d>, len: usize) -> Option<&'d str> {
        let id_str = doc.str("_id");
        let ids = || id_str.map(|s| vec![s.to_owned()]).unwrap_or_default();
        let label = t.label.as_str();
        if len > MAX_DOCUMENT_BYTES {
            self.out.add(
                Code::ImportDocumentTooLarge,
                label,
                ids(),
                None,
                format!("document is {len} bytes of JSON, above Convex's 1 MiB limit"),
            );
        }
        let mut valid_id = None;
        match doc.get("_id") {
            None => {}
            Some(Val::Str(s)) => match id::decode(s) {
                None => self.out.add(
                    Code::ImportInvalidId,
                    label,
                    ids(),
                    None,
                    format!("_id {s:?} is not a valid Convex document id"),
                ),
                Some(d) => {
                    if t.number.is_none() && t.docs == 0 {
                        t.number = Some(d.table_number);
                    }
                    if t.number.is_some_and(|n| n != d.table_number) {
                        self.out.add(
                            Code::ImportForeignTableId,
                            label,
                            ids(),
                            None,
                            format!(
                                "_id belongs to table number {}, but {} is table {}",
                                d.table_number,
                                t.name,
                                t.number.unwrap_or(0)
                            ),
                        );
                    } else if !t.ids.insert(d.key()) {
                        self.out.add(
                            Code::ImportDuplicateId,
                            label,
                            ids(),
                            None,
                            "the same _id appears twice in this table".into(),
                        );
                    } else {
                        valid_id = Some(s.as_ref());
                    }
                }
            },
            Some(v) => self.out.add(
                Code::ImportInvalidId,
                label,
                vec![],
                None,
                format!("_id is a {}, not a string", v.type_name()),
            ),
        }
        t.docs += 1;
        match doc.get("_creationTime") {
            None => {}
            Some(Val::Float(f)) if f.is_finite() && *f >= 0.0 => {}
            Some(Val::Int(i)) if t.format != ValueFormat::Uniform && *i >= 0 => {}
            Some(Val::Int(_)) if t.format == ValueFormat::Uniform => self.out.add(
                Code::ImportInvalidCreationTime,
                label,
                ids(),
                None,
                "_creationTime is an integer; import wants a float64 (InvalidCreationTimeError)"
                    .into(),
            ),
            Some(v) => self.out.add(
                Code::ImportInvalidCreationTime,
                label,
                ids(),
                None,
                format!(
                    "_creationTime is a {} that is not a finite, non-negative number",
                    v.type_name()
                ),
            ),
        }
        for (k, _) in &doc.fields {
            let bad = k.is_empty()
                || k.starts_with('$')
                || (k.starts_with('_') && k != "_id" && k != "_creationTime")
                || k.bytes().any(|b| !(0x20..0x7f).contains(&b));
            if bad {
                self.out.add(
                    Code::ImportInvalidFieldName,
                    label,
                    ids(),
                    None,
                    format!("field name {k:?} is not allowed in a document"),
                );
            }
        }
        if let Some(fields) = t.schema {
            // One pass over the document's fields: which schema field each is, its type.
            let mut seen: u64 = 0;
            for (k, v) in &doc.fields {
                if k == "_id" || k == "_creationTime" {
                    continue;
                }
                let Some(pos) = fields.iter().position(|(n, _, _)| *n == k.as_ref()) else {
                    let plugin = schema::is_plugin_field(t.name, k);
                    self.out.add_sev(
                        Code::ImportUnknownField,
                        if plugin { Severity::Warning } else { Severity::Error },
                        label,
                        ids(),
                        None,
                        if plugin {
                            format!("{k} is a Better Auth plugin field the default component schema does not declare; import fails unless your local-install schema has it")
                        } else {
                            format!("{k} is not in the component schema; import would reject the document")
                        },
                    );
                    continue;
                };
                seen |= 1u64 << (pos % 64);
                let Some((name, ty, required)) = fields.get(pos) else {
                    continue;
                };
                let ok = match (ty, v) {
                    (_, Val::Null) => {
                        if *required {
                            self.out.add(
                                Code::ImportMissingField,
                                label,
                                ids(),
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
                            self.out.add(
                                Code::ImportIntegerForFloat,
                                label,
                                ids(),
                                None,
                                format!("{name} is written as an integer, which the uniform format reads as int64; the schema wants v.number() (float64)"),
                            );
                        }
                        true
                    }
                    (FieldType::Number, Val::SpecialInteger) => {
                        self.out.add(
                            Code::ImportIntegerForFloat,
                            label,
                            ids(),
                            None,
                            format!("{name} is an explicit $integer; the schema wants v.number() (float64)"),
                        );
                        true
                    }
                    (FieldType::Number, Val::Str(_)) => t.format == ValueFormat::Legacy,
                    _ => false,
                };
                if !ok {
                    self.out.add(
                        Code::ImportWrongType,
                        label,
                        ids(),
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
            for (pos, (name, _, required)) in fields.iter().enumerate() {
                if *required && seen & (1u64 << (pos % 64)) == 0 {
                    self.out.add(
                        Code::ImportMissingField,
                        label,
                        ids(),
                        None,
                        format!("required field {name} is missing"),
                    );
                }
            }
        }
        valid_id
    }
}

fn table_label(component: &str, table: &str) -> String {
    if component.is_empty() {
        table.to_owned()
    } else {
        format!("{component}/{table}")
    }
}

/// Read a Convex export and report findings. `progress(done, total)` is called as bytes of
/// decompressed JSONL are consumed.
pub fn diagnose<R: Read + Seek>(
    reader: R,
    opts: &DoctorOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report> {
    let mut ex = Export::open(reader)?;
    let mut run = Run {
        opts,
        out: Collector::new(opts.max_findings_per_code),
        summary: Summary::default(),
    };
    let comp = opts.component.as_str();

    // Which documents entries to read, in the order the joins need.
    let mut order: Vec<usize> = Vec::new();
    let docs: Vec<(usize, String, String)> = ex
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntryKind::Documents && e.table != "_tables")
        .map(|(i, e)| (i, e.component.clone(), e.table.clone()))
        .collect();
    let priority = |c: &str, t: &str| -> u32 {
        if c == comp {
            match t {
                "user" => 0,
                "account" => 1,
                "session" => 2,
                "jwks" => 3,
                _ => 4,
            }
        } else if c.is_empty() && t == opts.app_table {
            5
        } else {
            6
        }
    };
    let mut sorted = docs.clone();
    sorted.sort_by_key(|(i, c, t)| (priority(c, t), *i));
    order.extend(sorted.iter().map(|(i, _, _)| *i));
    let total: u64 = order
        .iter()
        .filter_map(|&i| ex.entries().get(i))
        .map(|e| e.size)
        .sum();
    let mut done = 0u64;

    // Table numbers per namespace.
    let mut numbers: HashMap<String, crate::convex_export::TableNumbers> = HashMap::new();
    for c in ex.components() {
        if let Some(t) = ex.table_numbers(&c)? {
            let label = table_label(&c, "_tables");
            if !t.bad_lines.is_empty() {
                run.out.add(
                    Code::ImportTableNumbers,
                    &label,
                    vec![],
                    None,
                    format!(
                        "lines {:?} are not {{\"name\",\"id\"}} objects",
                        t.bad_lines
                    ),
                );
            }
            let mut seen: HashMap<u32, &str> = HashMap::new();
            for (name, n) in &t.entries {
                if let Some(prev) = seen.insert(*n, name) {
                    run.out.add(
                        Code::ImportTableNumbers,
                        &label,
                        vec![],
                        None,
                        format!("tables {prev} and {name} both have number {n}"),
                    );
                }
            }
            numbers.insert(c, t);
        }
    }

    let has_component = docs.iter().any(|(_, c, _)| c == comp);
    if !has_component {
        run.out.add(
            Code::ComponentMissing,
            &table_label(comp, ""),
            vec![],
            None,
            format!("the export has no tables under _components/{comp}/"),
        );
    }
    let has_app = docs
        .iter()
        .any(|(_, c, t)| c.is_empty() && *t == opts.app_table);
    if !has_app && has_component {
        run.out.add(
            Code::AppTableMissing,
            &opts.app_table,
            vec![],
            None,
            format!(
                "the root namespace has no table {:?}; app-row checks skipped",
                opts.app_table
            ),
        );
    }

    let mut users: Vec<AuthUser> = Vec::new();
    let mut by_key: HashMap<u128, u32, IdBuild> = HashMap::default();
    let mut by_email: HashMap<Box<str>, u32> = HashMap::new();
    let mut legacy: HashMap<String, u32> = HashMap::new();
    let mut jwks: Vec<(String, String)> = Vec::new();
    let mut app_emails: HashMap<String, Box<str>> = HashMap::new();
    let mut hash_formats: BTreeMap<String, u64> = BTreeMap::new();

    let lookup =
        |by_key: &HashMap<u128, u32, IdBuild>, users: &[AuthUser], s: &str| -> Option<u32> {
            let d = id::decode(s)?;
            let &i = by_key.get(&d.key())?;
            (users.get(i as usize)?.id.as_ref() == s).then_some(i)
        };

    for &ei in &order {
        let Some(e) = ex.entries().get(ei).cloned() else {
            continue;
        };
        let format = ex.value_format(&e.component, &e.table)?;
        let number = numbers.get(&e.component).and_then(|t| t.get(&e.table));
        let in_comp = e.component == comp;
        let mut t = TableCtx {
            label: table_label(&e.component, &e.table),
            name: &e.table,
            number,
            format,
            schema: if in_comp {
                schema::table(&e.table)
            } else {
                None
            },
            ids: HashSet::default(),
            docs: 0,
        };
        let role = if in_comp {
            e.table.as_str()
        } else if e.component.is_empty() && e.table == opts.app_table {
            "@app"
        } else {
            ""
        };
        let label = t.label.clone();
        let mut progress_cb = |n: u64| {
            done += n;
            progress(done, total);
        };
        ex.for_each_line(
            ei,
            |line_no, line| {
                let text = match line {
                    Line::TooLong(n) => {
                        run.out.add(
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
                if text.iter().all(|b| b.is_ascii_whitespace()) {
                    return Ok(());
                }
                let Some(doc) = Doc::parse(text) else {
                    run.out.add(
                        Code::ImportInvalidJson,
                        &label,
                        vec![],
                        None,
                        format!("line {line_no} is not a JSON object"),
                    );
                    return Ok(());
                };
                let id = run.check_doc(&mut t, &doc, text.len());
                match role {
                    "user" => {
                        let email = doc.str("email").unwrap_or("");
                        let Some(id) = id else { return Ok(()) };
                        let idx = users.len() as u32;
                        let canon = canonical_email(email);
                        if !canon.is_empty() {
                            if let Some(&other) = by_email.get(canon.as_str()) {
                                let o = users.get(other as usize).map(|u| u.id.to_string()).unwrap_or_default();
                                run.out.add(
                                    Code::DuplicateAuthEmail,
                                    &label,
                                    vec![o, id.to_owned()],
                                    Some(email),
                                    "two auth users have the same email (ignoring case); sign-in finds only one of them".into(),
                                );
                            } else {
                                by_email.insert(canon.into_boxed_str(), idx);
                            }
                        }
                        let legacy_app: Option<Box<str>> = doc.str("userId").filter(|s| !s.is_empty()).map(Box::from);
                        if let Some(l) = &legacy_app {
                            legacy.insert(l.to_string(), idx);
                        }
                        if let Some(d) = id::decode(id) {
                            by_key.insert(d.key(), idx);
                        }
                        users.push(AuthUser {
                            id: id.into(),
                            email: email.into(),
                            verified: matches!(doc.get("emailVerified"), Some(Val::Bool(true))),
                            role_admin: is_admin_role(doc.get("role")),
                            app_admin: false,
                            legacy_app,
                            cred_count: 0,
                            first_cred: None,
                            cred_ok: false,
                            other_accounts: false,
                            app_links: 0,
                            first_app: None,
                            unlinked_match: false,
                        });
                    }
                    "account" => {
                        let aid = doc.str("_id").unwrap_or("").to_owned();
                        let owner = doc.str("userId").and_then(|u| lookup(&by_key, &users, u));
                        let provider = doc.str("providerId").unwrap_or("");
                        if owner.is_none() {
                            run.out.add(
                                Code::OrphanAccount,
                                &label,
                                vec![aid.clone()],
                                None,
                                format!("{provider} account points at user {:?}, which does not exist", doc.str("userId").unwrap_or("")),
                            );
                        }
                        let email = owner.and_then(|o| users.get(o as usize)).map(|u| u.email.to_string());
                        if provider == "credential" {
                            let ok = match doc.get("password") {
                                Some(Val::Str(p)) => match crate::password::inspect_password_hash(p) {
                                    Ok(info) => {
                                        *hash_formats.entry(info.algorithm.name().to_owned()).or_insert(0) += 1;
                                        true
                                    }
                                    Err(err) => {
                                        *hash_formats.entry("invalid".into()).or_insert(0) += 1;
                                        run.out.add(
                                            Code::PasswordHashInvalid,
                                            &label,
                                            vec![aid.clone()],
                                            email.as_deref(),
                                            format!("the stored password is not in any known format ({})", err.code()),
                                        );
                                        false
                                    }
                                },
                                _ => {
                                    *hash_formats.entry("missing".into()).or_insert(0) += 1;
                                    run.out.add(
                                        Code::PasswordHashInvalid,
                                        &label,
                                        vec![aid.clone()],
                                        email.as_deref(),
                                        "the credential account has no password".into(),
                                    );
                                    false
                                }
                            };
                            if let Some(u) = owner.and_then(|o| users.get_mut(o as usize)) {
                                u.cred_count = u.cred_count.saturating_add(1);
                                u.cred_ok |= ok;
                                if u.cred_count == 1 {
                                    u.first_cred = Some(aid.clone().into());
                                } else {
                                    let ids = vec![
                                        u.id.to_string(),
                                        u.first_cred.as_deref().unwrap_or("").to_owned(),
                                        aid,
                                    ];
                                    run.out.add(
                                        Code::DuplicateCredentialAccount,
                                        &label,
                                        ids,
                                        Some(&u.email),
                                        "the user has more than one credential account; Better Auth 1.6 uses whichever comes first".into(),
                                    );
                                }
                            }
                        } else if let Some(u) = owner.and_then(|o| users.get_mut(o as usize)) {
                            u.other_accounts = true;
                        }
                    }
                    "session"
                        if doc
                            .str("userId")
                            .and_then(|u| lookup(&by_key, &users, u))
                            .is_none() =>
                    {
                        {
                            run.out.add(
                                Code::OrphanSession,
                                &label,
                                vec![doc.str("_id").unwrap_or("").to_owned()],
                                None,
                                format!("session points at user {:?}, which does not exist", doc.str("userId").unwrap_or("")),
                            );
                        }
                    }
                    "jwks" if jwks.len() < MAX_JWKS_KEPT => {
                        {
                            jwks.push((
                                doc.str("_id").unwrap_or("").to_owned(),
                                doc.str("privateKey").unwrap_or("").to_owned(),
                            ));
                        }
                    }
                    "@app" => {
                        let row_id = doc.str("_id").unwrap_or("").to_owned();
                        let email = doc.str(&run.opts.email_field).filter(|s| !s.is_empty());
                        let link = doc.str(&run.opts.link_field).filter(|s| !s.is_empty());
                        let admin = is_admin_role(doc.get("role"))
                            || matches!(doc.get("isAdmin"), Some(Val::Bool(true)));
                        let mut linked = None;
                        let mut dup_reported = false;
                        if let Some(link) = link {
                            linked = lookup(&by_key, &users, link);
                            if linked.is_none() {
                                run.out.add(
                                    Code::AppUserWithoutAuthUser,
                                    &label,
                                    vec![row_id.clone()],
                                    email,
                                    format!("{} points at auth user {link:?}, which does not exist (\"User not found\")", run.opts.link_field),
                                );
                            }
                        } else if let Some(&u) = legacy.get(&row_id) {
                            linked = Some(u);
                        }
                        if let Some(u) = linked.and_then(|i| users.get_mut(i as usize)) {
                            u.app_links = u.app_links.saturating_add(1);
                            u.app_admin |= admin;
                            if u.app_links == 1 {
                                u.first_app = Some(row_id.clone().into());
                            } else {
                                dup_reported = true;
                                run.out.add(
                                    Code::DuplicateAppUser,
                                    &label,
                                    vec![u.first_app.as_deref().unwrap_or("").to_owned(), row_id.clone()],
                                    Some(&u.email),
                                    "two app rows link to the same auth user".into(),
                                );
                            }
                            if let Some(e) = email {
                                if stored_form(e) != stored_form(&u.email) {
                                    run.out.add(
                                        Code::EmailMismatch,
                                        &label,
                                        vec![row_id.clone(), u.id.to_string()],
                                        Some(e),
                                        format!("the app row says {e:?}, the auth user says {:?}", u.email),
                                    );
                                }
                            }
                        } else if link.is_none() {
                            let matched = email.and_then(|e| by_email.get(canonical_email(e).as_str()).copied());
                            match matched.and_then(|i| users.get_mut(i as usize)) {
                                Some(u) => {
                                    u.unlinked_match = true;
                                    run.out.add(
                                        Code::AppUserUnlinked,
                                        &label,
                                        vec![row_id.clone(), u.id.to_string()],
                                        email,
                                        format!("the app row has no {} but auth user {} has its email", run.opts.link_field, u.id),
                                    );
                                }
                                None => run.out.add(
                                    Code::AppUserWithoutAuthUser,
                                    &label,
                                    vec![row_id.clone()],
                                    email,
                                    format!("the app row has no {} and no auth user has its email", run.opts.link_field),
                                ),
                            }
                        }
                        if let Some(e) = email {
                            let c = canonical_email(e);
                            match app_emails.get(&c) {
                                Some(first) if !dup_reported => run.out.add(
                                    Code::DuplicateAppUser,
                                    &label,
                                    vec![first.to_string(), row_id.clone()],
                                    Some(e),
                                    "two app rows have the same email (ignoring case)".into(),
                                ),
                                Some(_) => {}
                                None => {
                                    app_emails.insert(c, row_id.into());
                                }
                            }
                        }
                    }
                    _ => {}
                }
                Ok(())
            },
            &mut progress_cb,
        )?;
        run.summary.documents += t.docs;
        *run.summary.tables.entry(t.label.clone()).or_insert(0) += t.docs;
        match role {
            "user" => run.summary.auth_users += t.docs,
            "account" => run.summary.accounts += t.docs,
            "session" => run.summary.sessions += t.docs,
            "jwks" => run.summary.jwks += t.docs,
            "@app" => run.summary.app_users += t.docs,
            _ => {}
        }
    }

    // Per-user conclusions.
    let user_label = table_label(comp, "user");
    let allow: HashSet<String> = opts
        .admin_emails
        .iter()
        .map(|e| canonical_email(e))
        .collect();
    let any_flag = users.iter().any(|u| u.role_admin || u.app_admin);
    for u in &users {
        let ids = || vec![u.id.to_string()];
        let email = Some(u.email.as_ref()).filter(|e| !e.is_empty());
        if has_app && u.app_links == 0 && !u.unlinked_match {
            let why = match &u.legacy_app {
                Some(l) => format!("its legacy userId {l:?} matches no app row, and no app row links to it"),
                None => format!("no app row has {} = this user's _id or its email; the app cannot find this user", opts.link_field),
            };
            run.out
                .add(Code::AuthUserWithoutAppUser, &user_label, ids(), email, why);
        }
        if !u.cred_ok && !u.other_accounts {
            run.out.add(
                Code::NoSignInMethod,
                &user_label,
                ids(),
                email,
                if u.cred_count > 0 {
                    "the only sign-in method is a credential account with an unusable password"
                        .into()
                } else {
                    "the user has no account (no password, no OAuth provider)".into()
                },
            );
        }
        if let Some(l) = &u.legacy_app {
            run.out.add(
                Code::LegacyUserIdField,
                &user_label,
                ids(),
                email,
                format!("user.userId = {l:?} is the deprecated link (since 0.9) to the app table"),
            );
        }
        let flagged = u.role_admin || u.app_admin;
        let listed = allow.contains(&canonical_email(&u.email));
        if flagged && !u.verified {
            run.out.add(Code::AdminMismatch, &user_label, ids(), email,
                "an admin's email is not verified; with requireEmailVerification they cannot sign in".into());
        }
        if !allow.is_empty() && flagged && !listed {
            run.out.add(
                Code::AdminMismatch,
                &user_label,
                ids(),
                email,
                "flagged as admin (role) but not in the --admin-email allowlist".into(),
            );
        }
        if listed && !flagged && any_flag && u.app_links > 0 {
            run.out.add(
                Code::AdminMismatch,
                &user_label,
                ids(),
                email,
                "in the --admin-email allowlist but not flagged as admin (role)".into(),
            );
        }
        if listed && has_app && u.app_links == 0 {
            run.out.add_sev(
                Code::AdminMismatch,
                Severity::Error,
                &user_label,
                ids(),
                email,
                "an allowlisted admin has no linked app row, so the app will not let them in"
                    .into(),
            );
        }
    }
    for a in &opts.admin_emails {
        if has_component && !by_email.contains_key(canonical_email(a).as_str()) {
            run.out.add_sev(
                Code::AdminMismatch,
                Severity::Error,
                &user_label,
                vec![],
                Some(a),
                "an allowlisted admin has no auth user and cannot sign in".into(),
            );
        }
    }

    let jwks_label = table_label(comp, "jwks");
    if run.summary.jwks > 1 {
        run.out.add(
            Code::MultipleJwks,
            &jwks_label,
            jwks.iter().map(|(i, _)| i.clone()).collect(),
            None,
            format!("{} jwks rows; with static JWKS /api/auth/convex/token fails once there are two or more (get-convex/better-auth#427)", run.summary.jwks),
        );
    }
    if let Some(secret) = &opts.secret {
        let secrets = crate::crypto::Secrets::single(secret.clone());
        for (jid, private) in &jwks {
            if let Err(e) = crate::crypto::decrypt_private_key(private, &secrets) {
                run.out.add(
                    Code::JwksUndecryptable,
                    &jwks_label,
                    vec![jid.clone()],
                    None,
                    format!("the private key does not decrypt with the given secret ({}): Better Auth fails with \"Failed to decrypt private key\"", e.code()),
                );
            }
        }
    }

    let creds: u64 = hash_formats.values().sum();
    if creds > 0 {
        let parts: Vec<String> = hash_formats
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        run.out.add(
            Code::PasswordHashFormats,
            &table_label(comp, "account"),
            vec![],
            None,
            format!("{creds} credential passwords: {}", parts.join(", ")),
        );
    }
    run.summary.password_hashes = hash_formats;

    // Assemble: order findings by code, count.
    let Run {
        out, mut summary, ..
    } = run;
    let mut findings = out.findings;
    findings.sort_by_key(|f| f.code);
    for ((code, sev), n) in &out.counts {
        *summary.by_code.entry(code.as_str().to_owned()).or_insert(0) += n;
        match sev {
            Severity::Error => summary.errors += n,
            Severity::Warning => summary.warnings += n,
            Severity::Info => summary.infos += n,
        }
    }
    let total_count: u64 = out.counts.values().sum();
    summary.omitted = total_count.saturating_sub(findings.len() as u64);
    Ok(Report { findings, summary })
}
