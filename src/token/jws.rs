//! Compact JWS (RFC 7515 §7.1): strict parsing, verification and signing.

use rand_core::TryCryptoRng;
use serde_json::{Map, Value};

use super::alg::{self, Algorithm};
use super::jwk::{Jwk, Jwks};
use super::util::{b64d, b64e, parse_object};
use super::{MAX_HEADER_BYTES, MAX_TOKEN_BYTES};
use crate::error::{Error, Result};

/// Header names defined by RFC 7515/7518/7797 that must not appear in `crit` (RFC 7515 §4.1.11).
const REGISTERED: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// The protected header of a verified (or inspected) JWS.
#[derive(Debug, Clone, PartialEq)]
pub struct JwsHeader {
    /// The algorithm (`alg`); `none` never parses.
    pub alg: Algorithm,
    /// Key id (`kid`), if any.
    pub kid: Option<String>,
    /// Media type (`typ`), if any, as written.
    pub typ: Option<String>,
    /// Content type (`cty`), if any.
    pub cty: Option<String>,
    /// Every header member, as parsed (for callers that need custom members).
    pub members: Map<String, Value>,
}

impl JwsHeader {
    /// The header as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.members).unwrap_or_default()
    }
}

/// A verified JWS: its header and its payload bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJws {
    /// The protected header.
    pub header: JwsHeader,
    /// The decoded payload.
    pub payload: Vec<u8>,
}

/// The three parts of a compact JWS, decoded but not verified.
pub(crate) struct Parts<'a> {
    pub header: JwsHeader,
    pub signing_input: &'a [u8],
    pub payload: Vec<u8>,
    pub signature: Vec<u8>,
}

/// Parse a compact JWS strictly, without verifying it. `allowed` is checked before the
/// algorithm name is resolved, as jose does (`ERR_JOSE_ALG_NOT_ALLOWED` first).
pub(crate) fn parse<'a>(token: &'a str, allowed: Option<&[Algorithm]>) -> Result<Parts<'a>> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(Error::JwsInvalid("token too large"));
    }
    let mut it = token.split('.');
    let (h, p, s) = match (it.next(), it.next(), it.next(), it.next()) {
        (Some(h), Some(p), Some(s), None) => (h, p, s),
        _ => return Err(Error::JwsInvalid("a compact JWS has three parts")),
    };
    if h.is_empty() {
        return Err(Error::JwsInvalid("empty protected header"));
    }
    if h.len() > MAX_HEADER_BYTES * 4 / 3 + 4 {
        return Err(Error::JwsInvalid("protected header too large"));
    }
    let hb = b64d(h).ok_or(Error::JwsInvalid("protected header is not base64url"))?;
    let members =
        parse_object(&hb).ok_or(Error::JwsInvalid("protected header is not a JSON object"))?;
    let header = check_header(members, allowed)?;
    let payload = b64d(p).ok_or(Error::JwsInvalid("payload is not base64url"))?;
    let signature = b64d(s).ok_or(Error::JwsInvalid("signature is not base64url"))?;
    let signing_input = token
        .as_bytes()
        .get(..h.len() + 1 + p.len())
        .ok_or(Error::JwsInvalid("a compact JWS has three parts"))?;
    Ok(Parts {
        header,
        signing_input,
        payload,
        signature,
    })
}

fn opt_str(m: &Map<String, Value>, name: &'static str) -> Result<Option<String>> {
    match m.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::JwsInvalid("a header member has the wrong type")),
    }
}

fn check_header(members: Map<String, Value>, allowed: Option<&[Algorithm]>) -> Result<JwsHeader> {
    let alg_name = match members.get("alg") {
        Some(Value::String(s)) => s.as_str(),
        _ => return Err(Error::JwsInvalid("missing or invalid \"alg\"")),
    };
    let alg = Algorithm::from_name(alg_name);
    match (alg, allowed) {
        (Some(a), Some(list)) if !list.contains(&a) => return Err(Error::AlgNotAllowed),
        (None, Some(_)) => return Err(Error::AlgNotAllowed),
        (None, None) if alg_name == "none" => return Err(Error::AlgNotAllowed),
        (None, None) => return Err(Error::JoseNotSupported("unsupported \"alg\" value")),
        _ => {}
    }
    let alg = alg.ok_or(Error::AlgNotAllowed)?;
    // b64 (RFC 7797): only the default (true) is accepted.
    match members.get("b64") {
        None | Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) => {
            return Err(Error::JoseNotSupported(
                "unencoded payload (\"b64\": false)",
            ))
        }
        Some(_) => return Err(Error::JwsInvalid("\"b64\" must be a boolean")),
    }
    if let Some(crit) = members.get("crit") {
        let list = match crit {
            Value::Array(a) if !a.is_empty() => a,
            _ => return Err(Error::JwsInvalid("\"crit\" must be a non-empty array")),
        };
        for (i, c) in list.iter().enumerate() {
            let name = c
                .as_str()
                .ok_or(Error::JwsInvalid("\"crit\" entries must be strings"))?;
            if REGISTERED.contains(&name) {
                return Err(Error::JwsInvalid("\"crit\" lists a registered header name"));
            }
            if list.iter().take(i).any(|p| p.as_str() == Some(name)) {
                return Err(Error::JwsInvalid("\"crit\" has duplicates"));
            }
            if !members.contains_key(name) {
                return Err(Error::JwsInvalid("\"crit\" names a missing header member"));
            }
            if name != "b64" {
                return Err(Error::JoseNotSupported("unrecognised \"crit\" extension"));
            }
        }
    }
    Ok(JwsHeader {
        alg,
        kid: opt_str(&members, "kid")?,
        typ: opt_str(&members, "typ")?,
        cty: opt_str(&members, "cty")?,
        members,
    })
}

/// Read a compact JWS's protected header without verifying anything (for routing, logging or
/// picking a key set). Never trust its contents.
pub fn decode_header(token: &str) -> Result<JwsHeader> {
    parse(token, None).map(|p| p.header)
}

/// Verify a compact JWS with a key set and an optional algorithm allowlist (`None` allows
/// every algorithm that fits the selected key; `none` is never allowed).
///
/// Errors: `ERR_JWS_INVALID` (structure), `ERR_JOSE_ALG_NOT_ALLOWED`, `ERR_JOSE_NOT_SUPPORTED`,
/// `ERR_JWKS_NO_MATCHING_KEY`, `ERR_JWKS_MULTIPLE_MATCHING_KEYS`, `ERR_JWK_INVALID`,
/// `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`.
pub fn verify_jws(
    token: &str,
    keys: &Jwks,
    algorithms: Option<&[Algorithm]>,
) -> Result<VerifiedJws> {
    let parts = parse(token, algorithms)?;
    let key = keys.select_material(parts.header.alg, parts.header.kid.as_deref())?;
    alg::verify(parts.header.alg, key, parts.signing_input, &parts.signature)?;
    Ok(VerifiedJws {
        header: parts.header,
        payload: parts.payload,
    })
}

/// Header parameters for signing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JwsSignHeader {
    /// Algorithm. Defaults to the key's `alg`, else the key type's default
    /// ([`Jwk::default_algorithm`]).
    pub alg: Option<Algorithm>,
    /// `kid`. Defaults to the key's `kid` (none if the key has none).
    pub kid: Option<String>,
    /// `typ`. Defaults to none (as jose and Better Auth).
    pub typ: Option<String>,
    /// Extra header members (must not override `alg`, `kid`, `typ`, `crit` or `b64`).
    pub extra: Map<String, Value>,
}

/// Sign `payload` as a compact JWS with the private `key`. The key must fit the algorithm
/// (`ERR_JWK_INVALID` otherwise, e.g. HS256 with an RSA key). `rng` is used by RSA only.
pub fn sign_jws<R: TryCryptoRng + ?Sized>(
    payload: &[u8],
    key: &Jwk,
    header: &JwsSignHeader,
    rng: &mut R,
) -> Result<String> {
    let alg = match header.alg {
        Some(a) => a,
        None => key.default_algorithm()?,
    };
    if let Some(a) = &key.alg {
        if a != alg.as_str() {
            return Err(Error::JwkInvalid(
                "the key's \"alg\" differs from the signing algorithm",
            ));
        }
    }
    if let Some(ops) = &key.key_ops {
        if !ops.iter().any(|o| o == "sign") {
            return Err(Error::JwkInvalid(
                "the key's \"key_ops\" do not include \"sign\"",
            ));
        }
    }
    let material = key.private_material()?;
    let mut m = Map::new();
    for (k, v) in &header.extra {
        if matches!(k.as_str(), "alg" | "kid" | "typ" | "crit" | "b64") {
            return Err(Error::InvalidArgument(format!(
                "header member {k:?} is set by options"
            )));
        }
        m.insert(k.clone(), v.clone());
    }
    m.insert("alg".into(), Value::String(alg.as_str().into()));
    if let Some(kid) = header.kid.as_ref().or(key.kid.as_ref()) {
        m.insert("kid".into(), Value::String(kid.clone()));
    }
    if let Some(typ) = &header.typ {
        m.insert("typ".into(), Value::String(typ.clone()));
    }
    let hjson = serde_json::to_vec(&m).map_err(|_| Error::InvalidArgument("header".into()))?;
    let mut out = b64e(&hjson);
    out.push('.');
    out.push_str(&b64e(payload));
    let sig = alg::sign(alg, &material, out.as_bytes(), rng)?;
    out.push('.');
    out.push_str(&b64e(&sig));
    Ok(out)
}
