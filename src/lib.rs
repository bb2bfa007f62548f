//! authcore: Better Auth-compatible passwords, tokens and Convex sync decisions.
//!
//! One Rust core, used natively (this crate, the `authcore` CLI) and from JavaScript through
//! WebAssembly (the `authcore` npm package). The same inputs give the same answer everywhere.
//!
//! ```
//! let hash = authcore::hash_password("correct horse battery staple").unwrap();
//! assert!(authcore::verify_password(&hash, "correct horse battery staple").unwrap());
//! assert!(!authcore::verify_password(&hash, "wrong").unwrap());
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "cli")]
pub mod cli;
pub mod command;
pub mod convex_export;
pub mod cookie;
pub mod crypto;
pub mod doctor;
pub mod error;
pub mod internal;
pub mod jsjson;
pub mod password;
pub mod rng;
pub mod sync;
pub mod token;
pub mod unicode;

#[cfg(target_arch = "wasm32")]
mod wasm;

// ---- python ----
#[cfg(all(feature = "python", not(target_arch = "wasm32")))]
mod python;
// ---- end python ----

pub use error::{Error, Result};
pub use password::{
    hash_password, hash_password_opts, hash_password_with_salt, hash_password_with_salt_opts,
    verify_password, verify_password_opts, PasswordOptions, DEFAULT_MAX_PASSWORD_LENGTH,
    MAX_PASSWORD_BYTES,
};
// ---- cookies ----
pub use cookie::{
    read_cookie_cache, read_session_token, sign_cookie_cache, sign_session_token, CacheStrategy,
    CookieCache, CookieCacheOptions, Secret, Secrets, SignCookieCacheOptions,
};
pub use crypto::{decrypt_private_key, encrypt_private_key, secrets_equal};
// ---- end cookies ----
