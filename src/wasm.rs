//! BINDINGS: the only module that names `wasm_bindgen`, `js_sys` or `serde_wasm_bindgen`.
//!
//! Every binding follows one recipe: decode the input, call the core, encode the output, map
//! the error. No defaults, policy or logic here; those live in the core. The exported names
//! are internal (the generated glue is not public API); `js/` wraps them into the public API
//! and turns the thrown `{ code, message }` errors into `AuthError` instances.
#![allow(unsafe_code)]
// the wasm_bindgen macro expands to unsafe FFI glue
// A WASM build with only some features (one per package entry) leaves shared helpers unused.
#![cfg_attr(not(feature = "passwords"), allow(dead_code))]

use serde::Deserialize;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::Error;
#[cfg(feature = "passwords")]
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

/// NFC/NFKC through JavaScript's `String.prototype.normalize` (the function Better Auth calls)
/// for builds without the `nfkc` feature's tables (src/unicode.rs). A V8 built without ICU
/// returns its input unchanged: probed once (U+FB01 "ﬁ" must become "fi"), and then `None`, so
/// the core answers `ERR_NFKC_UNAVAILABLE` instead of hashing differently.
#[cfg(not(feature = "nfkc"))]
fn js_normalize(s: &str, form: crate::unicode::Form) -> Option<String> {
    use std::sync::atomic::{AtomicU8, Ordering};
    static ICU: AtomicU8 = AtomicU8::new(0); // 0 not probed, 1 works, 2 does not
    if ICU.load(Ordering::Relaxed) == 0 {
        let probe = js_sys::JsString::from("\u{FB01}").normalize("NFKC");
        let works = probe.as_string().as_deref() == Some("fi");
        ICU.store(if works { 1 } else { 2 }, Ordering::Relaxed);
    }
    if ICU.load(Ordering::Relaxed) != 1 {
        return None;
    }
    let name = match form {
        crate::unicode::Form::Nfc => "NFC",
        crate::unicode::Form::Nfkc => "NFKC",
    };
    js_sys::JsString::from(s).normalize(name).as_string()
}

/// Install [`js_normalize`] when the instance starts (wasm-bindgen runs this from `initSync`,
/// for every instance: the first, a reset one, each worker's), so every core function that
/// normalises — password hashing and verification, email matching in sync decisions — sees it.
#[cfg(not(feature = "nfkc"))]
#[wasm_bindgen(start)]
fn install_normalizer() {
    crate::unicode::set_normalizer(js_normalize);
}

fn string_arg(v: &JsValue, name: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::InvalidArgument(format!("{name} must be a string")))
}

/// A string argument that is secret (a password, a private JWK's JSON): wiped when dropped.
fn secret_string_arg(v: &JsValue, name: &str) -> Result<Zeroizing<String>, Error> {
    string_arg(v, name).map(Zeroizing::new)
}

// ---- secret wiping ----
// WASM linear memory is never returned to the host and is readable by anyone holding the
// instance, so in the WASM build every heap block is zeroed when freed (and on `realloc`,
// which copies to a fresh block and frees the old one): no copy of a secret made by this crate
// or a dependency (serde buffers, hashers, `String` growth) outlives its allocation. The
// shadow stack is scrubbed after each call that handled a secret (`scrub`).
mod wipe {
    use std::alloc::{GlobalAlloc, Layout, System};

    pub struct WipingAlloc;

    fn wipe(p: *mut u8, n: usize) {
        // SAFETY: `p` is a live allocation of at least `n` bytes, about to be freed.
        unsafe { std::ptr::write_bytes(p, 0, n) };
        // The pointer escapes, so the zeroing cannot be elided as a dead store before free.
        std::hint::black_box(p);
    }

    // SAFETY: every method forwards to `System` with the same layouts; `realloc` is
    // alloc + copy + dealloc, which GlobalAlloc permits.
    unsafe impl GlobalAlloc for WipingAlloc {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            System.alloc(l)
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            System.alloc_zeroed(l)
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            wipe(p, l.size());
            System.dealloc(p, l)
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            let new_layout = Layout::from_size_align_unchecked(new_size, l.align());
            let n = System.alloc(new_layout);
            if !n.is_null() {
                std::ptr::copy_nonoverlapping(p, n, l.size().min(new_size));
                self.dealloc(p, l);
            }
            n
        }
    }

    #[global_allocator]
    static GLOBAL: WipingAlloc = WipingAlloc;

    /// Bytes of shadow stack below the caller's frame zeroed by [`scrub`]: deeper than any
    /// call of this crate goes (RSA key generation, scrypt, serde), far less than the 1 MiB
    /// stack.
    const SCRUB_BYTES: usize = 128 << 10;

    /// Zero the stack the finished call used below this frame (its locals: HMAC blocks,
    /// hasher states, key schedules, copies of the password).
    #[inline(never)]
    pub fn scrub() {
        let area = [0u8; SCRUB_BYTES];
        std::hint::black_box(&area);
    }
}

/// Run a binding's body in a frame of its own, below the binding's: `.scrubbed()` clears the
/// stack below the binding's frame, so what the body keeps in locals (a generated private key's
/// scalar, a decoded secret) must not be inlined into the binding's own frame, which the scrub
/// cannot reach (seen: an ES256 `d` left at the top of the stack once the request-path build
/// inlined key generation into `token_generate_key_pair`).
#[inline(never)]
fn below<R>(body: impl FnOnce() -> R) -> R {
    std::hint::black_box(body())
}

/// `.scrubbed()`: the value, after scrubbing the stack the call used (every binding that
/// handles a secret ends with it, its body run through [`below`]).
trait Scrubbed: Sized {
    fn scrubbed(self) -> Self {
        wipe::scrub();
        self
    }
}
impl<T> Scrubbed for T {}
// ---- end secret wiping ----

#[cfg(feature = "passwords")]
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PasswordOptionsIn {
    max_password_length: Option<f64>,
    legacy: Option<LegacyIn>,
}

#[cfg(feature = "passwords")]
#[derive(Deserialize)]
#[serde(untagged)]
enum LegacyIn {
    Flag(bool),
    Options { firebase: Option<FirebaseIn> },
}

#[cfg(feature = "passwords")]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FirebaseIn {
    signer_key: String,
    salt_separator: String,
    rounds: u32,
    mem_cost: u32,
}

#[cfg(feature = "passwords")]
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
        out.max_password_length = Some(m.min(usize::MAX as f64) as usize);
    }
    out.validate()?;
    if cfg!(not(feature = "legacy")) && !matches!(o.legacy, None | Some(LegacyIn::Flag(false))) {
        return Err(Error::InvalidArgument(format!(
            "legacy: {}; import verifyPassword or betterAuthMigration from \"authcore/passwords\" to accept them",
            password::LEGACY_NOT_IN_BUILD
        )));
    }
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

#[cfg(feature = "passwords")]
#[wasm_bindgen]
pub fn password_hash(password: JsValue, options: JsValue) -> Result<String, JsValue> {
    below(|| {
        password::hash_password_opts(
            &secret_string_arg(&password, "password")?,
            &password_options(&options)?,
        )
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "passwords")]
#[wasm_bindgen]
pub fn password_hash_with_salt(
    password: JsValue,
    salt: JsValue,
    options: JsValue,
) -> Result<String, JsValue> {
    below(|| {
        password::hash_password_with_salt_opts(
            &secret_string_arg(&password, "password")?,
            &string_arg(&salt, "salt")?,
            &password_options(&options)?,
        )
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "passwords")]
#[wasm_bindgen]
pub fn password_verify(
    hash: JsValue,
    password: JsValue,
    options: JsValue,
) -> Result<bool, JsValue> {
    below(|| {
        password::verify_password_opts(
            &string_arg(&hash, "hash")?,
            &secret_string_arg(&password, "password")?,
            &password_options(&options)?,
        )
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "passwords")]
#[wasm_bindgen]
pub fn password_check_options(options: JsValue) -> Result<(), JsValue> {
    password_options(&options)
        .map(|_| ())
        .map_err(to_js)
        .scrubbed()
}

#[cfg(feature = "passwords")]
#[wasm_bindgen]
pub fn password_inspect(hash: JsValue) -> Result<JsValue, JsValue> {
    below(|| {
        let info = password::inspect_password_hash(&string_arg(&hash, "hash")?)?;
        serde_wasm_bindgen::to_value(&info).map_err(|e| Error::InvalidArgument(e.to_string()))
    })
    .map_err(to_js)
    .scrubbed()
}

// ---- cookies ----------------------------------------------------------------------------------

#[cfg(any(feature = "cookies", feature = "explain"))]
use crate::cookie::{self as cookies, CacheStrategy};
#[cfg(feature = "cookies")]
use crate::cookie::{CookieCacheOptions, SignCookieCacheOptions};
#[cfg(any(feature = "cookies", feature = "explain"))]
use crate::crypto::{self as sym, Secret, Secrets};

#[cfg(any(feature = "cookies", feature = "explain"))]
/// `secret: string | (string | { version, value })[]`, read member by member (no untagged
/// serde enum, which would buffer the secret in copies of its own).
fn secrets_arg(v: &JsValue) -> Result<Secrets, Error> {
    // An unset environment variable (undefined) or an empty one: a configuration error.
    if v.is_undefined() || v.is_null() || v.as_string().is_some_and(|s| s.is_empty()) {
        return Err(Error::ConfigSecretMissing);
    }
    let bad = || {
        Error::InvalidArgument(
            "secret must be a string or an array of strings or { version, value }".into(),
        )
    };
    let item = |v: &JsValue| -> Result<Secret, Error> {
        if let Some(value) = v.as_string() {
            return Ok(Secret {
                version: None,
                value,
            });
        }
        if !v.is_object() || js_sys::Array::is_array(v) {
            return Err(bad());
        }
        let get = |k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).map_err(|_| bad());
        let version = match get("version")?.as_f64() {
            Some(f) if f.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&f) => f as u32,
            _ => return Err(bad()),
        };
        let value = get("value")?.as_string().ok_or_else(bad)?;
        Ok(Secret {
            version: Some(version),
            value,
        })
    };
    if let Some(value) = v.as_string() {
        return Secrets::checked(vec![Secret {
            version: None,
            value,
        }]);
    }
    if !js_sys::Array::is_array(v) {
        return Err(bad());
    }
    let list = js_sys::Array::from(v);
    if list.length() as usize > sym::MAX_SECRETS {
        // Refused before any member is copied (Secrets::checked says the same).
        return Err(Error::InvalidArgument(format!(
            "at most {} secrets are accepted",
            sym::MAX_SECRETS
        )));
    }
    let mut out = Vec::with_capacity(list.length() as usize);
    for x in list.iter() {
        out.push(item(&x)?);
    }
    Secrets::checked(out)
}

#[cfg(any(feature = "cookies", feature = "explain"))]
fn opt_string(v: &JsValue, name: &str) -> Result<Option<String>, Error> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        string_arg(v, name).map(Some)
    }
}

#[cfg(any(feature = "cookies", feature = "explain"))]
fn int_arg(v: &JsValue, name: &str) -> Result<i64, Error> {
    match v.as_f64() {
        Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => {
            Ok(f as i64)
        }
        _ => Err(Error::InvalidArgument(format!("{name} must be an integer"))),
    }
}

#[cfg(any(feature = "cookies", feature = "explain", feature = "doctor"))]
fn to_json_js<T: serde::Serialize>(v: &T) -> Result<JsValue, Error> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::InvalidArgument(e.to_string()))
}

#[cfg(feature = "cookies")]
fn opt_bool(v: &JsValue, name: &str) -> Result<Option<bool>, Error> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        v.as_bool()
            .map(Some)
            .ok_or_else(|| Error::InvalidArgument(format!("{name} must be a boolean")))
    }
}

#[cfg(feature = "cookies")]
/// `secure` (explicit) or the request's URL scheme, resolved by the core.
fn secure_arg(secure: &JsValue, url: &JsValue) -> Result<Option<bool>, Error> {
    Ok(cookies::resolve_secure(
        opt_bool(secure, "secure")?,
        opt_string(url, "url")?.as_deref(),
    ))
}

#[cfg(feature = "cookies")]
fn accept_previous_arg(v: &JsValue) -> Result<bool, Error> {
    Ok(opt_bool(v, "acceptPreviousSecrets")?.unwrap_or(false))
}

#[cfg(feature = "cookies")]
/// `{ value, reason }`, the reason as `{ code, message }` or null.
fn outcome_js<T: serde::Serialize>(o: cookies::ReadOutcome<T>) -> Result<JsValue, Error> {
    let reason = o
        .reason
        .map(|e| serde_json::json!({ "code": e.code(), "message": e.to_string() }));
    to_json_js(&serde_json::json!({ "value": o.value, "reason": reason }))
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn cookie_read_session_token(
    header: JsValue,
    secret: JsValue,
    cookie_prefix: JsValue,
    secure: JsValue,
    url: JsValue,
    accept_previous: JsValue,
) -> Result<JsValue, JsValue> {
    below(|| {
        let opts = cookies::SessionTokenOptions {
            secrets: secrets_arg(&secret)?,
            cookie_prefix: opt_string(&cookie_prefix, "cookiePrefix")?,
            secure: secure_arg(&secure, &url)?,
            accept_previous_secrets: accept_previous_arg(&accept_previous)?,
        };
        outcome_js(cookies::read_session_token_lenient(
            &string_arg(&header, "cookie header")?,
            &opts,
        )?)
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn cookie_verify_signed_value(
    value: JsValue,
    secret: JsValue,
    accept_previous: JsValue,
) -> Result<String, JsValue> {
    below(|| {
        cookies::verify_signed_value_opts(
            &string_arg(&value, "value")?,
            &secrets_arg(&secret)?,
            accept_previous_arg(&accept_previous)?,
        )
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn cookie_sign_session_token(token: JsValue, secret: JsValue) -> Result<String, JsValue> {
    below(|| {
        let secrets = secrets_arg(&secret)?;
        Ok(cookies::sign_session_token(
            &string_arg(&token, "token")?,
            &secrets.current()?.value,
        ))
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn cookie_read_cache(
    header: JsValue,
    secret: JsValue,
    cookie_prefix: JsValue,
    strategy: JsValue,
    jwks: JsValue,
    now: JsValue,
    secure: JsValue,
    url: JsValue,
    accept_previous: JsValue,
    version: JsValue,
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
            secure: secure_arg(&secure, &url)?,
            accept_previous_secrets: accept_previous_arg(&accept_previous)?,
            version: opt_string(&version, "version")?,
        };
        outcome_js(cookies::read_cookie_cache_lenient(
            &string_arg(&header, "cookie header")?,
            &opts,
        )?)
    })()
    .map_err(to_js)
}

#[cfg(feature = "cookies")]
/// The `kid` of a JWKS-signed session-cache JWT in a Cookie header (`undefined` for none).
#[wasm_bindgen]
pub fn cookie_session_cache_kid(
    header: JsValue,
    cookie_prefix: JsValue,
    secure: JsValue,
) -> Result<Option<String>, JsValue> {
    (|| {
        cookies::session_cache_kid(
            &string_arg(&header, "header")?,
            opt_string(&cookie_prefix, "cookiePrefix")?.as_deref(),
            secure.as_bool(),
        )
    })()
    .map_err(to_js)
}

#[cfg(feature = "cookies")]
/// `null` when a read cache's `version` matches `cookieCache.version`, else the reason.
#[wasm_bindgen]
pub fn cookie_cache_version_reason(
    cache_version: JsValue,
    expected: JsValue,
) -> Result<JsValue, JsValue> {
    below(|| {
        let have = opt_string(&cache_version, "cache version")?;
        let expected = string_arg(&expected, "the version function's result")?;
        match cookies::check_cache_version(have.as_deref(), &expected) {
            Ok(()) => Ok(JsValue::NULL),
            Err(e) => {
                to_json_js(&serde_json::json!({ "code": e.code(), "message": e.to_string() }))
            }
        }
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "cookies")]
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
    below(|| {
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
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn cookie_chunk(
    name: JsValue,
    value: JsValue,
    secure: bool,
    max_age: JsValue,
) -> Result<JsValue, JsValue> {
    below(|| {
        let name = string_arg(&name, "name")?;
        let size = cookies::cookie_cache_chunk_size(&name, secure, int_arg(&max_age, "maxAge")?);
        let pieces = cookies::chunk_cookie_value(&name, &string_arg(&value, "value")?, size)?;
        let list: Vec<serde_json::Value> = pieces
            .into_iter()
            .map(|(n, v)| serde_json::json!({ "name": n, "value": v }))
            .collect();
        to_json_js(&list)
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn crypto_decrypt_private_key(stored: JsValue, secret: JsValue) -> Result<String, JsValue> {
    (|| sym::decrypt_private_key(&string_arg(&stored, "privateKey")?, &secrets_arg(&secret)?))()
        .map_err(to_js)
        .scrubbed()
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn crypto_encrypt_private_key(
    jwk_json: JsValue,
    secret: JsValue,
    nonce: Vec<u8>,
) -> Result<String, JsValue> {
    below(|| {
        let nonce: [u8; 24] = nonce
            .try_into()
            .map_err(|_| Error::InvalidArgument("nonce must be 24 bytes".into()))?;
        sym::encrypt_private_key(
            &secret_string_arg(&jwk_json, "jwk")?,
            &secrets_arg(&secret)?,
            &nonce,
        )
    })
    .map_err(to_js)
    .scrubbed()
}

/// `betterAuthSecretFromEnv`'s answer ([`Secrets::from_env`]): the one secret as a string, or
/// the list (`{ version, value }`, the legacy one as a string).
#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn secrets_from_env(
    better_auth_secrets: JsValue,
    better_auth_secret: JsValue,
    auth_secret: JsValue,
) -> Result<JsValue, JsValue> {
    below(|| {
        let (a, b, c) = (
            Zeroizing::new(opt_string(&better_auth_secrets, "BETTER_AUTH_SECRETS")?),
            Zeroizing::new(opt_string(&better_auth_secret, "BETTER_AUTH_SECRET")?),
            Zeroizing::new(opt_string(&auth_secret, "AUTH_SECRET")?),
        );
        let s = Secrets::from_env(a.as_deref(), b.as_deref(), c.as_deref())?;
        let item = |x: &Secret| match x.version {
            Some(v) => serde_json::json!({ "version": v, "value": x.value }),
            None => serde_json::json!(x.value),
        };
        match s.0.as_slice() {
            [one] if one.version.is_none() => to_json_js(&item(one)),
            all => to_json_js(&all.iter().map(item).collect::<Vec<_>>()),
        }
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "cookies")]
#[wasm_bindgen]
pub fn secrets_parse_env(value: JsValue) -> Result<JsValue, JsValue> {
    below(|| {
        let s = Secrets::parse_env(&string_arg(&value, "BETTER_AUTH_SECRETS")?)?;
        let list: Vec<serde_json::Value> =
            s.0.iter()
                .map(|x| serde_json::json!({ "version": x.version, "value": x.value }))
                .collect();
        to_json_js(&list)
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "explain")]
#[wasm_bindgen]
pub fn token_inspect(value: JsValue) -> Result<JsValue, JsValue> {
    (|| to_json_js(&cookies::inspect_token(&string_arg(&value, "value")?)?))()
        .map_err(to_js)
        .scrubbed()
}

#[cfg(feature = "explain")]
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
    below(|| {
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
    })
    .map_err(to_js)
    .scrubbed()
}
// ---- tokens ----
#[cfg(feature = "tokens")]
use crate::token::{self as tok, Algorithm as TokAlg};

#[cfg(feature = "tokens")]
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

#[cfg(feature = "tokens")]
fn tok_json_err(what: &str) -> impl Fn(serde_wasm_bindgen::Error) -> Error + '_ {
    move |e| Error::InvalidArgument(format!("{what}: {e}"))
}

#[cfg(feature = "tokens")]
/// A key set parsed and imported once (JWKS, single JWK, or HMAC secret).
#[wasm_bindgen]
pub struct TokenKeys {
    inner: tok::Jwks,
}

#[cfg(feature = "tokens")]
#[wasm_bindgen]
impl TokenKeys {
    /// Parse a JWKS or a single JWK from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<TokenKeys, JsValue> {
        tok::Jwks::from_json_any(json)
            .map(|inner| TokenKeys { inner })
            .map_err(tok_err)
            .scrubbed()
    }

    /// An HMAC secret (raw bytes).
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8]) -> TokenKeys {
        TokenKeys {
            inner: tok::Jwks::from_secret(secret),
        }
        .scrubbed()
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

#[cfg(feature = "tokens")]
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[cfg(feature = "tokens")]
impl OneOrMany {
    fn list(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[cfg(feature = "tokens")]
#[derive(Deserialize)]
#[serde(untagged)]
enum Span {
    Secs(f64),
    Text(String),
}

#[cfg(feature = "tokens")]
fn span_secs(s: Span) -> Result<u64, Error> {
    match s {
        Span::Secs(n) if n.is_finite() && n >= 0.0 => Ok(n.round() as u64),
        Span::Secs(_) => Err(Error::InvalidArgument("time span must be >= 0".into())),
        Span::Text(t) => tok::parse_timespan(&t),
    }
}

#[cfg(feature = "tokens")]
fn algs(list: Vec<String>) -> Result<Vec<TokAlg>, Error> {
    list.iter()
        .map(|a| {
            TokAlg::from_name(a)
                .ok_or_else(|| Error::InvalidArgument(format!("unsupported algorithm {a:?}")))
        })
        .collect()
}

#[cfg(feature = "tokens")]
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

#[cfg(feature = "tokens")]
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

#[cfg(feature = "tokens")]
fn now_arg(now: f64) -> Result<i64, Error> {
    if now.is_finite() {
        Ok(now.floor() as i64)
    } else {
        Err(Error::InvalidArgument(
            "now must be a finite number of milliseconds".into(),
        ))
    }
}

#[cfg(feature = "tokens")]
#[wasm_bindgen]
pub fn token_verify_jws(
    token: &str,
    keys: &TokenKeys,
    algorithms: JsValue,
) -> Result<js_sys::Array, JsValue> {
    below(|| {
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
    })
    .map_err(tok_err)
    .scrubbed()
}

#[cfg(feature = "tokens")]
/// Returns `[headerJson, payloadJson]`.
#[wasm_bindgen]
pub fn token_verify_jwt(
    token: &str,
    keys: &TokenKeys,
    options: JsValue,
    now: f64,
) -> Result<js_sys::Array, JsValue> {
    below(|| {
        let opts = verify_options(&options)?;
        let v = tok::verify_jwt(token, &keys.inner, &opts, now_arg(now)?)?;
        let out = js_sys::Array::new();
        out.push(&JsValue::from_str(&v.header.to_json()));
        out.push(&JsValue::from_str(&String::from_utf8_lossy(&v.payload)));
        Ok(out)
    })
    .map_err(tok_err)
    .scrubbed()
}

#[cfg(feature = "tokens")]
#[wasm_bindgen]
pub fn token_decode_header(token: &str) -> Result<String, JsValue> {
    tok::decode_header(token)
        .map(|h| h.to_json())
        .map_err(tok_err)
        .scrubbed()
}

#[cfg(feature = "tokens")]
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

#[cfg(feature = "tokens")]
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

#[cfg(feature = "tokens")]
/// `claims_json` must be a JSON object; `jwk_json` a private JWK.
#[wasm_bindgen]
pub fn token_sign_jwt(
    claims_json: &str,
    jwk_json: &str,
    options: JsValue,
    now: f64,
) -> Result<String, JsValue> {
    below(|| {
        let Ok(serde_json::Value::Object(claims)) = crate::jsjson::parse(claims_json) else {
            return Err(Error::InvalidArgument(
                "payload must be a JSON object".into(),
            ));
        };
        let key = tok::Jwk::from_json(jwk_json)?;
        tok::sign_jwt(
            &claims,
            &key,
            &sign_options(&options)?,
            now_arg(now)?,
            &mut crate::rng::OsRng,
        )
    })
    .map_err(tok_err)
    .scrubbed()
}

#[cfg(feature = "tokens")]
#[wasm_bindgen]
pub fn token_sign_jws(payload: &[u8], jwk_json: &str, options: JsValue) -> Result<String, JsValue> {
    below(|| {
        let key = tok::Jwk::from_json(jwk_json)?;
        let o = sign_options(&options)?;
        tok::sign_jws(payload, &key, &o.header, &mut crate::rng::OsRng)
    })
    .map_err(tok_err)
    .scrubbed()
}

#[cfg(feature = "tokens")]
/// Returns `[publicJwkJson, privateJwkJson]`.
#[wasm_bindgen]
pub fn token_generate_key_pair(alg: &str) -> Result<js_sys::Array, JsValue> {
    below(|| {
        let alg =
            TokAlg::from_name(alg).ok_or(Error::JoseNotSupported("unsupported \"alg\" value"))?;
        let pair = tok::generate_key_pair(alg, &mut crate::rng::OsRng)?;
        let out = js_sys::Array::new();
        out.push(&JsValue::from_str(&pair.public_jwk.to_json()));
        out.push(&JsValue::from_str(&pair.private_jwk.to_json()));
        Ok(out)
    })
    .map_err(tok_err)
    .scrubbed()
}

#[cfg(feature = "tokens")]
#[wasm_bindgen]
pub fn token_jwk_thumbprint(jwk_json: &str) -> Result<String, JsValue> {
    tok::Jwk::from_json(jwk_json)
        .and_then(|k| tok::jwk_thumbprint(&k))
        .map_err(tok_err)
        .scrubbed()
}

#[cfg(feature = "tokens")]
/// The public JWK of a private one (JSON in, JSON out).
#[wasm_bindgen]
pub fn token_public_jwk(jwk_json: &str) -> Result<String, JsValue> {
    tok::Jwk::from_json(jwk_json)
        .and_then(|k| k.to_public())
        .map(|k| k.to_json())
        .map_err(tok_err)
        .scrubbed()
}

#[cfg(feature = "tokens")]
/// A preset as a plain options object `{ algorithms, issuer?, audience?, requiredClaims }`.
#[wasm_bindgen]
pub fn token_preset(
    name: &str,
    arg: Option<String>,
    arg2: Option<String>,
) -> Result<JsValue, JsValue> {
    below(|| {
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
    })
    .map_err(tok_err)
    .scrubbed()
}

#[cfg(feature = "tokens")]
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
    below(|| {
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
    })
    .map_err(tok_err)
    .scrubbed()
}
// ---- end tokens ----

// ---- sync ----
// Sync decisions (issue 4). Inputs are plain JS objects; decisions come back as plain objects
// with a `kind` field (maps as objects, `null` kept as `null`).

#[cfg(feature = "sync")]
use crate::sync::{self, AppUser, AuthUser, BetterAuthVersion, SyncPolicy};

// Through serde_json::Value: serde_wasm_bindgen reads only the fields a struct names, so
// unknown policy options would be ignored silently instead of refused.
#[cfg(feature = "sync")]
fn sync_from<T: serde::de::DeserializeOwned>(v: &JsValue, name: &str) -> Result<T, Error> {
    let json: serde_json::Value = serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| Error::InvalidArgument(format!("{name}: {e}")))?;
    serde_json::from_value(json).map_err(|e| Error::InvalidArgument(format!("{name}: {e}")))
}

#[cfg(feature = "sync")]
fn sync_doc(v: &JsValue, name: &str) -> Result<serde_json::Value, Error> {
    serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| Error::InvalidArgument(format!("{name}: {e}")))
}

#[cfg(feature = "sync")]
fn sync_policy(v: &JsValue) -> Result<SyncPolicy, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(SyncPolicy::default());
    }
    SyncPolicy::from_value(sync_doc(v, "policy")?)
}

#[cfg(feature = "sync")]
fn sync_version(v: &JsValue) -> Result<BetterAuthVersion, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(BetterAuthVersion::default());
    }
    sync_from(v, "version")
}

#[cfg(feature = "sync")]
fn sync_app_users(v: &JsValue) -> Result<Vec<AppUser>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    match sync_doc(v, "appUsers")? {
        serde_json::Value::Array(rows) => rows.into_iter().map(AppUser::from_value).collect(),
        _ => Err(Error::InvalidArgument("appUsers must be an array".into())),
    }
}

#[cfg(feature = "sync")]
fn sync_to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, Error> {
    let ser = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    v.serialize(&ser)
        .map_err(|e| Error::InvalidArgument(e.to_string()))
}

#[cfg(feature = "sync")]
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

#[cfg(feature = "sync")]
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

#[cfg(feature = "sync")]
#[wasm_bindgen]
pub fn sync_resolve_policy(policy: JsValue) -> Result<JsValue, JsValue> {
    (|| {
        let p = sync_policy(&policy)?;
        p.validate()?;
        sync_to_js(&p)
    })()
    .map_err(to_js)
}

#[cfg(feature = "sync")]
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

#[cfg(feature = "sync")]
#[wasm_bindgen]
pub fn sync_near_duplicate_key(email: JsValue) -> Result<String, JsValue> {
    (|| sync::try_near_duplicate_key(&string_arg(&email, "email")?))().map_err(to_js)
}

// ---- doctor ----
// The Convex export doctor over JS-backed streams: the ZIP is never copied whole into WASM
// memory. The source is `{ size, read(offset, length) -> Uint8Array }` (Node backs it with
// fs.readSync), the sink `{ write(offset, bytes) }` (fs.writeSync).

#[cfg(feature = "doctor")]
use crate::doctor::{self, DoctorOptions};

#[cfg(feature = "doctor")]
/// Bytes fetched from a JS source by a `read` call after a seek: the ZIP reader asks for a few
/// bytes at a time and seeks around headers, so one window serves many reads, and a small one
/// wastes little on the many tiny entries of an export (empty tables, `generated_schema`).
const JS_SOURCE_MIN_WINDOW: usize = 64 << 10;
#[cfg(feature = "doctor")]
/// Largest window: reading on where the last window ended doubles it up to this, so a large
/// entry streams in few calls across the JS boundary.
const JS_SOURCE_MAX_WINDOW: usize = 1 << 20;
#[cfg(feature = "doctor")]
/// Bytes buffered before a JS sink's `write` is called.
const JS_SINK_BUFFER: usize = 1 << 20;
#[cfg(feature = "doctor")]
/// Largest offset a JS number holds exactly (2^53).
const JS_MAX_SAFE: u64 = 1 << 53;

#[cfg(feature = "doctor")]
#[wasm_bindgen]
extern "C" {
    /// `{ size: number, read(offset: number, length: number): Uint8Array }`
    type JsExportSource;
    #[wasm_bindgen(method, getter, catch, structural)]
    fn size(this: &JsExportSource) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, structural)]
    fn read(this: &JsExportSource, offset: f64, length: f64) -> Result<JsValue, JsValue>;

    /// `{ write(offset: number, bytes: Uint8Array): void }` (writes all the bytes at offset)
    type JsExportSink;
    #[wasm_bindgen(method, catch, structural)]
    fn write(this: &JsExportSink, offset: f64, bytes: &[u8]) -> Result<JsValue, JsValue>;
}

#[cfg(feature = "doctor")]
fn js_io_error(what: &str, e: JsValue) -> std::io::Error {
    let msg = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into());
    std::io::Error::other(format!("{what}: {msg}"))
}

#[cfg(feature = "doctor")]
fn seek_target(base: u64, delta: i64) -> std::io::Result<u64> {
    base.checked_add_signed(delta)
        .filter(|&p| p <= JS_MAX_SAFE)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek out of range"))
}

#[cfg(feature = "doctor")]
/// `Read + Seek` over a JS source, with one cached window.
struct JsReader {
    src: JsExportSource,
    size: u64,
    pos: u64,
    window_start: u64,
    window: Vec<u8>,
    next_window: usize,
}

#[cfg(feature = "doctor")]
impl JsReader {
    fn new(v: JsValue) -> Result<Self, Error> {
        if !v.is_object() {
            return Err(Error::InvalidArgument(
                "source must be { size, read(offset, length) }".into(),
            ));
        }
        let src: JsExportSource = v.unchecked_into();
        let size = src
            .size()
            .map_err(|e| Error::ExportIo(js_io_error("source.size", e).to_string()))?;
        let size = match size.as_f64() {
            Some(f) if f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f <= JS_MAX_SAFE as f64 => {
                f as u64
            }
            _ => {
                return Err(Error::InvalidArgument(
                    "source.size must be a non-negative integer".into(),
                ))
            }
        };
        Ok(JsReader {
            src,
            size,
            pos: 0,
            window_start: 0,
            window: Vec::new(),
            next_window: JS_SOURCE_MIN_WINDOW,
        })
    }
}

#[cfg(feature = "doctor")]
impl std::io::Read for JsReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() || self.pos >= self.size {
            return Ok(0);
        }
        let in_window = self.pos >= self.window_start
            && self.pos < self.window_start + self.window.len() as u64;
        if !in_window {
            let sequential = self.pos == self.window_start + self.window.len() as u64;
            self.next_window = if sequential {
                (self.next_window * 2).min(JS_SOURCE_MAX_WINDOW)
            } else {
                JS_SOURCE_MIN_WINDOW
            };
            let want = (self.size - self.pos).min(self.next_window as u64);
            let got = self
                .src
                .read(self.pos as f64, want as f64)
                .map_err(|e| js_io_error("source.read", e))?;
            let arr = got
                .dyn_into::<js_sys::Uint8Array>()
                .map_err(|_| std::io::Error::other("source.read must return a Uint8Array"))?;
            let n = (arr.length() as usize).min(want as usize);
            if n == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "source.read returned no bytes before size",
                ));
            }
            self.window.resize(n, 0);
            arr.subarray(0, n as u32).copy_to(&mut self.window);
            self.window_start = self.pos;
        }
        let off = (self.pos - self.window_start) as usize;
        let avail = self.window.get(off..).unwrap_or(&[]);
        let n = avail.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(feature = "doctor")]
impl std::io::Seek for JsReader {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.pos = match to {
            std::io::SeekFrom::Start(p) => seek_target(p, 0)?,
            std::io::SeekFrom::End(d) => seek_target(self.size, d)?,
            std::io::SeekFrom::Current(d) => seek_target(self.pos, d)?,
        };
        Ok(self.pos)
    }
}

#[cfg(feature = "doctor")]
/// `Write + Seek` over a JS sink, buffering contiguous writes.
struct JsWriter {
    sink: JsExportSink,
    pos: u64,
    end: u64,
    buf_start: u64,
    buf: Vec<u8>,
}

#[cfg(feature = "doctor")]
impl JsWriter {
    fn new(v: JsValue) -> Result<Self, Error> {
        if !v.is_object() {
            return Err(Error::InvalidArgument(
                "sink must be { write(offset, bytes) }".into(),
            ));
        }
        Ok(JsWriter {
            sink: v.unchecked_into(),
            pos: 0,
            end: 0,
            buf_start: 0,
            buf: Vec::with_capacity(JS_SINK_BUFFER),
        })
    }

    fn drain(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.sink
                .write(self.buf_start as f64, &self.buf)
                .map_err(|e| js_io_error("sink.write", e))?;
            self.buf.clear();
        }
        self.buf_start = self.pos;
        Ok(())
    }
}

#[cfg(feature = "doctor")]
impl std::io::Write for JsWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.pos != self.buf_start + self.buf.len() as u64 {
            self.drain()?;
        }
        seek_target(self.pos, data.len() as i64)?;
        self.buf.extend_from_slice(data);
        self.pos += data.len() as u64;
        self.end = self.end.max(self.pos);
        if self.buf.len() >= JS_SINK_BUFFER {
            self.drain()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.drain()
    }
}

#[cfg(feature = "doctor")]
impl std::io::Seek for JsWriter {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            std::io::SeekFrom::Start(p) => seek_target(p, 0)?,
            std::io::SeekFrom::End(d) => seek_target(self.end, d)?,
            std::io::SeekFrom::Current(d) => seek_target(self.pos, d)?,
        };
        if target != self.pos {
            self.drain()?;
            self.pos = target;
            self.buf_start = target;
        }
        Ok(self.pos)
    }
}

#[cfg(feature = "doctor")]
/// Options shared by `doctor` and `fix`, as the JS API and the CLI flags name them.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct DoctorOptionsIn {
    component: Option<String>,
    app_table: Option<String>,
    link_field: Option<String>,
    email_field: Option<String>,
    admin_emails: Option<Vec<String>>,
    secret: Option<String>,
    max_findings_per_code: Option<u32>,
}

#[cfg(feature = "doctor")]
fn doctor_options_in(v: &JsValue) -> Result<DoctorOptionsIn, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(DoctorOptionsIn::default());
    }
    serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| Error::InvalidArgument(format!("doctor options: {e}")))
}

#[cfg(feature = "doctor")]
fn doctor_options(o: DoctorOptionsIn) -> DoctorOptions {
    let d = DoctorOptions::default();
    DoctorOptions {
        component: o.component.unwrap_or(d.component),
        app_table: o.app_table.unwrap_or(d.app_table),
        link_field: o.link_field.unwrap_or(d.link_field),
        email_field: o.email_field.unwrap_or(d.email_field),
        admin_emails: o.admin_emails.unwrap_or(d.admin_emails),
        secret: o.secret.or(d.secret),
        max_findings_per_code: o
            .max_findings_per_code
            .map_or(d.max_findings_per_code, |m| m as usize),
    }
}

#[cfg(feature = "doctor")]
/// `{ json, text, hasErrors }`: `json` is the CLI's `--json` output (without the final
/// newline), `text` its human report. `progress(done, total)` is optional.
#[wasm_bindgen]
pub fn doctor_diagnose(
    source: JsValue,
    options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<JsValue, JsValue> {
    (|| {
        let opts = doctor_options(doctor_options_in(&options)?);
        let reader = JsReader::new(source)?;
        let mut report_progress = |done: u64, total: u64| {
            if let Some(f) = &progress {
                let _ = f.call2(
                    &JsValue::NULL,
                    &JsValue::from_f64(done as f64),
                    &JsValue::from_f64(total as f64),
                );
            }
        };
        let report = doctor::diagnose(reader, &opts, &mut report_progress)?;
        report_js(&report)
    })()
    .map_err(to_js)
}

#[cfg(feature = "doctor")]
/// `{ json, text, hasErrors }` of a report: what `doctor_diagnose` and the SQL doctor return.
fn report_js(report: &doctor::Report) -> Result<JsValue, Error> {
    let json = serde_json::to_string_pretty(report).map_err(|e| Error::ExportIo(e.to_string()))?;
    let out = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(k), &v);
    let ok = set("json", JsValue::from_str(&json)).is_ok()
        && set(
            "text",
            JsValue::from_str(&report.to_human(doctor::DEFAULT_HUMAN_EXAMPLES)),
        )
        .is_ok()
        && set("hasErrors", JsValue::from_bool(report.has_errors())).is_ok();
    if !ok {
        return Err(Error::InvalidArgument("cannot build the result".into()));
    }
    Ok(out.into())
}
#[cfg(feature = "doctor")]
/// `{ users, seed, inject, level }` for `doctor_gen_export`; `users` and `seed` are decimal
/// strings or integers (a seed is a full u64).
#[derive(Deserialize, Default)]
struct GenOptionsIn {
    users: Option<U64In>,
    seed: Option<U64In>,
    inject: Option<Vec<String>>,
    level: Option<i64>,
}

#[cfg(feature = "doctor")]
#[derive(Deserialize)]
#[serde(untagged)]
enum U64In {
    Num(f64),
    Text(String),
}

#[cfg(feature = "doctor")]
fn u64_in(v: U64In, name: &str) -> Result<u64, Error> {
    let bad = || Error::InvalidArgument(format!("{name} must be a non-negative integer"));
    match v {
        U64In::Num(f)
            if f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < JS_MAX_SAFE as f64 =>
        {
            Ok(f as u64)
        }
        U64In::Num(_) => Err(bad()),
        U64In::Text(s) => s.parse::<u64>().map_err(|_| bad()),
    }
}

#[cfg(feature = "doctor")]
/// Write a synthetic export (`authcore gen-export`) to a JS sink.
#[wasm_bindgen]
pub fn doctor_gen_export(options: JsValue, sink: JsValue) -> Result<(), JsValue> {
    (|| {
        let o: GenOptionsIn = if options.is_undefined() || options.is_null() {
            GenOptionsIn::default()
        } else {
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| Error::InvalidArgument(format!("gen-export options: {e}")))?
        };
        let d = doctor::gen::GenOptions::default();
        let mut inject = Vec::new();
        for c in o.inject.unwrap_or_default() {
            inject.push(
                doctor::Code::parse(&c)
                    .ok_or_else(|| Error::InvalidArgument(format!("unknown finding code {c}")))?,
            );
        }
        let opts = doctor::gen::GenOptions {
            users: o.users.map_or(Ok(d.users), |v| u64_in(v, "users"))?,
            seed: o.seed.map_or(Ok(d.seed), |v| u64_in(v, "seed"))?,
            inject,
            compression_level: o.level.unwrap_or(d.compression_level),
            ..d
        };
        let mut w = doctor::gen::generate(&opts, JsWriter::new(sink)?)?;
        std::io::Write::flush(&mut w).map_err(|e| Error::ExportIo(e.to_string()))
    })()
    .map_err(to_js)
}
#[cfg(feature = "doctor")]
/// `{ component, appTable, linkField, emailField }` for `doctor_fix_plan`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct FixOptionsIn {
    component: Option<String>,
    app_table: Option<String>,
    link_field: Option<String>,
    email_field: Option<String>,
}

#[cfg(feature = "doctor")]
/// A fix operation, `{ op: "set-password", email, password | passwordHash }`, … as the CLI
/// names them.
#[derive(Deserialize)]
#[serde(
    tag = "op",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
#[cfg(feature = "doctor")]
enum FixOpIn {
    SetPassword {
        email: String,
        password: Option<String>,
        password_hash: Option<String>,
    },
    DeleteUser {
        email: String,
        #[serde(default)]
        on_delete: crate::sync::OnDelete,
    },
    Sync {
        /// A sync policy object (`{}` or absent: the defaults).
        policy: Option<serde_json::Value>,
        /// Added to the policy's admin emails.
        #[serde(default)]
        admin_emails: Vec<String>,
    },
    CreateUser {
        email: String,
        name: String,
        #[serde(default)]
        admin: bool,
        password: Option<String>,
        password_hash: Option<String>,
    },
    FloatNumbers,
    DropSessions,
    DropJwks,
}

#[cfg(feature = "doctor")]
/// The stored hash: `password` hashed by the core, or a given `passwordHash` (exactly one).
fn fix_password(password: Option<String>, hash: Option<String>) -> Result<String, Error> {
    match (password, hash) {
        (Some(p), None) => crate::hash_password(&p),
        (None, Some(h)) => Ok(h),
        _ => Err(Error::InvalidArgument(
            "give exactly one of password and passwordHash".into(),
        )),
    }
}

#[cfg(feature = "doctor")]
fn fix_op(v: JsValue) -> Result<doctor::fix::FixOp, Error> {
    use doctor::fix::FixOp;
    let op: FixOpIn = serde_wasm_bindgen::from_value(v)
        .map_err(|e| Error::InvalidArgument(format!("fix operation: {e}")))?;
    Ok(match op {
        FixOpIn::SetPassword {
            email,
            password,
            password_hash,
        } => FixOp::SetPassword {
            email,
            password_hash: fix_password(password, password_hash)?,
        },
        FixOpIn::DeleteUser { email, on_delete } => FixOp::DeleteUser { email, on_delete },
        FixOpIn::Sync {
            policy,
            admin_emails,
        } => {
            let mut policy =
                crate::sync::SyncPolicy::from_value(policy.unwrap_or(serde_json::Value::Null))?;
            policy.admin_emails.extend(admin_emails);
            FixOp::Sync {
                policy: Box::new(policy),
            }
        }
        FixOpIn::CreateUser {
            email,
            name,
            admin,
            password,
            password_hash,
        } => FixOp::CreateUser {
            email,
            name,
            admin,
            password_hash: fix_password(password, password_hash)?,
        },
        FixOpIn::FloatNumbers => FixOp::FloatNumbers,
        FixOpIn::DropSessions => FixOp::DropSessions,
        FixOpIn::DropJwks => FixOp::DropJwks,
    })
}

#[cfg(feature = "doctor")]
/// A planned fix: the open export and what will change. `apply` writes it once.
#[wasm_bindgen]
pub struct DoctorFixPlan {
    export: crate::convex_export::Export<JsReader>,
    plan: doctor::fix::Plan,
}

#[cfg(feature = "doctor")]
#[wasm_bindgen]
impl DoctorFixPlan {
    /// One line per change, as `authcore fix` prints them.
    pub fn actions(&self) -> Vec<String> {
        self.plan.actions.clone()
    }

    /// Write the fixed export to a JS sink.
    pub fn apply(&mut self, sink: JsValue) -> Result<(), JsValue> {
        (|| {
            let mut w = doctor::fix::apply(&mut self.export, JsWriter::new(sink)?, &self.plan)?;
            std::io::Write::flush(&mut w).map_err(|e| Error::ExportIo(e.to_string()))
        })()
        .map_err(to_js)
    }
}

#[cfg(feature = "doctor")]
/// Plan a fix (`authcore fix`). `now_ms`: the current time in epoch milliseconds.
#[wasm_bindgen]
pub fn doctor_fix_plan(
    source: JsValue,
    op: JsValue,
    options: JsValue,
    now_ms: f64,
) -> Result<DoctorFixPlan, JsValue> {
    (|| {
        let o: FixOptionsIn = if options.is_undefined() || options.is_null() {
            FixOptionsIn::default()
        } else {
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| Error::InvalidArgument(format!("fix options: {e}")))?
        };
        if !now_ms.is_finite() || now_ms < 0.0 {
            return Err(Error::InvalidArgument(
                "now must be epoch milliseconds".into(),
            ));
        }
        let d = doctor::fix::FixOptions::new(now_ms);
        let opts = doctor::fix::FixOptions {
            component: o.component.unwrap_or(d.component),
            app_table: o.app_table.unwrap_or(d.app_table),
            link_field: o.link_field.unwrap_or(d.link_field),
            email_field: o.email_field.unwrap_or(d.email_field),
            now_ms,
        };
        let op = fix_op(op)?;
        let mut export = crate::convex_export::Export::open(JsReader::new(source)?)?;
        let plan = doctor::fix::plan(&mut export, &op, &opts, &mut crate::rng::fill)?;
        Ok(DoctorFixPlan { export, plan })
    })()
    .map_err(to_js)
}

#[cfg(feature = "doctor")]
mod sql_doctor {
    use super::*;

    // The SQL doctor for the Node CLI: the core writes every query and reads every row; Node
    // only runs the queries (node:sqlite, pg) and hands the rows over in batches.

    use crate::doctor::sql::{self as sqldoc, Dialect};

    fn sql_dialect(name: &str) -> Result<Dialect, Error> {
        match name {
            "sqlite" => Ok(Dialect::Sqlite),
            "postgres" => Ok(Dialect::Postgres),
            _ => Err(Error::InvalidArgument(format!(
                "dialect must be \"sqlite\" or \"postgres\", not {name:?}"
            ))),
        }
    }

    /// `{ betterAuthVersion, plugins, schemaMap, now }`: the CLI's flags (`schemaMap` is the
    /// JSON text of the file).
    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct SqlOptionsIn {
        better_auth_version: Option<String>,
        plugins: Option<Vec<String>>,
        schema_map: Option<String>,
        now: Option<f64>,
    }

    fn sql_options(v: JsValue) -> Result<sqldoc::SqlOptions, Error> {
        let o: SqlOptionsIn = if v.is_undefined() || v.is_null() {
            SqlOptionsIn::default()
        } else {
            serde_wasm_bindgen::from_value(v)
                .map_err(|e| Error::InvalidArgument(format!("SQL options: {e}")))?
        };
        let now = o.now.unwrap_or(0.0);
        if !now.is_finite() || now < 0.0 {
            return Err(Error::InvalidArgument(
                "now must be epoch milliseconds".into(),
            ));
        }
        sqldoc::SqlOptions::from_args(
            o.better_auth_version.as_deref(),
            o.plugins.as_deref(),
            o.schema_map.as_deref(),
            now,
        )
    }

    /// A cell from a driver: null, boolean, number, string, bigint or bytes.
    fn sql_cell(v: &JsValue) -> Result<crate::convex_export::value::Val<'static>, Error> {
        use crate::convex_export::value::Val;
        if v.is_null() || v.is_undefined() {
            return Ok(Val::Null);
        }
        if let Some(b) = v.as_bool() {
            return Ok(Val::Bool(b));
        }
        if let Some(f) = v.as_f64() {
            return Ok(if f.fract() == 0.0 && f.abs() <= JS_MAX_SAFE as f64 {
                Val::Int(f as i64)
            } else {
                Val::Float(f)
            });
        }
        if let Some(t) = v.as_string() {
            return Ok(Val::Str(t.into()));
        }
        if v.is_bigint() {
            return i64::try_from(v.clone()).map(Val::Int).map_err(|_| {
                Error::InvalidArgument("an integer cell does not fit 64 bits".into())
            });
        }
        if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
            return Ok(Val::Str(
                String::from_utf8_lossy(&a.to_vec()).into_owned().into(),
            ));
        }
        Err(Error::InvalidArgument(
            "a row cell must be null, a boolean, a number, a string, a bigint or bytes".into(),
        ))
    }

    /// Each row of `rows` (an array of arrays of cells).
    fn sql_rows(
        rows: &js_sys::Array,
        f: &mut dyn FnMut(&[crate::convex_export::value::Val<'static>]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut cells = Vec::new();
        for row in rows.iter() {
            let row = row
                .dyn_into::<js_sys::Array>()
                .map_err(|_| Error::InvalidArgument("each row must be an array of cells".into()))?;
            cells.clear();
            for c in row.iter() {
                cells.push(sql_cell(&c)?);
            }
            f(&cells)?;
        }
        Ok(())
    }

    /// The SQL doctor's conversation: `next()` is the statement to run (or undefined when the
    /// report is ready), `feed(rows)` hands over rows of it, `end()` says it ended, `report()`
    /// gives `{ json, text, hasErrors }`.
    #[wasm_bindgen]
    pub struct SqlDoctorSession {
        doctor: Option<sqldoc::SqlDoctor>,
        current: Option<sqldoc::Query>,
    }

    #[wasm_bindgen]
    impl SqlDoctorSession {
        /// The statement to run next, or undefined.
        pub fn next(&mut self) -> Option<String> {
            self.current = self.doctor.as_ref().and_then(|d| d.next());
            self.current.as_ref().map(|q| q.sql().to_owned())
        }

        /// Rows of the current statement: an array of arrays of cells.
        pub fn feed(&mut self, rows: js_sys::Array) -> Result<(), JsValue> {
            (|| {
                let (Some(d), Some(q)) = (self.doctor.as_mut(), &self.current) else {
                    return Err(Error::InvalidArgument("no statement is running".into()));
                };
                let catalog = matches!(q, sqldoc::Query::Catalog { .. });
                sql_rows(&rows, &mut |r| {
                    if catalog {
                        d.catalog_row(r)
                    } else {
                        d.row(r)
                    }
                })
            })()
            .map_err(to_js)
        }

        /// The current statement returned every row.
        pub fn end(&mut self) -> Result<(), JsValue> {
            self.current = None;
            match self.doctor.as_mut() {
                Some(d) => d.end().map_err(to_js),
                None => Err(to_js(Error::InvalidArgument(
                    "the report was already taken".into(),
                ))),
            }
        }

        /// `{ json, text, hasErrors }`, once `next()` is undefined.
        pub fn report(&mut self) -> Result<JsValue, JsValue> {
            (|| {
                let d = self
                    .doctor
                    .take()
                    .ok_or_else(|| Error::InvalidArgument("the report was already taken".into()))?;
                report_js(&d.finish()?)
            })()
            .map_err(to_js)
        }
    }

    /// What `authcore doctor <arg>` reads: `{ kind: "zip" | "sqlite" | "postgres", target }`;
    /// `head`: the first 16 bytes of the file named `arg`, when it can be read.
    #[wasm_bindgen]
    pub fn doctor_source(arg: &str, head: Option<Vec<u8>>) -> Result<JsValue, JsValue> {
        (|| {
            let (kind, target) = match sqldoc::detect_source(arg, head.as_deref())? {
                sqldoc::SourceSpec::ConvexZip(p) => ("zip", p),
                sqldoc::SourceSpec::Sqlite(p) => ("sqlite", p),
                sqldoc::SourceSpec::Postgres(u) => ("postgres", u),
            };
            to_json_js(&serde_json::json!({ "kind": kind, "target": target }))
        })()
        .map_err(to_js)
    }

    /// Start the SQL doctor on a database of `dialect` (`"sqlite"` or `"postgres"`).
    #[wasm_bindgen]
    pub fn doctor_sql_start(
        dialect: &str,
        options: JsValue,
        sql: JsValue,
    ) -> Result<SqlDoctorSession, JsValue> {
        (|| {
            let opts = doctor_options(doctor_options_in(&options)?);
            let sql = sql_options(sql)?;
            Ok(SqlDoctorSession {
                doctor: Some(sqldoc::SqlDoctor::new(sql_dialect(dialect)?, &opts, &sql)),
                current: None,
            })
        })()
        .map_err(to_js)
    }

    /// A SQL fix being planned in rounds: `round()` is `{ need: sql }` (run it, `answer(sql,
    /// rows)`, call `round()` again) or `{ statements: [{ sql, params, what }], script }`.
    #[wasm_bindgen]
    pub struct SqlFixSession {
        answers: sqldoc::fix::Answers,
        op: doctor::fix::FixOp,
        sql: sqldoc::SqlOptions,
    }

    #[wasm_bindgen]
    impl SqlFixSession {
        /// The rows of a statement `round()` asked for.
        pub fn answer(&mut self, sql: String, rows: js_sys::Array) -> Result<(), JsValue> {
            (|| {
                let mut all = Vec::new();
                sql_rows(&rows, &mut |r| {
                    all.push(r.to_vec());
                    Ok(())
                })?;
                self.answers.insert(sql, all);
                Ok(())
            })()
            .map_err(to_js)
        }

        /// Plan with the rows given so far.
        pub fn round(&mut self) -> Result<JsValue, JsValue> {
            (|| {
                let (map, now) = (&self.sql.map, self.sql.now_ms);
                let round = sqldoc::fix::plan_answered(
                    &mut self.answers,
                    map,
                    &self.op,
                    now,
                    &mut crate::rng::fill,
                )?;
                let out = match round {
                    sqldoc::fix::Round::Need(sql) => serde_json::json!({ "need": sql }),
                    sqldoc::fix::Round::Plan(plan) => serde_json::json!({
                        "statements": plan.statements.iter().map(|s| serde_json::json!({
                            "sql": s.sql,
                            "params": s.params.iter().map(|p| p.text()).collect::<Vec<_>>(),
                            "what": s.what,
                        })).collect::<Vec<_>>(),
                        "script": sqldoc::fix::script(&plan),
                    }),
                };
                to_json_js(&out)
            })()
            .map_err(to_js)
        }
    }

    /// Start planning a SQL fix (`op` as `doctor_fix_plan` takes it; `sql` as
    /// `doctor_sql_start`).
    #[wasm_bindgen]
    pub fn doctor_sql_fix(
        dialect: &str,
        op: JsValue,
        sql: JsValue,
    ) -> Result<SqlFixSession, JsValue> {
        (|| {
            Ok(SqlFixSession {
                answers: sqldoc::fix::Answers::new(sql_dialect(dialect)?),
                op: fix_op(op)?,
                sql: sql_options(sql)?,
            })
        })()
        .map_err(to_js)
    }
}
// ---- end doctor ----

// ---- internal requests ----
#[cfg(feature = "internal")]
#[wasm_bindgen]
pub fn secrets_equal(a: Vec<u8>, b: Vec<u8>) -> bool {
    let (a, b) = (zeroize::Zeroizing::new(a), zeroize::Zeroizing::new(b));
    crate::crypto::secrets_equal(&a, &b).scrubbed()
}

#[cfg(feature = "internal")]
#[wasm_bindgen]
pub fn internal_sign(
    method: JsValue,
    url: JsValue,
    body: Vec<u8>,
    secret: JsValue,
    now: JsValue,
) -> Result<JsValue, JsValue> {
    below(|| {
        let (method, url) = (string_arg(&method, "method")?, string_arg(&url, "url")?);
        let req = crate::internal::InternalRequest {
            method: &method,
            url: &url,
            body: &body,
        };
        let headers = crate::internal::sign_internal_request(
            &req,
            &secrets_arg(&secret)?,
            int_arg(&now, "now")?,
        )?;
        to_json_js(&headers)
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(feature = "internal")]
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn internal_verify(
    method: JsValue,
    url: JsValue,
    body: Vec<u8>,
    timestamp: JsValue,
    signature: JsValue,
    secret: JsValue,
    max_skew: JsValue,
    now: JsValue,
) -> Result<JsValue, JsValue> {
    below(|| {
        let (method, url) = (string_arg(&method, "method")?, string_arg(&url, "url")?);
        let req = crate::internal::InternalRequest {
            method: &method,
            url: &url,
            body: &body,
        };
        let max_skew = if max_skew.is_undefined() || max_skew.is_null() {
            None
        } else {
            Some(u64::try_from(int_arg(&max_skew, "maxSkew")?).map_err(|_| {
                Error::InvalidArgument("maxSkew must be a non-negative integer".into())
            })?)
        };
        let ok = crate::internal::verify_internal_request(
            &req,
            opt_string(&timestamp, "timestamp header")?.as_deref(),
            opt_string(&signature, "signature header")?.as_deref(),
            &secrets_arg(&secret)?,
            max_skew,
            int_arg(&now, "now")?,
        )?;
        to_json_js(&ok)
    })
    .map_err(to_js)
    .scrubbed()
}
// ---- end internal requests ----

// ---- cli ----
// `npx authcore`'s arguments, parsed by the native binary's clap definition (src/cli.rs), so
// help, version and usage errors are clap's own text; js/cli.mjs runs the command it returns.

#[cfg(feature = "cli")]
/// JSON text: `{ "command": "doctor" | "fix" | "gen-export", "args": {…} }` (kebab-case keys,
/// defaults applied; fix's, password's and token's subcommand under `args.op`; for password and
/// token, `reads`: what `crate::command` will read, which JS reads first), or `{ "print": text, "stderr": bool, "exitCode": n }` for what clap
/// renders itself (help, version, usage errors).
#[wasm_bindgen]
pub fn cli_parse(argv: Vec<String>) -> Result<String, JsValue> {
    use crate::cli::{self, Command, Parsed};
    let value = match cli::parse_bounded(&argv).map_err(to_js)? {
        Parsed::Print {
            text,
            stderr,
            exit_code,
        } => serde_json::json!({ "print": text, "stderr": stderr, "exitCode": exit_code }),
        Parsed::Run(command) => {
            use crate::command::{PasswordCommand, TokenCommand};
            let json = |e: serde_json::Error| to_js(Error::InvalidArgument(e.to_string()));
            let (args, reads) = match command.as_ref() {
                Command::Doctor(a) => (serde_json::to_value(a), None),
                Command::Fix(a) => (serde_json::to_value(a), None),
                Command::GenExport(a) => (serde_json::to_value(a), None),
                Command::Password(c) => {
                    let c = PasswordCommand::from(c);
                    (serde_json::to_value(&c), Some(c.reads()))
                }
                Command::Token(c) => {
                    let c = TokenCommand::from(c);
                    (serde_json::to_value(&c), Some(c.reads()))
                }
            };
            let mut v =
                serde_json::json!({ "command": command.name(), "args": args.map_err(json)? });
            if let Some(r) = reads {
                v["reads"] = serde_json::to_value(r).map_err(json)?;
            }
            v
        }
    };
    Ok(value.to_string())
}
// ---- end cli ----

// ---- commands ----
// `npx authcore password …` and `npx authcore token …`: crate::command, the native binary's own
// code. JS reads what the command needs first (standard input, environment variables, files, the
// clock: js/password-command.mjs, js/token-command.mjs), so nothing the caller passed runs while the core does.

#[cfg(all(feature = "commands", feature = "explain"))]
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
/// What js/token-command.mjs passes: `env` as `[name, value]` pairs, `files` as `[path, text,
/// error]` (one of text and error null): arrays, so the core carries no map code for them.
struct PreparedIn {
    #[serde(default)]
    env: Vec<(String, String)>,
    #[serde(default)]
    files: Vec<(String, Option<String>, Option<String>)>,
}

#[cfg(all(feature = "commands", feature = "explain"))]
/// The token commands' io: `{ env, files }`, and `now` (epoch milliseconds; the clock when
/// undefined, as the native binary's).
fn prepared_io(
    stdin: Option<Vec<u8>>,
    io: JsValue,
    now: &JsValue,
) -> Result<crate::command::PreparedIo, Error> {
    let p: PreparedIn = if io.is_undefined() || io.is_null() {
        PreparedIn::default()
    } else {
        command_arg(io, "the command's io")?
    };
    let mut out = crate::command::PreparedIo::stdin(stdin);
    out.env = p.env;
    out.now_ms = if now.is_undefined() || now.is_null() {
        js_sys::Date::now().floor() as i64
    } else {
        int_arg(now, "now")?
    };
    for (path, text, error) in p.files {
        out.add_file(path, text, error)?;
    }
    Ok(out)
}

#[cfg(feature = "commands")]
/// `{ stdout, exitCode }` (built by hand: the passwords WASM has no serde_wasm_bindgen serialiser).
fn command_output(out: crate::command::CommandOutput) -> Result<JsValue, Error> {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| js_sys::Reflect::set(&o, &JsValue::from_str(k), &v);
    set("stdout", JsValue::from_str(&out.stdout))
        .and_then(|_| set("exitCode", JsValue::from(out.exit_code)))
        .map_err(|_| Error::InvalidArgument("building the command's output".into()))?;
    Ok(o.into())
}

#[cfg(feature = "commands")]
fn command_arg<T: serde::de::DeserializeOwned>(v: JsValue, what: &str) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(v).map_err(|e| Error::InvalidArgument(format!("{what}: {e}")))
}

#[cfg(all(feature = "commands", feature = "passwords"))]
/// `authcore password hash|verify` (`parseCommandLine`'s `args`, standard input's bytes):
/// `{ stdout, exitCode }`.
#[wasm_bindgen]
pub fn command_password(args: JsValue, stdin: Option<Vec<u8>>) -> Result<JsValue, JsValue> {
    below(|| {
        let cmd = command_arg(args, "password command arguments")?;
        // A process that exits after it (npx authcore): the stack is scrubbed as for every
        // binding that handles a password.
        let mut io = crate::command::StdinIo(stdin);
        command_output(crate::command::run_password(&cmd, &mut io)?)
    })
    .map_err(to_js)
    .scrubbed()
}

#[cfg(all(feature = "commands", feature = "explain"))]
/// `authcore token inspect|explain` (`parseCommandLine`'s `args`, standard input's bytes,
/// `{ env, files }` and `now`): `{ stdout, exitCode }`.
#[wasm_bindgen]
pub fn command_token(
    args: JsValue,
    stdin: Option<Vec<u8>>,
    io: JsValue,
    now: JsValue,
) -> Result<JsValue, JsValue> {
    below(|| {
        let cmd = command_arg(args, "token command arguments")?;
        let mut io = prepared_io(stdin, io, &now)?;
        command_output(crate::command::run_token(&cmd, &mut io)?)
    })
    .map_err(to_js)
    .scrubbed()
}
// ---- end commands ----
