//! TOKENS: compact JWS and JWT (jose-compatible), JWK/JWKS, thumbprints, key generation.
//!
//! * [`verify_jws`] / [`verify_jwt`] verify with a [`Jwks`] (a key set, one key, or an HMAC
//!   secret) and an optional [`Algorithm`] allowlist. The algorithm is bound to the key type
//!   and curve; selection needs exactly one matching key; `none` is never accepted; RSA keys
//!   under 2048 bits are refused.
//! * [`sign_jws`] / [`sign_jwt`] sign with a private [`Jwk`]; [`generate_key_pair`] makes
//!   keys. Randomness is injected (`rng`; [`crate::rng::OsRng`] outside tests), and so is the
//!   time (`now_ms`, epoch milliseconds).
//! * Errors carry jose's codes (`ERR_JWT_EXPIRED`, `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`, …).
//!
//! ```
//! use authcore::token::{self, Algorithm, Jwks, SignOptions, VerifyOptions};
//! let mut rng = authcore::rng::OsRng;
//! let pair = token::generate_key_pair(Algorithm::EdDSA, &mut rng).unwrap();
//! let now = 1_700_000_000_000;
//! let opts = SignOptions { issuer: Some("https://a.example".into()), expires_in_secs: Some(900), ..SignOptions::default() };
//! let claims = serde_json::json!({ "sub": "user_1" });
//! let jwt = token::sign_jwt(claims.as_object().unwrap(), &pair.private_jwk, &opts, now, &mut rng).unwrap();
//! let jwks = Jwks::new(vec![pair.public_jwk]);
//! let check = VerifyOptions { issuer: Some(vec!["https://a.example".into()]), ..VerifyOptions::default() };
//! let v = token::verify_jwt(&jwt, &jwks, &check, now).unwrap();
//! assert_eq!(v.claims["sub"], "user_1");
//! let late = token::verify_jwt(&jwt, &jwks, &check, now + 900_000).unwrap_err();
//! assert_eq!(late.code(), "ERR_JWT_EXPIRED");
//! ```

mod alg;
mod claims;
mod ec;
mod jwk;
mod jws;
mod monty;
pub mod presets;
mod remote;
mod util;

pub use alg::{Algorithm, KeyType, MAX_RSA_BITS, MAX_RSA_EXPONENT_BITS, MIN_RSA_BITS};
pub use claims::{
    parse_timespan, sign_jwt, validate_claims, verify_jwt, SignOptions, VerifiedJwt, VerifyOptions,
    DEFAULT_CLOCK_TOLERANCE_SECS,
};
pub use jwk::{
    generate_key_pair, jwk_thumbprint, sign_signature, verify_signature, Jwk, Jwks, KeyPair,
    GENERATED_RSA_BITS,
};
pub use jws::{decode_header, sign_jws, verify_jws, JwsHeader, JwsSignHeader, VerifiedJws};
pub use remote::{
    jwks_refresh_decision, JwksCachePolicy, JwksCacheState, JwksRefresh,
    DEFAULT_JWKS_CACHE_MAX_AGE_MS, DEFAULT_JWKS_COOLDOWN_MS,
};

/// Largest compact token accepted, in bytes: 32 KiB. Better Auth JWTs carry the user object,
/// still far below this; anything larger is refused before decoding.
pub const MAX_TOKEN_BYTES: usize = 32 * 1024;
/// Largest decoded protected header accepted, in bytes: headers hold a few short members.
pub const MAX_HEADER_BYTES: usize = 2048;
/// Most keys accepted in one JWK Set: real sets hold a handful (plus rotated keys in grace).
pub const MAX_JWKS_KEYS: usize = 100;
/// Largest JWK or JWK Set JSON accepted, in bytes: 100 RSA-4096 keys fit.
pub const MAX_JWKS_BYTES: usize = 256 * 1024;
/// Deepest nesting of arrays/objects accepted in token and key JSON: bounds parser recursion.
pub const MAX_JSON_DEPTH: usize = 32;
