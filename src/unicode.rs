//! Unicode normalisation: NFKC of passwords (Better Auth's `password.normalize("NFKC")`) and
//! NFC of emails (1.7's near-duplicate comparison).
//!
//! With the `nfkc` feature (on by default: the native crate, the CLI, Python, the doctor) the
//! tables of `unicode-normalization` are compiled in. Without it (the npm package's request-path
//! and passwords WASM, issue 17: the tables are most of the passwords WASM's data) the crate
//! asks a normaliser the embedder installs with [`set_normalizer`]; the WASM bindings install
//! JavaScript's `String.prototype.normalize`, the very function Better Auth calls. Without
//! either, the functions that need normalisation refuse with [`crate::Error::NfkcUnavailable`] rather
//! than hash a password differently.

use crate::error::Result;

/// A Unicode normalisation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Canonical composition (NFC).
    Nfc,
    /// Compatibility composition (NFKC).
    Nfkc,
}

/// A normaliser for builds without the `nfkc` feature: `Some(normalised)`, or `None` when the
/// platform cannot normalise (a JavaScript engine built without ICU).
pub type Normalizer = fn(&str, Form) -> Option<String>;

#[cfg(not(feature = "nfkc"))]
static NORMALIZER: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();

/// Install the normaliser used by builds without the `nfkc` feature (the first one installed
/// stays; returns whether this one was installed). With the feature the compiled-in tables are
/// always used and this does nothing.
pub fn set_normalizer(f: Normalizer) -> bool {
    #[cfg(not(feature = "nfkc"))]
    {
        NORMALIZER.set(f).is_ok()
    }
    #[cfg(feature = "nfkc")]
    {
        let _ = f;
        false
    }
}

/// `s` in normalisation form `form`, or [`crate::Error::NfkcUnavailable`] (a build without the `nfkc`
/// feature whose platform cannot normalise, or with no normaliser installed).
pub fn normalize(s: &str, form: Form) -> Result<String> {
    #[cfg(feature = "nfkc")]
    {
        use unicode_normalization::UnicodeNormalization;
        Ok(match form {
            Form::Nfc => s.nfc().collect(),
            Form::Nfkc => s.nfkc().collect(),
        })
    }
    #[cfg(not(feature = "nfkc"))]
    {
        NORMALIZER
            .get()
            .and_then(|f| f(s, form))
            .ok_or(crate::Error::NfkcUnavailable)
    }
}
