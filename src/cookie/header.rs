//! `Cookie` header parsing (better-call's `parseCookies`) and the signed session cookie.

use base64::Engine as _;

use super::{
    DEFAULT_COOKIE_PREFIX, MAX_COOKIES, MAX_COOKIE_HEADER_BYTES, SECURE_COOKIE_PREFIX,
    SIGNATURE_LEN,
};
use crate::crypto::{hmac_sha256, hmac_sha256_verify, Secrets, B64STD_LENIENT};
use crate::error::{Error, Result};

/// Parse a `Cookie` header like better-call's `parseCookies`: `name=value` pairs split at `;`,
/// trimmed, the first occurrence of a name wins, a value starting with `"` loses its first and
/// last character. Values are returned **raw** (not URL-decoded); see [`decode_uri_component`].
///
/// `ERR_COOKIE_MALFORMED` when the header is longer than [`MAX_COOKIE_HEADER_BYTES`] or holds
/// more than [`MAX_COOKIES`] cookies.
pub fn parse_cookie_header(header: &str) -> Result<Vec<(&str, &str)>> {
    if header.len() > MAX_COOKIE_HEADER_BYTES {
        return Err(Error::CookieMalformed("Cookie header too long"));
    }
    let mut out: Vec<(&str, &str)> = Vec::new();
    // Names seen so far: one lookup per part, so a header of many repeated names costs
    // O(parts), not O(parts × MAX_COOKIES).
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for part in header.split(';') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let k = k.trim();
        if seen.contains(k) {
            continue;
        }
        if out.len() >= MAX_COOKIES {
            return Err(Error::CookieMalformed("too many cookies in the header"));
        }
        let mut v = v.trim();
        if v.starts_with('"') {
            // `val.slice(1, -1)`: drops the last character whatever it is.
            v = &v[1..];
            let mut cs = v.chars();
            cs.next_back();
            v = cs.as_str();
        }
        seen.insert(k);
        out.push((k, v));
    }
    Ok(out)
}

/// JavaScript's `decodeURIComponent`: `%XX` escapes decoded as UTF-8. `ERR_COOKIE_MALFORMED`
/// for a bad escape or invalid UTF-8 (where JavaScript throws `URIError`).
pub fn decode_uri_component(s: &str) -> Result<String> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b
                .get(i + 1..i + 3)
                .ok_or(Error::CookieMalformed("bad URL-encoding"))?;
            let hi = (hex[0] as char).to_digit(16);
            let lo = (hex[1] as char).to_digit(16);
            match (hi, lo) {
                (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
                _ => return Err(Error::CookieMalformed("bad URL-encoding")),
            }
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Error::CookieMalformed("URL-encoding is not UTF-8"))
}

/// JavaScript's `encodeURIComponent`.
pub fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for &byte in s.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The cookie names Better Auth uses for a prefix (`advanced.cookiePrefix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieNames {
    /// `<prefix>.session_token`
    pub session_token: String,
    /// `<prefix>.session_data` (the cookie cache)
    pub session_data: String,
    /// `<prefix>.dont_remember`
    pub dont_remember: String,
    /// `<prefix>.convex_jwt` (@convex-dev/better-auth)
    pub convex_jwt: String,
}

/// Cookie names for `prefix` (`None` = `"better-auth"`), without `__Secure-`.
pub fn cookie_names(prefix: Option<&str>) -> CookieNames {
    let p = prefix.unwrap_or(DEFAULT_COOKIE_PREFIX);
    CookieNames {
        session_token: format!("{p}.session_token"),
        session_data: format!("{p}.session_data"),
        dont_remember: format!("{p}.dont_remember"),
        convex_jwt: format!("{p}.convex_jwt"),
    }
}

/// Whether Better Auth's cookies are `__Secure-` ones, decided as Better Auth decides it
/// (`createCookieGetter`): an explicit `secure` (`advanced.useSecureCookies`) wins, else the
/// scheme of `request_url` (`https:` → true, `http:` → false). `None` when neither says.
pub fn resolve_secure(secure: Option<bool>, request_url: Option<&str>) -> Option<bool> {
    secure.or_else(|| {
        let url = request_url?.trim_start();
        let scheme = url.get(..url.find(':')?)?;
        if scheme.eq_ignore_ascii_case("https") {
            Some(true)
        } else if scheme.eq_ignore_ascii_case("http") {
            Some(false)
        } else {
            None
        }
    })
}

/// The full cookie names to look for, in order: `__Secure-<name>` only when `secure` is
/// `Some(true)`, `<name>` only when `Some(false)` (Better Auth reads exactly one of them, never
/// both). `None` (nothing says which): the `__Secure-` form when the header has it, else the
/// plain one.
pub(crate) fn candidate_names(name: &str, secure: Option<bool>) -> Vec<String> {
    let secure_name = format!("{SECURE_COOKIE_PREFIX}{name}");
    match secure {
        Some(true) => vec![secure_name],
        Some(false) => vec![name.to_string()],
        None => vec![secure_name, name.to_string()],
    }
}

/// Find a cookie by name: the `__Secure-` form, the plain one, or (`secure` unknown) the
/// `__Secure-` form when present, else the plain one. Returns (full name, raw value).
pub(crate) fn find_cookie<'a>(
    cookies: &[(&'a str, &'a str)],
    name: &str,
    secure: Option<bool>,
) -> Option<(&'a str, &'a str)> {
    candidate_names(name, secure).iter().find_map(|want| {
        cookies
            .iter()
            .find(|(n, v)| n == want && !v.is_empty())
            .copied()
    })
}

/// Verify one signed cookie value (`token.signature`, URL-encoded or not) and return the
/// token, under the **current** secret only, as Better Auth does. See
/// [`verify_signed_value_opts`].
pub fn verify_signed_value(value: &str, secrets: &Secrets) -> Result<String> {
    verify_signed_value_opts(value, secrets, false)
}

/// Verify one signed cookie value. Better Auth's check (better-call `getSignedCookie`): split at
/// the **last** `.`, the signature must be 44 characters of standard base64 ending in `=`,
/// HMAC-SHA256 with the secret's UTF-8 bytes as key, compared in constant time. The current
/// secret only, unless `accept_previous` (every secret then, in constant time each).
///
/// `ERR_COOKIE_MALFORMED` (no dot, signature of the wrong shape, bad URL-encoding),
/// `ERR_COOKIE_SIGNATURE_INVALID` (no accepted secret matches).
pub fn verify_signed_value_opts(
    value: &str,
    secrets: &Secrets,
    accept_previous: bool,
) -> Result<String> {
    if value.len() > MAX_COOKIE_HEADER_BYTES {
        return Err(Error::CookieMalformed("cookie value too long"));
    }
    let decoded = decode_uri_component(value)?;
    let dot = decoded
        .rfind('.')
        .ok_or(Error::CookieMalformed("signed cookie has no '.signature'"))?;
    if dot < 1 {
        return Err(Error::CookieMalformed("signed cookie has an empty value"));
    }
    let (token, sig) = (&decoded[..dot], &decoded[dot + 1..]);
    if sig.len() != SIGNATURE_LEN || !sig.ends_with('=') {
        return Err(Error::CookieMalformed(
            "signature is not 44 characters of base64",
        ));
    }
    let tag = B64STD_LENIENT
        .decode(sig)
        .map_err(|_| Error::CookieMalformed("signature is not base64"))?;
    let mut ok = false;
    for s in secrets.signing(accept_previous) {
        // No early exit: every secret costs the same, whichever matches.
        ok |= hmac_sha256_verify(s.value.as_bytes(), token.as_bytes(), &tag);
    }
    if ok {
        Ok(token.to_string())
    } else {
        Err(Error::CookieSignatureInvalid)
    }
}

/// Options of [`read_session_token_opts`].
#[derive(Debug, Clone)]
pub struct SessionTokenOptions {
    /// The Better Auth secret(s), current first.
    pub secrets: Secrets,
    /// `advanced.cookiePrefix`. Defaults to `"better-auth"`.
    pub cookie_prefix: Option<String>,
    /// Whether the cookies are `__Secure-` ones (see [`resolve_secure`]); `None` = unknown.
    pub secure: Option<bool>,
    /// Accept a signature by a previous secret too (a grace period after a rotation). Off by
    /// default, as in Better Auth: a rotated-away secret no longer signs anything.
    pub accept_previous_secrets: bool,
}

impl SessionTokenOptions {
    /// Options with the given secrets, every other field at its default.
    pub fn new(secrets: impl Into<Secrets>) -> Self {
        SessionTokenOptions {
            secrets: secrets.into(),
            cookie_prefix: None,
            secure: None,
            accept_previous_secrets: false,
        }
    }
}

/// The session token from a `Cookie` header: `<prefix>.session_token` (`cookie_prefix` `None`
/// = `"better-auth"`, `__Secure-` form when present), signature checked under the current
/// secret. See [`read_session_token_opts`].
///
/// ```
/// use authcore::cookie::{read_session_token, sign_session_token, Secrets};
/// let value = sign_session_token("AbCdEfGhIjKlMnOpQrStUvWxYz012345", "a-secret");
/// let header = format!("theme=dark; better-auth.session_token={value}");
/// let token = read_session_token(&header, &Secrets::single("a-secret"), None).unwrap();
/// assert_eq!(token.as_deref(), Some("AbCdEfGhIjKlMnOpQrStUvWxYz012345"));
/// ```
pub fn read_session_token(
    cookie_header: &str,
    secrets: &Secrets,
    cookie_prefix: Option<&str>,
) -> Result<Option<String>> {
    let mut o = SessionTokenOptions::new(secrets.clone());
    o.cookie_prefix = cookie_prefix.map(str::to_string);
    read_session_token_opts(cookie_header, &o)
}

/// The session token from a `Cookie` header, signature checked (strict: every refusal is an
/// error; [`crate::cookie::read_session_token_lenient`] answers as Better Auth does).
///
/// `Ok(None)` when the cookie is absent or empty; `ERR_COOKIE_SIGNATURE_INVALID` when it is
/// present but not signed by an accepted secret; `ERR_COOKIE_MALFORMED` when it cannot be
/// parsed.
pub fn read_session_token_opts(
    cookie_header: &str,
    opts: &SessionTokenOptions,
) -> Result<Option<String>> {
    let cookies = parse_cookie_header(cookie_header)?;
    let name = cookie_names(opts.cookie_prefix.as_deref()).session_token;
    match find_cookie(&cookies, &name, opts.secure) {
        None => Ok(None),
        Some((_, v)) => {
            verify_signed_value_opts(v, &opts.secrets, opts.accept_previous_secrets).map(Some)
        }
    }
}

/// The cookie value Better Auth sets for a session token (better-call `signCookieValue`):
/// `encodeURIComponent(token + "." + base64(HMAC-SHA256(secret, token)))`.
pub fn sign_session_token(token: &str, secret: &str) -> String {
    let sig = base64::engine::general_purpose::STANDARD
        .encode(hmac_sha256(secret.as_bytes(), token.as_bytes()));
    encode_uri_component(&format!("{token}.{sig}"))
}
