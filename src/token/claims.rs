//! JWT (RFC 7519) claims: verification with an injected clock, and signing.

use rand_core::TryCryptoRng;
use serde_json::{Map, Number, Value};

use super::alg::Algorithm;
use super::jwk::{Jwk, Jwks};
use super::jws::{self, JwsHeader, JwsSignHeader};
use super::util::parse_object;
use crate::error::{Error, Result};

/// Default clock tolerance for `exp`/`nbf`, in seconds: 0, as jose (tokens are checked exactly).
pub const DEFAULT_CLOCK_TOLERANCE_SECS: u64 = 0;

/// What [`verify_jwt`] checks besides the signature. Every field defaults to "not checked"
/// (as jose), except that `exp` and `nbf` are always checked when present.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyOptions {
    /// Algorithm allowlist. Defaults to `None`: any algorithm that fits the selected key
    /// (never `none`; HMAC only with a symmetric key).
    pub algorithms: Option<Vec<Algorithm>>,
    /// Accepted `iss` values (the claim must equal one). Defaults to not checked.
    pub issuer: Option<Vec<String>>,
    /// Accepted audiences: the `aud` claim (string or array) must contain one. Defaults to
    /// not checked.
    pub audience: Option<Vec<String>>,
    /// Expected `sub`. Defaults to not checked.
    pub subject: Option<String>,
    /// Expected header `typ`, compared as jose does (case-insensitive, `application/` prefix
    /// ignored). Defaults to not checked.
    pub typ: Option<String>,
    /// Claims that must be present. Defaults to none.
    pub required_claims: Vec<String>,
    /// Tolerance for `exp`, `nbf` and `maxTokenAge`, in seconds. Defaults to
    /// [`DEFAULT_CLOCK_TOLERANCE_SECS`].
    pub clock_tolerance_secs: u64,
    /// Maximum age from `iat`, in seconds (then `iat` is required). Defaults to not checked.
    pub max_token_age_secs: Option<u64>,
}

/// A verified JWT: header, claims, and the payload bytes exactly as signed.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJwt {
    /// The protected header.
    pub header: JwsHeader,
    /// The claims set (a JSON object).
    pub claims: Map<String, Value>,
    /// The payload bytes (JSON text) as signed.
    pub payload: Vec<u8>,
}

fn claim_err(claim: &str, reason: &'static str) -> Error {
    Error::JwtClaimValidationFailed {
        claim: claim.into(),
        reason,
    }
}

fn normalize_typ(t: &str) -> String {
    let l = t.to_ascii_lowercase();
    l.strip_prefix("application/")
        .map(str::to_owned)
        .unwrap_or(l)
}

/// Check a claims set against `opts` at `now_ms` (epoch milliseconds), in jose's order:
/// `typ`, presence, `iss`, `sub`, `aud`, `iat`, `nbf`, `exp`, max age.
pub fn validate_claims(
    header: &JwsHeader,
    claims: &Map<String, Value>,
    opts: &VerifyOptions,
    now_ms: i64,
) -> Result<()> {
    if let Some(want) = &opts.typ {
        match &header.typ {
            Some(t) if normalize_typ(t) == normalize_typ(want) => {}
            _ => return Err(claim_err("typ", "check_failed")),
        }
    }
    let mut presence: Vec<&str> = opts.required_claims.iter().map(String::as_str).collect();
    if opts.issuer.is_some() {
        presence.push("iss");
    }
    if opts.subject.is_some() {
        presence.push("sub");
    }
    if opts.audience.is_some() {
        presence.push("aud");
    }
    if opts.max_token_age_secs.is_some() {
        presence.push("iat");
    }
    for c in presence {
        if !claims.contains_key(c) {
            return Err(claim_err(c, "missing"));
        }
    }
    if let Some(iss) = &opts.issuer {
        let ok = matches!(claims.get("iss"), Some(Value::String(s)) if iss.iter().any(|i| i == s));
        if !ok {
            return Err(claim_err("iss", "check_failed"));
        }
    }
    if let Some(sub) = &opts.subject {
        if claims.get("sub").and_then(Value::as_str) != Some(sub.as_str()) {
            return Err(claim_err("sub", "check_failed"));
        }
    }
    if let Some(aud) = &opts.audience {
        let ok = match claims.get("aud") {
            Some(Value::String(s)) => aud.iter().any(|a| a == s),
            Some(Value::Array(list)) => list
                .iter()
                .any(|v| v.as_str().is_some_and(|s| aud.iter().any(|a| a == s))),
            _ => false,
        };
        if !ok {
            return Err(claim_err("aud", "check_failed"));
        }
    }
    let now = now_ms.div_euclid(1000) as f64;
    let tol = opts.clock_tolerance_secs as f64;
    let num = |name: &'static str| -> Result<Option<f64>> {
        match claims.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_f64().map(Some).ok_or(claim_err(name, "invalid")),
            Some(_) => Err(claim_err(name, "invalid")),
        }
    };
    let iat = num("iat")?;
    if let Some(nbf) = num("nbf")? {
        if nbf > now + tol {
            return Err(claim_err("nbf", "check_failed"));
        }
    }
    if let Some(exp) = num("exp")? {
        if exp <= now - tol {
            return Err(Error::JwtExpired {
                claim: "exp",
                reason: "check_failed",
            });
        }
    }
    if let (Some(max), Some(iat)) = (opts.max_token_age_secs, iat) {
        let age = now - iat;
        if age - tol > max as f64 {
            return Err(Error::JwtExpired {
                claim: "iat",
                reason: "check_failed",
            });
        }
        if age < -tol {
            return Err(claim_err("iat", "check_failed"));
        }
    }
    Ok(())
}

/// Verify a JWT: the JWS signature with `keys` (see [`jws::verify_jws`]), then the claims
/// with `opts` at `now_ms` (epoch milliseconds; JWT times are compared in whole seconds).
///
/// Errors (jose's codes): everything [`jws::verify_jws`] returns, `ERR_JWT_INVALID` (payload
/// not a JSON object), `ERR_JWT_EXPIRED` (claim `exp`, or `iat` with a max age) and
/// `ERR_JWT_CLAIM_VALIDATION_FAILED` (with [`Error::claim`] and [`Error::reason`]).
pub fn verify_jwt(
    token: &str,
    keys: &Jwks,
    opts: &VerifyOptions,
    now_ms: i64,
) -> Result<VerifiedJwt> {
    let v = jws::verify_jws(token, keys, opts.algorithms.as_deref())?;
    let claims = parse_object(&v.payload).ok_or(Error::JwtInvalid(
        "JWT Claims Set must be a top-level JSON object",
    ))?;
    validate_claims(&v.header, &claims, opts, now_ms)?;
    Ok(VerifiedJwt {
        header: v.header,
        claims,
        payload: v.payload,
    })
}

/// Registered claims and header parameters set by [`sign_jwt`]. Claims set here override the
/// same claims in the payload.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOptions {
    /// Header: `alg` (defaults to the key's), `kid` (defaults to the key's), `typ` (none).
    pub header: JwsSignHeader,
    /// Set `iat` to `now`. Defaults to true (Better Auth always sets it).
    pub issued_at: bool,
    /// Set `exp` to `now` + this many seconds. Defaults to none.
    pub expires_in_secs: Option<u64>,
    /// Set `nbf` to `now` + this many seconds. Defaults to none.
    pub not_before_in_secs: Option<u64>,
    /// `iss`. Defaults to none.
    pub issuer: Option<String>,
    /// `aud`: one value is written as a string, several as an array. Defaults to none.
    pub audience: Option<Vec<String>>,
    /// `sub`. Defaults to none.
    pub subject: Option<String>,
    /// `jti`. Defaults to none.
    pub jwt_id: Option<String>,
}

impl Default for SignOptions {
    fn default() -> Self {
        SignOptions {
            header: JwsSignHeader::default(),
            issued_at: true,
            expires_in_secs: None,
            not_before_in_secs: None,
            issuer: None,
            audience: None,
            subject: None,
            jwt_id: None,
        }
    }
}

/// Sign a JWT with the private `key` at `now_ms` (epoch milliseconds). The claims keep their
/// order; claims set by `opts` replace a member of the same name in place or are appended
/// (`iat`, `exp`, `nbf`, `iss`, `aud`, `sub`, `jti`).
pub fn sign_jwt<R: TryCryptoRng + ?Sized>(
    claims: &Map<String, Value>,
    key: &Jwk,
    opts: &SignOptions,
    now_ms: i64,
    rng: &mut R,
) -> Result<String> {
    let mut c = claims.clone();
    let now = now_ms.div_euclid(1000);
    let at = |secs: u64| {
        Value::Number(Number::from(
            now.saturating_add(secs.min(i64::MAX as u64) as i64),
        ))
    };
    if opts.issued_at {
        c.insert("iat".into(), Value::Number(Number::from(now)));
    }
    if let Some(s) = opts.expires_in_secs {
        c.insert("exp".into(), at(s));
    }
    if let Some(s) = opts.not_before_in_secs {
        c.insert("nbf".into(), at(s));
    }
    if let Some(v) = &opts.issuer {
        c.insert("iss".into(), Value::String(v.clone()));
    }
    if let Some(a) = &opts.audience {
        let v = match a.as_slice() {
            [one] => Value::String(one.clone()),
            many => Value::Array(many.iter().cloned().map(Value::String).collect()),
        };
        c.insert("aud".into(), v);
    }
    if let Some(v) = &opts.subject {
        c.insert("sub".into(), Value::String(v.clone()));
    }
    if let Some(v) = &opts.jwt_id {
        c.insert("jti".into(), Value::String(v.clone()));
    }
    let payload = serde_json::to_vec(&c).map_err(|_| Error::InvalidArgument("claims".into()))?;
    jws::sign_jws(&payload, key, &opts.header, rng)
}

/// Parse a jose-style time span into seconds: a number of seconds (`"90"`) or a number with
/// a unit (`"30s"`, `"15m"`, `"2h"`, `"7d"`, `"1w"`, `"1y"`; long forms such as `"15 minutes"`
/// too). Fractions are rounded (as jose). Negative spans and unknown units are
/// `ERR_INVALID_ARGUMENT`.
pub fn parse_timespan(s: &str) -> Result<u64> {
    let bad = || Error::InvalidArgument(format!("invalid time span {s:?}"));
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().map_err(|_| bad())?;
    let unit = unit.trim().to_ascii_lowercase();
    let mult: f64 = match unit.as_str() {
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        "w" | "week" | "weeks" => 604_800.0,
        "y" | "yr" | "yrs" | "year" | "years" => 31_557_600.0,
        _ => return Err(bad()),
    };
    let v = (n * mult).round();
    if !v.is_finite() || !(0.0..=1e15).contains(&v) {
        return Err(bad());
    }
    Ok(v as u64)
}
