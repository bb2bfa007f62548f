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

// ---- tokens ----
/// The operating system's RNG as a `rand_core` generator, for APIs that take `rng` (token
/// signing and key generation). Errors map to [`Error::Rng`].
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRng;

impl rand_core::TryRng for OsRng {
    type Error = Error;
    fn try_next_u32(&mut self) -> Result<u32> {
        let mut b = [0u8; 4];
        fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64> {
        let mut b = [0u8; 8];
        fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<()> {
        fill(dst)
    }
}

impl rand_core::TryCryptoRng for OsRng {}
// ---- end tokens ----
