//! The conclusions the doctor draws once every table is read, whatever the source (a Convex
//! export or a SQL database): per-user findings (sign-in method, admins, the app link), the
//! `jwks` checks and the password-format summary; then the report is assembled.

use std::collections::{BTreeMap, HashSet};

use super::findings::Collector;
use super::joins::{AppState, CredState, UserTables};
use super::{canonical_email, Code, DoctorOptions, Report, Severity, Summary};

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
    let Gathered {
        t,
        creds,
        apps,
        hash_formats,
        jwks,
        has_app,
        has_component,
    } = g;
    let user_label = labels.user.as_str();
    let allow: HashSet<String> = opts
        .admin_emails
        .iter()
        .map(|e| canonical_email(e))
        .collect();
    let any_flag = t
        .users
        .iter()
        .zip(&apps)
        .any(|(u, a)| u.role_admin || a.app_admin);
    let no_creds = CredState::default();
    let no_app = AppState::default();
    for (i, u) in t.users.iter().enumerate() {
        let c = creds.get(i).unwrap_or(&no_creds);
        let a = apps.get(i).unwrap_or(&no_app);
        let ids = || vec![t.id(i as u32)];
        let email = Some(u.email.as_ref()).filter(|e| !e.is_empty());
        if has_app && a.app_links == 0 && !a.unlinked_match {
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
        let flagged = u.role_admin || a.app_admin;
        let listed = !allow.is_empty() && allow.contains(&canonical_email(&u.email));
        if flagged && !u.verified {
            out.add(Code::AdminMismatch, user_label, ids(), email,
                "an admin's email is not verified; with requireEmailVerification they cannot sign in".into());
        }
        if !allow.is_empty() && flagged && !listed {
            out.add(
                Code::AdminMismatch,
                user_label,
                ids(),
                email,
                "flagged as admin (role) but not in the --admin-email allowlist".into(),
            );
        }
        if listed && !flagged && any_flag && a.app_links > 0 {
            out.add(
                Code::AdminMismatch,
                user_label,
                ids(),
                email,
                "in the --admin-email allowlist but not flagged as admin (role)".into(),
            );
        }
        if listed && has_app && a.app_links == 0 {
            out.add_sev(
                Code::AdminMismatch,
                Severity::Error,
                user_label,
                ids(),
                email,
                "an allowlisted admin has no linked app row, so the app will not let them in"
                    .into(),
            );
        }
    }
    for a in &opts.admin_emails {
        if has_component && !t.by_email.contains_key(canonical_email(a).as_str()) {
            out.add_sev(
                Code::AdminMismatch,
                Severity::Error,
                user_label,
                vec![],
                Some(a),
                "an allowlisted admin has no auth user and cannot sign in".into(),
            );
        }
    }

    let jwks_label = labels.jwks.as_str();
    if summary.jwks > 1 {
        out.add(
            Code::MultipleJwks,
            jwks_label,
            jwks.iter().map(|(i, _)| i.clone()).collect(),
            None,
            format!("{} jwks rows; with static JWKS /api/auth/convex/token fails once there are two or more (get-convex/better-auth#427)", summary.jwks),
        );
    }
    if let Some(secret) = &opts.secret {
        let secrets = crate::crypto::Secrets::single(secret.clone());
        for (jid, private) in &jwks {
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

    let creds: u64 = hash_formats.values().sum();
    if creds > 0 {
        let parts: Vec<String> = hash_formats
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        out.add(
            Code::PasswordHashFormats,
            &labels.account,
            vec![],
            None,
            format!("{creds} credential passwords: {}", parts.join(", ")),
        );
    }
    summary.password_hashes = hash_formats;

    // Assemble: order findings by code, count.
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
