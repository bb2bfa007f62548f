//! The joins between the component's tables and the app's users table: what the doctor keeps
//! of each auth user, and the checks of `account`, `session` and app rows against it.
//!
//! The state is split by who writes it, so that two threads can share the work
//! ([`super::diagnose_parallel`]): [`UserTables`] is written while the `user` table is read and
//! read-only afterwards; [`CredState`] is written only by `account`, [`AppState`] only by the
//! app table, and sessions only read.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use super::findings::Collector;
use super::keys::{canonical_email, stored_form, FastBuild, IdBuild};
use super::{Code, DoctorOptions};
use crate::convex_export::id::{self, DocumentId};
use crate::convex_export::value::{Doc, Val};

/// A document id kept for a later finding: decoded (20 bytes, no allocation) when it is a
/// valid id, else the string as it was.
#[derive(Debug, Clone)]
pub(super) enum DocRef {
    Id(DocumentId),
    Raw(Box<str>),
}

impl DocRef {
    pub(super) fn new(s: &str) -> DocRef {
        match id::decode(s) {
            Some(d) => DocRef::Id(d),
            None => DocRef::Raw(s.into()),
        }
    }

    /// The id string (ids decode canonically, so this is the string that was read).
    pub(super) fn text(&self) -> String {
        match self {
            DocRef::Id(d) => d.encode(),
            DocRef::Raw(s) => s.to_string(),
        }
    }
}

/// What the doctor keeps of each auth user from the `user` table.
pub(super) struct UserCore {
    pub(super) email: Box<str>,
    pub(super) verified: bool,
    pub(super) role_admin: bool,
    pub(super) legacy_app: Option<Box<str>>,
}

/// What `account` says of a user.
#[derive(Debug, Clone, Default)]
pub(super) struct CredState {
    pub(super) cred_count: u8,
    pub(super) first_cred: Option<DocRef>,
    pub(super) cred_ok: bool,
    pub(super) other_accounts: bool,
}

/// What the app table says of a user.
#[derive(Debug, Clone, Default)]
pub(super) struct AppState {
    pub(super) app_links: u8,
    pub(super) app_admin: bool,
    pub(super) first_app: Option<DocRef>,
    pub(super) unlinked_match: bool,
}

/// The auth users, filled from the `user` table and read-only afterwards.
#[derive(Default)]
pub(super) struct UserTables {
    /// Each user's `_id`, by position.
    ids: Vec<DocumentId>,
    /// Internal id → (position, table number).
    by_key: HashMap<u128, (u32, u32), IdBuild>,
    pub(super) users: Vec<UserCore>,
    /// Canonical email → first user with it.
    pub(super) by_email: HashMap<Box<str>, u32, FastBuild>,
    /// Legacy `user.userId` (an app row's `_id`) → user.
    legacy: HashMap<Box<str>, u32, FastBuild>,
    /// Each user's id as text, by position, when the source's ids are not Convex ids (SQL:
    /// text, uuid or serial ids). Empty for a Convex export.
    raw_ids: Vec<Box<str>>,
    /// Text id → position (SQL sources).
    by_raw: HashMap<Box<str>, u32, FastBuild>,
}

impl UserTables {
    /// The user whose `_id` is exactly `s`. Ids decode canonically ([`id::decode`]), so equal
    /// table numbers and internal ids mean equal strings.
    pub(super) fn lookup(&self, s: &str) -> Option<u32> {
        if !self.raw_ids.is_empty() {
            return self.by_raw.get(s).copied();
        }
        self.lookup_id(&id::decode(s)?)
    }

    fn lookup_id(&self, d: &DocumentId) -> Option<u32> {
        let &(i, number) = self.by_key.get(&d.key())?;
        (number == d.table_number).then_some(i)
    }

    /// A user's `_id`.
    pub(super) fn id(&self, i: u32) -> String {
        if let Some(raw) = self.raw_ids.get(i as usize) {
            return raw.to_string();
        }
        self.ids
            .get(i as usize)
            .map(|d| d.encode())
            .unwrap_or_default()
    }

    /// Size the maps for about `n` users.
    pub(super) fn reserve(&mut self, n: usize) {
        self.ids.reserve(n);
        self.by_key.reserve(n);
        self.users.reserve(n);
        self.by_email.reserve(n);
    }

    /// One document of the `user` table, with its valid `_id`.
    pub(super) fn user_doc(
        &mut self,
        out: &mut Collector,
        label: &str,
        doc: &Doc,
        id: Option<(&str, DocumentId)>,
    ) {
        let Some((id, decoded)) = id else { return };
        let idx = self.users.len() as u32;
        match self.by_key.entry(decoded.key()) {
            // A duplicate _id (reported when the table ends): the first one counts.
            std::collections::hash_map::Entry::Occupied(_) => return,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((idx, decoded.table_number));
            }
        }
        self.ids.push(decoded);
        self.add_user(out, label, doc, id, idx);
    }

    /// One row of a SQL source's `user` table, whose id is any text (`false`: a repeated
    /// id, ignored like a duplicate `_id`).
    pub(super) fn user_row(
        &mut self,
        out: &mut Collector,
        label: &str,
        doc: &Doc,
        id: &str,
    ) -> bool {
        let idx = self.users.len() as u32;
        if self.by_raw.contains_key(id) {
            return false;
        }
        self.by_raw.insert(id.into(), idx);
        self.raw_ids.push(id.into());
        self.add_user(out, label, doc, id, idx);
        true
    }

    /// What both kinds of source keep of a user, with its duplicate-email check.
    fn add_user(&mut self, out: &mut Collector, label: &str, doc: &Doc, id: &str, idx: u32) {
        let email = doc.str("email").unwrap_or("");
        let canon = canonical_email(email);
        if !canon.is_empty() {
            if let Some(&other) = self.by_email.get(canon.as_str()) {
                out.add(
                    Code::DuplicateAuthEmail,
                    label,
                    vec![self.id(other), id.to_owned()],
                    Some(email),
                    "two auth users have the same email (ignoring case); sign-in finds only one of them".into(),
                );
            } else {
                self.by_email.insert(canon.into_boxed_str(), idx);
            }
        }
        let legacy_app: Option<Box<str>> =
            doc.str("userId").filter(|s| !s.is_empty()).map(Box::from);
        if let Some(l) = &legacy_app {
            self.legacy.insert(l.clone(), idx);
        }
        self.users.push(UserCore {
            email: email.into(),
            verified: matches!(doc.get("emailVerified"), Some(Val::Bool(true))),
            role_admin: is_admin_role(doc.get("role")),
            legacy_app,
        });
    }
}

pub(super) fn is_admin_role(v: Option<&Val>) -> bool {
    match v {
        Some(Val::Str(s)) => s.split(',').any(|r| r.trim() == "admin"),
        _ => false,
    }
}

/// One document of `account`: its owner, and for a credential account its password.
pub(super) fn account_doc(
    t: &UserTables,
    creds: &mut [CredState],
    hash_formats: &mut BTreeMap<String, u64>,
    out: &mut Collector,
    label: &str,
    doc: &Doc,
) {
    let owner = doc.str("userId").and_then(|u| t.lookup(u));
    let provider = doc.str("providerId").unwrap_or("");
    let aid = doc.str("_id").unwrap_or("");
    if owner.is_none() {
        out.add(
            Code::OrphanAccount,
            label,
            vec![aid.to_owned()],
            None,
            format!(
                "{provider} account points at user {:?}, which does not exist",
                doc.str("userId").unwrap_or("")
            ),
        );
    }
    let found = owner.and_then(|o| Some((o, creds.get_mut(o as usize)?, t.users.get(o as usize)?)));
    let Some((o, c, user)) = found else {
        if provider == "credential" {
            credential_ok(hash_formats, out, label, aid, None, doc);
        }
        return;
    };
    if provider != "credential" {
        c.other_accounts = true;
        return;
    }
    let ok = credential_ok(hash_formats, out, label, aid, Some(&user.email), doc);
    c.cred_count = c.cred_count.saturating_add(1);
    c.cred_ok |= ok;
    if c.cred_count == 1 {
        c.first_cred = Some(DocRef::new(aid));
    } else {
        let ids = vec![
            t.id(o),
            c.first_cred.as_ref().map(DocRef::text).unwrap_or_default(),
            aid.to_owned(),
        ];
        out.add(
            Code::DuplicateCredentialAccount,
            label,
            ids,
            Some(&user.email),
            "the user has more than one credential account; Better Auth 1.6 uses whichever comes first".into(),
        );
    }
}

/// A credential account's password: counted by format; `PASSWORD_HASH_INVALID` when it is
/// missing or in no known format. Whether it can be used to sign in.
fn credential_ok(
    hash_formats: &mut BTreeMap<String, u64>,
    out: &mut Collector,
    label: &str,
    aid: &str,
    email: Option<&str>,
    doc: &Doc,
) -> bool {
    let mut count = |name: &str| match hash_formats.get_mut(name) {
        Some(n) => *n += 1,
        None => {
            hash_formats.insert(name.to_owned(), 1);
        }
    };
    match doc.get("password") {
        Some(Val::Str(p)) => match crate::password::inspect_password_hash(p) {
            Ok(info) => {
                count(info.algorithm.name());
                true
            }
            Err(err) => {
                count("invalid");
                out.add(
                    Code::PasswordHashInvalid,
                    label,
                    vec![aid.to_owned()],
                    email,
                    format!(
                        "the stored password is not in any known format ({})",
                        err.code()
                    ),
                );
                false
            }
        },
        _ => {
            count("missing");
            out.add(
                Code::PasswordHashInvalid,
                label,
                vec![aid.to_owned()],
                email,
                "the credential account has no password".into(),
            );
            false
        }
    }
}

/// One session whose check waits for the user table.
struct PendingSession {
    session: DocRef,
    user: DocRef,
}

/// The session check (every `userId` must be an auth user), able to start before the `user`
/// table is read: until `tables` is set, sessions are kept compactly and checked, in order,
/// as soon as it is.
pub(super) struct SessionCheck<'a> {
    tables: &'a OnceLock<UserTables>,
    pending: Vec<PendingSession>,
}

impl<'a> SessionCheck<'a> {
    pub(super) fn new(tables: &'a OnceLock<UserTables>) -> Self {
        SessionCheck {
            tables,
            pending: Vec::new(),
        }
    }

    pub(super) fn doc(
        &mut self,
        out: &mut Collector,
        label: &str,
        doc: &Doc,
        id: Option<(&str, DocumentId)>,
    ) {
        let user = doc.str("userId").unwrap_or("");
        if let Some(t) = self.tables.get() {
            self.flush(t, out, label);
            if t.lookup(user).is_none() {
                orphan_session(out, label, doc.str("_id").unwrap_or(""), user);
            }
            return;
        }
        self.pending.push(PendingSession {
            session: match id {
                Some((_, d)) => DocRef::Id(d),
                None => DocRef::Raw(doc.str("_id").unwrap_or("").into()),
            },
            user: DocRef::new(user),
        });
    }

    /// Check what is pending, waiting for the user table if need be (call when the session
    /// table ends).
    pub(super) fn finish(&mut self, out: &mut Collector, label: &str) {
        if !self.pending.is_empty() {
            self.flush(self.tables.wait(), out, label);
        }
    }

    fn flush(&mut self, t: &UserTables, out: &mut Collector, label: &str) {
        for p in self.pending.drain(..) {
            let known = match &p.user {
                DocRef::Id(d) => t.lookup_id(d).is_some(),
                DocRef::Raw(_) => false,
            };
            if !known {
                orphan_session(out, label, &p.session.text(), &p.user.text());
            }
        }
        self.pending = Vec::new();
    }
}

fn orphan_session(out: &mut Collector, label: &str, session: &str, user: &str) {
    out.add(
        Code::OrphanSession,
        label,
        vec![session.to_owned()],
        None,
        format!("session points at user {user:?}, which does not exist"),
    );
}

/// One row of the app's users table, as the app-row checks see it.
struct AppRow<'d> {
    id: &'d str,
    email: Option<&'d str>,
    link: Option<&'d str>,
    admin: bool,
}

/// One row of the app's users table: its link to an auth user (by the link field, the legacy
/// `user.userId`, or only by email), duplicates, and email drift. `app_emails` maps the
/// canonical emails of the rows read so far to the first row with each.
#[allow(clippy::too_many_arguments)]
pub(super) fn app_doc(
    opts: &DoctorOptions,
    t: &UserTables,
    apps: &mut [AppState],
    app_emails: &mut HashMap<String, DocRef, FastBuild>,
    out: &mut Collector,
    label: &str,
    doc: &Doc,
) {
    let row = AppRow {
        id: doc.str("_id").unwrap_or(""),
        email: doc.str(&opts.email_field).filter(|s| !s.is_empty()),
        link: doc.str(&opts.link_field).filter(|s| !s.is_empty()),
        admin: is_admin_role(doc.get("role"))
            || matches!(doc.get("isAdmin"), Some(Val::Bool(true))),
    };
    let canon = row.email.map(canonical_email);
    let mut dup_reported = false;
    let linked = app_link(opts, t, out, label, &row);
    let user = |i: u32| t.users.get(i as usize);
    if let Some((i, a, u)) = linked.and_then(|i| Some((i, apps.get_mut(i as usize)?, user(i)?))) {
        dup_reported = linked_app_row(t, out, label, &row, (i, a, u));
    } else if row.link.is_none() {
        unlinked_app_row(opts, t, apps, out, label, &row, canon.as_deref());
    }
    if let (Some(e), Some(c)) = (row.email, canon) {
        match app_emails.get(&c) {
            Some(first) if !dup_reported => out.add(
                Code::DuplicateAppUser,
                label,
                vec![first.text(), row.id.to_owned()],
                Some(e),
                "two app rows have the same email (ignoring case)".into(),
            ),
            Some(_) => {}
            None => {
                app_emails.insert(c, DocRef::new(row.id));
            }
        }
    }
}

/// The auth user an app row links to: by its link field (a finding when that user does not
/// exist), else by the legacy `user.userId`.
fn app_link(
    opts: &DoctorOptions,
    t: &UserTables,
    out: &mut Collector,
    label: &str,
    row: &AppRow,
) -> Option<u32> {
    let Some(link) = row.link else {
        return t.legacy.get(row.id).copied();
    };
    let linked = t.lookup(link);
    if linked.is_none() {
        out.add(
            Code::AppUserWithoutAuthUser,
            label,
            vec![row.id.to_owned()],
            row.email,
            format!(
                "{} points at auth user {link:?}, which does not exist (\"User not found\")",
                opts.link_field
            ),
        );
    }
    linked
}

/// A linked app row: a second row for the same user, an email that drifted. Returns whether
/// a duplicate was reported.
fn linked_app_row(
    t: &UserTables,
    out: &mut Collector,
    label: &str,
    row: &AppRow,
    (i, a, u): (u32, &mut AppState, &UserCore),
) -> bool {
    let mut dup_reported = false;
    a.app_links = a.app_links.saturating_add(1);
    a.app_admin |= row.admin;
    if a.app_links == 1 {
        a.first_app = Some(DocRef::new(row.id));
    } else {
        dup_reported = true;
        out.add(
            Code::DuplicateAppUser,
            label,
            vec![
                a.first_app.as_ref().map(DocRef::text).unwrap_or_default(),
                row.id.to_owned(),
            ],
            Some(&u.email),
            "two app rows link to the same auth user".into(),
        );
    }
    if let Some(e) = row.email {
        if e != u.email.as_ref() && stored_form(e) != stored_form(&u.email) {
            out.add(
                Code::EmailMismatch,
                label,
                vec![row.id.to_owned(), t.id(i)],
                Some(e),
                format!("the app row says {e:?}, the auth user says {:?}", u.email),
            );
        }
    }
    dup_reported
}

/// An app row without a link: an auth user with its email (unlinked), or none.
fn unlinked_app_row(
    opts: &DoctorOptions,
    t: &UserTables,
    apps: &mut [AppState],
    out: &mut Collector,
    label: &str,
    row: &AppRow,
    canon: Option<&str>,
) {
    let matched = canon.and_then(|c| t.by_email.get(c).copied());
    match matched.and_then(|i| Some((i, apps.get_mut(i as usize)?))) {
        Some((i, a)) => {
            a.unlinked_match = true;
            let uid = t.id(i);
            out.add(
                Code::AppUserUnlinked,
                label,
                vec![row.id.to_owned(), uid.clone()],
                row.email,
                format!(
                    "the app row has no {} but auth user {uid} has its email",
                    opts.link_field
                ),
            );
        }
        None => out.add(
            Code::AppUserWithoutAuthUser,
            label,
            vec![row.id.to_owned()],
            row.email,
            format!(
                "the app row has no {} and no auth user has its email",
                opts.link_field
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(table: u32, n: u8) -> String {
        id::encode(table, &[n; 16])
    }

    fn session(sid: &str, user: &str) -> String {
        format!(r#"{{"_id":"{sid}","userId":"{user}"}}"#)
    }

    /// Findings (session id, message) of a run where `before` sessions are read before the
    /// user table is published and the rest after.
    fn run(lines: &[String], before: usize) -> Vec<(Vec<String>, String)> {
        let cell = OnceLock::new();
        let mut out = Collector::new(100);
        let mut check = SessionCheck::new(&cell);
        let mut users = UserTables::default();
        let doc = format!(r#"{{"_id":"{}","email":"a@b.c"}}"#, id(10001, 1));
        let doc = Doc::parse(doc.as_bytes()).unwrap();
        let uid = id(10001, 1);
        users.user_doc(
            &mut out,
            "user",
            &doc,
            Some((&uid, id::decode(&uid).unwrap())),
        );
        for (i, l) in lines.iter().enumerate() {
            if i == before {
                assert!(cell.set(std::mem::take(&mut users)).is_ok());
            }
            let d = Doc::parse(l.as_bytes()).unwrap();
            let sid = d.str("_id").unwrap_or("").to_owned();
            let decoded = id::decode(&sid);
            check.doc(&mut out, "session", &d, decoded.map(|x| (sid.as_str(), x)));
        }
        if before >= lines.len() {
            assert!(cell.set(users).is_ok());
        }
        check.finish(&mut out, "session");
        out.findings
            .into_iter()
            .map(|f| (f.ids, f.message))
            .collect()
    }

    #[test]
    fn sessions_checked_before_and_after_the_users_are_known_agree() {
        let lines = vec![
            session(&id(10003, 1), &id(10001, 1)), // a real user
            session(&id(10003, 2), &id(10001, 2)), // no such user
            session(&id(10003, 3), "not-an-id"),   // not an id
            session("bad-session-id", &id(10001, 3)),
            session(&id(10003, 4), &id(10002, 1)), // right key, another table
            session(&id(10003, 5), &id(10001, 1)),
        ];
        let direct = run(&lines, 0);
        assert_eq!(direct.len(), 4, "{direct:?}");
        assert_eq!(direct[0].0, vec![id(10003, 2)]);
        assert!(direct[1].1.contains("\"not-an-id\""));
        assert_eq!(direct[2].0, vec!["bad-session-id".to_owned()]);
        assert!(direct[3].1.contains(&id(10002, 1)));
        for before in 1..=lines.len() {
            assert_eq!(run(&lines, before), direct, "{before} sessions waited");
        }
    }
}
