//! The doctor's answer: findings and totals, and the human report printed by both CLIs.

use std::collections::BTreeMap;

use serde::Serialize;

use super::findings::{Code, Finding, Severity};

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
