//! Email canonicalisation exactly as Better Auth does it, and near-duplicate detection.
//!
//! Read from the published code of better-auth 1.6.34 and 1.7.25
//! (`dist/db/internal-adapter.mjs`, `dist/api/routes/sign-up.mjs`, `sign-in.mjs`):
//!
//! - Both versions store and look up `email.toLowerCase()`: no trim, no Unicode normalisation.
//! - 1.7 adds one check after the database lookup in `findUserByEmail`:
//!   `normalize("NFC").toLowerCase()` of the stored and the asked-for email must be equal. The
//!   lookup itself is still an exact match on `toLowerCase()`, so on an exact-match database
//!   (Convex, Postgres without a special collation) 1.7 finds exactly the users 1.6 finds. It
//!   only drops rows that a lenient collation (MySQL `*_ci`) returned.
//!
//! So [`canonical_email`] gives the same string for both versions; the version argument is kept
//! so callers say which Better Auth they mirror. Emails that differ only by case, surrounding
//! white space or Unicode normalisation form share a [`near_duplicate_key`]: Better Auth treats
//! them as different accounts, a person would not.

use serde::{Deserialize, Serialize};

/// The Better Auth release line whose behaviour to mirror.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BetterAuthVersion {
    /// better-auth 1.6.x: the version `@convex-dev/better-auth` 0.12.5 requires
    /// (peer `>=1.6.11 <1.7.0`), hence the default.
    #[default]
    #[serde(rename = "1.6")]
    V1_6,
    /// better-auth 1.7.x.
    #[serde(rename = "1.7")]
    V1_7,
}

/// The email as Better Auth stores it and looks it up: JavaScript's `email.toLowerCase()`
/// (full Unicode lower-casing, with the final-sigma rule; no trim, no normalisation).
/// Identical for 1.6 and 1.7 (see the module docs).
pub fn canonical_email(email: &str, version: BetterAuthVersion) -> String {
    match version {
        BetterAuthVersion::V1_6 | BetterAuthVersion::V1_7 => js_to_lower_case(email),
    }
}

/// Whether Better Auth (`version`) finds the stored email `stored` when asked for `asked`, on an
/// exact-match database such as Convex: `internalAdapter.findUserByEmail` looks up
/// `asked.toLowerCase()` exactly (so a stored email that is not lower case is never found), and
/// 1.7 then re-checks `normalize("NFC").toLowerCase()` equality, which on an exact match never
/// changes the answer.
pub fn emails_match(stored: &str, asked: &str, version: BetterAuthVersion) -> bool {
    let found = stored == canonical_email(asked, version);
    match version {
        BetterAuthVersion::V1_6 => found,
        BetterAuthVersion::V1_7 => found && nfc_lower(stored) == nfc_lower(asked),
    }
}

/// A key that is equal for emails a person would call the same but Better Auth stores as
/// different users: JavaScript `trim()`, then NFC, then `toLowerCase()` (1.7's comparison
/// order). Use it to find near-duplicates; never to log a user in.
///
/// Without the `nfkc` feature NFC comes from the installed normaliser
/// ([`crate::unicode::set_normalizer`]); if there is none the email is lower-cased
/// un-normalised: use [`try_near_duplicate_key`] to be told instead.
pub fn near_duplicate_key(email: &str) -> String {
    let email = js_trim(email);
    try_nfc_lower(email).unwrap_or_else(|_| js_to_lower_case(email))
}

/// [`near_duplicate_key`], or [`crate::Error::NfkcUnavailable`] in a build without the `nfkc`
/// feature that has no working normaliser. Never fails with the feature.
pub fn try_near_duplicate_key(email: &str) -> crate::Result<String> {
    try_nfc_lower(js_trim(email))
}

fn try_nfc_lower(s: &str) -> crate::Result<String> {
    let nfc = crate::unicode::normalize(s, crate::unicode::Form::Nfc)?;
    Ok(js_to_lower_case(&nfc))
}

fn nfc_lower(s: &str) -> String {
    try_nfc_lower(s).unwrap_or_else(|_| js_to_lower_case(s))
}

/// JavaScript's `String.prototype.toLowerCase`: Unicode default case conversion with the
/// unconditional SpecialCasing mappings and the Final_Sigma context. Rust's `str::to_lowercase`
/// implements the same algorithm; the two are checked code point by code point against Node in
/// `tests/sync.rs` (vectors in `tests/vectors/sync/js-lowercase.json`).
pub fn js_to_lower_case(s: &str) -> String {
    s.to_lowercase()
}

/// JavaScript's `String.prototype.trim`: strips WhiteSpace (TAB, VT, FF, U+FEFF and category Zs)
/// and LineTerminator (LF, CR, U+2028, U+2029). Unlike Rust's `char::is_whitespace` it strips
/// U+FEFF and keeps U+0085.
pub fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{a}' | '\u{b}' | '\u{c}' | '\u{d}' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}
