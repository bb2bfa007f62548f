//! Finding codes, severities, and the bounded collector the doctor fills.

use std::collections::BTreeMap;

use serde::Serialize;

/// How bad a finding is. The CLI exits 1 when any finding has [`Severity::Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks sign-in, the app, or the import.
    Error,
    /// Probably wrong; check it.
    Warning,
    /// For information (counts, formats).
    Info,
}

impl Severity {
    /// `"error"`, `"warning"` or `"info"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $sev:ident, $fix:literal; )*) => {
        /// A stable finding code. The string form (`AUTH_USER_WITHOUT_APP_USER`, …) never changes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in report order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable string form.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The usual severity.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// A one-line fix.
            pub fn fix(self) -> &'static str {
                match self { $( Code::$variant => $fix, )* }
            }

            /// Parse the string form.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $( $name => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// SQL: a table Better Auth needs does not exist.
    SchemaTableMissing = "SCHEMA_TABLE_MISSING", Error,
        "run Better Auth's migration on this database (npx auth@latest migrate); check that it reads the same DATABASE_URL (.env vs .env.local)";
    /// SQL: a column Better Auth reads or writes does not exist.
    SchemaColumnMissing = "SCHEMA_COLUMN_MISSING", Error,
        "run npx auth@latest migrate again with the plugins enabled (or apply the ALTER TABLE from npx auth@latest generate)";
    /// SQL: a column's type is not one Better Auth reads back correctly.
    SchemaColumnType = "SCHEMA_COLUMN_TYPE", Error,
        "alter the column to the type Better Auth creates (npx auth@latest generate shows it)";
    /// SQL: a column's NULL constraint disagrees with the field.
    SchemaNullable = "SCHEMA_NULLABLE", Error,
        "required fields are NOT NULL; optional fields must accept NULL (ALTER TABLE … ALTER COLUMN …)";
    /// SQL: a reference without its foreign key (orphans become possible).
    SchemaFkMissing = "SCHEMA_FK_MISSING", Error,
        "delete the orphan rows, then add the foreign key REFERENCES the table's id ON DELETE CASCADE";
    /// SQL: an index or unique constraint Better Auth's migration creates is missing.
    SchemaIndexMissing = "SCHEMA_INDEX_MISSING", Warning,
        "create the index named in the message (CREATE [UNIQUE] INDEX …), as Better Auth's migration does";
    /// SQL: the unique constraint on user.email is case-sensitive while emails are stored in
    /// mixed case.
    SchemaEmailUniqueCaseSensitive = "SCHEMA_EMAIL_UNIQUE_CASE_SENSITIVE", Warning,
        "store emails lower-cased (UPDATE … SET email = lower(email)) and add a unique index on lower(email)";
    /// SQL: a NOT NULL column without default that Better Auth does not fill.
    SchemaExtraRequiredColumn = "SCHEMA_EXTRA_REQUIRED_COLUMN", Error,
        "give the column a DEFAULT or make it nullable, or declare it in additionalFields so Better Auth fills it";
    /// An auth user no app row links to (and none has its email).
    AuthUserWithoutAppUser = "AUTH_USER_WITHOUT_APP_USER", Error,
        "create the app row (authcore fix … sync), or delete the auth user (authcore fix … delete-user --email E)";
    /// An app row with no auth user, or linking to a missing one ("User not found").
    AppUserWithoutAuthUser = "APP_USER_WITHOUT_AUTH_USER", Error,
        "create the auth user (authcore fix … create-user --email E --name N --password-stdin) or delete the app row";
    /// An app row not linked although an auth user has its email.
    AppUserUnlinked = "APP_USER_UNLINKED", Error,
        "set the link field to the auth user's _id (authcore fix … sync)";
    /// Two app rows for one person (same link or same email).
    DuplicateAppUser = "DUPLICATE_APP_USER", Error,
        "merge the app rows into one and delete the other";
    /// Two auth users whose emails are equal after canonicalisation.
    DuplicateAuthEmail = "DUPLICATE_AUTH_EMAIL", Error,
        "keep one auth user and delete the other (authcore fix … delete-user needs a unique email: edit one first)";
    /// A linked app row whose email differs from its auth user's.
    EmailMismatch = "EMAIL_MISMATCH", Warning,
        "copy the auth user's email to the app row (authcore fix … sync)";
    /// An account whose user does not exist.
    OrphanAccount = "ORPHAN_ACCOUNT", Warning,
        "delete the account row (it cannot be used to sign in)";
    /// A session whose user does not exist.
    OrphanSession = "ORPHAN_SESSION", Warning,
        "drop the sessions (authcore fix … drop-sessions); users sign in again";
    /// A user with no account to sign in with.
    NoSignInMethod = "NO_SIGN_IN_METHOD", Warning,
        "set a password (authcore fix … set-password --email E --password-stdin), unless they use magic links, OTP or passkeys";
    /// More than one credential account for a user.
    DuplicateCredentialAccount = "DUPLICATE_CREDENTIAL_ACCOUNT", Error,
        "delete all but one credential account, then set the password again (authcore fix … set-password)";
    /// A credential account whose password is missing or in no known format.
    PasswordHashInvalid = "PASSWORD_HASH_INVALID", Error,
        "set a new password (authcore fix … set-password --email E --password-stdin)";
    /// Admin flags, the admin allowlist and verification disagree.
    AdminMismatch = "ADMIN_MISMATCH", Warning,
        "make the role flag, the --admin-email allowlist and emailVerified agree (authcore fix … create-user --admin for a missing admin)";
    /// The deprecated `user.userId` link to the app table.
    LegacyUserIdField = "LEGACY_USERID_FIELD", Warning,
        "store the auth user's _id in the app table's link field (authId) and stop using user.userId";
    /// More than one `jwks` row (get-convex/better-auth#427).
    MultipleJwks = "MULTIPLE_JWKS", Error,
        "keep one jwks row, or drop them all so a new key is made (authcore fix … drop-jwks)";
    /// A `jwks` row the given secret cannot decrypt.
    JwksUndecryptable = "JWKS_UNDECRYPTABLE", Error,
        "use the deployment's BETTER_AUTH_SECRET, or drop the jwks rows (authcore fix … drop-jwks)";
    /// The app table named by --app-table is not in the export.
    AppTableMissing = "APP_TABLE_MISSING", Warning,
        "pass --app-table with the name of your users table (and --link-field)";
    /// The component is not in the export.
    ComponentMissing = "COMPONENT_MISSING", Error,
        "export with the component included (npx convex export) or pass --component";
    /// SQL: sessions past their expiry (Better Auth ignores them; they only take space).
    ExpiredSessions = "EXPIRED_SESSIONS", Info,
        "nothing breaks; delete them to save space (DELETE FROM session WHERE expiresAt < now)";
    /// Counts of credential password hashes by format.
    PasswordHashFormats = "PASSWORD_HASH_FORMATS", Info,
        "legacy hashes are rewritten to Better Auth scrypt on the next successful login";
    /// The ZIP's central directory lists an entry name more than once (an archive appended
    /// to by Python's `zipfile`): only one copy of each name is read.
    ImportDuplicateEntry = "IMPORT_DUPLICATE_ENTRY", Error,
        "rebuild the ZIP with one entry per name (keep the copy you mean); authcore fix refuses until then";
    /// A line is not a JSON object.
    ImportInvalidJson = "IMPORT_INVALID_JSON", Error,
        "fix or remove the line: import parses every line as one JSON object";
    /// A line or document is larger than Convex accepts.
    ImportDocumentTooLarge = "IMPORT_DOCUMENT_TOO_LARGE", Error,
        "shrink the document below 1 MiB";
    /// An `_id` that is not a valid Convex id.
    ImportInvalidId = "IMPORT_INVALID_ID", Error,
        "remove the _id (and _creationTime) so import assigns one, or generate a valid id";
    /// An `_id` whose table number is not the table's.
    ImportForeignTableId = "IMPORT_FOREIGN_TABLE_ID", Error,
        "regenerate the _id with the table number from _tables/documents.jsonl";
    /// The same `_id` twice in one table.
    ImportDuplicateId = "IMPORT_DUPLICATE_ID", Error,
        "remove the duplicate line";
    /// An integer where the schema wants a float64 ("uniform" format).
    ImportIntegerForFloat = "IMPORT_INTEGER_FOR_FLOAT", Error,
        "write the number with a fraction (1718000000000.0), not as an integer";
    /// `_creationTime` is an integer, negative or not a number.
    ImportInvalidCreationTime = "IMPORT_INVALID_CREATION_TIME", Error,
        "write _creationTime as a non-negative float with a fraction (1718000000000.0), or remove it";
    /// A required field is missing or null.
    ImportMissingField = "IMPORT_MISSING_FIELD", Error,
        "add the field with a value of the schema's type";
    /// A field the component schema does not declare.
    ImportUnknownField = "IMPORT_UNKNOWN_FIELD", Error,
        "remove the field, or declare it in a local-install component schema";
    /// A field of the wrong type.
    ImportWrongType = "IMPORT_WRONG_TYPE", Error,
        "convert the value to the schema's type";
    /// A field name import refuses (`$…`, or `_…` other than `_id`/`_creationTime`).
    ImportInvalidFieldName = "IMPORT_INVALID_FIELD_NAME", Error,
        "rename the field";
    /// `_tables/documents.jsonl` is malformed or gives two tables one number.
    ImportTableNumbers = "IMPORT_TABLE_NUMBERS", Error,
        "give each table its own number in _tables/documents.jsonl (name, id)";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// The table (with its component path, `betterAuth/user`; root tables are bare).
    pub table: String,
    /// The document ids involved (may be empty).
    pub ids: Vec<String>,
    /// The email, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// One sentence.
    pub message: String,
    /// One-line fix.
    pub fix: String,
}

/// Default number of findings kept per code; the rest are only counted.
pub const DEFAULT_MAX_FINDINGS_PER_CODE: usize = 10_000;

/// Counts per code and severity, plus the findings kept.
#[derive(Debug, Clone, Default)]
pub struct Collector {
    pub(crate) findings: Vec<Finding>,
    pub(crate) counts: BTreeMap<(Code, Severity), u64>,
    pub(crate) kept: BTreeMap<Code, usize>,
    pub(crate) max_per_code: usize,
}

impl Collector {
    pub(crate) fn new(max_per_code: usize) -> Self {
        Collector {
            max_per_code,
            ..Default::default()
        }
    }

    /// Record a finding with the code's usual severity.
    pub(crate) fn add(
        &mut self,
        code: Code,
        table: &str,
        ids: Vec<String>,
        email: Option<&str>,
        message: String,
    ) {
        self.add_sev(code, code.severity(), table, ids, email, message)
    }

    pub(crate) fn add_sev(
        &mut self,
        code: Code,
        severity: Severity,
        table: &str,
        ids: Vec<String>,
        email: Option<&str>,
        message: String,
    ) {
        *self.counts.entry((code, severity)).or_insert(0) += 1;
        let kept = self.kept.entry(code).or_insert(0);
        if *kept < self.max_per_code {
            *kept += 1;
            self.findings.push(Finding {
                code,
                severity,
                table: table.to_owned(),
                ids,
                email: email.map(str::to_owned),
                message,
                fix: code.fix().to_owned(),
            });
        }
    }

    /// Take over another collector's findings and counts, as if they had been added here
    /// after this one's (the per-code limit applies to the sum).
    pub(crate) fn absorb(&mut self, other: Collector) {
        for (k, n) in other.counts {
            *self.counts.entry(k).or_insert(0) += n;
        }
        for f in other.findings {
            let kept = self.kept.entry(f.code).or_insert(0);
            if *kept < self.max_per_code {
                *kept += 1;
                self.findings.push(f);
            }
        }
    }
}
