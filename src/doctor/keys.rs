//! The keys documents are joined on: fast hashers for ids and emails, and the canonical and
//! stored forms of an email.

use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for random 128-bit document ids (already uniformly distributed).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = ((v as u64) ^ ((v >> 64) as u64)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub(crate) type IdBuild = BuildHasherDefault<IdHasher>;

/// A fast, randomly seeded hasher for the email maps (SipHash was 5% of a run).
pub(crate) type FastBuild = foldhash::fast::RandomState;

/// The key under which two emails count as the same person: [`crate::sync::near_duplicate_key`]
/// (JavaScript trim, NFC, toLowerCase), with an ASCII fast path that gives the same answer.
pub(crate) fn canonical_email(email: &str) -> String {
    if email.is_ascii() {
        crate::sync::js_trim(email).to_ascii_lowercase()
    } else {
        crate::sync::near_duplicate_key(email)
    }
}

/// The email as Better Auth 1.6 stores and looks it up ([`crate::sync::canonical_email`]).
pub(crate) fn stored_form(email: &str) -> String {
    crate::sync::canonical_email(email, crate::sync::BetterAuthVersion::V1_6)
}
