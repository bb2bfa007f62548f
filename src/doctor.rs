//! The Convex export doctor: reads a snapshot ZIP as a stream and reports what would break
//! sign-in, the app's user table, or `npx convex import` (see [`diagnose`]), fixes it into a
//! new ZIP ([`fix`]) and generates synthetic exports for tests and benchmarks ([`gen`]).
//!
//! Generic over `Read + Seek`, no file system access: the CLI opens files, the core only
//! sees readers and writers, so the same code runs in WebAssembly.

pub mod findings;
pub mod fix;
pub mod gen;
mod joins;
mod scan;
pub mod sql;
mod verdict;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Seek};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;

use serde::Serialize;

use crate::convex_export::schema;
use crate::convex_export::{EntryKind, Export};
use crate::error::{Error, Result};
use findings::Collector;
pub use findings::{Code, Finding, Severity, DEFAULT_MAX_FINDINGS_PER_CODE};
use joins::{AppState, CredState, DocRef, SessionCheck, UserTables};
use scan::{estimate_docs, scan_table, table_label, Job, Role, TableOut, ESTIMATE_AFTER_DOCS};

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
pub(crate) const MAX_JWKS_KEPT: usize = 64;

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

/// A fast, randomly seeded hasher for the email maps (SipHash was 5% of a run).
pub(crate) type FastBuild = foldhash::fast::RandomState;

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

/// A second reader of the same export, for a second thread (see [`diagnose_parallel`]).
type Reopen<'a> = &'a (dyn Fn() -> Result<Box<dyn ReadSeekSend>> + Sync);

/// `Read + Seek + Send`, as a trait object.
pub trait ReadSeekSend: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeekSend for T {}

/// Read a Convex export and report findings. `progress(done, total)` is called as bytes of
/// decompressed JSONL are consumed.
pub fn diagnose<R: Read + Seek>(
    reader: R,
    opts: &DoctorOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report> {
    diagnose_with(reader, None, opts, progress)
}

/// [`diagnose`] on two threads: once the `user` table is read, the `session` tables (the
/// largest, needing only the users' ids) are read on a second thread through a second reader
/// that `open` returns, while this one reads the rest. The report is the same as
/// [`diagnose`]'s, finding for finding. `open` is called twice (the CLI opens the file
/// twice).
#[cfg(not(target_arch = "wasm32"))]
pub fn diagnose_parallel<R, F>(
    open: F,
    opts: &DoctorOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report>
where
    R: Read + Seek + Send + 'static,
    F: Fn() -> Result<R> + Sync,
{
    let reopen = || open().map(|r| Box::new(r) as Box<dyn ReadSeekSend>);
    diagnose_with(open()?, Some(&reopen), opts, progress)
}

/// What the thread reading the `user` and `account` tables hands back.
struct MainOut {
    results: Vec<(usize, TableOut)>,
    creds: Vec<CredState>,
    apps: Option<Vec<AppState>>,
    hash_formats: BTreeMap<String, u64>,
    jwks: Vec<(String, String)>,
}

/// What the thread reading `session` and the app table hands back: its tables' results and
/// the app table's per-user state.
type SideOut = (Vec<(usize, TableOut)>, Option<Vec<AppState>>);

/// Publishes an empty user table on drop if none was published, so that the other thread,
/// which may be waiting for it, never waits for ever.
struct Publish<'a>(&'a OnceLock<UserTables>);

impl Drop for Publish<'_> {
    fn drop(&mut self) {
        let _ = self.0.set(UserTables::default());
    }
}

fn diagnose_with<R: Read + Seek>(
    reader: R,
    reopen: Option<Reopen>,
    opts: &DoctorOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Report> {
    let mut ex = Export::open(reader)?;
    let mut out = Collector::new(opts.max_findings_per_code);
    let mut summary = Summary::default();
    if ex.has_duplicate_names() {
        out.add(
            Code::ImportDuplicateEntry,
            "",
            vec![],
            None,
            "the ZIP's central directory lists an entry name more than once; only the last copy \
             of each is read here (and by unzip tools), the others are invisible"
                .into(),
        );
    }
    let comp = opts.component.as_str();
    let max = opts.max_findings_per_code;

    // Which documents entries to read, in the order the joins need.
    let docs: Vec<(usize, String, String)> = ex
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntryKind::Documents && e.table != "_tables")
        .map(|(i, e)| (i, e.component.clone(), e.table.clone()))
        .collect();
    let role_of = |c: &str, t: &str| -> Role {
        if c == comp {
            match t {
                "user" => Role::User,
                "account" => Role::Account,
                "session" => Role::Session,
                "jwks" => Role::Jwks,
                _ => Role::Other,
            }
        } else if c.is_empty() && t == opts.app_table {
            Role::App
        } else {
            Role::Other
        }
    };
    let priority = |c: &str, t: &str| -> u32 {
        match role_of(c, t) {
            Role::User => 0,
            Role::Account => 1,
            Role::Session => 2,
            Role::Jwks => 3,
            Role::Other if c == comp => 4,
            Role::App => 5,
            Role::Other => 6,
        }
    };
    let mut sorted = docs.clone();
    sorted.sort_by_key(|(i, c, t)| (priority(c, t), *i));

    // Table numbers per namespace.
    let mut numbers: HashMap<String, crate::convex_export::TableNumbers> = HashMap::new();
    for c in ex.components() {
        if let Some(t) = ex.table_numbers(&c)? {
            let label = table_label(&c, "_tables");
            if !t.bad_lines.is_empty() {
                out.add(
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
                    out.add(
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

    let mut jobs: Vec<Job> = Vec::with_capacity(sorted.len());
    for (ei, c, t) in &sorted {
        jobs.push(Job {
            entry: *ei,
            format: ex.value_format(c, t)?,
            number: numbers.get(c).and_then(|n| n.get(t)),
            role: role_of(c, t),
            schema: if c == comp { schema::table(t) } else { None },
            component: c.clone(),
            table: t.clone(),
            size: ex.entries().get(*ei).map_or(0, |e| e.size),
        });
    }
    let total: u64 = jobs.iter().map(|j| j.size).sum();

    let has_component = docs.iter().any(|(_, c, _)| c == comp);
    if !has_component {
        out.add(
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
        out.add(
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

    // With a second reader, a second thread reads `session` (from the start: its checks wait
    // for the user table compactly) and then the app table, while this one reads `user` and
    // `account`. Each table has its own collector, merged in table order below, so the
    // report is the same either way.
    let on_side = |j: &Job| reopen.is_some() && matches!(j.role, Role::Session | Role::App);
    let tables: OnceLock<UserTables> = OnceLock::new();
    let cancel = AtomicBool::new(false);
    let side_done = AtomicU64::new(0);
    let mut main_done = 0u64;
    let mut tick = |n: u64| {
        main_done += n;
        progress(main_done + side_done.load(Ordering::Relaxed), total);
    };

    let main_work = |ex: &mut Export<R>, tick: &mut dyn FnMut(u64)| -> Result<MainOut> {
        let publish = Publish(&tables);
        let mut results = Vec::new();
        let mut users = UserTables::default();
        let mut read_users = || -> Result<()> {
            for (ji, job) in jobs.iter().enumerate() {
                if job.role != Role::User {
                    continue;
                }
                let r = scan_table(
                    ex,
                    job,
                    max,
                    tick,
                    &cancel,
                    |out, label, doc, id, n, bytes| {
                        if n == ESTIMATE_AFTER_DOCS {
                            users.reserve(estimate_docs(job.size, bytes, n));
                        }
                        users.user_doc(out, label, doc, id);
                    },
                )?;
                results.push((ji, r));
            }
            Ok(())
        };
        let read = read_users();
        let _ = tables.set(users);
        drop(publish);
        read?;
        let t = tables
            .get()
            .ok_or_else(|| Error::ExportIo("the user table was not published".into()))?;
        let mut creds = vec![CredState::default(); t.users.len()];
        let mut apps = (reopen.is_none()).then(|| vec![AppState::default(); t.users.len()]);
        let mut app_emails: HashMap<String, DocRef, FastBuild> = HashMap::default();
        let mut hash_formats = BTreeMap::new();
        let mut jwks = Vec::new();
        for (ji, job) in jobs.iter().enumerate() {
            if job.role == Role::User || on_side(job) {
                continue;
            }
            let mut sessions = SessionCheck::new(&tables);
            let mut r = scan_table(
                ex,
                job,
                max,
                tick,
                &cancel,
                |out, label, doc, id, n, bytes| match job.role {
                    Role::Account => {
                        joins::account_doc(t, &mut creds, &mut hash_formats, out, label, doc)
                    }
                    Role::Session => sessions.doc(out, label, doc, id),
                    Role::Jwks if jwks.len() < MAX_JWKS_KEPT => jwks.push((
                        doc.str("_id").unwrap_or("").to_owned(),
                        doc.str("privateKey").unwrap_or("").to_owned(),
                    )),
                    Role::App => {
                        if n == ESTIMATE_AFTER_DOCS {
                            app_emails.reserve(estimate_docs(job.size, bytes, n));
                        }
                        if let Some(apps) = apps.as_mut() {
                            joins::app_doc(opts, t, apps, &mut app_emails, out, label, doc);
                        }
                    }
                    _ => {}
                },
            )?;
            sessions.finish(&mut r.out, &table_label(&job.component, &job.table));
            results.push((ji, r));
        }
        Ok(MainOut {
            results,
            creds,
            apps,
            hash_formats,
            jwks,
        })
    };

    let side_work = || -> Result<SideOut> {
        let mut results = Vec::new();
        let mut apps = None;
        let Some(reopen) = reopen else {
            return Ok((results, apps));
        };
        if !jobs.iter().any(on_side) {
            return Ok((results, apps));
        }
        let mut ex2 = Export::open(reopen()?)?;
        let mut tick2 = |n: u64| {
            side_done.fetch_add(n, Ordering::Relaxed);
        };
        let mut app_emails: HashMap<String, DocRef, FastBuild> = HashMap::default();
        for (ji, job) in jobs.iter().enumerate() {
            if !on_side(job) {
                continue;
            }
            let label = table_label(&job.component, &job.table);
            if job.role == Role::Session {
                let mut sessions = SessionCheck::new(&tables);
                let mut r = scan_table(
                    &mut ex2,
                    job,
                    max,
                    &mut tick2,
                    &cancel,
                    |out, l, doc, id, _, _| sessions.doc(out, l, doc, id),
                )?;
                sessions.finish(&mut r.out, &label);
                results.push((ji, r));
                continue;
            }
            let t = tables.wait();
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::ExportIo("cancelled: the other reader failed".into()));
            }
            let apps = apps.get_or_insert_with(|| vec![AppState::default(); t.users.len()]);
            let r = scan_table(
                &mut ex2,
                job,
                max,
                &mut tick2,
                &cancel,
                |out, l, doc, _, n, bytes| {
                    if n == ESTIMATE_AFTER_DOCS {
                        app_emails.reserve(estimate_docs(job.size, bytes, n));
                    }
                    joins::app_doc(opts, t, apps, &mut app_emails, out, l, doc);
                },
            )?;
            results.push((ji, r));
        }
        Ok((results, apps))
    };

    // Run both; on an error, stop the other and report the first error.
    #[cfg(not(target_arch = "wasm32"))]
    let first_failure = |failed: bool| failed && !cancel.swap(true, Ordering::Relaxed);
    #[cfg(not(target_arch = "wasm32"))]
    let (mine, theirs) = if reopen.is_some() {
        std::thread::scope(|s| {
            let side = s.spawn(|| {
                let r = side_work();
                let first = first_failure(r.is_err());
                (r, first)
            });
            let mine = main_work(&mut ex, &mut tick);
            let mine_first = first_failure(mine.is_err());
            let theirs = side.join().unwrap_or_else(|_| {
                (
                    Err(Error::ExportIo("the second reader thread panicked".into())),
                    true,
                )
            });
            ((mine, mine_first), theirs)
        })
    } else {
        ((main_work(&mut ex, &mut tick), true), (side_work(), false))
    };
    #[cfg(target_arch = "wasm32")]
    let (mine, theirs) = ((main_work(&mut ex, &mut tick), true), (side_work(), false));
    let main_out = match (mine, theirs) {
        ((Ok(m), _), (Ok(s), _)) => (m, s),
        ((Err(e), true), _) | (_, (Err(e), true)) | ((Err(e), _), _) | (_, (Err(e), _)) => {
            return Err(e)
        }
    };
    let (
        MainOut {
            results: main_results,
            creds,
            apps: main_apps,
            hash_formats,
            jwks,
        },
        (side_results, side_apps),
    ) = main_out;
    if reopen.is_some() {
        progress(total, total);
    }
    let t = tables.into_inner().unwrap_or_default();
    let apps = main_apps
        .or(side_apps)
        .unwrap_or_else(|| vec![AppState::default(); t.users.len()]);

    // Tables' findings in table order, so the report does not depend on the threads.
    let mut results: Vec<Option<TableOut>> = jobs.iter().map(|_| None).collect();
    for (ji, r) in main_results.into_iter().chain(side_results) {
        if let Some(slot) = results.get_mut(ji) {
            *slot = Some(r);
        }
    }
    for (job, r) in jobs.iter().zip(results) {
        let Some(r) = r else { continue };
        out.absorb(r.out);
        summary.documents += r.docs;
        *summary
            .tables
            .entry(table_label(&job.component, &job.table))
            .or_insert(0) += r.docs;
        match job.role {
            Role::User => summary.auth_users += r.docs,
            Role::Account => summary.accounts += r.docs,
            Role::Session => summary.sessions += r.docs,
            Role::Jwks => summary.jwks += r.docs,
            Role::App => summary.app_users += r.docs,
            Role::Other => {}
        }
    }
    let gathered = verdict::Gathered {
        t,
        creds,
        apps,
        hash_formats,
        jwks,
        has_app,
        has_component,
    };
    let labels = verdict::Labels {
        user: table_label(comp, "user"),
        account: table_label(comp, "account"),
        jwks: table_label(comp, "jwks"),
    };
    Ok(verdict::conclude(opts, out, summary, gathered, &labels))
}
