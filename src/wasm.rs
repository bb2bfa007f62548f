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
