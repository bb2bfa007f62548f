//! The Convex export ZIP as a source: which tables to read in which order, the two readers
//! of [`diagnose_parallel`], and the merge of each table's findings in table order. The rows
//! become documents in [`super::scan`]; the checks are in [`super::joins`] and
//! [`super::verdict`], which know nothing of ZIPs.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;

use super::findings::Collector;
use super::joins::{self, AppState, CredState, DocRef, SessionCheck, UserTables};
use super::keys::FastBuild;
use super::report::{Report, Summary};
use super::scan::{
    estimate_docs, scan_table, table_label, Job, Role, TableOut, ESTIMATE_AFTER_DOCS,
};
use super::{verdict, Code, DoctorOptions, MAX_JWKS_KEPT};
use crate::convex_export::schema;
use crate::convex_export::{EntryKind, Export, TableNumbers};
use crate::error::{Error, Result};

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

/// The tables to read, in the order the joins need, and what the export lacks.
struct Tables {
    jobs: Vec<Job>,
    has_component: bool,
    has_app: bool,
}

/// What a table is to the joins.
fn role_of(opts: &DoctorOptions, c: &str, t: &str) -> Role {
    if c == opts.component {
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
}

/// The order tables are read in: `user` first (the others join on it), the app table last.
fn priority(opts: &DoctorOptions, c: &str, t: &str) -> u32 {
    match role_of(opts, c, t) {
        Role::User => 0,
        Role::Account => 1,
        Role::Session => 2,
        Role::Jwks => 3,
        Role::Other if c == opts.component => 4,
        Role::App => 5,
        Role::Other => 6,
    }
}

/// Each namespace's `_tables`, checked for bad lines and repeated numbers.
fn table_numbers<R: Read + Seek>(
    ex: &mut Export<R>,
    out: &mut Collector,
) -> Result<HashMap<String, TableNumbers>> {
    let mut numbers = HashMap::new();
    for c in ex.components() {
        let Some(t) = ex.table_numbers(&c)? else {
            continue;
        };
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
    Ok(numbers)
}

/// The documents entries to read, in the order the joins need, with the findings of an
/// export without the component or the app table.
fn plan_tables<R: Read + Seek>(
    ex: &mut Export<R>,
    opts: &DoctorOptions,
    out: &mut Collector,
) -> Result<Tables> {
    let comp = opts.component.as_str();
    let docs: Vec<(usize, String, String)> = ex
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntryKind::Documents && e.table != "_tables")
        .map(|(i, e)| (i, e.component.clone(), e.table.clone()))
        .collect();
    let mut sorted = docs.clone();
    sorted.sort_by_key(|(i, c, t)| (priority(opts, c, t), *i));
    let numbers = table_numbers(ex, out)?;
    let mut jobs: Vec<Job> = Vec::with_capacity(sorted.len());
    for (ei, c, t) in &sorted {
        jobs.push(Job {
            entry: *ei,
            format: ex.value_format(c, t)?,
            number: numbers.get(c).and_then(|n| n.get(t)),
            role: role_of(opts, c, t),
            schema: if c == comp { schema::table(t) } else { None },
            component: c.clone(),
            table: t.clone(),
            size: ex.entries().get(*ei).map_or(0, |e| e.size),
        });
    }
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
    Ok(Tables {
        jobs,
        has_component,
        has_app,
    })
}

/// What both readers share: the tables, the user table once published, the cancel flag.
struct Run<'a> {
    jobs: &'a [Job],
    opts: &'a DoctorOptions,
    reopen: Option<Reopen<'a>>,
    tables: OnceLock<UserTables>,
    cancel: AtomicBool,
    side_done: AtomicU64,
}

impl Run<'_> {
    /// Whether the second reader reads `j` (`session` and the app table, with a second
    /// reader).
    fn on_side(&self, j: &Job) -> bool {
        self.reopen.is_some() && matches!(j.role, Role::Session | Role::App)
    }

    fn max(&self) -> usize {
        self.opts.max_findings_per_code
    }

    fn cancelled() -> Error {
        Error::ExportIo("cancelled: the other reader failed".into())
    }
}

/// Read the `user` tables and publish them (an empty one on failure, so the other reader
/// does not wait for ever).
fn read_users<R: Read + Seek>(
    run: &Run,
    ex: &mut Export<R>,
    tick: &mut dyn FnMut(u64),
    results: &mut Vec<(usize, TableOut)>,
) -> Result<()> {
    let publish = Publish(&run.tables);
    let mut users = UserTables::default();
    let mut read = || -> Result<()> {
        for (ji, job) in run.jobs.iter().enumerate() {
            if job.role != Role::User {
                continue;
            }
            let r = scan_table(
                ex,
                job,
                run.max(),
                tick,
                &run.cancel,
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
    let read = read();
    let _ = run.tables.set(users);
    drop(publish);
    read
}

/// The first reader: `user`, then every table the second reader does not take.
fn main_work<R: Read + Seek>(
    run: &Run,
    ex: &mut Export<R>,
    tick: &mut dyn FnMut(u64),
) -> Result<MainOut> {
    let mut results = Vec::new();
    read_users(run, ex, tick, &mut results)?;
    let t = run
        .tables
        .get()
        .ok_or_else(|| Error::ExportIo("the user table was not published".into()))?;
    let mut m = MainOut {
        results,
        creds: vec![CredState::default(); t.users.len()],
        apps: (run.reopen.is_none()).then(|| vec![AppState::default(); t.users.len()]),
        hash_formats: BTreeMap::new(),
        jwks: Vec::new(),
    };
    let mut app_emails: HashMap<String, DocRef, FastBuild> = HashMap::default();
    for (ji, job) in run.jobs.iter().enumerate() {
        if job.role == Role::User || run.on_side(job) {
            continue;
        }
        let mut sessions = SessionCheck::new(&run.tables);
        let mut r = scan_table(
            ex,
            job,
            run.max(),
            tick,
            &run.cancel,
            |out, label, doc, id, n, bytes| match job.role {
                Role::Account => {
                    joins::account_doc(t, &mut m.creds, &mut m.hash_formats, out, label, doc)
                }
                Role::Session => sessions.doc(out, label, doc, id),
                Role::Jwks if m.jwks.len() < MAX_JWKS_KEPT => m.jwks.push((
                    doc.str("_id").unwrap_or("").to_owned(),
                    doc.str("privateKey").unwrap_or("").to_owned(),
                )),
                Role::App => {
                    if n == ESTIMATE_AFTER_DOCS {
                        app_emails.reserve(estimate_docs(job.size, bytes, n));
                    }
                    if let Some(apps) = m.apps.as_mut() {
                        joins::app_doc(run.opts, t, apps, &mut app_emails, out, label, doc);
                    }
                }
                _ => {}
            },
        )?;
        sessions.finish(&mut r.out, &table_label(&job.component, &job.table));
        m.results.push((ji, r));
    }
    Ok(m)
}

/// The second reader: `session` (from the start: its checks wait for the user table
/// compactly), then the app table.
fn side_work(run: &Run) -> Result<SideOut> {
    let mut results = Vec::new();
    let mut apps = None;
    let Some(reopen) = run.reopen else {
        return Ok((results, apps));
    };
    if !run.jobs.iter().any(|j| run.on_side(j)) {
        return Ok((results, apps));
    }
    let mut ex2 = Export::open(reopen()?)?;
    let mut tick2 = |n: u64| {
        run.side_done.fetch_add(n, Ordering::Relaxed);
    };
    let mut app_emails: HashMap<String, DocRef, FastBuild> = HashMap::default();
    for (ji, job) in run.jobs.iter().enumerate() {
        if !run.on_side(job) {
            continue;
        }
        let label = table_label(&job.component, &job.table);
        if job.role == Role::Session {
            let mut sessions = SessionCheck::new(&run.tables);
            let mut r = scan_table(
                &mut ex2,
                job,
                run.max(),
                &mut tick2,
                &run.cancel,
                |out, l, doc, id, _, _| sessions.doc(out, l, doc, id),
            )?;
            sessions.finish(&mut r.out, &label);
            results.push((ji, r));
            continue;
        }
        let t = run.tables.wait();
        if run.cancel.load(Ordering::Relaxed) {
            return Err(Run::cancelled());
        }
        let apps = apps.get_or_insert_with(|| vec![AppState::default(); t.users.len()]);
        let r = scan_table(
            &mut ex2,
            job,
            run.max(),
            &mut tick2,
            &run.cancel,
            |out, l, doc, _, n, bytes| {
                if n == ESTIMATE_AFTER_DOCS {
                    app_emails.reserve(estimate_docs(job.size, bytes, n));
                }
                joins::app_doc(run.opts, t, apps, &mut app_emails, out, l, doc);
            },
        )?;
        results.push((ji, r));
    }
    Ok((results, apps))
}

/// Run both readers (the second on its own thread when there is a second reader); on an
/// error, stop the other and report the first error.
fn run_both<R: Read + Seek>(
    run: &Run,
    ex: &mut Export<R>,
    tick: &mut dyn FnMut(u64),
) -> Result<(MainOut, SideOut)> {
    #[cfg(not(target_arch = "wasm32"))]
    let first_failure = |failed: bool| failed && !run.cancel.swap(true, Ordering::Relaxed);
    #[cfg(not(target_arch = "wasm32"))]
    let (mine, theirs) = if run.reopen.is_some() {
        std::thread::scope(|s| {
            let side = s.spawn(|| {
                let r = side_work(run);
                let first = first_failure(r.is_err());
                (r, first)
            });
            let mine = main_work(run, ex, tick);
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
        ((main_work(run, ex, tick), true), (side_work(run), false))
    };
    #[cfg(target_arch = "wasm32")]
    let (mine, theirs) = ((main_work(run, ex, tick), true), (side_work(run), false));
    match (mine, theirs) {
        ((Ok(m), _), (Ok(s), _)) => Ok((m, s)),
        ((Err(e), true), _) | (_, (Err(e), true)) | ((Err(e), _), _) | (_, (Err(e), _)) => Err(e),
    }
}

/// Each table's findings and counts, in table order, so the report does not depend on the
/// threads.
fn merge_tables(
    jobs: &[Job],
    found: impl Iterator<Item = (usize, TableOut)>,
    out: &mut Collector,
    summary: &mut Summary,
) {
    let mut results: Vec<Option<TableOut>> = jobs.iter().map(|_| None).collect();
    for (ji, r) in found {
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
    let tables = plan_tables(&mut ex, opts, &mut out)?;
    let total: u64 = tables.jobs.iter().map(|j| j.size).sum();
    // With a second reader, a second thread reads `session` and then the app table, while
    // this one reads `user` and `account`. Each table has its own collector, merged in table
    // order below, so the report is the same either way.
    let run = Run {
        jobs: &tables.jobs,
        opts,
        reopen,
        tables: OnceLock::new(),
        cancel: AtomicBool::new(false),
        side_done: AtomicU64::new(0),
    };
    let mut main_done = 0u64;
    let mut tick = |n: u64| {
        main_done += n;
        progress(main_done + run.side_done.load(Ordering::Relaxed), total);
    };
    let (main, (side_results, side_apps)) = run_both(&run, &mut ex, &mut tick)?;
    if reopen.is_some() {
        progress(total, total);
    }
    let t = run.tables.into_inner().unwrap_or_default();
    let apps = main
        .apps
        .or(side_apps)
        .unwrap_or_else(|| vec![AppState::default(); t.users.len()]);
    let found = main.results.into_iter().chain(side_results);
    merge_tables(&tables.jobs, found, &mut out, &mut summary);
    let gathered = verdict::Gathered {
        t,
        creds: main.creds,
        apps,
        hash_formats: main.hash_formats,
        jwks: main.jwks,
        has_app: tables.has_app,
        has_component: tables.has_component,
    };
    let labels = verdict::Labels {
        user: table_label(comp, "user"),
        account: table_label(comp, "account"),
        jwks: table_label(comp, "jwks"),
    };
    Ok(verdict::conclude(opts, out, summary, gathered, &labels))
}
