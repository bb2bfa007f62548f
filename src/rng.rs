//! The one place the core reads the operating system's random number generator.
//!
//! Core functions take salts and keys as arguments; only convenience wrappers (such as
//! [`crate::password::hash_password`]) call this. In WASM, getrandom's `wasm_js` backend uses
//! `crypto.getRandomValues`.

use crate::error::{Error, Result};

/// Fill `buf` with cryptographically secure random bytes.
pub fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::Rng)
}
