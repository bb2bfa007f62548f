//! What a token is and why it would be refused: [`inspect_token`] decodes without verifying;
//! [`explain_token`] also checks it against secrets / a JWKS / issuer / audience / clock and
//! lists **every** problem, not only the first.

use base64::Engine as _;
use serde::Serialize;
use serde_json::{Map, Value};

use super::cache::{jwe_decrypt, jwe_key, oct_thumbprint, CACHE_CLOCK_TOLERANCE_S};
use super::header::{
    decode_uri_component, parse_cookie_header, verify_signed_value, verify_signed_value_opts,
};
use super::{
    decode_cookie_cache, CacheStrategy, CookieCacheOptions, JWE_SESSION_SALT,
    MAX_COOKIE_HEADER_BYTES, SIGNATURE_LEN,
};
use crate::crypto::{b64_any_decode, Secrets, B64URL};
use crate::error::{Error, Result};

/// What kind of value [`inspect_token`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    /// A full `Cookie` header; see [`TokenInfo::parts`].
    CookieHeader,
    /// `token.signature`: the `session_token` cookie value (or `dont_remember`).
    SignedSessionCookie,
    /// A bare 32-character session token (what `Authorization: Bearer` may carry).
    SessionToken,
    /// `session_data`, compact strategy.
    CookieCacheCompact,
    /// `session_data`, jwt strategy (HS256 with the secret).
    CookieCacheJwt,
    /// `session_data`, jwt strategy signed by the JWT plugin (Better Auth 1.7).
    CookieCacheJwksJwt,
    /// `session_data`, jwe strategy.
    CookieCacheJwe,
    /// A JWT from the JWT plugin (`/token`, `set-auth-jwt`).
    JwtPluginJwt,
    /// A JWT from @convex-dev/better-auth's convex plugin (`aud: "convex"`).
    ConvexJwt,
    /// An email-verification JWT (HS256 with the secret).
    EmailVerificationJwt,
    /// Some other JWT.
    Jwt,
}

impl TokenKind {
    fn describe(self) -> &'static str {
        match self {
            TokenKind::CookieHeader => "a Cookie header",
            TokenKind::SignedSessionCookie => "a signed session cookie (token.HMAC-SHA256)",
            TokenKind::SessionToken => "a bare session token (unsigned)",
            TokenKind::CookieCacheCompact => "a cookie cache, compact strategy",
            TokenKind::CookieCacheJwt => "a cookie cache, jwt strategy (HS256)",
            TokenKind::CookieCacheJwksJwt => {
                "a cookie cache, jwt strategy signed by the JWT plugin's key"
            }
            TokenKind::CookieCacheJwe => "a cookie cache, jwe strategy (dir + A256CBC-HS512)",
            TokenKind::JwtPluginJwt => "a JWT from Better Auth's JWT plugin",
            TokenKind::ConvexJwt => "a Convex JWT (@convex-dev/better-auth)",
            TokenKind::EmailVerificationJwt => "an email-verification JWT (HS256)",
            TokenKind::Jwt => "a JWT",
        }
    }

    fn is_jwt(self) -> bool {
        matches!(
            self,
            TokenKind::JwtPluginJwt
                | TokenKind::ConvexJwt
                | TokenKind::EmailVerificationJwt
                | TokenKind::Jwt
        )
    }
}

/// What [`inspect_token`] found. Nothing in it is verified.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// The kind.
    pub kind: TokenKind,
    /// A sentence naming the kind.
    pub description: String,
    /// The cookie it came from, when inspected inside a Cookie header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie_name: Option<String>,
    /// The JOSE protected header (JWT/JWE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Value>,
    /// JWT claims, or the compact cache's payload (unverified). JWE payloads are encrypted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<Value>,
    /// The session token of a signed session cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// For a Cookie header: the Better Auth cookies in it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<TokenInfo>,
}

fn info(kind: TokenKind) -> TokenInfo {
    TokenInfo {
        kind,
        description: kind.describe().to_string(),
        cookie_name: None,
        header: None,
        claims: None,
        token: None,
        parts: Vec::new(),
    }
}

fn json_segment(seg: &str) -> Option<Map<String, Value>> {
    let bytes = B64URL.decode(seg).ok()?;
    match crate::jsjson::parse_slice(&bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

fn is_better_auth_cookie(name: &str) -> bool {
    let n = name.strip_prefix("__Secure-").unwrap_or(name);
    let base = match n.rsplit_once('.') {
        Some((b, idx)) if idx.bytes().all(|c| c.is_ascii_digit()) && !idx.is_empty() => b,
        _ => n,
    };
    [
        ".session_token",
        ".session_data",
        ".convex_jwt",
        ".dont_remember",
        "-session_token",
    ]
    .iter()
    .any(|s| base.ends_with(s))
}

fn looks_like_cookie_header(v: &str) -> bool {
    let Some((name, _)) = v.split_once('=') else {
        return false;
    };
    let name = name.trim();
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_graphic() && b != b';')
        && (v.contains(';') || is_better_auth_cookie(name))
}

/// Decode a value without verifying it and say what it is: a signed session cookie, a cookie
/// cache (which strategy), a JWT-plugin / Convex / email-verification JWT, a bare session
/// token, or a whole Cookie header (each Better Auth cookie inspected, chunks joined). A
/// leading `Bearer ` is ignored. `ERR_TOKEN_UNRECOGNIZED` for anything else.
pub fn inspect_token(value: &str) -> Result<TokenInfo> {
    if value.len() > MAX_COOKIE_HEADER_BYTES {
        return Err(Error::CookieMalformed("value too long"));
    }
    let v = value.trim();
    let v = match v.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => v[7..].trim(),
        _ => v,
    };
    let v = v.strip_prefix("Cookie:").map(str::trim).unwrap_or(v);
    if looks_like_cookie_header(v) {
        return inspect_header(v);
    }
    inspect_value(v)
}

fn inspect_header(h: &str) -> Result<TokenInfo> {
    let cookies = parse_cookie_header(h)?;
    let mut out = info(TokenKind::CookieHeader);
    let mut seen_data: Vec<String> = Vec::new();
    for (name, raw) in &cookies {
        if !is_better_auth_cookie(name) || raw.is_empty() {
            continue;
        }
        // Chunks: join once, under the base name.
        let (base, chunked) = match name.rsplit_once('.') {
            Some((b, idx))
                if b.ends_with(".session_data") && idx.bytes().all(|c| c.is_ascii_digit()) =>
            {
                (b.to_string(), true)
            }
            _ => (name.to_string(), false),
        };
        let value = if chunked {
            if seen_data.contains(&base) {
                continue;
            }
            seen_data.push(base.clone());
            match super::cache::joined_cookie(
                &cookies,
                base.trim_start_matches("__Secure-"),
                Some(base.starts_with("__Secure-")),
            )? {
                Some(v) => v,
                None => continue,
            }
        } else {
            raw.to_string()
        };
        let mut part = match inspect_value(&value) {
            Ok(p) => p,
            Err(_) => continue,
        };
        part.cookie_name = Some(base);
        out.parts.push(part);
    }
    if out.parts.is_empty() {
        return Err(Error::TokenUnrecognized);
    }
    Ok(out)
}

fn inspect_value(raw: &str) -> Result<TokenInfo> {
    let v = decode_uri_component(raw).unwrap_or_else(|_| raw.to_string());
    let segs: Vec<&str> = v.split('.').collect();
    if segs.len() == 5 {
        if let Some(h) = json_segment(segs[0]) {
            if h.contains_key("enc") {
                let mut i = info(TokenKind::CookieCacheJwe);
                i.header = Some(Value::Object(h));
                return Ok(i);
            }
        }
    }
    if segs.len() == 3 {
        if let (Some(h), Some(c)) = (json_segment(segs[0]), json_segment(segs[1])) {
            if h.contains_key("alg") {
                let alg = h.get("alg").and_then(Value::as_str).unwrap_or("");
                let kind = if h.get("typ").and_then(Value::as_str)
                    == Some("better-auth.session-cache+jwt")
                {
                    TokenKind::CookieCacheJwksJwt
                } else if c.contains_key("session") && c.contains_key("user") {
                    TokenKind::CookieCacheJwt
                } else if c.get("aud").and_then(Value::as_str) == Some("convex")
                    || c.contains_key("sessionId")
                {
                    TokenKind::ConvexJwt
                } else if alg == "HS256" && c.contains_key("email") && !c.contains_key("sub") {
                    TokenKind::EmailVerificationJwt
                } else if h.contains_key("kid") && alg != "HS256" {
                    TokenKind::JwtPluginJwt
                } else {
                    TokenKind::Jwt
                };
                let mut i = info(kind);
                i.header = Some(Value::Object(h));
                i.claims = Some(Value::Object(c));
                return Ok(i);
            }
        }
    }
    if let Some(dot) = v.rfind('.') {
        let sig = &v[dot + 1..];
        if dot > 0
            && sig.len() == SIGNATURE_LEN
            && sig.ends_with('=')
            && crate::crypto::B64STD_LENIENT.decode(sig).is_ok()
        {
            let mut i = info(TokenKind::SignedSessionCookie);
            i.token = Some(v[..dot].to_string());
            if &v[..dot] == "true" {
                i.description = "a signed dont_remember cookie (\"true\")".into();
            }
            return Ok(i);
        }
    }
    if segs.len() == 1 && v.len() > 16 {
        if let Some(bytes) = b64_any_decode(&v) {
            if let Ok(Value::Object(m)) = crate::jsjson::parse_slice(&bytes) {
                if m.contains_key("session") && m.contains_key("signature") {
                    let mut i = info(TokenKind::CookieCacheCompact);
                    i.claims = Some(Value::Object(m));
                    return Ok(i);
                }
            }
        }
    }
    if v.len() == 32 && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let mut i = info(TokenKind::SessionToken);
        i.token = Some(v.clone());
        return Ok(i);
    }
    Err(Error::TokenUnrecognized)
}

// ---- explain ---------------------------------------------------------------------------------

/// What [`explain_token`] checks against. Every field is optional; a missing one means that
/// check is reported as not done.
#[derive(Debug, Clone, Default)]
pub struct ExplainOptions {
    /// The Better Auth secret(s).
    pub secrets: Option<Secrets>,
    /// A JWKS (JSON text) for JWTs.
    pub jwks: Option<String>,
    /// Expected `iss`.
    pub issuer: Option<String>,
    /// Expected `aud`.
    pub audience: Option<String>,
    /// The current time, epoch milliseconds.
    pub now_ms: i64,
    /// Expected cookie prefix (`advanced.cookiePrefix`). Defaults to `"better-auth"`.
    pub cookie_prefix: Option<String>,
    /// Expected cookie-cache strategy.
    pub strategy: Option<CacheStrategy>,
}

/// One reason a value would be refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// A stable `ERR_*` code.
    pub code: &'static str,
    /// What is wrong, with numbers (how long ago it expired, which kid is missing).
    pub message: String,
}

/// The result of [`explain_token`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// What the value is.
    pub info: TokenInfo,
    /// `true` when no problem was found and every check could run.
    pub valid: bool,
    /// Every problem found.
    pub problems: Vec<Problem>,
    /// Checks that passed or could not run.
    pub notes: Vec<String>,
}

/// `1h 2m 3s` for a duration in milliseconds.
fn human(ms: i64) -> String {
    let s = ms.unsigned_abs() / 1000;
    let (d, h, m, sec) = (s / 86400, s % 86400 / 3600, s % 3600 / 60, s % 60);
    let mut out = String::new();
    if d > 0 {
        out.push_str(&format!("{d}d "));
    }
    if d > 0 || h > 0 {
        out.push_str(&format!("{h}h "));
    }
    if d > 0 || h > 0 || m > 0 {
        out.push_str(&format!("{m}m "));
    }
    out.push_str(&format!("{sec}s"));
    if s == 0 {
        return format!("{}ms", ms.unsigned_abs());
    }
    out
}

struct Acc {
    problems: Vec<Problem>,
    notes: Vec<String>,
    prefix: String,
}

impl Acc {
    fn problem(&mut self, code: &'static str, msg: impl Into<String>) {
        self.problems.push(Problem {
            code,
            message: format!("{}{}", self.prefix, msg.into()),
        });
    }
    fn note(&mut self, msg: impl Into<String>) {
        self.notes.push(format!("{}{}", self.prefix, msg.into()));
    }
}

/// Inspect `value` and check it against `opts`, listing every reason it would be refused:
/// wrong secret, forged, expired (by how much), `kid` not in the JWKS, issuer/audience
/// mismatch, a cookie where a JWT was expected, a cookie prefix or strategy other than the
/// configured one.
pub fn explain_token(value: &str, opts: &ExplainOptions) -> Result<Explanation> {
    let info = inspect_token(value)?;
    let mut acc = Acc {
        problems: Vec::new(),
        notes: Vec::new(),
        prefix: String::new(),
    };
    // A JWKS also serves 1.7's JWKS-signed cookie cache; issuer/audience only serve JWTs.
    let has_jwks_cache = info.kind == TokenKind::CookieCacheJwksJwt
        || info
            .parts
            .iter()
            .any(|p| p.kind == TokenKind::CookieCacheJwksJwt);
    let wants_jwt = (opts.jwks.is_some() && !has_jwks_cache)
        || opts.issuer.is_some()
        || opts.audience.is_some();
    if wants_jwt && !info.kind.is_jwt() && info.kind != TokenKind::CookieCacheJwksJwt {
        acc.problem(
            "ERR_TOKEN_NOT_A_JWT",
            format!(
                "this is {}, not a JWT: a JWT verifier (JWKS/issuer/audience) will refuse it; send the JWT from /api/auth/token (or the set-auth-jwt header) as `Authorization: Bearer <jwt>`",
                info.description
            ),
        );
    }
    if info.kind == TokenKind::CookieHeader {
        for p in &info.parts {
            acc.prefix = format!("{}: ", p.cookie_name.as_deref().unwrap_or("?"));
            if let Some(name) = &p.cookie_name {
                check_prefix(name, opts, &mut acc);
            }
            explain_one(p, value_of(p, value)?.as_deref(), opts, &mut acc);
        }
    } else {
        let raw = decode_uri_component(value.trim()).unwrap_or_else(|_| value.trim().to_string());
        let raw = strip_bearer(&raw);
        explain_one(&info, Some(raw), opts, &mut acc);
    }
    Ok(Explanation {
        valid: acc.problems.is_empty(),
        info,
        problems: acc.problems,
        notes: acc.notes,
    })
}

fn strip_bearer(v: &str) -> &str {
    match v.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => v[7..].trim(),
        _ => v,
    }
}

/// The raw value of a part of a Cookie header (chunks joined).
fn value_of(p: &TokenInfo, header: &str) -> Result<Option<String>> {
    let h = strip_bearer(header.trim());
    let h = h.strip_prefix("Cookie:").map(str::trim).unwrap_or(h);
    let cookies = parse_cookie_header(h)?;
    let Some(name) = &p.cookie_name else {
        return Ok(None);
    };
    let v = super::cache::joined_cookie(
        &cookies,
        name.trim_start_matches("__Secure-"),
        Some(name.starts_with("__Secure-")),
    )?;
    Ok(v.map(|v| decode_uri_component(&v).unwrap_or(v)))
}

fn check_prefix(name: &str, opts: &ExplainOptions, acc: &mut Acc) {
    let expect = opts
        .cookie_prefix
        .as_deref()
        .unwrap_or(super::DEFAULT_COOKIE_PREFIX);
    let n = name.strip_prefix("__Secure-").unwrap_or(name);
    let Some((prefix, _)) = n.rsplit_once('.') else {
        return;
    };
    if prefix != expect {
        acc.problem(
            "ERR_COOKIE_PREFIX_MISMATCH",
            format!("cookie prefix is {prefix:?} but the verifier looks for {expect:?} (--cookie-prefix / cookiePrefix)"),
        );
    }
}

fn need_secrets<'a>(opts: &'a ExplainOptions, acc: &mut Acc, what: &str) -> Option<&'a Secrets> {
    match &opts.secrets {
        Some(s) => Some(s),
        None => {
            acc.problem(
                "ERR_INVALID_ARGUMENT",
                format!("no secret given: the {what} cannot be checked (--secret)"),
            );
            None
        }
    }
}

fn check_exp_ms(exp_ms: i64, now_ms: i64, tolerance_ms: i64, what: &str, acc: &mut Acc) {
    // Claims are attacker-controlled numbers: saturate instead of overflowing.
    if exp_ms.saturating_add(tolerance_ms) <= now_ms {
        acc.problem(
            "ERR_COOKIE_EXPIRED",
            format!(
                "{what} expired {} ago",
                human(now_ms.saturating_sub(exp_ms))
            ),
        );
    } else {
        acc.note(format!(
            "{what} expires in {}",
            human(exp_ms.saturating_sub(now_ms))
        ));
    }
}

fn explain_one(i: &TokenInfo, raw: Option<&str>, opts: &ExplainOptions, acc: &mut Acc) {
    let raw = raw.unwrap_or("");
    let strategy_of = |k: TokenKind| match k {
        TokenKind::CookieCacheCompact => Some(CacheStrategy::Compact),
        TokenKind::CookieCacheJwe => Some(CacheStrategy::Jwe),
        TokenKind::CookieCacheJwt | TokenKind::CookieCacheJwksJwt => Some(CacheStrategy::Jwt),
        _ => None,
    };
    if let (Some(want), Some(got)) = (opts.strategy, strategy_of(i.kind)) {
        if want != got {
            acc.problem(
                "ERR_COOKIE_CACHE_INVALID",
                format!(
                    "the cookie cache uses the {} strategy but the verifier expects {}",
                    got.as_str(),
                    want.as_str()
                ),
            );
        }
    }
    match i.kind {
        TokenKind::CookieHeader => {}
        TokenKind::SessionToken => acc.note(
            "a bare token carries no signature: Better Auth's bearer plugin signs it server-side; cookie readers need token.signature",
        ),
        TokenKind::SignedSessionCookie => {
            if let Some(s) = need_secrets(opts, acc, "signature") {
                match verify_signed_value_opts(raw, s, true) {
                    Ok(_) => {
                        if verify_signed_value(raw, s).is_ok() {
                            acc.note("signature valid under the current secret");
                        } else {
                            acc.problem(
                                Error::CookieSignatureInvalid.code(),
                                "signature valid under a previous secret only: Better Auth accepts signed cookies under its current secret only (readSessionToken too, unless acceptPreviousSecrets)",
                            );
                        }
                    }
                    Err(e) => acc.problem(
                        e.code(),
                        match e {
                            Error::CookieSignatureInvalid => format!(
                                "signature matches none of the {} secret(s): wrong secret, or forged",
                                s.all().count()
                            ),
                            e => e.to_string(),
                        },
                    ),
                }
            }
        }
        TokenKind::CookieCacheCompact => {
            let exp = i
                .claims
                .as_ref()
                .and_then(|c| c.get("expiresAt"))
                .and_then(Value::as_f64);
            if let Some(s) = need_secrets(opts, acc, "cookie cache signature") {
                let mut o = CookieCacheOptions::new(s.clone(), i64::MIN / 4);
                o.strategy = Some(CacheStrategy::Compact);
                match decode_cookie_cache(raw, &o) {
                    Ok(_) => acc.note("cookie cache signature valid"),
                    Err(e) => {
                        o.accept_previous_secrets = true;
                        let why = if decode_cookie_cache(raw, &o).is_ok() {
                            "signed by a previous secret only: Better Auth accepts it under its current secret only"
                        } else {
                            "wrong secret, or tampered"
                        };
                        acc.problem(e.code(), format!("{e} ({why})"))
                    }
                }
            }
            match exp {
                Some(e) => check_exp_ms(e as i64, opts.now_ms, 0, "cookie cache", acc),
                None => acc.problem("ERR_COOKIE_CACHE_INVALID", "no numeric expiresAt"),
            }
            if let Some(session) = i.claims.as_ref().and_then(|c| c.pointer("/session/session")) {
                check_session_expiry(session, opts.now_ms, acc);
            }
        }
        TokenKind::CookieCacheJwe => {
            let Some(s) = need_secrets(opts, acc, "cookie cache (JWE)") else {
                return;
            };
            if let Some(kid) = i.header.as_ref().and_then(|h| h.get("kid")).and_then(Value::as_str) {
                let matched = s
                    .all()
                    .any(|x| jwe_key(&x.value, JWE_SESSION_SALT).map(|k| oct_thumbprint(&k) == kid).unwrap_or(false));
                if !matched {
                    acc.problem(
                        "ERR_COOKIE_CACHE_INVALID",
                        format!("JWE kid {kid} is the thumbprint of none of the {} secret(s): encrypted with another secret", s.all().count()),
                    );
                    return;
                }
            }
            match jwe_decrypt(raw, s, JWE_SESSION_SALT) {
                Err(e) => acc.problem(e.code(), e.to_string()),
                Ok(payload) => {
                    acc.note("JWE decrypts and authenticates");
                    match payload.get("exp").and_then(Value::as_f64) {
                        Some(e) => check_exp_ms(
                            (e * 1000.0) as i64,
                            opts.now_ms,
                            CACHE_CLOCK_TOLERANCE_S * 1000,
                            "cookie cache",
                            acc,
                        ),
                        None => acc.note("no exp claim"),
                    }
                    if let Some(session) = payload.get("session") {
                        check_session_expiry(session, opts.now_ms, acc);
                    }
                }
            }
        }
        TokenKind::CookieCacheJwt
        | TokenKind::CookieCacheJwksJwt
        | TokenKind::JwtPluginJwt
        | TokenKind::ConvexJwt
        | TokenKind::EmailVerificationJwt
        | TokenKind::Jwt => explain_jwt(i, raw, opts, acc),
    }
}

fn check_session_expiry(session: &Value, now_ms: i64, acc: &mut Acc) {
    let exp = match session.get("expiresAt") {
        Some(Value::Number(n)) => n.as_f64().map(|f| f as i64),
        Some(Value::String(s)) => super::cache::parse_iso_ms(s),
        _ => None,
    };
    if let Some(e) = exp {
        if e < now_ms {
            acc.problem(
                "ERR_SESSION_EXPIRED",
                format!(
                    "the cached session itself expired {} ago",
                    human(now_ms.saturating_sub(e))
                ),
            );
        }
    }
}

fn explain_jwt(i: &TokenInfo, raw: &str, opts: &ExplainOptions, acc: &mut Acc) {
    let header = i.header.as_ref().and_then(Value::as_object);
    let claims = i.claims.as_ref().and_then(Value::as_object);
    let (Some(header), Some(claims)) = (header, claims) else {
        return;
    };
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    let now_s = opts.now_ms.div_euclid(1000);
    let tolerance = if i.kind == TokenKind::CookieCacheJwksJwt {
        CACHE_CLOCK_TOLERANCE_S
    } else {
        0
    };
    match claims.get("exp").and_then(Value::as_f64) {
        Some(exp) => {
            // `as` saturates a huge or non-finite claim; the arithmetic saturates too.
            let exp = exp as i64;
            if exp.saturating_add(tolerance) <= now_s {
                acc.problem(
                    "ERR_JWT_EXPIRED",
                    format!(
                        "expired {} ago (exp {exp})",
                        human(now_s.saturating_sub(exp).saturating_mul(1000))
                    ),
                );
            } else {
                acc.note(format!(
                    "expires in {}",
                    human(exp.saturating_sub(now_s).saturating_mul(1000))
                ));
            }
        }
        None => acc.note("no exp claim"),
    }
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_f64) {
        if nbf as i64 > now_s.saturating_add(tolerance) {
            acc.problem(
                "ERR_JWT_NOT_YET_VALID",
                format!(
                    "not valid for another {}",
                    human((nbf as i64).saturating_sub(now_s).saturating_mul(1000))
                ),
            );
        }
    }
    if let Some(want) = &opts.issuer {
        let got = claims.get("iss").and_then(Value::as_str);
        if got != Some(want.as_str()) {
            acc.problem(
                "ERR_JWT_ISSUER_MISMATCH",
                format!(
                    "iss is {} but {want:?} is expected",
                    got.map_or("missing".into(), |g| format!("{g:?}"))
                ),
            );
        }
    }
    if let Some(want) = &opts.audience {
        let ok = match claims.get("aud") {
            Some(Value::String(s)) => s == want,
            Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(want)),
            _ => false,
        };
        if !ok {
            acc.problem(
                "ERR_JWT_AUDIENCE_MISMATCH",
                format!(
                    "aud is {} but {want:?} is expected",
                    claims
                        .get("aud")
                        .map_or("missing".to_string(), |a| a.to_string())
                ),
            );
        }
    }
    if alg == "HS256" {
        if let Some(s) = need_secrets(opts, acc, "HS256 signature") {
            let ok = hs256_ok(raw, s);
            if ok {
                acc.note("HS256 signature valid");
            } else {
                acc.problem(
                    "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
                    format!(
                        "HS256 signature matches none of the {} secret(s): wrong secret, or forged",
                        s.all().count()
                    ),
                );
            }
        }
        return;
    }
    let kid = header.get("kid").and_then(Value::as_str);
    match &opts.jwks {
        None => acc.problem(
            "ERR_INVALID_ARGUMENT",
            format!("{alg} signature not checked: no JWKS given (--jwks)"),
        ),
        Some(jwks) => {
            let keys: Vec<Value> = crate::jsjson::parse(jwks)
                .ok()
                .and_then(|v| v.get("keys").and_then(Value::as_array).cloned())
                .unwrap_or_default();
            if keys.is_empty() {
                acc.problem(
                    "ERR_INVALID_ARGUMENT",
                    "the JWKS has no keys (or is not JSON)",
                );
                return;
            }
            let kids: Vec<&str> = keys
                .iter()
                .filter_map(|k| k.get("kid").and_then(Value::as_str))
                .collect();
            match kid {
                Some(k) if !kids.contains(&k) => acc.problem(
                    "ERR_JWKS_NO_MATCHING_KEY",
                    format!("kid {k:?} is not in the JWKS (it has {kids:?}): keys rotated, or another deployment's JWKS"),
                ),
                _ => {
                    if let Err(e) = jwks_signature(raw, jwks) {
                        acc.problem(e.0, e.1);
                    } else {
                        acc.note(format!("{alg} signature valid under the JWKS"));
                    }
                }
            }
        }
    }
}

fn hs256_ok(raw: &str, s: &Secrets) -> bool {
    // Better Auth verifies HS256 caches and verification JWTs under its current secret only.
    s.signing(false).any(|x| {
        crate::token::verify_jws(
            raw,
            &crate::token::Jwks::from_secret(x.value.as_bytes()),
            None,
        )
        .is_ok()
    })
}

/// The asymmetric signature under the JWKS (the token module selects the key by kid/alg).
fn jwks_signature(raw: &str, jwks: &str) -> std::result::Result<(), (&'static str, String)> {
    let set = crate::token::Jwks::from_json(jwks).map_err(|e| (e.code(), e.to_string()))?;
    crate::token::verify_jws(raw, &set, None)
        .map(|_| ())
        .map_err(|e| (e.code(), e.to_string()))
}
