//! The doctor: reads a Better Auth store and reports what would break sign-in, the app's user
//! table, or `npx convex import`; fixes it ([`fix`]); generates synthetic exports for tests
//! and benchmarks ([`gen`]).
//!
//! One doctor, several sources. Dependencies point one way:
//!
//! - sources turn rows into documents: the Convex export ZIP ([`diagnose`],
//!   `zip_source.rs`, reading entries line by line in `scan.rs`) and SQL databases
//!   ([`sql`], through its `RowSource`);
//! - the checks consume documents and know nothing of where they came from: the import
//!   checks (`scan.rs`), the user joins (`joins.rs`), the verdicts (`verdict.rs`), the SQL
//!   schema checks (`sql/schema.rs`), on the keys of `keys.rs`;
//! - they all report into a [`Report`] (`report.rs`, [`findings`]);
//! - fixes are [`fix::FixOp`]s that each source renders: a ZIP rewrite ([`fix::plan`]) or a
//!   SQL script ([`sql::fix`]).
//!
//! Generic over `Read + Seek`, no file system access: the CLI opens files, the core only
//! sees readers and writers, so the same code runs in WebAssembly.

pub mod findings;
pub mod fix;
pub mod gen;
mod joins;
mod keys;
mod report;
mod scan;
pub mod sql;
mod verdict;
mod zip_source;

pub use findings::{Code, Finding, Severity, DEFAULT_MAX_FINDINGS_PER_CODE};
pub use report::{Report, Summary};
#[cfg(not(target_arch = "wasm32"))]
pub use zip_source::diagnose_parallel;
pub use zip_source::{diagnose, ReadSeekSend};

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
