//! The `session_data` cookie cache: compact (HMAC over `JSON.stringify`), jwt (HS256, or the
//! 1.7 JWKS-signed session-cache JWT) and jwe (`dir` + `A256CBC-HS512`).

use base64::Engine as _;
use serde::Serialize;
use serde_json::{Map, Value};

use super::header::{candidate_names, cookie_names, find_cookie, parse_cookie_header};
use super::{MAX_COOKIE_CHUNKS, MAX_COOKIE_HEADER_BYTES};
use crate::crypto::{
    a256cbc_hs512_decrypt, a256cbc_hs512_encrypt, b64_any_decode, hkdf_sha256, hmac_sha256,
    hmac_sha256_verify, Secrets, B64URL,
};
use crate::error::{Error, Result};
use crate::jsjson;

/// HKDF salt of the session cookie cache's JWE key (`"better-auth-session"`).
pub const JWE_SESSION_SALT: &str = "better-auth-session";
/// HKDF info of every Better Auth JWE key.
const JWE_INFO: &[u8] = b"BetterAuth.js Generated Encryption Key";
/// Clock tolerance Better Auth gives JWE caches and JWKS-signed cache JWTs (seconds).
pub const CACHE_CLOCK_TOLERANCE_S: i64 = 15;
/// Default `cookieCache.maxAge` (seconds).
pub const DEFAULT_CACHE_MAX_AGE_S: i64 = 300;
/// Better Auth's per-cookie byte ceiling used when chunking (`MAX_COOKIE_SIZE`).
pub const MAX_COOKIE_SIZE: usize = 4050;

/// `session.cookieCache.strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheStrategy {
    /// base64url JSON with an HMAC-SHA256 signature (Better Auth's default).
    Compact,
    /// A JWT: HS256 with the secret, or (1.7 `jwt({ sessionCookieCache: true })`) signed by
    /// the JWT plugin's key.
    Jwt,
    /// A compact JWE, `dir` + `A256CBC-HS512`, key derived from the secret with HKDF.
    Jwe,
}

impl CacheStrategy {
    /// Parse `"compact" | "jwt" | "jwe"`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "compact" => Ok(CacheStrategy::Compact),
            "jwt" => Ok(CacheStrategy::Jwt),
            "jwe" => Ok(CacheStrategy::Jwe),
            _ => Err(Error::InvalidArgument(
                "strategy must be \"compact\", \"jwt\" or \"jwe\"".into(),
            )),
        }
    }

    /// The strategy's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStrategy::Compact => "compact",
            CacheStrategy::Jwt => "jwt",
            CacheStrategy::Jwe => "jwe",
        }
    }

    /// Guess the strategy from the shape of a value: 5 segments JWE, 3 JWT, 1 compact.
    pub fn detect(value: &str) -> Option<Self> {
        match value.split('.').count() {
            1 => Some(CacheStrategy::Compact),
            3 => Some(CacheStrategy::Jwt),
            5 => Some(CacheStrategy::Jwe),
            _ => None,
        }
    }
}

/// Options of [`read_cookie_cache`].
#[derive(Debug, Clone)]
pub struct CookieCacheOptions {
    /// The Better Auth secret(s), current first. Compact and HS256 caches verify under the
    /// current one only (unless [`CookieCacheOptions::accept_previous_secrets`]); JWE caches
    /// decrypt under every one, as in Better Auth.
    pub secrets: Secrets,
    /// `advanced.cookiePrefix`. Defaults to `"better-auth"`.
    pub cookie_prefix: Option<String>,
    /// `session.cookieCache.strategy`. Defaults to detecting it from the value's shape
    /// (Better Auth's own default is `compact`); when given, any other shape is refused.
    pub strategy: Option<CacheStrategy>,
    /// A JWKS (JSON text) for 1.7's JWKS-signed session-cache JWT.
    pub jwks: Option<String>,
    /// The current time, epoch milliseconds.
    pub now_ms: i64,
    /// Whether the cookies are `__Secure-` ones (see [`super::resolve_secure`]); `None` =
    /// unknown (the `__Secure-` form when present, else the plain one).
    pub secure: Option<bool>,
    /// Accept compact/HS256 caches signed by a previous secret too (a grace period after a
    /// rotation). Off by default, as in Better Auth.
    pub accept_previous_secrets: bool,
    /// `cookieCache.version`: when set, a cache whose `version` (`"1"` when absent or empty)
    /// differs is refused, as Better Auth's `matchesVersion` does.
    pub version: Option<String>,
}

impl CookieCacheOptions {
    /// Options with the given secrets and clock, every other field at its default.
    pub fn new(secrets: impl Into<Secrets>, now_ms: i64) -> Self {
        CookieCacheOptions {
            secrets: secrets.into(),
            cookie_prefix: None,
            strategy: None,
            jwks: None,
            now_ms,
            secure: None,
            accept_previous_secrets: false,
            version: None,
        }
    }
}

/// A verified, unexpired cookie cache.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CookieCache {
    /// The cached `session` row (output-filtered, dates as ISO strings or ms numbers).
    pub session: Value,
    /// The cached `user` row.
    pub user: Value,
    /// When the cache was written, epoch milliseconds.
    pub updated_at: f64,
    /// The cache version (`cookieCache.version`, `"1"` by default).
    pub version: Option<String>,
    /// When the cache expires, epoch milliseconds.
    pub expires_at: i64,
    /// Which strategy it was read with.
    pub strategy: CacheStrategy,
}

/// Join a cookie's chunks: the cookie itself if present, else `name.0`, `name.1`, … in index
/// order (canonical non-negative integers only). Which of `__Secure-<name>` and `<name>` is
/// read follows `secure` as in [`find_cookie`].
pub(crate) fn joined_cookie(
    cookies: &[(&str, &str)],
    name: &str,
    secure: Option<bool>,
) -> Result<Option<String>> {
    if let Some((_, v)) = find_cookie(cookies, name, secure) {
        return Ok(Some(v.to_string()));
    }
    for full in candidate_names(name, secure) {
        let prefix = format!("{full}.");
        let mut chunks: Vec<(u32, &str)> = Vec::new();
        for (n, v) in cookies {
            let Some(idx) = n.strip_prefix(prefix.as_str()) else {
                continue;
            };
            let canonical = !idx.is_empty()
                && idx.len() <= 3
                && idx.bytes().all(|b| b.is_ascii_digit())
                && (idx == "0" || !idx.starts_with('0'));
            if !canonical {
                continue;
            }
            let i: u32 = idx.parse().unwrap_or(u32::MAX);
            if chunks.len() >= MAX_COOKIE_CHUNKS || i as usize >= MAX_COOKIE_CHUNKS {
                return Err(Error::CookieMalformed("too many cookie chunks"));
            }
            chunks.push((i, v));
        }
        if !chunks.is_empty() {
            chunks.sort_by_key(|(i, _)| *i);
            return Ok(Some(chunks.into_iter().map(|(_, v)| v).collect()));
        }
    }
    Ok(None)
}

/// Better Auth's `matchesVersion`: the cache's `version` (`"1"` when absent or empty) must be
/// `expected`; `ERR_COOKIE_CACHE_INVALID` otherwise.
pub fn check_cache_version(cache_version: Option<&str>, expected: &str) -> Result<()> {
    let have = cache_version.filter(|v| !v.is_empty()).unwrap_or("1");
    if have == expected {
        Ok(())
    } else {
        Err(Error::CookieCacheInvalid(
            "the cache's version differs from cookieCache.version",
        ))
    }
}

/// Read the cookie cache from a `Cookie` header (`<prefix>.session_data`, chunked or not).
///
/// `Ok(None)` when there is no cache cookie or it has expired (its `expiresAt`/`exp`, or the
/// cached session's own `expiresAt`); `ERR_COOKIE_CACHE_INVALID` when it is present but does
/// not verify under any secret or is not a cookie cache; `ERR_COOKIE_MALFORMED` for a header
/// that is too long or has too many chunks.
pub fn read_cookie_cache(
    cookie_header: &str,
    opts: &CookieCacheOptions,
) -> Result<Option<CookieCache>> {
    let cookies = parse_cookie_header(cookie_header)?;
    let name = cookie_names(opts.cookie_prefix.as_deref()).session_data;
    match joined_cookie(&cookies, &name, opts.secure)? {
        None => Ok(None),
        Some(v) => {
            let v = super::decode_uri_component(&v).unwrap_or(v);
            decode_cookie_cache(&v, opts)
        }
    }
}

/// The `kid` of the cookie cache in a `Cookie` header when it is a JWKS-signed session-cache JWT
/// (Better Auth 1.7's `jwt({ sessionCookieCache: true })`, header `typ`
/// `better-auth.session-cache+jwt`): `Some("")` for such a token without a string `kid`, `None`
/// for no cache cookie or any other kind. Verifies nothing: it tells a caller with a remote JWKS
/// which key to fetch before [`read_cookie_cache`].
pub fn session_cache_kid(
    cookie_header: &str,
    cookie_prefix: Option<&str>,
    secure: Option<bool>,
) -> Result<Option<String>> {
    let cookies = parse_cookie_header(cookie_header)?;
    let name = cookie_names(cookie_prefix).session_data;
    let Some(v) = joined_cookie(&cookies, &name, secure)? else {
        return Ok(None);
    };
    let v = super::decode_uri_component(&v).unwrap_or(v);
    let mut segs = v.split('.');
    let (Some(h), Some(_), Some(_), None) = (segs.next(), segs.next(), segs.next(), segs.next())
    else {
        return Ok(None);
    };
    let Some(Value::Object(header)) = B64URL
        .decode(h)
        .ok()
        .and_then(|b| jsjson::parse_slice(&b).ok())
    else {
        return Ok(None);
    };
    if header.get("typ").and_then(Value::as_str) != Some("better-auth.session-cache+jwt") {
        return Ok(None);
    }
    Ok(Some(
        header
            .get("kid")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    ))
}

/// Verify and decode one (already joined) cookie-cache value. Same answers as
/// [`read_cookie_cache`].
pub fn decode_cookie_cache(value: &str, opts: &CookieCacheOptions) -> Result<Option<CookieCache>> {
    if value.len() > MAX_COOKIE_HEADER_BYTES {
        return Err(Error::CookieMalformed("cookie value too long"));
    }
    let detected = CacheStrategy::detect(value)
        .ok_or(Error::CookieCacheInvalid("not a compact, JWT or JWE value"))?;
    if let Some(s) = opts.strategy {
        if s != detected {
            return Err(Error::CookieCacheInvalid(
                "the cookie cache is not of the configured strategy",
            ));
        }
    }
    let found = match detected {
        CacheStrategy::Compact => decode_compact(value, opts)?,
        CacheStrategy::Jwe => decode_jwe(value, opts)?,
        CacheStrategy::Jwt => decode_jwt(value, opts)?,
    };
    if let (Some(c), Some(expected)) = (&found, &opts.version) {
        check_cache_version(c.version.as_deref(), expected)?;
    }
    Ok(found.filter(|c| !embedded_session_expired(&c.session, opts.now_ms)))
}

/// Build the result from a payload object holding `session`, `user`, `updatedAt`, `version`.
fn payload_to_cache(
    payload: &Map<String, Value>,
    expires_at: i64,
    strategy: CacheStrategy,
) -> Result<CookieCache> {
    let session = payload
        .get("session")
        .filter(|v| v.is_object())
        .ok_or(Error::CookieCacheInvalid("payload has no session object"))?;
    let user = payload
        .get("user")
        .filter(|v| v.is_object())
        .ok_or(Error::CookieCacheInvalid("payload has no user object"))?;
    let updated_at =
        payload
            .get("updatedAt")
            .and_then(Value::as_f64)
            .ok_or(Error::CookieCacheInvalid(
                "payload has no numeric updatedAt",
            ))?;
    let version = match payload.get("version") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(Error::CookieCacheInvalid("version is not a string")),
    };
    Ok(CookieCache {
        session: session.clone(),
        user: user.clone(),
        updated_at,
        version,
        expires_at,
        strategy,
    })
}

/// `new Date(x).getTime() < now` for the cached session's `expiresAt` (ISO string or ms).
fn embedded_session_expired(session: &Value, now_ms: i64) -> bool {
    match session.get("expiresAt") {
        Some(Value::Number(n)) => n.as_f64().is_some_and(|t| t < now_ms as f64),
        Some(Value::String(s)) => parse_iso_ms(s).is_some_and(|t| t < now_ms),
        _ => false,
    }
}

/// Parse an ISO-8601 timestamp (as `new Date(s).getTime()` does for ISO strings) (`YYYY-MM-DDTHH:MM:SS[.sss](Z|±HH:MM)`) to epoch milliseconds.
pub fn parse_iso_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T') | Some(b't') | Some(b' ')) {
        return None;
    }
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 24 || mi > 59 || se > 59 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut end = start;
        while b.get(end).is_some_and(|c| c.is_ascii_digit()) {
            end += 1;
        }
        let frac = s.get(start..end)?;
        if frac.is_empty() {
            return None;
        }
        let f3: String = frac.chars().chain("000".chars()).take(3).collect();
        ms = f3.parse().ok()?;
        i = end;
    }
    let offset_min = match b.get(i) {
        Some(b'Z') | Some(b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b.get(i + 3) == Some(&b':') => {
            let m = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(((days * 24 + h) * 60 + mi - offset_min) * 60_000 + se * 1000 + ms)
}

// ---- compact ---------------------------------------------------------------------------------

fn decode_compact(value: &str, opts: &CookieCacheOptions) -> Result<Option<CookieCache>> {
    let bytes = b64_any_decode(value).ok_or(Error::CookieCacheInvalid("not base64"))?;
    let text = String::from_utf8(bytes).map_err(|_| Error::CookieCacheInvalid("not UTF-8"))?;
    let parsed = jsjson::parse(&text).map_err(|_| Error::CookieCacheInvalid("not JSON"))?;
    let obj = parsed
        .as_object()
        .ok_or(Error::CookieCacheInvalid("not a JSON object"))?;
    let session = obj
        .get("session")
        .and_then(Value::as_object)
        .ok_or(Error::CookieCacheInvalid("no session object"))?;
    let expires_at = obj
        .get("expiresAt")
        .filter(|v| v.is_number())
        .ok_or(Error::CookieCacheInvalid("no numeric expiresAt"))?;
    let signature = obj
        .get("signature")
        .and_then(Value::as_str)
        .ok_or(Error::CookieCacheInvalid("no signature"))?;
    let tag = b64_any_decode(signature).ok_or(Error::CookieCacheInvalid("signature not base64"))?;
    let msg = jsjson::stringify_with(session, "expiresAt", expires_at);
    let mut ok = false;
    for s in opts.secrets.signing(opts.accept_previous_secrets) {
        ok |= hmac_sha256_verify(s.value.as_bytes(), msg.as_bytes(), &tag);
    }
    if !ok {
        return Err(Error::CookieCacheInvalid("signature does not match"));
    }
    let exp = expires_at.as_f64().unwrap_or(0.0);
    let cache = payload_to_cache(session, exp as i64, CacheStrategy::Compact)?;
    if exp < opts.now_ms as f64 {
        return Ok(None);
    }
    Ok(Some(cache))
}

// ---- jwe -------------------------------------------------------------------------------------

/// The 64-byte JWE key Better Auth derives from a secret (HKDF-SHA256, salt e.g.
/// [`JWE_SESSION_SALT`], info `"BetterAuth.js Generated Encryption Key"`).
pub fn jwe_key(secret: &str, salt: &str) -> Result<Vec<u8>> {
    hkdf_sha256(secret.as_bytes(), salt.as_bytes(), JWE_INFO, 64)
}

/// RFC 7638 SHA-256 thumbprint of the symmetric JWK `{kty:"oct", k}` (the JWE header `kid`).
pub fn oct_thumbprint(key: &[u8]) -> String {
    crate::token::jwk_thumbprint(&crate::token::Jwk::from_secret(key)).unwrap_or_default()
}

/// The parts of a compact JWE.
struct Jwe<'a> {
    header_b64: &'a str,
    header: Map<String, Value>,
    iv: Vec<u8>,
    ct: Vec<u8>,
    tag: Vec<u8>,
}

fn split_jwe(value: &str) -> Result<Jwe<'_>> {
    let bad = Error::CookieCacheInvalid("malformed JWE");
    let parts: Vec<&str> = value.split('.').collect();
    let [h, ek, iv, ct, tag] = parts.as_slice() else {
        return Err(bad);
    };
    let header_bytes = B64URL.decode(h).map_err(|_| bad.clone())?;
    let Ok(Value::Object(header)) = jsjson::parse_slice(&header_bytes) else {
        return Err(bad);
    };
    if !ek.is_empty() {
        return Err(Error::CookieCacheInvalid(
            "JWE with alg \"dir\" has no encrypted key",
        ));
    }
    Ok(Jwe {
        header_b64: h,
        header,
        iv: B64URL.decode(iv).map_err(|_| bad.clone())?,
        ct: B64URL.decode(ct).map_err(|_| bad.clone())?,
        tag: B64URL.decode(tag).map_err(|_| bad)?,
    })
}

/// Decrypt a Better Auth JWE (`symmetricDecodeJWT`) with the first secret whose key opens it
/// (the one whose thumbprint is the header `kid`, if there is one). Returns the payload.
pub(crate) fn jwe_decrypt(
    value: &str,
    secrets: &Secrets,
    salt: &str,
) -> Result<Map<String, Value>> {
    let jwe = split_jwe(value)?;
    if jwe.header.get("alg").and_then(Value::as_str) != Some("dir") {
        return Err(Error::CookieCacheInvalid("JWE alg is not \"dir\""));
    }
    match jwe.header.get("enc").and_then(Value::as_str) {
        Some("A256CBC-HS512") => {}
        Some("A256GCM") => {
            return Err(Error::CookieCacheInvalid(
                "JWE enc A256GCM is not supported",
            ))
        }
        _ => return Err(Error::CookieCacheInvalid("JWE enc is not A256CBC-HS512")),
    }
    if jwe.header.contains_key("crit") || jwe.header.contains_key("zip") {
        return Err(Error::CookieCacheInvalid("JWE header has crit or zip"));
    }
    let kid = jwe.header.get("kid").and_then(Value::as_str);
    let mut plaintext = None;
    for s in secrets.all() {
        let key = zeroize::Zeroizing::new(jwe_key(&s.value, salt)?);
        if let Some(kid) = kid {
            if oct_thumbprint(&key) != kid {
                continue;
            }
        }
        if let Some(pt) =
            a256cbc_hs512_decrypt(&key, &jwe.iv, jwe.header_b64.as_bytes(), &jwe.ct, &jwe.tag)?
        {
            plaintext = Some(pt);
            break;
        }
    }
    let pt = plaintext.ok_or(Error::CookieCacheInvalid(
        "no secret decrypts the JWE (wrong secret or tampered)",
    ))?;
    let payload: Value = jsjson::parse_slice(&pt)
        .map_err(|_| Error::CookieCacheInvalid("JWE payload is not JSON"))?;
    match payload {
        Value::Object(m) => Ok(m),
        _ => Err(Error::CookieCacheInvalid("JWE payload is not an object")),
    }
}

/// jose's claim checks for `exp`/`nbf` with a tolerance; `Ok(false)` when expired.
fn check_time_claims(payload: &Map<String, Value>, now_ms: i64, tolerance_s: i64) -> Result<bool> {
    let now = now_ms.div_euclid(1000);
    for c in ["iat", "exp", "nbf"] {
        if let Some(v) = payload.get(c) {
            if !v.is_number() {
                return Err(Error::CookieCacheInvalid("a time claim is not a number"));
            }
        }
    }
    if let Some(nbf) = payload.get("nbf").and_then(Value::as_f64) {
        if nbf > now.saturating_add(tolerance_s) as f64 {
            return Err(Error::CookieCacheInvalid("not valid yet (nbf)"));
        }
    }
    if let Some(exp) = payload.get("exp").and_then(Value::as_f64) {
        if exp <= now.saturating_sub(tolerance_s) as f64 {
            return Ok(false);
        }
    }
    Ok(true)
}

fn exp_ms(payload: &Map<String, Value>, now_ms: i64) -> i64 {
    match payload.get("exp").and_then(Value::as_f64) {
        Some(e) => (e * 1000.0) as i64,
        None => now_ms,
    }
}

fn decode_jwe(value: &str, opts: &CookieCacheOptions) -> Result<Option<CookieCache>> {
    let payload = jwe_decrypt(value, &opts.secrets, JWE_SESSION_SALT)?;
    let fresh = check_time_claims(&payload, opts.now_ms, CACHE_CLOCK_TOLERANCE_S)?;
    let cache = payload_to_cache(&payload, exp_ms(&payload, opts.now_ms), CacheStrategy::Jwe)?;
    Ok(fresh.then_some(cache))
}

// ---- jwt -------------------------------------------------------------------------------------

/// `typ` of Better Auth 1.7's JWKS-signed session-cache JWT.
pub const SESSION_CACHE_JWT_TYPE: &str = "better-auth.session-cache+jwt";
/// `aud` of Better Auth 1.7's JWKS-signed session-cache JWT.
pub const SESSION_CACHE_JWT_AUDIENCE: &str = "better-auth:session-cache";

/// An RNG for HMAC signing, which draws no randomness: any call is an error.
struct NoRng;

impl rand_core::TryRng for NoRng {
    type Error = Error;
    fn try_next_u32(&mut self) -> Result<u32> {
        Err(Error::Rng)
    }
    fn try_next_u64(&mut self) -> Result<u64> {
        Err(Error::Rng)
    }
    fn try_fill_bytes(&mut self, _dst: &mut [u8]) -> Result<()> {
        Err(Error::Rng)
    }
}

impl rand_core::TryCryptoRng for NoRng {}

fn jwt_error(e: &Error) -> Error {
    Error::CookieCacheInvalid(match e {
        Error::JwsSignatureVerificationFailed => "JWT signature does not match",
        Error::JwksNoMatchingKey => "the JWT's kid is not in the JWKS",
        Error::JwtClaimValidationFailed { .. } => "a JWT claim check failed (aud, nbf, iat)",
        Error::AlgNotAllowed => "JWT algorithm not allowed",
        _ => "malformed JWT",
    })
}

fn decode_jwt(value: &str, opts: &CookieCacheOptions) -> Result<Option<CookieCache>> {
    use crate::token::{self, Algorithm, Jwks, VerifyOptions};
    let header = token::decode_header(value).map_err(|e| jwt_error(&e))?;
    if header.typ.as_deref() == Some(SESSION_CACHE_JWT_TYPE) {
        // Better Auth 1.7 `jwt({ sessionCookieCache: true })`: the JWT plugin's key signs.
        let jwks_text = opts.jwks.as_deref().ok_or(Error::CookieCacheInvalid(
            "a JWKS-signed session cache needs the JWKS (the jwks option)",
        ))?;
        if header.kid.is_none() {
            return Err(Error::CookieCacheInvalid("session-cache JWT without kid"));
        }
        let jwks = Jwks::from_json(jwks_text)?;
        let vo = VerifyOptions {
            audience: Some(vec![SESSION_CACHE_JWT_AUDIENCE.into()]),
            clock_tolerance_secs: CACHE_CLOCK_TOLERANCE_S as u64,
            ..VerifyOptions::default()
        };
        let v = match token::verify_jwt(value, &jwks, &vo, opts.now_ms) {
            Ok(v) => v,
            Err(Error::JwtExpired { .. }) => return Ok(None),
            Err(e) => return Err(jwt_error(&e)),
        };
        let cache = payload_to_cache(
            &v.claims,
            exp_ms(&v.claims, opts.now_ms),
            CacheStrategy::Jwt,
        )?;
        let iss_ok = v
            .claims
            .get("iss")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty());
        if !iss_ok
            || v.claims.get("sub") != cache.user.get("id")
            || v.claims.get("sid") != cache.session.get("token")
        {
            return Err(Error::CookieCacheInvalid(
                "session-cache JWT: iss missing, or sub/sid do not match the cached user/session",
            ));
        }
        return Ok(Some(cache));
    }
    // HS256 (jose jwtVerify with the secret's bytes: any HS* algorithm, no clock tolerance).
    let algs = vec![Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];
    let vo = VerifyOptions {
        algorithms: Some(algs),
        ..VerifyOptions::default()
    };
    let mut last = Error::CookieCacheInvalid("JWT signature does not match");
    for s in opts.secrets.signing(opts.accept_previous_secrets) {
        match token::verify_jwt(
            value,
            &Jwks::from_secret(s.value.as_bytes()),
            &vo,
            opts.now_ms,
        ) {
            Ok(v) => {
                let exp = exp_ms(&v.claims, opts.now_ms);
                return payload_to_cache(&v.claims, exp, CacheStrategy::Jwt).map(Some);
            }
            Err(Error::JwtExpired { .. }) => return Ok(None),
            Err(Error::JwsSignatureVerificationFailed) => continue,
            Err(e) => last = jwt_error(&e),
        }
    }
    Err(last)
}

fn sign_hs256(
    data: &Map<String, Value>,
    secret: &str,
    opts: &SignCookieCacheOptions,
) -> Result<String> {
    use crate::token::{self, Algorithm, Jwk, JwsSignHeader, SignOptions};
    let so = SignOptions {
        header: JwsSignHeader {
            alg: Some(Algorithm::HS256),
            ..JwsSignHeader::default()
        },
        issued_at: true,
        expires_in_secs: Some(opts.max_age_s.max(0) as u64),
        ..SignOptions::default()
    };
    token::sign_jwt(
        data,
        &Jwk::from_secret(secret.as_bytes()),
        &so,
        opts.now_ms,
        &mut NoRng,
    )
}

// ---- encode ----------------------------------------------------------------------------------

/// Options of [`sign_cookie_cache`].
#[derive(Debug, Clone)]
pub struct SignCookieCacheOptions {
    /// The strategy to write.
    pub strategy: CacheStrategy,
    /// The secrets; the first (current) one signs or encrypts.
    pub secrets: Secrets,
    /// The current time, epoch milliseconds (`updatedAt`, `iat`).
    pub now_ms: i64,
    /// `cookieCache.maxAge` in seconds. Defaults to 300.
    pub max_age_s: i64,
    /// `cookieCache.version`. Defaults to `"1"`.
    pub version: String,
    /// 32 random bytes: the JWE IV (16) and `jti` UUID (16). Unused by compact and jwt.
    pub random: [u8; 32],
}

impl SignCookieCacheOptions {
    /// Options with the defaults Better Auth uses (max age 300 s, version "1").
    pub fn new(
        strategy: CacheStrategy,
        secrets: impl Into<Secrets>,
        now_ms: i64,
        random: [u8; 32],
    ) -> Self {
        SignCookieCacheOptions {
            strategy,
            secrets: secrets.into(),
            now_ms,
            max_age_s: DEFAULT_CACHE_MAX_AGE_S,
            version: "1".into(),
            random,
        }
    }
}

fn uuid_v4(b: &[u8]) -> String {
    let mut u = [0u8; 16];
    u.copy_from_slice(&b[..16]);
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
    let h = hex::encode(u);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Write the cookie-cache value Better Auth would set for `session` and `user` (objects, as
/// the cache holds them: ISO-string dates). Split it with [`chunk_cookie_value`] if long.
pub fn sign_cookie_cache(
    session: &Value,
    user: &Value,
    opts: &SignCookieCacheOptions,
) -> Result<String> {
    if !session.is_object() || !user.is_object() {
        return Err(Error::InvalidArgument(
            "session and user must be objects".into(),
        ));
    }
    let secret = &opts.secrets.current()?.value;
    let mut data = Map::new();
    data.insert("session".into(), session.clone());
    data.insert("user".into(), user.clone());
    data.insert("updatedAt".into(), Value::from(opts.now_ms));
    data.insert("version".into(), Value::from(opts.version.clone()));
    match opts.strategy {
        CacheStrategy::Compact => {
            let expires_at = Value::from(
                opts.now_ms
                    .saturating_add(opts.max_age_s.saturating_mul(1000)),
            );
            let msg = jsjson::stringify_with(&data, "expiresAt", &expires_at);
            let sig = B64URL.encode(hmac_sha256(secret.as_bytes(), msg.as_bytes()));
            let mut outer = Map::new();
            outer.insert("session".into(), Value::Object(data));
            outer.insert("expiresAt".into(), expires_at);
            outer.insert("signature".into(), Value::from(sig));
            Ok(B64URL.encode(jsjson::stringify(&Value::Object(outer))))
        }
        CacheStrategy::Jwe => {
            let key = zeroize::Zeroizing::new(jwe_key(secret, JWE_SESSION_SALT)?);
            let now = opts.now_ms.div_euclid(1000);
            data.insert("iat".into(), Value::from(now));
            data.insert(
                "exp".into(),
                Value::from(now.saturating_add(opts.max_age_s)),
            );
            data.insert("jti".into(), Value::from(uuid_v4(&opts.random[16..])));
            let mut header = Map::new();
            header.insert("alg".into(), "dir".into());
            header.insert("enc".into(), "A256CBC-HS512".into());
            header.insert("kid".into(), oct_thumbprint(&key).into());
            let h = B64URL.encode(jsjson::stringify(&Value::Object(header)));
            let iv = &opts.random[..16];
            let pt = jsjson::stringify(&Value::Object(data));
            let (ct, tag) = a256cbc_hs512_encrypt(&key, iv, h.as_bytes(), pt.as_bytes())?;
            Ok(format!(
                "{h}..{}.{}.{}",
                B64URL.encode(iv),
                B64URL.encode(ct),
                B64URL.encode(tag)
            ))
        }
        CacheStrategy::Jwt => sign_hs256(&data, secret, opts),
    }
}

/// The longest value of one chunk Better Auth writes for a cookie named `name` with its default
/// attributes (`Max-Age`, `Path=/`, `HttpOnly`, `Secure` when `secure`, `SameSite=Lax`):
/// [`MAX_COOKIE_SIZE`] minus the serialized overhead of `name.99`.
pub fn cookie_cache_chunk_size(name: &str, secure: bool, max_age_s: i64) -> usize {
    let overhead = format!(
        "{name}.99=; Max-Age={max_age_s}; Path=/; HttpOnly{}; SameSite=Lax",
        if secure { "; Secure" } else { "" }
    )
    .len();
    MAX_COOKIE_SIZE.saturating_sub(overhead)
}

/// Split a cookie value like Better Auth's session store: one cookie `name=value` if it fits
/// in `chunk_size`, else `name.0`, `name.1`, … (at most [`MAX_COOKIE_CHUNKS`]).
pub fn chunk_cookie_value(
    name: &str,
    value: &str,
    chunk_size: usize,
) -> Result<Vec<(String, String)>> {
    if chunk_size == 0 {
        return Err(Error::InvalidArgument("chunk size must be positive".into()));
    }
    if value.len() <= chunk_size {
        return Ok(vec![(name.to_string(), value.to_string())]);
    }
    // Values are ASCII (base64url and dots), so byte slicing is JavaScript's substring.
    if !value.is_ascii() {
        return Err(Error::InvalidArgument("cookie values are ASCII".into()));
    }
    let n = value.len().div_ceil(chunk_size);
    if n > MAX_COOKIE_CHUNKS {
        return Err(Error::CookieMalformed("value needs more than 100 chunks"));
    }
    Ok((0..n)
        .map(|i| {
            let end = ((i + 1) * chunk_size).min(value.len());
            (
                format!("{name}.{i}"),
                value[i * chunk_size..end].to_string(),
            )
        })
        .collect())
}
