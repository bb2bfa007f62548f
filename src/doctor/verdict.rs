//! The conclusions the doctor draws once every table is read, whatever the source (a Convex
//! export or a SQL database): per-user findings (sign-in method, admins, the app link), the
//! `jwks` checks and the password-format summary; then the report is assembled.

use std::collections::{BTreeMap, HashSet};

use super::findings::Collector;
use super::joins::{AppState, CredState, UserCore, UserTables};
use super::keys::canonical_email;
use super::report::{Report, Summary};
use super::{Code, DoctorOptions, Severity};

/// What the source-specific reading gathered for the conclusions.
pub(super) struct Gathered {
    pub(super) t: UserTables,
    pub(super) creds: Vec<CredState>,
    pub(super) apps: Vec<AppState>,
    pub(super) hash_formats: BTreeMap<String, u64>,
    /// `(id, privateKey)` of the first `jwks` rows.
    pub(super) jwks: Vec<(String, String)>,
    /// Whether the app's own users table exists (a Convex export; never in SQL, where
    /// Better Auth's `user` table is the app's).
    pub(super) has_app: bool,
    /// Whether Better Auth's tables exist at all.
    pub(super) has_component: bool,
}

/// The table names findings are reported under.
pub(super) struct Labels {
    pub(super) user: String,
    pub(super) account: String,
    pub(super) jwks: String,
}

/// Per-user and `jwks` findings, the hash-format summary, then the findings ordered by code
/// and counted.
pub(super) fn conclude(
    opts: &DoctorOptions,
    mut out: Collector,
    mut summary: Summary,
    g: Gathered,
    labels: &Labels,
) -> Report {
    per_user(opts, &mut out, &g, &labels.user);
    for a in &opts.admin_emails {
        if g.has_component && !g.t.by_email.contains_key(canonical_email(a).as_str()) {
            out.add_sev(
                Code::AdminMismatch,
                Severity::Error,
                &labels.user,
                vec![],
                Some(a),
                "an allowlisted admin has no auth user and cannot sign in".into(),
            );
        }
    }
    jwks_findings(opts, &mut out, summary.jwks, &g.jwks, &labels.jwks);
    hash_summary(&mut out, &g.hash_formats, &labels.account);
    summary.password_hashes = g.hash_formats;
    assemble(out, summary)
}

/// What the allowlist and the flags say, for the admin checks.
struct Admins {
    allow: HashSet<String>,
    any_flag: bool,
}

/// Each user's sign-in, app-link, legacy-link and admin findings.
fn per_user(opts: &DoctorOptions, out: &mut Collector, g: &Gathered, user_label: &str) {
    let t = &g.t;
    let admins = Admins {
        allow: opts
            .admin_emails
            .iter()
            .map(|e| canonical_email(e))
            .collect(),
        any_flag: t
            .users
            .iter()
            .zip(&g.apps)
            .any(|(u, a)| u.role_admin || a.app_admin),
    };
    let no_creds = CredState::default();
    let no_app = AppState::default();
    for (i, u) in t.users.iter().enumerate() {
        let c = g.creds.get(i).unwrap_or(&no_creds);
        let a = g.apps.get(i).unwrap_or(&no_app);
        let ids = || vec![t.id(i as u32)];
        let email = Some(u.email.as_ref()).filter(|e| !e.is_empty());
        if g.has_app && a.app_links == 0 && !a.unlinked_match {
            let why = match &u.legacy_app {
                Some(l) => format!("its legacy userId {l:?} matches no app row, and no app row links to it"),
                None => format!("no app row has {} = this user's _id or its email; the app cannot find this user", opts.link_field),
            };
            out.add(Code::AuthUserWithoutAppUser, user_label, ids(), email, why);
        }
        if !c.cred_ok && !c.other_accounts {
            out.add(
                Code::NoSignInMethod,
                user_label,
                ids(),
                email,
                if c.cred_count > 0 {
                    "the only sign-in method is a credential account with an unusable password"
                        .into()
                } else {
                    "the user has no account (no password, no OAuth provider)".into()
                },
            );
        }
        if let Some(l) = &u.legacy_app {
            out.add(
                Code::LegacyUserIdField,
                user_label,
                ids(),
                email,
                format!("user.userId = {l:?} is the deprecated link (since 0.9) to the app table"),
            );
        }
        admin_findings(out, &admins, (u, a, g.has_app), user_label, ids(), email);
    }
}

/// `ADMIN_MISMATCH` for one user: flagged vs allowlisted vs verified vs linked.
fn admin_findings(
    out: &mut Collector,
    admins: &Admins,
    (u, a, has_app): (&UserCore, &AppState, bool),
    user_label: &str,
    ids: Vec<String>,
    email: Option<&str>,
) {
    let allow = &admins.allow;
    let flagged = u.role_admin || a.app_admin;
    let listed = !allow.is_empty() && allow.contains(&canonical_email(&u.email));
    if flagged && !u.verified {
        out.add(
            Code::AdminMismatch,
            user_label,
            ids.clone(),
            email,
            "an admin's email is not verified; with requireEmailVerification they cannot sign in"
                .into(),
        );
    }
    if !allow.is_empty() && flagged && !listed {
        out.add(
            Code::AdminMismatch,
            user_label,
            ids.clone(),
            email,
            "flagged as admin (role) but not in the --admin-email allowlist".into(),
        );
    }
    if listed && !flagged && admins.any_flag && a.app_links > 0 {
        out.add(
            Code::AdminMismatch,
            user_label,
            ids.clone(),
            email,
            "in the --admin-email allowlist but not flagged as admin (role)".into(),
        );
    }
    if listed && has_app && a.app_links == 0 {
        out.add_sev(
            Code::AdminMismatch,
            Severity::Error,
            user_label,
            ids,
            email,
            "an allowlisted admin has no linked app row, so the app will not let them in".into(),
        );
    }
}

/// `MULTIPLE_JWKS`, and `JWKS_UNDECRYPTABLE` when a secret is given.
fn jwks_findings(
    opts: &DoctorOptions,
    out: &mut Collector,
    rows: u64,
    jwks: &[(String, String)],
    jwks_label: &str,
) {
    if rows > 1 {
        out.add(
            Code::MultipleJwks,
            jwks_label,
            jwks.iter().map(|(i, _)| i.clone()).collect(),
            None,
            format!("{rows} jwks rows; with static JWKS /api/auth/convex/token fails once there are two or more (get-convex/better-auth#427)"),
        );
    }
    if let Some(secret) = &opts.secret {
        let secrets = crate::crypto::Secrets::single(secret.clone());
        for (jid, private) in jwks {
            if let Err(e) = crate::crypto::decrypt_private_key(private, &secrets) {
                out.add(
                    Code::JwksUndecryptable,
                    jwks_label,
                    vec![jid.clone()],
                    None,
                    format!("the private key does not decrypt with the given secret ({}): Better Auth fails with \"Failed to decrypt private key\"", e.code()),
                );
            }
        }
    }
}

/// `PASSWORD_HASH_FORMATS`: credential passwords by format.
fn hash_summary(out: &mut Collector, hash_formats: &BTreeMap<String, u64>, account_label: &str) {
    let creds: u64 = hash_formats.values().sum();
    if creds > 0 {
        let parts: Vec<String> = hash_formats
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        out.add(
            Code::PasswordHashFormats,
            account_label,
            vec![],
            None,
            format!("{creds} credential passwords: {}", parts.join(", ")),
        );
    }
}

/// Order the findings by code and count them into the summary.
fn assemble(out: Collector, mut summary: Summary) -> Report {
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
    Report { findings, summary }
}
