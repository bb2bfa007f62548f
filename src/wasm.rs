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
