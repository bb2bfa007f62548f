//! One error type for the whole crate, grouped by area, with a stable code per variant.
//!
//! Callers (Rust, JS, CLI) switch on [`Error::code`], never on the message. The JS side throws
//! an `AuthError` whose `.code` is the same string. Messages never contain secrets, and a wrong
//! password or a bad signature says no more than that.

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every error authcore returns. New variants may be added in minor releases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    // ---- passwords -------------------------------------------------------------------------
    /// The password is longer than the configured maximum (counted like JavaScript's
    /// `String.length`, in UTF-16 code units, before normalisation).
    PasswordTooLong {
        /// The limit that was exceeded.
        max: usize,
    },
    /// A stored password hash could not be parsed; the reason names the part that is wrong.
    HashMalformed(&'static str),
    /// A stored hash asks for more work than authcore accepts (cost ceilings).
    HashCostTooHigh(&'static str),
    /// The hash is well-formed but its algorithm is not accepted by this call.
    HashUnsupported(&'static str),

    // ---- input at the boundary -------------------------------------------------------------
    /// An argument has the wrong type or shape (raised by the bindings and the CLI).
    InvalidArgument(String),
    /// The operating system's random number generator failed.
    Rng,

    // ---- doctor ----------------------------------------------------------------------------
    /// Reading or writing a Convex export failed (I/O, or not a ZIP file).
    ExportIo(String),
    /// The export breaks a hard limit (entry count, entry size, line length) or its layout.
    ExportInvalid(String),
    /// A fix would have to guess (for example two users match the email); nothing was written.
    FixAmbiguous(String),
    /// A fix names something the export does not have (no user with that email, no table).
    FixNotFound(String),
    // ---- end doctor ----
}

impl Error {
    /// The stable, documented code of this error (`ERR_*`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::PasswordTooLong { .. } => "ERR_PASSWORD_TOO_LONG",
            Error::HashMalformed(_) => "ERR_HASH_MALFORMED",
            Error::HashCostTooHigh(_) => "ERR_HASH_COST_TOO_HIGH",
            Error::HashUnsupported(_) => "ERR_HASH_UNSUPPORTED",
            Error::InvalidArgument(_) => "ERR_INVALID_ARGUMENT",
            Error::Rng => "ERR_RNG",
            // ---- doctor ----
            Error::ExportIo(_) => "ERR_EXPORT_IO",
            Error::ExportInvalid(_) => "ERR_EXPORT_INVALID",
            Error::FixAmbiguous(_) => "ERR_FIX_AMBIGUOUS",
            Error::FixNotFound(_) => "ERR_FIX_NOT_FOUND",
            // ---- end doctor ----
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::PasswordTooLong { max } => {
                write!(f, "password is longer than {max} characters")
            }
            Error::HashMalformed(why) => write!(f, "malformed password hash: {why}"),
            Error::HashCostTooHigh(why) => write!(f, "password hash cost too high: {why}"),
            Error::HashUnsupported(why) => write!(f, "unsupported password hash: {why}"),
            Error::InvalidArgument(why) => write!(f, "invalid argument: {why}"),
            Error::Rng => f.write_str("the operating system's random number generator failed"),
            // ---- doctor ----
            Error::ExportIo(why) => write!(f, "reading or writing the export failed: {why}"),
            Error::ExportInvalid(why) => write!(f, "invalid export: {why}"),
            Error::FixAmbiguous(why) => write!(f, "refusing to guess: {why}"),
            Error::FixNotFound(why) => write!(f, "not found: {why}"),
            // ---- end doctor ----
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_prefixed() {
        let all = [
            Error::PasswordTooLong { max: 1 },
            Error::HashMalformed("x"),
            Error::HashCostTooHigh("x"),
            Error::HashUnsupported("x"),
            Error::InvalidArgument("x".into()),
            Error::Rng,
            // ---- doctor ----
            Error::ExportIo("x".into()),
            Error::ExportInvalid("x".into()),
            Error::FixAmbiguous("x".into()),
            Error::FixNotFound("x".into()),
            // ---- end doctor ----
        ];
        for e in &all {
            assert!(e.code().starts_with("ERR_"), "{}", e.code());
            assert!(!e.to_string().is_empty());
        }
        assert_eq!(
            Error::PasswordTooLong { max: 128 }.code(),
            "ERR_PASSWORD_TOO_LONG"
        );
        assert_eq!(Error::HashMalformed("x").code(), "ERR_HASH_MALFORMED");
    }
}
