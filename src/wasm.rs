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
