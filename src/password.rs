//! HASHING: Better Auth-compatible password hashes.
//!
//! Better Auth (`@better-auth/utils` `password`) stores `"<salt>:<key>"` where
//!
//! * `salt` is 16 random bytes written as a 32-character lowercase hex string, and the
//!   **ASCII bytes of that string** (not the 16 raw bytes) are the scrypt salt;
//! * `key` is scrypt(N=16384, r=16, p=1, dkLen=64) of the NFKC-normalised, UTF-8 encoded
//!   password, as 128 lowercase hex characters.
//!
//! NFKC comes from the compiled-in tables with the `nfkc` feature (default); without it (the
//! npm package's WASM) from the normaliser installed with [`crate::unicode::set_normalizer`]
//! (there: JavaScript's `String.prototype.normalize`, as in Better Auth), and hashing and
//! verifying refuse with [`Error::NfkcUnavailable`] when there is none. Length limits are
//! always checked on the password as given, before normalisation.
//!
//! Verification accepts any non-empty salt string (imported hashes carry other salts),
//! recomputes the key and compares its lowercase hex with the stored text in constant time.
//! Like Better Auth, an upper-case stored key does not verify.
//!
//! Like Better Auth's own `hashPassword`/`verifyPassword`, every string is accepted: the length
//! policy (`emailAndPassword.maxPasswordLength`) belongs to Better Auth's routes, and Better
//! Auth 1.6 calls `hash`/`verify` at sign-in with whatever length the client sent. Work is still
//! bounded before any hashing: a password over [`MAX_PASSWORD_BYTES`] (64 KiB of UTF-8, a
//! denial-of-service ceiling no real password reaches) is refused with
//! [`Error::PasswordTooLong`], so a 10 MB "password" costs nothing. A policy limit in UTF-16
//! units ([`PasswordOptions::max_password_length`]) is an explicit opt-in.

use serde::Serialize;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

mod legacy;
mod romix;

/// The Unicode version of authcore's NFKC tables (with the `nfkc` feature; without it, the
/// installed normaliser's: JavaScript's `String.prototype.normalize` in the WASM builds). Better Auth normalises with the runtime's
/// `String.prototype.normalize` (ICU); the two agree on every code point assigned in both
/// versions. Current Node releases (20.20 here, `process.versions.unicode`) ship Unicode 17, so
/// `unicode-normalization` is pinned to its Unicode 17 release (0.1.26 moved to Unicode 18 and
/// differs from Node on ~100 newly assigned code points). tests/js/unicode-nfkc.test.mjs
/// compares every code point against the running Node.
#[cfg(feature = "nfkc")]
pub const UNICODE_VERSION: (u8, u8, u8) = unicode_normalization::UNICODE_VERSION;

use legacy::Legacy;
pub use legacy::NOT_IN_BUILD as LEGACY_NOT_IN_BUILD;
pub use legacy::{
    FirebaseParams, LegacyOptions, MAX_ARGON2_LANES, MAX_ARGON2_MEMORY_KIB, MAX_ARGON2_WORK_KIB,
    MAX_BCRYPT_COST, MAX_LEGACY_HASH_LENGTH, MAX_PBKDF2_ITERATIONS, MAX_PBKDF2_WORK,
};

/// scrypt cost parameter N = 2^14 = 16384 (Better Auth's `N`).
pub const SCRYPT_LOG_N: u8 = 14;
/// scrypt block size r = 16 (Better Auth's `r`).
pub const SCRYPT_R: u32 = 16;
/// scrypt parallelism p = 1 (Better Auth's `p`).
pub const SCRYPT_P: u32 = 1;
/// Derived key length in bytes (Better Auth's `dkLen`); stored as 128 hex characters.
pub const KEY_LEN: usize = 64;
/// Random salt length in bytes; stored as 32 lowercase hex characters.
pub const SALT_LEN: usize = 16;

/// Better Auth's default `maxPasswordLength` (128 UTF-16 code units), enforced by its sign-up,
/// password-change and reset routes (and by 1.7's sign-in route). authcore does not apply it
/// unless asked ([`PasswordOptions::max_password_length`]): Better Auth's own hash and verify
/// functions accept any length.
pub const DEFAULT_MAX_PASSWORD_LENGTH: usize = 128;
/// Denial-of-service ceiling on any password, in UTF-8 bytes (64 KiB): hashing and verifying
/// refuse longer input with [`Error::PasswordTooLong`] before any work. Far above any real
/// password or Better Auth's configurable `maxPasswordLength`; NFKC can grow text at most 18×,
/// so one hash normalises at most ~1.2 MB.
pub const MAX_PASSWORD_BYTES: usize = 64 * 1024;
/// Hard ceiling for [`PasswordOptions::max_password_length`]: no configuration may make a
/// single hash read more than this many UTF-16 code units (NFKC can grow text at most 18×, so
/// the normalised input stays under ~300 KB).
pub const MAX_PASSWORD_LENGTH_CEILING: usize = 4096;
/// Longest salt string accepted in a stored hash. Better Auth's are 32 characters; imported
/// hashes use other salts, but none needs more than this.
pub const MAX_SALT_LENGTH: usize = 1024;

/// Ceiling on scrypt memory (128·N·r bytes) accepted from any parameters: 64 MiB, twice
/// Better Auth's 32 MiB, so a stored or imported hash cannot make one login cost gigabytes.
pub const MAX_SCRYPT_MEMORY: u64 = 64 * 1024 * 1024;
/// Ceiling on scrypt work N·r·p: 4× Better Auth's (16384·16·1), a few hundred milliseconds.
pub const MAX_SCRYPT_WORK: u64 = 4 * 16384 * 16;
/// Longest scrypt output accepted (bytes).
pub const MAX_SCRYPT_OUTPUT: usize = 1024;

/// Options for hashing and verifying. `Default` matches Better Auth's own functions: no length
/// policy, Better Auth's format only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordOptions {
    /// An explicit length policy: longest password accepted by hash **and** verify, in UTF-16
    /// code units (JavaScript `String.length`), counted before NFKC; longer ones are refused
    /// with [`Error::PasswordTooLong`]. `None` (the default, like Better Auth's own functions):
    /// only the [`MAX_PASSWORD_BYTES`] ceiling applies. Values above
    /// [`MAX_PASSWORD_LENGTH_CEILING`] or 0 are refused by [`PasswordOptions::validate`] (and
    /// clamped if you skip that). Note that with Better Auth 1.6, whose sign-in route does not
    /// check the length, a limit here turns an over-long sign-in attempt into an error (a 500)
    /// instead of a 401.
    pub max_password_length: Option<usize>,
    /// Accept legacy formats (bcrypt, Argon2, scrypt PHC, PBKDF2, Firebase scrypt) on verify.
    /// Defaults to `None`: only Better Auth's own format verifies, and a legacy hash is refused
    /// with [`Error::HashUnsupported`]. Hashing always writes Better Auth's format.
    pub legacy: Option<LegacyOptions>,
}

/// The password hash formats authcore recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Algorithm {
    /// Better Auth's `salt:key` scrypt (also Lucia's and Convex Auth's).
    BetterAuthScrypt,
    /// bcrypt `$2a$`, `$2b$`, `$2y$`.
    Bcrypt,
    /// Argon2id PHC string.
    Argon2id,
    /// Argon2i PHC string.
    Argon2i,
    /// scrypt PHC string `$scrypt$ln=..,r=..,p=..$salt$hash`.
    Scrypt,
    /// Django `pbkdf2_sha256$iterations$salt$hash`.
    #[serde(rename = "pbkdf2-sha256")]
    Pbkdf2Sha256,
    /// Django `pbkdf2_sha1$iterations$salt$hash`.
    #[serde(rename = "pbkdf2-sha1")]
    Pbkdf2Sha1,
    /// Firebase's modified scrypt as `$fbscrypt$v=1,n=..,r=..,p=..[,ss=..,sk=..]$salt$hash`.
    FirebaseScrypt,
}

impl Algorithm {
    /// The stable name (`"better-auth-scrypt"`, `"bcrypt"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::BetterAuthScrypt => "better-auth-scrypt",
            Algorithm::Bcrypt => "bcrypt",
            Algorithm::Argon2id => "argon2id",
            Algorithm::Argon2i => "argon2i",
            Algorithm::Scrypt => "scrypt",
            Algorithm::Pbkdf2Sha256 => "pbkdf2-sha256",
            Algorithm::Pbkdf2Sha1 => "pbkdf2-sha1",
            Algorithm::FirebaseScrypt => "firebase-scrypt",
        }
    }
}

/// The parameters read from a stored hash (only those its format has).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HashParams {
    /// bcrypt variant (`2a`, `2b`, `2y`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// bcrypt cost (log2 rounds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<u32>,
    /// Argon2 version (16 or 19).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// Argon2 memory in KiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_kib: Option<u32>,
    /// Argon2 passes or PBKDF2 iterations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<u32>,
    /// Argon2 lanes or scrypt p.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
    /// scrypt log2(N).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_n: Option<u32>,
    /// scrypt r.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r: Option<u32>,
    /// Salt length in bytes (as fed to the function).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salt_len: Option<usize>,
    /// Stored key length in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_len: Option<usize>,
    /// Firebase: whether the salt separator and signer key are embedded in the string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedded_params: Option<bool>,
}

/// What [`inspect_password_hash`] says of a stored hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HashInfo {
    /// The format.
    pub algorithm: Algorithm,
    /// Its parameters.
    pub params: HashParams,
    /// Whether a successful login should rewrite it in Better Auth's current format: true for
    /// every legacy format, false for Better Auth's own.
    pub needs_rehash: bool,
}

/// Recognise a stored hash without verifying anything: its format, parameters, and whether it
/// should be rewritten on the next successful login. Costs are checked too, so a hash that
/// verification would refuse as too expensive is reported here with [`Error::HashCostTooHigh`].
pub fn inspect_password_hash(hash: &str) -> Result<HashInfo> {
    if let Some(l) = Legacy::parse(hash)? {
        l.check_cost()?;
        return Ok(HashInfo {
            algorithm: l.algorithm(),
            params: l.params(),
            needs_rehash: true,
        });
    }
    let h = parse_hash(hash)?;
    Ok(HashInfo {
        algorithm: Algorithm::BetterAuthScrypt,
        params: HashParams {
            log_n: Some(SCRYPT_LOG_N as u32),
            r: Some(SCRYPT_R),
            parallelism: Some(SCRYPT_P),
            salt_len: Some(h.salt.len()),
            key_len: Some(KEY_LEN),
            ..HashParams::default()
        },
        needs_rehash: false,
    })
}

impl PasswordOptions {
    /// Check the options as a caller gave them: `max_password_length`, when set, must be
    /// between 1 and [`MAX_PASSWORD_LENGTH_CEILING`]. The JS API and the CLI call this, so a
    /// configured limit above the ceiling is an [`Error::InvalidArgument`], not silently lowered.
    pub fn validate(&self) -> Result<()> {
        if let Some(m) = self.max_password_length {
            if m == 0 || m > MAX_PASSWORD_LENGTH_CEILING {
                return Err(Error::InvalidArgument(format!(
                    "maxPasswordLength must be between 1 and {MAX_PASSWORD_LENGTH_CEILING}"
                )));
            }
        }
        Ok(())
    }

    /// The effective policy limit in UTF-16 units, if any: the configured one, never above the
    /// hard ceiling (options built directly in Rust without [`PasswordOptions::validate`] are
    /// clamped).
    pub fn effective_max(&self) -> Option<usize> {
        self.max_password_length
            .map(|m| m.min(MAX_PASSWORD_LENGTH_CEILING))
    }
}

/// Hash `password` with a fresh random 16-byte salt, exactly as Better Auth's `hashPassword`.
pub fn hash_password(password: &str) -> Result<String> {
    hash_password_opts(password, &PasswordOptions::default())
}

/// [`hash_password`] with explicit options.
pub fn hash_password_opts(password: &str, opts: &PasswordOptions) -> Result<String> {
    let mut salt = [0u8; SALT_LEN];
    crate::rng::fill(&mut salt)?;
    hash_password_with_salt_opts(password, &hex::encode(salt), opts)
}

/// Hash `password` with the given salt string (normally 32 lowercase hex characters). The
/// salt's UTF-8 bytes are the scrypt salt. Deterministic: the same inputs give the same hash.
pub fn hash_password_with_salt(password: &str, salt: &str) -> Result<String> {
    hash_password_with_salt_opts(password, salt, &PasswordOptions::default())
}

/// [`hash_password_with_salt`] with explicit options.
pub fn hash_password_with_salt_opts(
    password: &str,
    salt: &str,
    opts: &PasswordOptions,
) -> Result<String> {
    check_salt(salt).map_err(|why| Error::InvalidArgument(format!("salt {why}")))?;
    let key = derive_key(password, salt, opts)?;
    Ok(format!("{salt}:{}", hex::encode(&key[..])))
}

/// Verify `password` against a stored Better Auth hash `"<salt>:<key-hex>"`.
///
/// Returns `Ok(false)` for a wrong password whatever its length, [`Error::HashMalformed`] when
/// `hash` is not of that form, and [`Error::PasswordTooLong`] only past [`MAX_PASSWORD_BYTES`]
/// (or an opted-in [`PasswordOptions::max_password_length`]).
pub fn verify_password(hash: &str, password: &str) -> Result<bool> {
    verify_password_opts(hash, password, &PasswordOptions::default())
}

/// [`verify_password`] with explicit options; with `opts.legacy` set, legacy formats verify
/// too (see [`inspect_password_hash`] for the list).
pub fn verify_password_opts(hash: &str, password: &str, opts: &PasswordOptions) -> Result<bool> {
    if let Some(l) = Legacy::parse(hash)? {
        let Some(legacy) = &opts.legacy else {
            return Err(Error::HashUnsupported(
                "a legacy hash (bcrypt, argon2, scrypt PHC, pbkdf2, firebase); enable legacy formats to verify it",
            ));
        };
        check_password_length(password, opts)?;
        return l.verify(password, legacy);
    }
    let parsed = parse_hash(hash)?;
    let key = derive_key(password, parsed.salt, opts)?;
    let computed = Zeroizing::new(hex::encode(&key[..]));
    Ok(computed.as_bytes().ct_eq(parsed.key_hex.as_bytes()).into())
}

/// The two parts of a stored Better Auth hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetterAuthHash<'a> {
    /// The salt string, fed to scrypt as its UTF-8 bytes.
    pub salt: &'a str,
    /// The derived key as 128 hex characters (as stored).
    pub key_hex: &'a str,
}

/// Parse `"<salt>:<key-hex>"` without hashing anything.
pub fn parse_hash(hash: &str) -> Result<BetterAuthHash<'_>> {
    // Better Auth reads `hash.split(":")` as `[salt, key]` and ignores any further fields, so
    // `salt:key:anything` verifies there; do the same so a login never depends on the library.
    let mut fields = hash.splitn(3, ':');
    let salt = fields.next().unwrap_or_default();
    let key_hex = fields
        .next()
        .ok_or(Error::HashMalformed("expected \"<salt>:<key>\""))?;
    check_salt(salt).map_err(Error::HashMalformed)?;
    if key_hex.len() != KEY_LEN * 2 {
        return Err(Error::HashMalformed("key must be 128 hex characters"));
    }
    if !key_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::HashMalformed("key must be hex"));
    }
    Ok(BetterAuthHash { salt, key_hex })
}

fn check_salt(salt: &str) -> std::result::Result<(), &'static str> {
    if salt.is_empty() {
        return Err("must not be empty");
    }
    if salt.len() > MAX_SALT_LENGTH {
        return Err("is longer than 1024 bytes");
    }
    if salt.contains(':') {
        return Err("must not contain ':'");
    }
    Ok(())
}

/// Check the length limits (cheaply, before any allocation proportional to the input): the
/// [`MAX_PASSWORD_BYTES`] ceiling always, the opted-in UTF-16 limit when set.
pub fn check_password_length(password: &str, opts: &PasswordOptions) -> Result<()> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Error::PasswordTooLong {
            max: MAX_PASSWORD_BYTES,
        });
    }
    let Some(max) = opts.effective_max() else {
        return Ok(());
    };
    // Every UTF-16 code unit takes at least one and at most three UTF-8 bytes, so the byte
    // length bounds the count from both sides without walking a huge string.
    let too_long = if password.len() <= max {
        false
    } else if password.len() > max * 3 {
        true
    } else {
        password.encode_utf16().count() > max
    };
    if too_long {
        Err(Error::PasswordTooLong { max })
    } else {
        Ok(())
    }
}

/// The scrypt key; it and the normalised password are wiped when dropped.
fn derive_key(
    password: &str,
    salt: &str,
    opts: &PasswordOptions,
) -> Result<Zeroizing<[u8; KEY_LEN]>> {
    check_password_length(password, opts)?;
    let normalized: Zeroizing<String> = Zeroizing::new(crate::unicode::normalize(
        password,
        crate::unicode::Form::Nfkc,
    )?);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    scrypt_kdf(
        normalized.as_bytes(),
        salt.as_bytes(),
        1 << SCRYPT_LOG_N,
        SCRYPT_R,
        SCRYPT_P,
        &mut *out,
    )?;
    Ok(out)
}

/// Check scrypt parameters against [`MAX_SCRYPT_MEMORY`] and [`MAX_SCRYPT_WORK`].
pub fn check_scrypt_cost(n: u64, r: u32, p: u32) -> Result<()> {
    let memory = 128u64.saturating_mul(n).saturating_mul(r as u64);
    let work = n.saturating_mul(r as u64).saturating_mul(p as u64);
    if memory > MAX_SCRYPT_MEMORY || work > MAX_SCRYPT_WORK {
        return Err(Error::HashCostTooHigh(
            "scrypt N·r·p above authcore's ceiling",
        ));
    }
    Ok(())
}

/// Raw scrypt (RFC 7914) with cost ceilings: `n` must be a power of two above 1, and the
/// memory (128·N·r) and work (N·r·p) must stay under [`MAX_SCRYPT_MEMORY`] and
/// [`MAX_SCRYPT_WORK`]; otherwise [`Error::HashCostTooHigh`] or [`Error::HashUnsupported`].
pub fn scrypt_kdf(
    password: &[u8],
    salt: &[u8],
    n: u64,
    r: u32,
    p: u32,
    out: &mut [u8],
) -> Result<()> {
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
        return Err(Error::HashUnsupported(
            "scrypt N must be a power of two > 1, r and p > 0",
        ));
    }
    if out.is_empty() || out.len() > MAX_SCRYPT_OUTPUT {
        return Err(Error::HashUnsupported("scrypt output length"));
    }
    let memory = 128u64.saturating_mul(n).saturating_mul(r as u64);
    let work = n.saturating_mul(r as u64).saturating_mul(p as u64);
    if memory > MAX_SCRYPT_MEMORY || work > MAX_SCRYPT_WORK {
        return Err(Error::HashCostTooHigh(
            "scrypt N·r·p above authcore's ceiling",
        ));
    }
    // In WASM, a ROMix whose BlockMix V8 can tier up during the first hash (romix.rs).
    if cfg!(target_arch = "wasm32") {
        romix::scrypt(password, salt, n as usize, r as usize, p as usize, out);
        return Ok(());
    }
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p)
        .map_err(|_| Error::HashUnsupported("scrypt parameters"))?;
    scrypt::scrypt(password, salt, &params, out)
        .map_err(|_| Error::HashUnsupported("scrypt output length"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_check_counts_utf16_units() {
        let o = PasswordOptions {
            max_password_length: Some(4),
            ..Default::default()
        };
        assert!(check_password_length("abcd", &o).is_ok());
        assert!(check_password_length("abcde", &o).is_err());
        // "é" is 2 bytes but one UTF-16 unit; 4 of them are fine.
        assert!(check_password_length("éééé", &o).is_ok());
        // An astral character is two UTF-16 units (as in JS).
        assert!(check_password_length("😀😀", &o).is_ok());
        assert!(check_password_length("😀😀a", &o).is_err());
        let huge = "x".repeat(10_000_000);
        assert_eq!(
            check_password_length(&huge, &PasswordOptions::default()),
            Err(Error::PasswordTooLong {
                max: MAX_PASSWORD_BYTES
            })
        );
        // No policy limit by default: up to the byte ceiling, whatever the length in units.
        let d = PasswordOptions::default();
        assert!(check_password_length(&"x".repeat(129), &d).is_ok());
        assert!(check_password_length(&"x".repeat(MAX_PASSWORD_BYTES), &d).is_ok());
        assert!(check_password_length(&"x".repeat(MAX_PASSWORD_BYTES + 1), &d).is_err());
        assert!(check_password_length(&"é".repeat(MAX_PASSWORD_BYTES / 2), &d).is_ok());
        assert!(check_password_length(&"é".repeat(MAX_PASSWORD_BYTES / 2 + 1), &d).is_err());
    }

    #[test]
    fn ceiling_clamps_configuration() {
        let o = PasswordOptions {
            max_password_length: Some(usize::MAX),
            ..Default::default()
        };
        assert_eq!(o.effective_max(), Some(MAX_PASSWORD_LENGTH_CEILING));
        assert_eq!(o.validate().unwrap_err().code(), "ERR_INVALID_ARGUMENT");
        for bad in [0, MAX_PASSWORD_LENGTH_CEILING + 1] {
            let o = PasswordOptions {
                max_password_length: Some(bad),
                ..Default::default()
            };
            assert!(o.validate().is_err(), "{bad}");
        }
        let ok = PasswordOptions {
            max_password_length: Some(MAX_PASSWORD_LENGTH_CEILING),
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
    }
}
