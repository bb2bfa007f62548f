//! DECISIONS: what to do with the app's users table when a Better Auth user is created,
//! updated or deleted.
//!
//! `@convex-dev/better-auth` keeps its users in the component's `user` table; an app keeps its
//! own `users` table and links each row to the auth user by a field (`authId` by default). These
//! functions decide, from one auth user and the app rows that could be theirs, what to write:
//! [`decide_sync`] returns a [`Decision`] (create, patch, link, none, or reject with a stable
//! [`RejectReason`]) and [`decide_delete`] a [`DeleteDecision`]. They never write anything: the
//! JS helper (`createSyncTriggers` in the npm package) applies the decision with `ctx.db`.
//!
//! ```
//! use authcore::sync::{decide_sync, AuthUser, Decision, SyncPolicy};
//! use serde_json::json;
//!
//! let auth = AuthUser::from_value(json!({
//!     "_id": "k1", "email": "ada@example.com", "emailVerified": true, "name": "Ada",
//! })).unwrap();
//! let d = decide_sync(&auth, &[], &SyncPolicy::default()).unwrap();
//! let Decision::Create { doc, .. } = d else { panic!() };
//! assert_eq!(doc["authId"], "k1");
//! assert_eq!(doc["email"], "ada@example.com");
//! ```

mod email;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

pub use email::{
    canonical_email, emails_match, js_to_lower_case, js_trim, near_duplicate_key,
    try_near_duplicate_key, BetterAuthVersion,
};

/// A document: field name → value (what Convex stores, as JSON values).
pub type Doc = Map<String, Value>;

/// Default app table. Defaults to `"users"`, the name in the `@convex-dev/better-auth` guides.
pub const DEFAULT_TABLE: &str = "users";
/// Default link field on the app row, holding the component user's `_id`. Defaults to
/// `"authId"`, the field the 0.9 migration guide of `@convex-dev/better-auth` recommends.
pub const DEFAULT_LINK_FIELD: &str = "authId";
/// Default index on the link field (used by the JS trigger helper to find candidates).
pub const DEFAULT_LINK_INDEX: &str = "by_authId";
/// Default app field holding the email used to find an unlinked row.
pub const DEFAULT_EMAIL_FIELD: &str = "email";
/// Default index on the email field (used by the JS trigger helper).
pub const DEFAULT_EMAIL_INDEX: &str = "by_email";
/// Default auth fields copied to the app row, under the same names: the Better Auth core user
/// fields a profile needs (`id`, dates and plugin fields are not copied).
pub const DEFAULT_COPIED_FIELDS: [&str; 4] = ["email", "name", "image", "emailVerified"];
/// Default field set on a soft delete (to `now`, epoch milliseconds).
pub const DEFAULT_SOFT_DELETE_FIELD: &str = "deletedAt";
/// Default admin marker: `{ "role": "admin" }`, the convention of Better Auth's admin plugin.
pub const DEFAULT_ADMIN_ROLE_FIELD: &str = "role";
/// The value [`DEFAULT_ADMIN_ROLE_FIELD`] gets for allowlisted admins.
pub const DEFAULT_ADMIN_ROLE: &str = "admin";

/// At most this many candidate app rows per call: a user has one row; more than a handful means
/// a lookup went wrong, and the bound keeps the work per call small.
pub const MAX_CANDIDATES: usize = 1000;
/// Longest accepted field or table name, in bytes. Convex field names are short identifiers;
/// the bound keeps error messages and policies small.
pub const MAX_NAME_LEN: usize = 256;
/// Most admin emails in one policy: an allowlist is a handful of people, not a directory.
pub const MAX_ADMIN_EMAILS: usize = 1000;

/// When an unlinked app row with the auth user's email may be linked to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkByEmail {
    /// Only if Better Auth says the auth email is verified. Linking on an unverified email would
    /// let anyone who signs up with someone else's address take over their app row.
    #[default]
    VerifiedOnly,
    /// Never link by email: an auth user without a linked row always gets a new row.
    Never,
    /// Link even when the auth email is unverified. Only safe when every sign-in method proves
    /// the email (e.g. only social providers that verify it).
    Always,
}

/// What `onDelete` does with the linked app row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnDelete {
    /// Delete the app row (what the `@convex-dev/better-auth` examples do).
    #[default]
    Delete,
    /// Set [`SyncPolicy::soft_delete_field`] to `now` and keep the row.
    SoftDelete,
    /// Leave the row as it is (it stays linked to the deleted auth id).
    Keep,
}

/// How auth users map onto the app's users table. Every field has a default, so
/// `SyncPolicy::default()` (or `{}` from JS/JSON) is a working policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncPolicy {
    /// The app table. Defaults to [`DEFAULT_TABLE`] (`"users"`).
    pub table: String,
    /// The app field holding the auth user's id. Defaults to [`DEFAULT_LINK_FIELD`] (`"authId"`).
    pub link_field: String,
    /// Index on `link_field`. Defaults to [`DEFAULT_LINK_INDEX`] (`"by_authId"`).
    pub link_index: String,
    /// App field compared with the auth email to find an unlinked row. Defaults to
    /// [`DEFAULT_EMAIL_FIELD`] (`"email"`).
    pub email_field: String,
    /// Index on `email_field`. Defaults to [`DEFAULT_EMAIL_INDEX`] (`"by_email"`).
    pub email_index: String,
    /// Auth field → app field to copy on create and keep in sync on update. A missing or null
    /// auth value removes the app field. Defaults to [`DEFAULT_COPIED_FIELDS`] under the same
    /// names (`email`, `name`, `image`, `emailVerified`). Giving it replaces the whole map.
    pub fields: BTreeMap<String, Value>,
    /// Fields every new row starts with (copied fields and admin fields win). Defaults to none.
    pub defaults: Doc,
    /// Emails whose users get [`SyncPolicy::admin_fields`], compared by [`canonical_email`]
    /// (like an `ADMIN_EMAIL` environment variable). Defaults to none.
    pub admin_emails: Vec<String>,
    /// Fields set on allowlisted admins, on create and on every sync. Defaults to
    /// `{ "role": "admin" }`.
    pub admin_fields: Doc,
    /// Fields set on everyone NOT on the allowlist on every sync (e.g. `{ "role": "user" }`, so
    /// removing an email from the list demotes). Defaults to none: nobody is demoted, and roles
    /// given by hand are left alone.
    pub non_admin_fields: Doc,
    /// Admin fields only when the auth email is verified. Defaults to `true`: otherwise anyone
    /// who signs up first with the admin's address becomes admin.
    pub admin_requires_verified_email: bool,
    /// When an unlinked row with the same email may be linked. Defaults to
    /// [`LinkByEmail::VerifiedOnly`].
    pub link_by_email: LinkByEmail,
    /// What deleting the auth user does to the app row. Defaults to [`OnDelete::Delete`].
    pub on_delete: OnDelete,
    /// The field a soft delete sets to `now`; rows where it is set are not matched by email.
    /// Defaults to [`DEFAULT_SOFT_DELETE_FIELD`] (`"deletedAt"`).
    pub soft_delete_field: String,
    /// Which Better Auth's email rules to mirror. Defaults to [`BetterAuthVersion::V1_6`].
    pub better_auth_version: BetterAuthVersion,
}

impl Default for SyncPolicy {
    fn default() -> Self {
        SyncPolicy {
            table: DEFAULT_TABLE.into(),
            link_field: DEFAULT_LINK_FIELD.into(),
            link_index: DEFAULT_LINK_INDEX.into(),
            email_field: DEFAULT_EMAIL_FIELD.into(),
            email_index: DEFAULT_EMAIL_INDEX.into(),
            fields: DEFAULT_COPIED_FIELDS
                .iter()
                .map(|f| (f.to_string(), Value::String(f.to_string())))
                .collect(),
            defaults: Doc::new(),
            admin_emails: Vec::new(),
            admin_fields: [(
                DEFAULT_ADMIN_ROLE_FIELD.to_string(),
                Value::String(DEFAULT_ADMIN_ROLE.into()),
            )]
            .into_iter()
            .collect(),
            non_admin_fields: Doc::new(),
            admin_requires_verified_email: true,
            link_by_email: LinkByEmail::default(),
            on_delete: OnDelete::default(),
            soft_delete_field: DEFAULT_SOFT_DELETE_FIELD.into(),
            better_auth_version: BetterAuthVersion::default(),
        }
    }
}

fn check_name(what: &str, name: &str, app_field: bool) -> Result<()> {
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(Error::SyncPolicyInvalid(format!(
            "{what} must be 1 to {MAX_NAME_LEN} bytes"
        )));
    }
    if app_field && (name.starts_with('_') || name.starts_with('$')) {
        return Err(Error::SyncPolicyInvalid(format!(
            "{what} {name:?} is reserved (Convex fields starting with _ or $ are system fields)"
        )));
    }
    Ok(())
}

impl SyncPolicy {
    /// Read a policy from JSON (`{}` is the default policy), refusing unknown options, then
    /// [`SyncPolicy::validate`] it.
    pub fn from_value(v: Value) -> Result<Self> {
        let p: SyncPolicy = match v {
            Value::Null => SyncPolicy::default(),
            v => serde_json::from_value(v).map_err(|e| Error::SyncPolicyInvalid(e.to_string()))?,
        };
        p.validate()?;
        Ok(p)
    }

    /// Check the policy: names non-empty and not Convex system fields, the link field written by
    /// nothing else, bounded sizes. [`decide_sync`] and [`decide_delete`] call it.
    pub fn validate(&self) -> Result<()> {
        check_name("table", &self.table, false)?;
        check_name("linkField", &self.link_field, true)?;
        check_name("linkIndex", &self.link_index, false)?;
        check_name("emailField", &self.email_field, true)?;
        check_name("emailIndex", &self.email_index, false)?;
        check_name("softDeleteField", &self.soft_delete_field, true)?;
        if self.admin_emails.len() > MAX_ADMIN_EMAILS {
            return Err(Error::SyncPolicyInvalid(format!(
                "adminEmails has more than {MAX_ADMIN_EMAILS} entries"
            )));
        }
        for (from, to) in &self.fields {
            check_name("fields key", from, false)?;
            let Value::String(to) = to else {
                return Err(Error::SyncPolicyInvalid(format!(
                    "fields[{from:?}] must be the app field name (a string)"
                )));
            };
            check_name("fields value", to, true)?;
            if *to == self.link_field {
                return Err(Error::SyncPolicyInvalid(format!(
                    "fields[{from:?}] writes the link field {to:?}"
                )));
            }
        }
        for (what, doc) in [
            ("defaults", &self.defaults),
            ("adminFields", &self.admin_fields),
            ("nonAdminFields", &self.non_admin_fields),
        ] {
            for k in doc.keys() {
                check_name(what, k, true)?;
                if *k == self.link_field {
                    return Err(Error::SyncPolicyInvalid(format!(
                        "{what} writes the link field {k:?}"
                    )));
                }
            }
        }
        Ok(())
    }

    fn copied(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)))
    }

    /// Whether `auth` gets the admin fields.
    pub fn is_admin(&self, auth: &AuthUser) -> bool {
        if self.admin_requires_verified_email && !auth.email_verified {
            return false;
        }
        let email = canonical_email(&auth.email, self.better_auth_version);
        self.admin_emails
            .iter()
            .any(|a| canonical_email(js_trim(a), self.better_auth_version) == email)
    }
}

/// A Better Auth user document, as the component's triggers pass it (`_id`, `email`,
/// `emailVerified`, `name`, `image`, ms dates, plugin fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Doc", into = "Doc")]
pub struct AuthUser {
    /// The component user's `_id` (or Better Auth's `id`): the value of the link field.
    pub id: String,
    /// The email as Better Auth stored it.
    pub email: String,
    /// `emailVerified === true`.
    pub email_verified: bool,
    /// The whole document, including the fields above.
    pub doc: Doc,
}

impl AuthUser {
    /// Read an auth user from its document. Needs a string `_id` (or `id`) and `email`.
    pub fn from_doc(doc: Doc) -> Result<Self> {
        let id = match (doc.get("_id"), doc.get("id")) {
            (Some(Value::String(s)), _) | (None, Some(Value::String(s))) if !s.is_empty() => {
                s.clone()
            }
            _ => {
                return Err(Error::SyncInputInvalid(
                    "auth user needs a non-empty string _id or id",
                ))
            }
        };
        let Some(Value::String(email)) = doc.get("email") else {
            return Err(Error::SyncInputInvalid("auth user needs a string email"));
        };
        let email = email.clone();
        let email_verified = doc.get("emailVerified") == Some(&Value::Bool(true));
        Ok(AuthUser {
            id,
            email,
            email_verified,
            doc,
        })
    }

    /// [`AuthUser::from_doc`] from any JSON value (an object).
    pub fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Object(doc) => Self::from_doc(doc),
            _ => Err(Error::SyncInputInvalid("auth user must be an object")),
        }
    }
}

impl TryFrom<Doc> for AuthUser {
    type Error = Error;
    fn try_from(doc: Doc) -> Result<Self> {
        Self::from_doc(doc)
    }
}

impl From<AuthUser> for Doc {
    fn from(u: AuthUser) -> Doc {
        u.doc
    }
}

/// One row of the app's users table that could belong to the auth user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Doc", into = "Doc")]
pub struct AppUser {
    /// The row's `_id`.
    pub id: String,
    /// The whole document, including `_id`.
    pub doc: Doc,
}

impl AppUser {
    /// Read an app row from its document. Needs a string `_id`.
    pub fn from_doc(doc: Doc) -> Result<Self> {
        match doc.get("_id") {
            Some(Value::String(s)) if !s.is_empty() => Ok(AppUser { id: s.clone(), doc }),
            _ => Err(Error::SyncInputInvalid(
                "app user needs a non-empty string _id",
            )),
        }
    }

    /// [`AppUser::from_doc`] from any JSON value (an object).
    pub fn from_value(v: Value) -> Result<Self> {
        match v {
            Value::Object(doc) => Self::from_doc(doc),
            _ => Err(Error::SyncInputInvalid("app user must be an object")),
        }
    }

    fn link<'a>(&'a self, policy: &SyncPolicy) -> Option<&'a str> {
        match self.doc.get(&policy.link_field) {
            Some(Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    fn is_soft_deleted(&self, policy: &SyncPolicy) -> bool {
        !matches!(
            self.doc.get(&policy.soft_delete_field),
            None | Some(Value::Null)
        )
    }
}

impl TryFrom<Doc> for AppUser {
    type Error = Error;
    fn try_from(doc: Doc) -> Result<Self> {
        Self::from_doc(doc)
    }
}

impl From<AppUser> for Doc {
    fn from(u: AppUser) -> Doc {
        u.doc
    }
}

/// Why a sync was refused. Each has a stable code (`SYNC_*`, [`RejectReason::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RejectReason {
    /// Two or more app rows claim the auth user (both linked to it, or both unlinked with its
    /// email): picking one would be a guess.
    #[serde(rename = "SYNC_MULTIPLE_APP_USERS")]
    MultipleAppUsers,
    /// The only row with the user's email is linked to a different auth user.
    #[serde(rename = "SYNC_LINKED_TO_OTHER_AUTH_USER")]
    LinkedToOtherAuthUser,
    /// A row with the user's email exists but the auth email is not verified, so linking would
    /// let a stranger who signed up with that address take the account.
    #[serde(rename = "SYNC_EMAIL_UNVERIFIED")]
    EmailUnverified,
}

impl RejectReason {
    /// The stable code, e.g. `"SYNC_EMAIL_UNVERIFIED"`.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::MultipleAppUsers => "SYNC_MULTIPLE_APP_USERS",
            RejectReason::LinkedToOtherAuthUser => "SYNC_LINKED_TO_OTHER_AUTH_USER",
            RejectReason::EmailUnverified => "SYNC_EMAIL_UNVERIFIED",
        }
    }
}

/// What to do with the app table for one auth user. Serialises with a `kind` field
/// (`"create" | "patch" | "link" | "none" | "reject"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Decision {
    /// Insert `doc` into `table`.
    Create {
        /// The app table.
        table: String,
        /// The new document (without `_id`).
        doc: Doc,
    },
    /// Patch the linked row: set `set`, remove the fields in `unset`. Only differing fields.
    Patch {
        /// The app table.
        table: String,
        /// The row's `_id`.
        id: String,
        /// Fields to set.
        set: Doc,
        /// Fields to remove (`undefined` in a Convex patch).
        unset: Vec<String>,
    },
    /// Link an existing unlinked row with the same email: `set` includes the link field.
    Link {
        /// The app table.
        table: String,
        /// The row's `_id`.
        id: String,
        /// Fields to set, always including the link field.
        set: Doc,
        /// Fields to remove.
        unset: Vec<String>,
    },
    /// The linked row is up to date.
    None {
        /// The app table.
        table: String,
        /// The linked row's `_id`.
        id: String,
    },
    /// Refused: nothing should be written.
    Reject {
        /// Stable code.
        code: RejectReason,
        /// One sentence for logs (no secrets; contains row ids, not emails).
        message: String,
        /// The `_id`s of the rows involved.
        ids: Vec<String>,
    },
}

impl Decision {
    /// The `kind` tag: `"create" | "patch" | "link" | "none" | "reject"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Decision::Create { .. } => "create",
            Decision::Patch { .. } => "patch",
            Decision::Link { .. } => "link",
            Decision::None { .. } => "none",
            Decision::Reject { .. } => "reject",
        }
    }
}

/// What `onDelete` does with the app table. Serialises with a `kind` field
/// (`"delete" | "softDelete" | "keep" | "none" | "reject"`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DeleteDecision {
    /// Delete the linked row.
    Delete {
        /// The app table.
        table: String,
        /// The row's `_id`.
        id: String,
    },
    /// Patch the linked row with `set` (the soft-delete field = `now`).
    SoftDelete {
        /// The app table.
        table: String,
        /// The row's `_id`.
        id: String,
        /// Fields to set.
        set: Doc,
    },
    /// The policy keeps the linked row as it is.
    Keep {
        /// The app table.
        table: String,
        /// The row's `_id`.
        id: String,
    },
    /// No row is linked to the auth user (or it is already soft-deleted).
    None {
        /// The app table.
        table: String,
    },
    /// Refused: more than one row is linked to the auth user.
    Reject {
        /// Stable code.
        code: RejectReason,
        /// One sentence for logs.
        message: String,
        /// The `_id`s of the rows involved.
        ids: Vec<String>,
    },
}

impl DeleteDecision {
    /// The `kind` tag: `"delete" | "softDelete" | "keep" | "none" | "reject"`.
    pub fn kind(&self) -> &'static str {
        match self {
            DeleteDecision::Delete { .. } => "delete",
            DeleteDecision::SoftDelete { .. } => "softDelete",
            DeleteDecision::Keep { .. } => "keep",
            DeleteDecision::None { .. } => "none",
            DeleteDecision::Reject { .. } => "reject",
        }
    }
}

/// Decide what to write for `auth` given the app rows that could be theirs: rows whose link field
/// holds `auth.id`, and rows whose email field has the same [`canonical_email`]. Rows that are
/// neither are ignored, so passing more rows is harmless.
///
/// 1. Exactly one linked row → `patch` (differing copied/admin fields) or `none`; two or more →
///    reject `SYNC_MULTIPLE_APP_USERS`.
/// 2. No linked row and [`LinkByEmail::Never`] → `create`.
/// 3. Otherwise, among non-soft-deleted rows with the same canonical email: none → `create`;
///    two or more → `SYNC_MULTIPLE_APP_USERS`; one linked to another auth user →
///    `SYNC_LINKED_TO_OTHER_AUTH_USER`; one unlinked → `link` if the policy allows it for this
///    user's verification state, else `SYNC_EMAIL_UNVERIFIED`.
pub fn decide_sync(
    auth: &AuthUser,
    app_users: &[AppUser],
    policy: &SyncPolicy,
) -> Result<Decision> {
    policy.validate()?;
    if app_users.len() > MAX_CANDIDATES {
        return Err(Error::SyncInputInvalid(
            "more than MAX_CANDIDATES app users",
        ));
    }
    let table = policy.table.clone();
    let linked: Vec<&AppUser> = app_users
        .iter()
        .filter(|u| u.link(policy) == Some(auth.id.as_str()))
        .collect();
    match linked.as_slice() {
        [] => {}
        [row] => {
            let (set, unset) = changes(auth, row, policy);
            return Ok(if set.is_empty() && unset.is_empty() {
                Decision::None {
                    table,
                    id: row.id.clone(),
                }
            } else {
                Decision::Patch {
                    table,
                    id: row.id.clone(),
                    set,
                    unset,
                }
            });
        }
        many => {
            return Ok(reject(
                RejectReason::MultipleAppUsers,
                format!(
                    "{} rows in {table} are linked to auth user {}",
                    many.len(),
                    auth.id
                ),
                many,
            ))
        }
    }
    if policy.link_by_email == LinkByEmail::Never {
        return Ok(Decision::Create {
            table,
            doc: new_doc(auth, policy),
        });
    }
    let email = canonical_email(&auth.email, policy.better_auth_version);
    let same_email: Vec<&AppUser> = app_users
        .iter()
        .filter(|u| !u.is_soft_deleted(policy))
        .filter(|u| match u.doc.get(&policy.email_field) {
            Some(Value::String(e)) => canonical_email(e, policy.better_auth_version) == email,
            _ => false,
        })
        .collect();
    match same_email.as_slice() {
        [] => Ok(Decision::Create {
            table,
            doc: new_doc(auth, policy),
        }),
        [row] => {
            if let Some(other) = row.link(policy) {
                return Ok(reject(
                    RejectReason::LinkedToOtherAuthUser,
                    format!(
                        "row {} in {table} has the email of auth user {} but is linked to auth user {other}",
                        row.id, auth.id
                    ),
                    &[row],
                ));
            }
            let allowed = match policy.link_by_email {
                LinkByEmail::Always => true,
                LinkByEmail::VerifiedOnly => auth.email_verified,
                LinkByEmail::Never => false,
            };
            if !allowed {
                return Ok(reject(
                    RejectReason::EmailUnverified,
                    format!(
                        "row {} in {table} has the email of auth user {}, whose email is not verified: linking would hand the row to whoever signed up with that address",
                        row.id, auth.id
                    ),
                    &[row],
                ));
            }
            let (mut set, unset) = changes(auth, row, policy);
            set.insert(policy.link_field.clone(), Value::String(auth.id.clone()));
            Ok(Decision::Link {
                table,
                id: row.id.clone(),
                set,
                unset,
            })
        }
        many => Ok(reject(
            RejectReason::MultipleAppUsers,
            format!(
                "{} unlinked rows in {table} have the email of auth user {}",
                many.len(),
                auth.id
            ),
            many,
        )),
    }
}

/// Decide what `onDelete` does for the deleted auth user `auth_id`, given the app rows that
/// could be linked to it, per [`SyncPolicy::on_delete`]. `now` is epoch milliseconds (used by
/// soft delete). A row already soft-deleted gives `none`.
pub fn decide_delete(
    auth_id: &str,
    app_users: &[AppUser],
    policy: &SyncPolicy,
    now: i64,
) -> Result<DeleteDecision> {
    policy.validate()?;
    if app_users.len() > MAX_CANDIDATES {
        return Err(Error::SyncInputInvalid(
            "more than MAX_CANDIDATES app users",
        ));
    }
    let table = policy.table.clone();
    let linked: Vec<&AppUser> = app_users
        .iter()
        .filter(|u| u.link(policy) == Some(auth_id))
        .collect();
    let row = match linked.as_slice() {
        [] => return Ok(DeleteDecision::None { table }),
        [row] => *row,
        many => {
            return Ok(DeleteDecision::Reject {
                code: RejectReason::MultipleAppUsers,
                message: format!(
                    "{} rows in {table} are linked to auth user {auth_id}",
                    many.len()
                ),
                ids: many.iter().map(|r| r.id.clone()).collect(),
            });
        }
    };
    let id = row.id.clone();
    Ok(match policy.on_delete {
        OnDelete::Delete => DeleteDecision::Delete { table, id },
        OnDelete::Keep => DeleteDecision::Keep { table, id },
        OnDelete::SoftDelete if row.is_soft_deleted(policy) => DeleteDecision::None { table },
        OnDelete::SoftDelete => {
            let mut set = Doc::new();
            set.insert(policy.soft_delete_field.clone(), Value::from(now));
            DeleteDecision::SoftDelete { table, id, set }
        }
    })
}

fn reject(code: RejectReason, message: String, rows: &[&AppUser]) -> Decision {
    Decision::Reject {
        code,
        message,
        ids: rows.iter().map(|r| r.id.clone()).collect(),
    }
}

/// The fields the app row should have from the auth user: `Some(v)` to set, `None` to remove.
fn wanted(auth: &AuthUser, policy: &SyncPolicy) -> BTreeMap<String, Option<Value>> {
    let mut out = BTreeMap::new();
    for (from, to) in policy.copied() {
        let v = match auth.doc.get(from) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.clone()),
        };
        out.insert(to.to_string(), v);
    }
    let role = if policy.is_admin(auth) {
        &policy.admin_fields
    } else {
        &policy.non_admin_fields
    };
    for (k, v) in role {
        out.insert(k.clone(), Some(v.clone()));
    }
    out
}

fn new_doc(auth: &AuthUser, policy: &SyncPolicy) -> Doc {
    let mut doc = policy.defaults.clone();
    for (k, v) in wanted(auth, policy) {
        match v {
            Some(v) => {
                doc.insert(k, v);
            }
            None => {
                doc.remove(&k);
            }
        }
    }
    doc.insert(policy.link_field.clone(), Value::String(auth.id.clone()));
    doc
}

fn changes(auth: &AuthUser, row: &AppUser, policy: &SyncPolicy) -> (Doc, Vec<String>) {
    let mut set = Doc::new();
    let mut unset = Vec::new();
    for (k, v) in wanted(auth, policy) {
        match (v, row.doc.get(&k)) {
            (None, None) => {}
            (None, Some(_)) => unset.push(k),
            (Some(v), Some(old)) if values_equal(&v, old) => {}
            (Some(v), _) => {
                set.insert(k, v);
            }
        }
    }
    (set, unset)
}

/// JSON equality with numbers compared by value (`3` equals `3.0`, as in JavaScript).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| values_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w)))
        }
        _ => a == b,
    }
}
