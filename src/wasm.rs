//! BINDINGS: the only module that names `wasm_bindgen`, `js_sys` or `serde_wasm_bindgen`.
//!
//! Every binding follows one recipe: decode the input, call the core, encode the output, map
//! the error. No defaults, policy or logic here; those live in the core. The exported names
//! are internal (the generated glue is not public API); `js/` wraps them into the public API
//! and turns the thrown `{ code, message }` errors into `AuthError` instances.
#![allow(unsafe_code)] // the wasm_bindgen macro expands to unsafe FFI glue

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::password::{self, FirebaseParams, LegacyOptions, PasswordOptions};

/// A JS `Error` whose `code` property is the core error's stable code.
fn to_js(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("AuthError");
    let _ = js_sys::Reflect::set(
        &err,
        &JsValue::from_str("code"),
        &JsValue::from_str(e.code()),
    );
    err.into()
}

fn string_arg(v: &JsValue, name: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::InvalidArgument(format!("{name} must be a string")))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PasswordOptionsIn {
    max_password_length: Option<f64>,
    legacy: Option<LegacyIn>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LegacyIn {
    Flag(bool),
    Options { firebase: Option<FirebaseIn> },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FirebaseIn {
    signer_key: String,
    salt_separator: String,
    rounds: u32,
    mem_cost: u32,
}

fn password_options(v: &JsValue) -> Result<PasswordOptions, Error> {
    let mut out = PasswordOptions::default();
    if v.is_undefined() || v.is_null() {
        return Ok(out);
    }
    let o: PasswordOptionsIn = serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| Error::InvalidArgument(format!("password options: {e}")))?;
    if let Some(m) = o.max_password_length {
        if !(m.is_finite() && m >= 1.0 && m.fract() == 0.0) {
            return Err(Error::InvalidArgument(
                "maxPasswordLength must be a positive integer".into(),
            ));
        }
        out.max_password_length = m.min(usize::MAX as f64) as usize;
    }
    out.validate()?;
    out.legacy = match o.legacy {
        None | Some(LegacyIn::Flag(false)) => None,
        Some(LegacyIn::Flag(true)) => Some(LegacyOptions::default()),
        Some(LegacyIn::Options { firebase }) => Some(LegacyOptions {
            firebase: firebase
                .map(|f| {
                    FirebaseParams::from_base64(
                        &f.signer_key,
                        &f.salt_separator,
                        f.rounds,
                        f.mem_cost,
                    )
                })
                .transpose()?,
        }),
    };
    Ok(out)
}

#[wasm_bindgen]
pub fn password_hash(password: JsValue, options: JsValue) -> Result<String, JsValue> {
    (|| {
        password::hash_password_opts(
            &string_arg(&password, "password")?,
            &password_options(&options)?,
        )
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn password_hash_with_salt(
    password: JsValue,
    salt: JsValue,
    options: JsValue,
) -> Result<String, JsValue> {
    (|| {
        password::hash_password_with_salt_opts(
            &string_arg(&password, "password")?,
            &string_arg(&salt, "salt")?,
            &password_options(&options)?,
        )
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn password_verify(
    hash: JsValue,
    password: JsValue,
    options: JsValue,
) -> Result<bool, JsValue> {
    (|| {
        password::verify_password_opts(
            &string_arg(&hash, "hash")?,
            &string_arg(&password, "password")?,
            &password_options(&options)?,
        )
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn password_check_options(options: JsValue) -> Result<(), JsValue> {
    password_options(&options).map(|_| ()).map_err(to_js)
}

#[wasm_bindgen]
pub fn password_inspect(hash: JsValue) -> Result<JsValue, JsValue> {
    (|| {
        let info = password::inspect_password_hash(&string_arg(&hash, "hash")?)?;
        serde_wasm_bindgen::to_value(&info).map_err(|e| Error::InvalidArgument(e.to_string()))
    })()
    .map_err(to_js)
}

// ---- cookies ----------------------------------------------------------------------------------

use crate::cookie::{self as cookies, CacheStrategy, CookieCacheOptions, SignCookieCacheOptions};
use crate::crypto::{self as sym, Secret, Secrets};

/// `secret: string | (string | { version, value })[]`
#[derive(Deserialize)]
#[serde(untagged)]
enum SecretIn {
    One(String),
    Many(Vec<SecretItemIn>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SecretItemIn {
    Plain(String),
    Versioned { version: u32, value: String },
}

fn secrets_arg(v: &JsValue) -> Result<Secrets, Error> {
    if v.is_undefined() || v.is_null() {
        return Err(Error::InvalidArgument("secret is required".into()));
    }
    let s: SecretIn = serde_wasm_bindgen::from_value(v.clone()).map_err(|_| {
        Error::InvalidArgument(
            "secret must be a string or an array of strings or { version, value }".into(),
        )
    })?;
    Secrets::checked(match s {
        SecretIn::One(value) => vec![Secret {
            version: None,
            value,
        }],
        SecretIn::Many(list) => list
            .into_iter()
            .map(|i| match i {
                SecretItemIn::Plain(value) => Secret {
                    version: None,
                    value,
                },
                SecretItemIn::Versioned { version, value } => Secret {
                    version: Some(version),
                    value,
                },
            })
            .collect(),
    })
}

fn opt_string(v: &JsValue, name: &str) -> Result<Option<String>, Error> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        string_arg(v, name).map(Some)
    }
}

fn int_arg(v: &JsValue, name: &str) -> Result<i64, Error> {
    match v.as_f64() {
        Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => {
            Ok(f as i64)
        }
        _ => Err(Error::InvalidArgument(format!("{name} must be an integer"))),
    }
}

fn to_json_js<T: serde::Serialize>(v: &T) -> Result<JsValue, Error> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::InvalidArgument(e.to_string()))
}

#[wasm_bindgen]
pub fn cookie_read_session_token(
    header: JsValue,
    secret: JsValue,
    cookie_prefix: JsValue,
) -> Result<Option<String>, JsValue> {
    (|| {
        cookies::read_session_token(
            &string_arg(&header, "cookie header")?,
            &secrets_arg(&secret)?,
            opt_string(&cookie_prefix, "cookiePrefix")?.as_deref(),
        )
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn cookie_verify_signed_value(value: JsValue, secret: JsValue) -> Result<String, JsValue> {
    (|| cookies::verify_signed_value(&string_arg(&value, "value")?, &secrets_arg(&secret)?))()
        .map_err(to_js)
}

#[wasm_bindgen]
pub fn cookie_sign_session_token(token: JsValue, secret: JsValue) -> Result<String, JsValue> {
    (|| {
        let secrets = secrets_arg(&secret)?;
        Ok(cookies::sign_session_token(
            &string_arg(&token, "token")?,
            &secrets.current()?.value,
        ))
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn cookie_read_cache(
    header: JsValue,
    secret: JsValue,
    cookie_prefix: JsValue,
    strategy: JsValue,
    jwks: JsValue,
    now: JsValue,
) -> Result<JsValue, JsValue> {
    (|| {
        let opts = CookieCacheOptions {
            secrets: secrets_arg(&secret)?,
            cookie_prefix: opt_string(&cookie_prefix, "cookiePrefix")?,
            strategy: opt_string(&strategy, "strategy")?
                .map(|s| CacheStrategy::parse(&s))
                .transpose()?,
            jwks: opt_string(&jwks, "jwks")?,
            now_ms: int_arg(&now, "now")?,
        };
        match cookies::read_cookie_cache(&string_arg(&header, "cookie header")?, &opts)? {
            None => Ok(JsValue::NULL),
            Some(c) => to_json_js(&c),
        }
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn cookie_sign_cache(
    session_json: JsValue,
    user_json: JsValue,
    secret: JsValue,
    strategy: JsValue,
    now: JsValue,
    max_age: JsValue,
    version: JsValue,
    random: Vec<u8>,
) -> Result<String, JsValue> {
    (|| {
        let random: [u8; 32] = random
            .try_into()
            .map_err(|_| Error::InvalidArgument("random must be 32 bytes".into()))?;
        let strategy = match opt_string(&strategy, "strategy")? {
            Some(s) => CacheStrategy::parse(&s)?,
            None => CacheStrategy::Compact,
        };
        let mut o = SignCookieCacheOptions::new(
            strategy,
            secrets_arg(&secret)?,
            int_arg(&now, "now")?,
            random,
        );
        if !(max_age.is_undefined() || max_age.is_null()) {
            o.max_age_s = int_arg(&max_age, "maxAge")?;
        }
        if let Some(v) = opt_string(&version, "version")? {
            o.version = v;
        }
        let session = crate::jsjson::parse(&string_arg(&session_json, "session")?)?;
        let user = crate::jsjson::parse(&string_arg(&user_json, "user")?)?;
        cookies::sign_cookie_cache(&session, &user, &o)
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn cookie_chunk(
    name: JsValue,
    value: JsValue,
    secure: bool,
    max_age: JsValue,
) -> Result<JsValue, JsValue> {
    (|| {
        let name = string_arg(&name, "name")?;
        let size = cookies::cookie_cache_chunk_size(&name, secure, int_arg(&max_age, "maxAge")?);
        let pieces = cookies::chunk_cookie_value(&name, &string_arg(&value, "value")?, size)?;
        let list: Vec<serde_json::Value> = pieces
            .into_iter()
            .map(|(n, v)| serde_json::json!({ "name": n, "value": v }))
            .collect();
        to_json_js(&list)
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn crypto_decrypt_private_key(stored: JsValue, secret: JsValue) -> Result<String, JsValue> {
    (|| sym::decrypt_private_key(&string_arg(&stored, "privateKey")?, &secrets_arg(&secret)?))()
        .map_err(to_js)
}

#[wasm_bindgen]
pub fn crypto_encrypt_private_key(
    jwk_json: JsValue,
    secret: JsValue,
    nonce: Vec<u8>,
) -> Result<String, JsValue> {
    (|| {
        let nonce: [u8; 24] = nonce
            .try_into()
            .map_err(|_| Error::InvalidArgument("nonce must be 24 bytes".into()))?;
        sym::encrypt_private_key(
            &string_arg(&jwk_json, "jwk")?,
            &secrets_arg(&secret)?,
            &nonce,
        )
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn secrets_parse_env(value: JsValue) -> Result<JsValue, JsValue> {
    (|| {
        let s = Secrets::parse_env(&string_arg(&value, "BETTER_AUTH_SECRETS")?)?;
        let list: Vec<serde_json::Value> =
            s.0.iter()
                .map(|x| serde_json::json!({ "version": x.version, "value": x.value }))
                .collect();
        to_json_js(&list)
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn token_inspect(value: JsValue) -> Result<JsValue, JsValue> {
    (|| to_json_js(&cookies::inspect_token(&string_arg(&value, "value")?)?))().map_err(to_js)
}

#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn token_explain(
    value: JsValue,
    secret: JsValue,
    jwks: JsValue,
    issuer: JsValue,
    audience: JsValue,
    now: JsValue,
    cookie_prefix: JsValue,
    strategy: JsValue,
) -> Result<JsValue, JsValue> {
    (|| {
        let o = cookies::ExplainOptions {
            secrets: if secret.is_undefined() || secret.is_null() {
                None
            } else {
                Some(secrets_arg(&secret)?)
            },
            jwks: opt_string(&jwks, "jwks")?,
            issuer: opt_string(&issuer, "issuer")?,
            audience: opt_string(&audience, "audience")?,
            now_ms: int_arg(&now, "now")?,
            cookie_prefix: opt_string(&cookie_prefix, "cookiePrefix")?,
            strategy: opt_string(&strategy, "strategy")?
                .map(|s| CacheStrategy::parse(&s))
                .transpose()?,
        };
        to_json_js(&cookies::explain_token(&string_arg(&value, "value")?, &o)?)
    })()
    .map_err(to_js)
}
// ---- tokens ----
use crate::token::{self as tok, Algorithm as TokAlg};

/// Like `to_js`, plus jose's `claim` and `reason` for JWT claim errors.
fn tok_err(e: Error) -> JsValue {
    let claim = e.claim().map(str::to_owned);
    let reason = e.reason();
    let v = to_js(e);
    if let Some(c) = claim {
        let _ = js_sys::Reflect::set(&v, &JsValue::from_str("claim"), &JsValue::from_str(&c));
    }
    if let Some(r) = reason {
        let _ = js_sys::Reflect::set(&v, &JsValue::from_str("reason"), &JsValue::from_str(r));
    }
    v
}

fn tok_json_err(what: &str) -> impl Fn(serde_wasm_bindgen::Error) -> Error + '_ {
    move |e| Error::InvalidArgument(format!("{what}: {e}"))
}

/// A key set parsed and imported once (JWKS, single JWK, or HMAC secret).
#[wasm_bindgen]
pub struct TokenKeys {
    inner: tok::Jwks,
}

#[wasm_bindgen]
impl TokenKeys {
    /// Parse a JWKS or a single JWK from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<TokenKeys, JsValue> {
        tok::Jwks::from_json_any(json)
            .map(|inner| TokenKeys { inner })
            .map_err(tok_err)
    }

    /// An HMAC secret (raw bytes).
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8]) -> TokenKeys {
        TokenKeys {
            inner: tok::Jwks::from_secret(secret),
        }
    }

    /// True when some key has this kid.
    #[wasm_bindgen(js_name = hasKid)]
    pub fn has_kid(&self, kid: &str) -> bool {
        self.inner.has_kid(kid)
    }

    /// Number of keys.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn list(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Span {
    Secs(f64),
    Text(String),
}

fn span_secs(s: Span) -> Result<u64, Error> {
    match s {
        Span::Secs(n) if n.is_finite() && n >= 0.0 => Ok(n.round() as u64),
        Span::Secs(_) => Err(Error::InvalidArgument("time span must be >= 0".into())),
        Span::Text(t) => tok::parse_timespan(&t),
    }
}

fn algs(list: Vec<String>) -> Result<Vec<TokAlg>, Error> {
    list.iter()
        .map(|a| {
            TokAlg::from_name(a)
                .ok_or_else(|| Error::InvalidArgument(format!("unsupported algorithm {a:?}")))
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct VerifyIn {
    algorithms: Option<Vec<String>>,
    issuer: Option<OneOrMany>,
    audience: Option<OneOrMany>,
    subject: Option<String>,
    typ: Option<String>,
    required_claims: Option<Vec<String>>,
    clock_tolerance: Option<Span>,
    max_token_age: Option<Span>,
}

fn verify_options(v: &JsValue) -> Result<tok::VerifyOptions, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(tok::VerifyOptions::default());
    }
    let o: VerifyIn =
        serde_wasm_bindgen::from_value(v.clone()).map_err(tok_json_err("verify options"))?;
    Ok(tok::VerifyOptions {
        algorithms: o.algorithms.map(algs).transpose()?,
        issuer: o.issuer.map(OneOrMany::list),
        audience: o.audience.map(OneOrMany::list),
        subject: o.subject,
        typ: o.typ,
        required_claims: o.required_claims.unwrap_or_default(),
        clock_tolerance_secs: o.clock_tolerance.map(span_secs).transpose()?.unwrap_or(0),
        max_token_age_secs: o.max_token_age.map(span_secs).transpose()?,
    })
}

fn now_arg(now: f64) -> Result<i64, Error> {
    if now.is_finite() {
        Ok(now.floor() as i64)
    } else {
        Err(Error::InvalidArgument(
            "now must be a finite number of milliseconds".into(),
        ))
    }
}

#[wasm_bindgen]
pub fn token_verify_jws(
    token: &str,
    keys: &TokenKeys,
    algorithms: JsValue,
) -> Result<js_sys::Array, JsValue> {
    (|| {
        let list = if algorithms.is_undefined() || algorithms.is_null() {
            None
        } else {
            let v: Vec<String> =
                serde_wasm_bindgen::from_value(algorithms).map_err(tok_json_err("algorithms"))?;
            Some(algs(v)?)
        };
        let v = tok::verify_jws(token, &keys.inner, list.as_deref())?;
        let out = js_sys::Array::new();
        out.push(&JsValue::from_str(&v.header.to_json()));
        out.push(&js_sys::Uint8Array::from(v.payload.as_slice()).into());
        Ok(out)
    })()
    .map_err(tok_err)
}

/// Returns `[headerJson, payloadJson]`.
#[wasm_bindgen]
pub fn token_verify_jwt(
    token: &str,
    keys: &TokenKeys,
    options: JsValue,
    now: f64,
) -> Result<js_sys::Array, JsValue> {
    (|| {
        let opts = verify_options(&options)?;
        let v = tok::verify_jwt(token, &keys.inner, &opts, now_arg(now)?)?;
        let out = js_sys::Array::new();
        out.push(&JsValue::from_str(&v.header.to_json()));
        out.push(&JsValue::from_str(&String::from_utf8_lossy(&v.payload)));
        Ok(out)
    })()
    .map_err(tok_err)
}

#[wasm_bindgen]
pub fn token_decode_header(token: &str) -> Result<String, JsValue> {
    tok::decode_header(token)
        .map(|h| h.to_json())
        .map_err(tok_err)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SignIn {
    alg: Option<String>,
    kid: Option<String>,
    typ: Option<String>,
    issuer: Option<String>,
    audience: Option<OneOrMany>,
    subject: Option<String>,
    jti: Option<String>,
    expires_in: Option<Span>,
    not_before: Option<Span>,
    iat: Option<bool>,
}

fn sign_options(v: &JsValue) -> Result<tok::SignOptions, Error> {
    let o: SignIn = if v.is_undefined() || v.is_null() {
        SignIn::default()
    } else {
        serde_wasm_bindgen::from_value(v.clone()).map_err(tok_json_err("sign options"))?
    };
    let alg = o
        .alg
        .map(|a| TokAlg::from_name(&a).ok_or(Error::JoseNotSupported("unsupported \"alg\" value")))
        .transpose()?;
    let defaults = tok::SignOptions::default();
    Ok(tok::SignOptions {
        header: tok::JwsSignHeader {
            alg,
            kid: o.kid,
            typ: o.typ,
            extra: Default::default(),
        },
        issued_at: o.iat.unwrap_or(defaults.issued_at),
        expires_in_secs: o.expires_in.map(span_secs).transpose()?,
        not_before_in_secs: o.not_before.map(span_secs).transpose()?,
        issuer: o.issuer,
        audience: o.audience.map(OneOrMany::list),
        subject: o.subject,
        jwt_id: o.jti,
    })
}

/// `claims_json` must be a JSON object; `jwk_json` a private JWK.
#[wasm_bindgen]
pub fn token_sign_jwt(
    claims_json: &str,
    jwk_json: &str,
    options: JsValue,
    now: f64,
) -> Result<String, JsValue> {
    (|| {
        let claims: serde_json::Map<String, serde_json::Value> = serde_json::from_str(claims_json)
            .map_err(|_| Error::InvalidArgument("payload must be a JSON object".into()))?;
        let key = tok::Jwk::from_json(jwk_json)?;
        tok::sign_jwt(
            &claims,
            &key,
            &sign_options(&options)?,
            now_arg(now)?,
            &mut crate::rng::OsRng,
        )
    })()
    .map_err(tok_err)
}

#[wasm_bindgen]
pub fn token_sign_jws(payload: &[u8], jwk_json: &str, options: JsValue) -> Result<String, JsValue> {
    (|| {
        let key = tok::Jwk::from_json(jwk_json)?;
        let o = sign_options(&options)?;
        tok::sign_jws(payload, &key, &o.header, &mut crate::rng::OsRng)
    })()
    .map_err(tok_err)
}

/// Returns `[publicJwkJson, privateJwkJson]`.
#[wasm_bindgen]
pub fn token_generate_key_pair(alg: &str) -> Result<js_sys::Array, JsValue> {
    (|| {
        let alg =
            TokAlg::from_name(alg).ok_or(Error::JoseNotSupported("unsupported \"alg\" value"))?;
        let pair = tok::generate_key_pair(alg, &mut crate::rng::OsRng)?;
        let out = js_sys::Array::new();
        out.push(&JsValue::from_str(&pair.public_jwk.to_json()));
        out.push(&JsValue::from_str(&pair.private_jwk.to_json()));
        Ok(out)
    })()
    .map_err(tok_err)
}

#[wasm_bindgen]
pub fn token_jwk_thumbprint(jwk_json: &str) -> Result<String, JsValue> {
    tok::Jwk::from_json(jwk_json)
        .and_then(|k| tok::jwk_thumbprint(&k))
        .map_err(tok_err)
}

/// The public JWK of a private one (JSON in, JSON out).
#[wasm_bindgen]
pub fn token_public_jwk(jwk_json: &str) -> Result<String, JsValue> {
    tok::Jwk::from_json(jwk_json)
        .and_then(|k| k.to_public())
        .map(|k| k.to_json())
        .map_err(tok_err)
}

/// A preset as a plain options object `{ algorithms, issuer?, audience?, requiredClaims }`.
#[wasm_bindgen]
pub fn token_preset(
    name: &str,
    arg: Option<String>,
    arg2: Option<String>,
) -> Result<JsValue, JsValue> {
    (|| {
        let p = tok::presets::by_name(name, arg.as_deref(), arg2.as_deref())?;
        let o = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
        };
        let arr = |v: &[String]| -> JsValue {
            v.iter()
                .map(|s| JsValue::from_str(s))
                .collect::<js_sys::Array>()
                .into()
        };
        if let Some(a) = &p.algorithms {
            let names: Vec<String> = a.iter().map(|x| x.as_str().to_owned()).collect();
            set("algorithms", arr(&names));
        }
        if let Some(i) = &p.issuer {
            set("issuer", arr(i));
        }
        if let Some(a) = &p.audience {
            set("audience", arr(a));
        }
        set("requiredClaims", arr(&p.required_claims));
        Ok(o.into())
    })()
    .map_err(tok_err)
}

/// `"fetch" | "use_cached" | "cooling_down"`. `fetched_at` NaN means nothing cached;
/// `kid_found` undefined means not consulted.
#[wasm_bindgen]
pub fn token_jwks_refresh_decision(
    fetched_at: f64,
    now: f64,
    kid_found: Option<bool>,
    cooldown_ms: f64,
    cache_max_age_ms: f64,
) -> Result<String, JsValue> {
    (|| {
        let state = tok::JwksCacheState {
            fetched_at_ms: if fetched_at.is_finite() {
                Some(fetched_at.floor() as i64)
            } else {
                None
            },
        };
        let ms = |v: f64, d: u64| {
            if v.is_finite() && v >= 0.0 {
                v as u64
            } else {
                d
            }
        };
        let policy = tok::JwksCachePolicy {
            cooldown_ms: ms(cooldown_ms, tok::DEFAULT_JWKS_COOLDOWN_MS),
            cache_max_age_ms: ms(cache_max_age_ms, tok::DEFAULT_JWKS_CACHE_MAX_AGE_MS),
        };
        Ok(
            match tok::jwks_refresh_decision(&state, &policy, now_arg(now)?, kid_found) {
                tok::JwksRefresh::Fetch => "fetch",
                tok::JwksRefresh::UseCached => "use_cached",
                tok::JwksRefresh::CoolingDown => "cooling_down",
            }
            .to_owned(),
        )
    })()
    .map_err(tok_err)
}
// ---- end tokens ----

// ---- sync ----
// Sync decisions (issue 4). Inputs are plain JS objects; decisions come back as plain objects
// with a `kind` field (maps as objects, `null` kept as `null`).

use crate::sync::{self, AppUser, AuthUser, BetterAuthVersion, SyncPolicy};

// Through serde_json::Value: serde_wasm_bindgen reads only the fields a struct names, so
// unknown policy options would be ignored silently instead of refused.
fn sync_from<T: serde::de::DeserializeOwned>(v: &JsValue, name: &str) -> Result<T, Error> {
    let json: serde_json::Value = serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| Error::InvalidArgument(format!("{name}: {e}")))?;
    serde_json::from_value(json).map_err(|e| Error::InvalidArgument(format!("{name}: {e}")))
}

fn sync_doc(v: &JsValue, name: &str) -> Result<serde_json::Value, Error> {
    serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| Error::InvalidArgument(format!("{name}: {e}")))
}

fn sync_policy(v: &JsValue) -> Result<SyncPolicy, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(SyncPolicy::default());
    }
    SyncPolicy::from_value(sync_doc(v, "policy")?)
}

fn sync_version(v: &JsValue) -> Result<BetterAuthVersion, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(BetterAuthVersion::default());
    }
    sync_from(v, "version")
}

fn sync_app_users(v: &JsValue) -> Result<Vec<AppUser>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    match sync_doc(v, "appUsers")? {
        serde_json::Value::Array(rows) => rows.into_iter().map(AppUser::from_value).collect(),
        _ => Err(Error::InvalidArgument("appUsers must be an array".into())),
    }
}

fn sync_to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, Error> {
    let ser = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    v.serialize(&ser)
        .map_err(|e| Error::InvalidArgument(e.to_string()))
}

#[wasm_bindgen]
pub fn sync_decide(
    auth_user: JsValue,
    app_users: JsValue,
    policy: JsValue,
) -> Result<JsValue, JsValue> {
    (|| {
        let auth = AuthUser::from_value(sync_doc(&auth_user, "authUser")?)?;
        let d = sync::decide_sync(&auth, &sync_app_users(&app_users)?, &sync_policy(&policy)?)?;
        sync_to_js(&d)
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn sync_decide_delete(
    auth_id: JsValue,
    app_users: JsValue,
    policy: JsValue,
    now: JsValue,
) -> Result<JsValue, JsValue> {
    (|| {
        let id = string_arg(&auth_id, "authId")?;
        let now = match now.as_f64() {
            Some(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
                n as i64
            }
            _ => {
                return Err(Error::InvalidArgument(
                    "now must be an integer (epoch ms)".into(),
                ))
            }
        };
        let d = sync::decide_delete(
            &id,
            &sync_app_users(&app_users)?,
            &sync_policy(&policy)?,
            now,
        )?;
        sync_to_js(&d)
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn sync_resolve_policy(policy: JsValue) -> Result<JsValue, JsValue> {
    (|| {
        let p = sync_policy(&policy)?;
        p.validate()?;
        sync_to_js(&p)
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn sync_canonical_email(email: JsValue, version: JsValue) -> Result<String, JsValue> {
    (|| {
        Ok(sync::canonical_email(
            &string_arg(&email, "email")?,
            sync_version(&version)?,
        ))
    })()
    .map_err(to_js)
}

#[wasm_bindgen]
pub fn sync_near_duplicate_key(email: JsValue) -> Result<String, JsValue> {
    (|| Ok(sync::near_duplicate_key(&string_arg(&email, "email")?)))().map_err(to_js)
}
