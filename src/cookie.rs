//! COOKIES: Better Auth's signed session cookie and its `session_data` cookie cache.
//!
//! - [`read_session_token`] finds `<prefix>.session_token` (or its `__Secure-` form) in a
//!   `Cookie` header and checks its HMAC-SHA256 signature; [`sign_session_token`] makes the
//!   value Better Auth would set.
//! - [`read_cookie_cache`] decodes and verifies the cookie cache of every strategy (`compact`,
//!   `jwt`, `jwe`), joining chunked cookies (`.0`, `.1`, …); [`sign_cookie_cache`] writes one.
//! - [`inspect_token`] and [`explain_token`] say what a value is and every reason it would
//!   be refused.
//!
//! Formats: the team's Better Auth format notes (better-auth-formats.md §2–§5), checked against better-auth
//! 1.6.34 and 1.7.25 (`tests/vectors/cookies/`).
//!
//! ```
//! use authcore::cookie::*;
//! use serde_json::json;
//! let secret = "a-32-character-better-auth-secret!";
//! let now = 1_800_000_000_000;
//! let session = json!({ "id": "s1", "token": "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
//!                       "userId": "u1", "expiresAt": "2027-01-15T08:00:00.000Z" });
//! let user = json!({ "id": "u1", "email": "a@example.com", "name": "A" });
//! let so = SignCookieCacheOptions::new(CacheStrategy::Jwe, secret, now, [7; 32]);
//! let cache = sign_cookie_cache(&session, &user, &so).unwrap();
//! let header = format!(
//!     "better-auth.session_token={}; better-auth.session_data={cache}",
//!     sign_session_token("AbCdEfGhIjKlMnOpQrStUvWxYz012345", secret)
//! );
//! let token = read_session_token(&header, &Secrets::single(secret), None).unwrap().unwrap();
//! let read = read_cookie_cache(&header, &CookieCacheOptions::new(secret, now)).unwrap().unwrap();
//! assert_eq!(read.session["token"], token.as_str());
//! assert_eq!(read.strategy, CacheStrategy::Jwe);
//! // Five minutes (+15 s tolerance) later the cache is gone; the signed token still reads.
//! let later = CookieCacheOptions::new(secret, now + 316_000);
//! assert!(read_cookie_cache(&header, &later).unwrap().is_none());
//! ```

mod cache;
mod explain;
mod header;

pub use crate::crypto::{Secret, Secrets};
pub use cache::{
    check_cache_version, chunk_cookie_value, cookie_cache_chunk_size, decode_cookie_cache, jwe_key,
    oct_thumbprint, parse_iso_ms, read_cookie_cache, session_cache_kid, sign_cookie_cache,
    CacheStrategy, CookieCache, CookieCacheOptions, SignCookieCacheOptions,
    CACHE_CLOCK_TOLERANCE_S, DEFAULT_CACHE_MAX_AGE_S, JWE_SESSION_SALT, MAX_COOKIE_SIZE,
};
pub use explain::{
    explain_token, inspect_token, ExplainOptions, Explanation, Problem, TokenInfo, TokenKind,
};
pub use header::{
    cookie_names, decode_uri_component, encode_uri_component, parse_cookie_header,
    read_session_token, read_session_token_opts, resolve_secure, sign_session_token,
    verify_signed_value, verify_signed_value_opts, CookieNames, SessionTokenOptions,
};

use crate::error::{Error, Result};

/// What a lenient read found: a value, or none and (when something was present but refused)
/// the reason. Better Auth's `getSession`/`getCookieCache` answer "no session" for all of these.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOutcome<T> {
    /// The verified value; `None` when there is no usable session.
    pub value: Option<T>,
    /// Why a present value was refused (tampered, foreign or rotated-away secret, malformed,
    /// wrong version); `None` when the value was read, or absent, or expired.
    pub reason: Option<Error>,
}

/// Whether an error is the caller's configuration (no secret, a bad option, an unusable JWKS),
/// which must fail at once, rather than something about the request's cookies.
pub fn is_configuration_error(e: &Error) -> bool {
    matches!(
        e,
        Error::InvalidArgument(_)
            | Error::ConfigSecretMissing
            | Error::ConfigBaseUrlMissing(_)
            | Error::JwksInvalid(_)
            | Error::JwkInvalid(_)
            | Error::Rng
    )
}

/// Turn a strict read into Better Auth's answer: configuration errors stay errors; anything
/// wrong with the request's cookies is "no value", with the reason kept.
pub fn lenient<T>(r: Result<Option<T>>) -> Result<ReadOutcome<T>> {
    match r {
        Ok(value) => Ok(ReadOutcome {
            value,
            reason: None,
        }),
        Err(e) if is_configuration_error(&e) => Err(e),
        Err(e) => Ok(ReadOutcome {
            value: None,
            reason: Some(e),
        }),
    }
}

/// [`read_session_token_opts`] with Better Auth's semantics: a forged, tampered, foreign-secret
/// or malformed cookie is no session (`value: None`, the reason kept), never an error; only a
/// configuration error (e.g. no secret) is `Err`.
pub fn read_session_token_lenient(
    cookie_header: &str,
    opts: &SessionTokenOptions,
) -> Result<ReadOutcome<String>> {
    opts.secrets.current()?;
    lenient(read_session_token_opts(cookie_header, opts))
}

/// [`read_cookie_cache`] with Better Auth's `getCookieCache` semantics: whatever it would treat
/// as no cache (tampered, foreign secret, expired, wrong version, garbage) is `value: None`,
/// with the reason kept; only configuration errors are `Err`.
pub fn read_cookie_cache_lenient(
    cookie_header: &str,
    opts: &CookieCacheOptions,
) -> Result<ReadOutcome<CookieCache>> {
    opts.secrets.current()?;
    lenient(read_cookie_cache(cookie_header, opts))
}

/// Better Auth's default cookie prefix (`advanced.cookiePrefix`).
pub const DEFAULT_COOKIE_PREFIX: &str = "better-auth";

/// Prefix browsers require for cookies set with `Secure` over HTTPS.
pub const SECURE_COOKIE_PREFIX: &str = "__Secure-";

/// Longest `Cookie` header read, in bytes: Better Auth chunks a cache into at most 100 cookies
/// of about 4 KB, so a legitimate header stays below 410 KB; anything longer is refused
/// before any parsing work.
pub const MAX_COOKIE_HEADER_BYTES: usize = 512 * 1024;

/// Most chunks (`name.0` … `name.N`) joined into one cookie value: Better Auth's own
/// `MAX_COOKIE_CHUNKS` (it never writes more).
pub const MAX_COOKIE_CHUNKS: usize = 100;

/// Most cookies parsed from one header (bounds the work on a hostile header).
pub const MAX_COOKIES: usize = 1000;

/// Length of a session cookie signature: standard base64 (with `=`) of an HMAC-SHA256.
pub const SIGNATURE_LEN: usize = 44;
