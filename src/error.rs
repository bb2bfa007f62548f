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
    /// Unicode normalisation is unavailable: a build without the `nfkc` feature whose platform
    /// cannot normalise (a JavaScript engine built without ICU, whose
    /// `String.prototype.normalize` returns its input unchanged). authcore refuses rather than
    /// hash or key a string differently from Better Auth. See [`crate::unicode`].
    NfkcUnavailable,

    // ---- cookies ----------------------------------------------------------------------------
    /// A cookie (or Cookie header) is present but cannot be parsed: no `.signature`, bad
    /// URL-encoding, a signature of the wrong length, too long, too many chunks.
    CookieMalformed(&'static str),
    /// A signed cookie's HMAC does not match under any of the given secrets (forged, or a
    /// different secret).
    CookieSignatureInvalid,
    /// A `session_data` cookie cache is present but does not verify or decode (wrong secret,
    /// tampered, wrong strategy, payload of the wrong shape).
    CookieCacheInvalid(&'static str),
    /// Encrypted data (`symmetricEncrypt`, a `jwks.privateKey` row) is not well-formed.
    CiphertextMalformed(&'static str),
    /// None of the given secrets decrypts the data (the deployment's secret changed).
    DecryptFailed,
    /// `inspect_token` does not recognise the value as any Better Auth token or cookie.
    TokenUnrecognized,
    // ---- end cookies -----------------------------------------------------------------------
    // ---- sync ----
    /// A sync policy is unusable (empty or reserved field name, a field that would overwrite
    /// the link field, too many entries); the message names the option.
    SyncPolicyInvalid(String),
    /// An auth user or app row passed to the sync decisions lacks a required field (`_id`,
    /// `email`) or there are too many candidates.
    SyncInputInvalid(&'static str),
    // ---- tokens ----------------------------------------------------------------------------
    /// A compact JWS is malformed: structure, base64url, header JSON, `crit`, size limits.
    JwsInvalid(&'static str),
    /// The JWS is well-formed but its payload is not a JWT claims set (a JSON object).
    JwtInvalid(&'static str),
    /// The signature does not verify with the selected key. Says no more than that.
    JwsSignatureVerificationFailed,
    /// The `exp` claim (or `maxTokenAge` via `iat`) is in the past, beyond the clock tolerance.
    JwtExpired {
        /// The claim that failed (`"exp"` or `"iat"`).
        claim: &'static str,
        /// Why it failed (`"check_failed"`).
        reason: &'static str,
    },
    /// A claim check failed: `iss`, `aud`, `sub`, `nbf`, `iat`, `typ` or a required claim.
    JwtClaimValidationFailed {
        /// The claim that failed (e.g. `"aud"`, `"nbf"`, or the name of a required claim).
        claim: String,
        /// `"check_failed"`, `"missing"` or `"invalid"` (as jose).
        reason: &'static str,
    },
    /// No key in the key set matches the token header (kid, alg, kty, crv, use, key_ops).
    JwksNoMatchingKey,
    /// More than one key in the key set matches the token header; authcore needs exactly one.
    JwksMultipleMatchingKeys,
    /// The token's `alg` is not in the allowlist (`none` never is).
    AlgNotAllowed,
    /// A JOSE feature that authcore does not implement (unknown alg, unknown `crit`, `b64:false`).
    JoseNotSupported(&'static str),
    /// A JWK is malformed, of the wrong type for the algorithm, or too weak (RSA < 2048 bits).
    JwkInvalid(&'static str),
    /// A JWK Set is malformed or too large.
    JwksInvalid(&'static str),
    /// A remote JWK Set could not be fetched (network error, timeout, non-2xx status).
    JwksFetchFailed(&'static str),

    // ---- internal requests -------------------------------------------------------------------
    /// A request that must be signed (`verify_internal_request`) has no timestamp or signature
    /// header.
    InternalSignatureMissing,
    /// An internal request's signature headers are malformed, or no secret gives that MAC for
    /// this method, path, query, body and timestamp. Says no more than that.
    InternalSignatureInvalid(&'static str),
    /// An internal request was signed further from the verifier's clock than `max_skew`
    /// (a replay, or clocks apart).
    InternalRequestExpired {
        /// The window that was exceeded, in seconds.
        max_skew: u64,
    },
    /// An internal-request secret is shorter than the minimum (a configuration error).
    InternalSecretWeak {
        /// The minimum length in bytes.
        min: usize,
    },
    /// An internal request's body is larger than authcore signs or verifies.
    InternalBodyTooLarge {
        /// The limit in bytes.
        max: usize,
    },

    // ---- input at the boundary -------------------------------------------------------------
    /// An argument has the wrong type or shape (raised by the bindings and the CLI).
    InvalidArgument(String),
    /// No secret was configured (`secret` undefined or empty: an unset `BETTER_AUTH_SECRET`);
    /// a configuration error, raised before any request is read.
    ConfigSecretMissing,
    /// No base URL was configured (`betterAuthJwtPreset(undefined)`: an unset
    /// `BETTER_AUTH_URL`); a configuration error.
    ConfigBaseUrlMissing(String),
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
    /// A database the doctor reads (SQLite, Postgres) could not be opened or queried.
    Database(String),
    /// The database driver this runtime needs is not there (the npm CLI: `node:sqlite`
    /// before Node 22.13, the `pg` package); the message names what to install.
    DatabaseDriverMissing(String),
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
            Error::NfkcUnavailable => "ERR_NFKC_UNAVAILABLE",
            // ---- cookies ----
            Error::CookieMalformed(_) => "ERR_COOKIE_MALFORMED",
            Error::CookieSignatureInvalid => "ERR_COOKIE_SIGNATURE_INVALID",
            Error::CookieCacheInvalid(_) => "ERR_COOKIE_CACHE_INVALID",
            Error::CiphertextMalformed(_) => "ERR_CIPHERTEXT_MALFORMED",
            Error::DecryptFailed => "ERR_DECRYPT_FAILED",
            Error::TokenUnrecognized => "ERR_TOKEN_UNRECOGNIZED",
            // ---- end cookies ----
            // ---- sync ----
            Error::SyncPolicyInvalid(_) => "ERR_SYNC_POLICY_INVALID",
            Error::SyncInputInvalid(_) => "ERR_SYNC_INPUT_INVALID",
            // ---- tokens ----
            Error::JwsInvalid(_) => "ERR_JWS_INVALID",
            Error::JwtInvalid(_) => "ERR_JWT_INVALID",
            Error::JwsSignatureVerificationFailed => "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            Error::JwtExpired { .. } => "ERR_JWT_EXPIRED",
            Error::JwtClaimValidationFailed { .. } => "ERR_JWT_CLAIM_VALIDATION_FAILED",
            Error::JwksNoMatchingKey => "ERR_JWKS_NO_MATCHING_KEY",
            Error::JwksMultipleMatchingKeys => "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
            Error::AlgNotAllowed => "ERR_JOSE_ALG_NOT_ALLOWED",
            Error::JoseNotSupported(_) => "ERR_JOSE_NOT_SUPPORTED",
            Error::JwkInvalid(_) => "ERR_JWK_INVALID",
            Error::JwksInvalid(_) => "ERR_JWKS_INVALID",
            Error::JwksFetchFailed(_) => "ERR_JWKS_FETCH_FAILED",
            Error::InternalSignatureMissing => "ERR_INTERNAL_SIGNATURE_MISSING",
            Error::InternalSignatureInvalid(_) => "ERR_INTERNAL_SIGNATURE_INVALID",
            Error::InternalRequestExpired { .. } => "ERR_INTERNAL_REQUEST_EXPIRED",
            Error::InternalSecretWeak { .. } => "ERR_INTERNAL_SECRET_WEAK",
            Error::InternalBodyTooLarge { .. } => "ERR_INTERNAL_BODY_TOO_LARGE",
            Error::InvalidArgument(_) => "ERR_INVALID_ARGUMENT",
            Error::ConfigSecretMissing => "ERR_CONFIG_SECRET_MISSING",
            Error::ConfigBaseUrlMissing(_) => "ERR_CONFIG_BASE_URL_MISSING",
            Error::Rng => "ERR_RNG",
            // ---- doctor ----
            Error::ExportIo(_) => "ERR_EXPORT_IO",
            Error::ExportInvalid(_) => "ERR_EXPORT_INVALID",
            Error::FixAmbiguous(_) => "ERR_FIX_AMBIGUOUS",
            Error::FixNotFound(_) => "ERR_FIX_NOT_FOUND",
            Error::Database(_) => "ERR_DATABASE",
            Error::DatabaseDriverMissing(_) => "ERR_DATABASE_DRIVER_MISSING",
            // ---- end doctor ----
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::PasswordTooLong { max } if *max == crate::password::MAX_PASSWORD_BYTES => {
                write!(f, "password is longer than {max} bytes of UTF-8")
            }
            Error::PasswordTooLong { max } => {
                write!(f, "password is longer than {max} characters")
            }
            Error::HashMalformed(why) => write!(f, "malformed password hash: {why}"),
            Error::HashCostTooHigh(why) => write!(f, "password hash cost too high: {why}"),
            Error::HashUnsupported(why) => write!(f, "unsupported password hash: {why}"),
            Error::NfkcUnavailable => f.write_str(
                "Unicode normalisation is unavailable: this JavaScript engine was built without \
                 ICU (String.prototype.normalize returns its input unchanged)",
            ),
            // ---- cookies ----
            Error::CookieMalformed(why) => write!(f, "malformed cookie: {why}"),
            Error::CookieSignatureInvalid => f.write_str("cookie signature is invalid"),
            Error::CookieCacheInvalid(why) => write!(f, "invalid cookie cache: {why}"),
            Error::CiphertextMalformed(why) => write!(f, "malformed ciphertext: {why}"),
            Error::DecryptFailed => f.write_str("decryption failed with every given secret"),
            Error::TokenUnrecognized => f.write_str("not a recognised Better Auth token or cookie"),
            // ---- end cookies ----
            // ---- sync ----
            Error::SyncPolicyInvalid(why) => write!(f, "invalid sync policy: {why}"),
            Error::SyncInputInvalid(why) => write!(f, "invalid sync input: {why}"),
            // ---- tokens ----
            Error::JwsInvalid(why) => write!(f, "invalid JWS: {why}"),
            Error::JwtInvalid(why) => write!(f, "invalid JWT: {why}"),
            Error::JwsSignatureVerificationFailed => f.write_str("signature verification failed"),
            Error::JwtExpired { claim, .. } => {
                write!(
                    f,
                    "\"{claim}\" claim timestamp check failed (token expired)"
                )
            }
            Error::JwtClaimValidationFailed { claim, reason } => match *reason {
                "missing" => write!(f, "missing required \"{claim}\" claim"),
                "invalid" => write!(f, "\"{claim}\" claim has an invalid type or value"),
                _ => write!(f, "unexpected \"{claim}\" claim value"),
            },
            Error::JwksNoMatchingKey => {
                f.write_str("no applicable key found in the JSON Web Key Set")
            }
            Error::JwksMultipleMatchingKeys => {
                f.write_str("multiple matching keys found in the JSON Web Key Set")
            }
            Error::AlgNotAllowed => {
                f.write_str("\"alg\" (Algorithm) Header Parameter value not allowed")
            }
            Error::JoseNotSupported(why) => write!(f, "not supported: {why}"),
            Error::JwkInvalid(why) => write!(f, "invalid JWK: {why}"),
            Error::JwksInvalid(why) => write!(f, "invalid JWK Set: {why}"),
            Error::JwksFetchFailed(why) => write!(f, "could not fetch the JWK Set: {why}"),
            Error::InternalSignatureMissing => f.write_str(
                "the request is not signed (no x-authcore-timestamp / x-authcore-signature header)",
            ),
            Error::InternalSignatureInvalid(why) => {
                write!(f, "internal request signature is invalid: {why}")
            }
            Error::InternalRequestExpired { max_skew } => write!(
                f,
                "internal request was signed more than {max_skew} s from now (replayed, or clocks apart)"
            ),
            Error::InternalSecretWeak { min } => write!(
                f,
                "the internal-request secret must be at least {min} bytes (e.g. `openssl rand -base64 32`)"
            ),
            Error::InternalBodyTooLarge { max } => {
                write!(f, "internal request body is larger than {max} bytes")
            }
            Error::InvalidArgument(why) => write!(f, "invalid argument: {why}"),
            Error::ConfigSecretMissing => f.write_str(
                "no secret configured: is BETTER_AUTH_SECRET (or BETTER_AUTH_SECRETS) set?",
            ),
            Error::ConfigBaseUrlMissing(what) => {
                write!(f, "no base URL configured for {what}: is BETTER_AUTH_URL set?")
            }
            Error::Rng => f.write_str("the operating system's random number generator failed"),
            // ---- doctor ----
            Error::ExportIo(why) => write!(f, "reading or writing the export failed: {why}"),
            Error::ExportInvalid(why) => write!(f, "invalid export: {why}"),
            Error::FixAmbiguous(why) => write!(f, "refusing to guess: {why}"),
            Error::FixNotFound(why) => write!(f, "not found: {why}"),
            Error::Database(why) => write!(f, "database: {why}"),
            Error::DatabaseDriverMissing(why) => write!(f, "database driver missing: {why}"),
            // ---- end doctor ----
        }
    }
}

impl std::error::Error for Error {}

// ---- tokens ----
impl Error {
    /// For JWT claim errors, the claim that failed (`"exp"`, `"aud"`, …), as jose's `.claim`.
    pub fn claim(&self) -> Option<&str> {
        match self {
            Error::JwtExpired { claim, .. } => Some(claim),
            Error::JwtClaimValidationFailed { claim, .. } => Some(claim),
            _ => None,
        }
    }

    /// For JWT claim errors, why the claim failed (`"check_failed"`, `"missing"`, `"invalid"`),
    /// as jose's `.reason`.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Error::JwtExpired { reason, .. } | Error::JwtClaimValidationFailed { reason, .. } => {
                Some(reason)
            }
            _ => None,
        }
    }
}
// ---- end tokens ----

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
            Error::NfkcUnavailable,
            Error::InvalidArgument("x".into()),
            Error::ConfigSecretMissing,
            Error::ConfigBaseUrlMissing("x".into()),
            Error::Rng,
            Error::InternalSignatureMissing,
            Error::InternalSignatureInvalid("x"),
            Error::InternalRequestExpired { max_skew: 1 },
            Error::InternalSecretWeak { min: 32 },
            Error::InternalBodyTooLarge { max: 1 },
            // ---- cookies ----
            Error::CookieMalformed("x"),
            Error::CookieSignatureInvalid,
            Error::CookieCacheInvalid("x"),
            Error::CiphertextMalformed("x"),
            Error::DecryptFailed,
            Error::TokenUnrecognized,
            // ---- end cookies ----
            // ---- sync ----
            Error::SyncPolicyInvalid("x".into()),
            Error::SyncInputInvalid("x"),
            // ---- tokens ----
            Error::JwsInvalid("x"),
            Error::JwtInvalid("x"),
            Error::JwsSignatureVerificationFailed,
            Error::JwtExpired {
                claim: "exp",
                reason: "check_failed",
            },
            Error::JwtClaimValidationFailed {
                claim: "aud".into(),
                reason: "check_failed",
            },
            Error::JwksNoMatchingKey,
            Error::JwksMultipleMatchingKeys,
            Error::AlgNotAllowed,
            Error::JoseNotSupported("x"),
            Error::JwkInvalid("x"),
            Error::JwksInvalid("x"),
            Error::JwksFetchFailed("x"),
            // ---- doctor ----
            Error::ExportIo("x".into()),
            Error::ExportInvalid("x".into()),
            Error::FixAmbiguous("x".into()),
            Error::FixNotFound("x".into()),
            Error::Database("x".into()),
            Error::DatabaseDriverMissing("x".into()),
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
