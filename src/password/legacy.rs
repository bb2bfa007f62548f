//! Legacy password hash formats, for users migrating to Better Auth: bcrypt (Auth.js
//! credentials, Supabase, Auth0, Clerk), Argon2 PHC strings, scrypt PHC strings, Django's
//! PBKDF2 and Firebase's modified scrypt.
//!
//! Every format is parsed strictly, with its cost checked against a named ceiling *before* any
//! hashing, and compared in constant time. Legacy formats never normalise the password (their
//! original systems did not): the UTF-8 bytes of the password as given are hashed.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
#[cfg(feature = "legacy")]
use subtle::ConstantTimeEq;

#[cfg(feature = "legacy")]
use super::scrypt_kdf;
use super::{check_scrypt_cost, Algorithm, HashParams};
use crate::error::{Error, Result};

/// Highest bcrypt cost accepted (2^13 rounds, about half a second natively). Auth.js, Supabase,
/// Auth0 and Clerk use 10–12.
pub const MAX_BCRYPT_COST: u32 = 13;
/// Highest Argon2 memory accepted, in KiB (64 MiB; OWASP's profiles use 12–46 MiB, RFC 9106's
/// second recommendation 64 MiB).
pub const MAX_ARGON2_MEMORY_KIB: u32 = 64 * 1024;
/// Highest Argon2 memory × passes accepted, in KiB (RFC 9106's 64 MiB × 3 fits, with room).
pub const MAX_ARGON2_WORK_KIB: u64 = 4 * 64 * 1024;
/// Highest Argon2 lane count accepted (WASM computes lanes one after another).
pub const MAX_ARGON2_LANES: u32 = 16;
/// Highest PBKDF2 iteration count accepted (Django 6 uses 1,200,000 for SHA-256).
pub const MAX_PBKDF2_ITERATIONS: u32 = 2_000_000;
/// Highest PBKDF2 work accepted: iterations × ⌈key length / hash length⌉, the number of
/// HMAC iterations one verification runs. A stored key longer than the hash multiplies the
/// cost (a 1024-byte `pbkdf2_sha1` key is 52 blocks), so the iteration count alone does not
/// bound it. Equal to [`MAX_PBKDF2_ITERATIONS`]: Django's own hashes (one block) pass at the
/// full iteration ceiling.
pub const MAX_PBKDF2_WORK: u64 = MAX_PBKDF2_ITERATIONS as u64;
/// Longest salt or stored key accepted in any legacy format, in bytes after decoding.
pub const MAX_LEGACY_FIELD_BYTES: usize = 1024;
/// Longest legacy hash string accepted (Firebase strings carry the 64-byte signer key).
pub const MAX_LEGACY_HASH_LENGTH: usize = 4096;

/// Firebase's project-wide scrypt parameters (Firebase console → Authentication → Users → ⋮ →
/// Password hash parameters), used for `$fbscrypt$` hashes that do not embed `ss`/`sk`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FirebaseParams {
    /// `base64_signer_key`, decoded.
    pub signer_key: Vec<u8>,
    /// `base64_salt_separator`, decoded.
    pub salt_separator: Vec<u8>,
    /// `rounds` (scrypt r), usually 8.
    pub rounds: u32,
    /// `mem_cost` (log2 of scrypt N), usually 14.
    pub mem_cost: u32,
}

impl FirebaseParams {
    /// From the console's values as shown there: base64 signer key and salt separator
    /// (standard or URL-safe alphabet), rounds and memory cost.
    pub fn from_base64(
        signer_key: &str,
        salt_separator: &str,
        rounds: u32,
        mem_cost: u32,
    ) -> Result<FirebaseParams> {
        let bad = |what: &str| Error::InvalidArgument(format!("firebase {what}"));
        let signer_key =
            b64(signer_key, "signer key").map_err(|_| bad("signerKey must be base64"))?;
        // The separator may legitimately be empty.
        let salt_separator = if salt_separator.is_empty() {
            Vec::new()
        } else {
            b64(salt_separator, "salt separator")
                .map_err(|_| bad("saltSeparator must be base64"))?
        };
        if !(1..=64).contains(&rounds) {
            return Err(bad("rounds must be 1..64"));
        }
        if !(1..=31).contains(&mem_cost) {
            return Err(bad("memCost must be 1..31"));
        }
        Ok(FirebaseParams {
            signer_key,
            salt_separator,
            rounds,
            mem_cost,
        })
    }
}

/// Which legacy formats a verification accepts, and their out-of-band parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LegacyOptions {
    /// Firebase's hash parameters, for `$fbscrypt$` hashes that do not embed them.
    pub firebase: Option<FirebaseParams>,
}

// PHC's "B64": the standard alphabet without padding (accept padding too: some exporters add
// it). Firebase exports use standard padded base64; Django uses standard padded base64.
const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn b64(field: &str, what: &'static str) -> Result<Vec<u8>> {
    if field.is_empty() || field.len() > MAX_LEGACY_FIELD_BYTES * 4 / 3 + 4 {
        return Err(Error::HashMalformed(what));
    }
    // Firebase's Admin SDK exports use the URL-safe alphabet; accept both everywhere.
    let std: String = field
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    B64.decode(std).map_err(|_| Error::HashMalformed(what))
}

/// What a build without the `legacy` feature says when asked to verify a legacy hash.
pub const NOT_IN_BUILD: &str = "legacy password formats (bcrypt, argon2, scrypt PHC, pbkdf2, firebase) are verified by `authcore/passwords`, the native crate, the CLI and Python, not by the request-path entry `authcore`";

#[cfg(feature = "legacy")]
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// A parsed legacy hash: everything needed to verify, nothing computed yet.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "legacy"), allow(dead_code))]
pub(crate) enum Legacy<'a> {
    Bcrypt {
        variant: &'a str,
        cost: u32,
        hash: &'a str,
    },
    Argon2 {
        id: bool,
        version: u32,
        m: u32,
        t: u32,
        p: u32,
        salt: Vec<u8>,
        key: Vec<u8>,
    },
    Scrypt {
        log_n: u32,
        r: u32,
        p: u32,
        salt: Vec<u8>,
        key: Vec<u8>,
    },
    Pbkdf2 {
        sha1: bool,
        iterations: u32,
        salt: &'a str,
        key: Vec<u8>,
    },
    Firebase {
        log_n: Option<u32>,
        r: Option<u32>,
        p: u32,
        salt_separator: Option<Vec<u8>>,
        signer_key: Option<Vec<u8>>,
        salt: Vec<u8>,
        key: Vec<u8>,
    },
}

/// Split `$alg$k=v,...$salt$hash` style strings: returns the `$`-separated fields after the
/// leading `$` (at most 6).
fn dollar_fields(hash: &str) -> Result<Vec<&str>> {
    let rest = hash
        .strip_prefix('$')
        .ok_or(Error::HashMalformed("expected '$'"))?;
    let fields: Vec<&str> = rest.splitn(7, '$').collect();
    if fields.len() > 6 {
        return Err(Error::HashMalformed("too many '$' fields"));
    }
    Ok(fields)
}

/// Parse `k=v,k=v` into (key, decimal value) pairs, rejecting duplicates and unknown keys.
fn params<'a>(field: &'a str, known: &[&str]) -> Result<Vec<(&'a str, &'a str)>> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for kv in field.split(',') {
        let (k, v) = kv
            .split_once('=')
            .ok_or(Error::HashMalformed("parameter without '='"))?;
        if !known.contains(&k) {
            return Err(Error::HashUnsupported("unknown hash parameter"));
        }
        if out.iter().any(|(seen, _)| *seen == k) {
            return Err(Error::HashMalformed("repeated hash parameter"));
        }
        out.push((k, v));
    }
    Ok(out)
}

fn get<'a>(ps: &[(&'a str, &'a str)], k: &str) -> Option<&'a str> {
    ps.iter().find(|(key, _)| *key == k).map(|(_, v)| *v)
}

fn num(v: Option<&str>, what: &'static str) -> Result<u32> {
    let v = v.ok_or(Error::HashMalformed(what))?;
    if v.is_empty() || v.len() > 10 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::HashMalformed(what));
    }
    v.parse().map_err(|_| Error::HashMalformed(what))
}

impl<'a> Legacy<'a> {
    /// Recognise and parse a legacy format. `Ok(None)`: not a legacy format.
    pub(crate) fn parse(hash: &'a str) -> Result<Option<Legacy<'a>>> {
        if hash.len() > MAX_LEGACY_HASH_LENGTH {
            return Err(Error::HashMalformed("hash string too long"));
        }
        if let Some(v) = ["$2a$", "$2b$", "$2y$"]
            .iter()
            .find(|p| hash.starts_with(**p))
        {
            // $2a$NN$ + 22 salt + 31 hash characters = 60.
            let cost = hash.get(4..6).ok_or(Error::HashMalformed("bcrypt cost"))?;
            if hash.len() != 60 || hash.as_bytes()[6] != b'$' {
                return Err(Error::HashMalformed("bcrypt hashes are 60 characters"));
            }
            let cost = num(Some(cost), "bcrypt cost")?;
            return Ok(Some(Legacy::Bcrypt {
                variant: &v[1..3],
                cost,
                hash,
            }));
        }
        if hash.starts_with("$2x$") || hash.starts_with("$2$") {
            return Err(Error::HashUnsupported(
                "bcrypt $2x$/$2$ (the buggy pre-2011 variants) are not supported",
            ));
        }
        if hash.starts_with("$argon2") {
            let f = dollar_fields(hash)?;
            let id = match f[0] {
                "argon2id" => true,
                "argon2i" => false,
                "argon2d" => return Err(Error::HashUnsupported("argon2d is not a password hash")),
                _ => return Err(Error::HashMalformed("unknown argon2 variant")),
            };
            // With or without the `v=` field (absent means version 0x10).
            let (version, rest) = match f.get(1) {
                Some(v) if v.starts_with("v=") => (num(Some(&v[2..]), "argon2 version")?, &f[2..]),
                _ => (0x10, &f[1..]),
            };
            if version != 0x10 && version != 0x13 {
                return Err(Error::HashUnsupported("argon2 version must be 16 or 19"));
            }
            let [ps, salt, key] = rest else {
                return Err(Error::HashMalformed(
                    "expected $argon2id$v=19$m=..,t=..,p=..$salt$hash",
                ));
            };
            let ps = params(ps, &["m", "t", "p", "keyid", "data"])?;
            if get(&ps, "keyid").is_some() || get(&ps, "data").is_some() {
                return Err(Error::HashUnsupported("argon2 keyid/data parameters"));
            }
            return Ok(Some(Legacy::Argon2 {
                id,
                version,
                m: num(get(&ps, "m"), "argon2 m")?,
                t: num(get(&ps, "t"), "argon2 t")?,
                p: num(get(&ps, "p"), "argon2 p")?,
                salt: b64(salt, "argon2 salt")?,
                key: b64(key, "argon2 hash")?,
            }));
        }
        if hash.starts_with("$scrypt$") {
            let f = dollar_fields(hash)?;
            let [_, ps, salt, key] = f.as_slice() else {
                return Err(Error::HashMalformed(
                    "expected $scrypt$ln=..,r=..,p=..$salt$hash",
                ));
            };
            let ps = params(ps, &["ln", "r", "p"])?;
            return Ok(Some(Legacy::Scrypt {
                log_n: num(get(&ps, "ln"), "scrypt ln")?,
                r: num(get(&ps, "r"), "scrypt r")?,
                p: num(get(&ps, "p"), "scrypt p")?,
                salt: b64(salt, "scrypt salt")?,
                key: b64(key, "scrypt hash")?,
            }));
        }
        if hash.starts_with("$fbscrypt$") {
            let f = dollar_fields(hash)?;
            let [_, ps, salt, key] = f.as_slice() else {
                return Err(Error::HashMalformed(
                    "expected $fbscrypt$v=1,n=..,r=..,p=..[,ss=..,sk=..]$salt$hash",
                ));
            };
            let ps = params(ps, &["v", "n", "r", "p", "ss", "sk"])?;
            if num(get(&ps, "v"), "fbscrypt v")? != 1 {
                return Err(Error::HashUnsupported("fbscrypt version must be 1"));
            }
            let opt_num = |k, what| get(&ps, k).map(|v| num(Some(v), what)).transpose();
            return Ok(Some(Legacy::Firebase {
                log_n: opt_num("n", "fbscrypt n")?,
                r: opt_num("r", "fbscrypt r")?,
                p: opt_num("p", "fbscrypt p")?.unwrap_or(1),
                salt_separator: get(&ps, "ss").map(|v| b64(v, "fbscrypt ss")).transpose()?,
                signer_key: get(&ps, "sk").map(|v| b64(v, "fbscrypt sk")).transpose()?,
                salt: b64(salt, "fbscrypt salt")?,
                key: b64(key, "fbscrypt hash")?,
            }));
        }
        for (prefix, sha1) in [("pbkdf2_sha256$", false), ("pbkdf2_sha1$", true)] {
            if let Some(rest) = hash.strip_prefix(prefix) {
                // Django: <algorithm>$<iterations>$<salt>$<base64 hash>
                let parts: Vec<&str> = rest.split('$').collect();
                let [iterations, salt, key] = parts.as_slice() else {
                    return Err(Error::HashMalformed(
                        "expected pbkdf2_sha256$iterations$salt$hash",
                    ));
                };
                if salt.is_empty() || salt.len() > MAX_LEGACY_FIELD_BYTES {
                    return Err(Error::HashMalformed("pbkdf2 salt"));
                }
                return Ok(Some(Legacy::Pbkdf2 {
                    sha1,
                    iterations: num(Some(iterations), "pbkdf2 iterations")?,
                    salt,
                    key: b64(key, "pbkdf2 hash")?,
                }));
            }
        }
        Ok(None)
    }

    pub(crate) fn algorithm(&self) -> Algorithm {
        match self {
            Legacy::Bcrypt { .. } => Algorithm::Bcrypt,
            Legacy::Argon2 { id: true, .. } => Algorithm::Argon2id,
            Legacy::Argon2 { id: false, .. } => Algorithm::Argon2i,
            Legacy::Scrypt { .. } => Algorithm::Scrypt,
            Legacy::Pbkdf2 { sha1: false, .. } => Algorithm::Pbkdf2Sha256,
            Legacy::Pbkdf2 { sha1: true, .. } => Algorithm::Pbkdf2Sha1,
            Legacy::Firebase { .. } => Algorithm::FirebaseScrypt,
        }
    }

    pub(crate) fn params(&self) -> HashParams {
        let mut p = HashParams::default();
        match self {
            Legacy::Bcrypt { variant, cost, .. } => {
                p.variant = Some((*variant).to_string());
                p.cost = Some(*cost);
            }
            Legacy::Argon2 {
                version,
                m,
                t,
                p: lanes,
                salt,
                key,
                ..
            } => {
                p.version = Some(*version);
                p.memory_kib = Some(*m);
                p.iterations = Some(*t);
                p.parallelism = Some(*lanes);
                p.salt_len = Some(salt.len());
                p.key_len = Some(key.len());
            }
            Legacy::Scrypt {
                log_n,
                r,
                p: par,
                salt,
                key,
            } => {
                p.log_n = Some(*log_n);
                p.r = Some(*r);
                p.parallelism = Some(*par);
                p.salt_len = Some(salt.len());
                p.key_len = Some(key.len());
            }
            Legacy::Pbkdf2 {
                iterations,
                salt,
                key,
                ..
            } => {
                p.iterations = Some(*iterations);
                p.salt_len = Some(salt.len());
                p.key_len = Some(key.len());
            }
            Legacy::Firebase {
                log_n,
                r,
                p: par,
                salt_separator,
                signer_key,
                salt,
                key,
            } => {
                p.log_n = *log_n;
                p.r = *r;
                p.parallelism = Some(*par);
                p.embedded_params = Some(salt_separator.is_some() && signer_key.is_some());
                p.salt_len = Some(salt.len());
                p.key_len = Some(key.len());
            }
        }
        p
    }

    /// Check the cost ceilings (before any hashing).
    pub(crate) fn check_cost(&self) -> Result<()> {
        match self {
            Legacy::Bcrypt { cost, .. } => {
                if !(4..=31).contains(cost) {
                    return Err(Error::HashMalformed("bcrypt cost must be 4..31"));
                }
                if *cost > MAX_BCRYPT_COST {
                    return Err(Error::HashCostTooHigh("bcrypt cost above MAX_BCRYPT_COST"));
                }
            }
            Legacy::Argon2 { m, t, p, key, .. } => {
                if *m > MAX_ARGON2_MEMORY_KIB
                    || (*m as u64) * (*t as u64) > MAX_ARGON2_WORK_KIB
                    || *p > MAX_ARGON2_LANES
                {
                    return Err(Error::HashCostTooHigh(
                        "argon2 m/t/p above authcore's ceilings",
                    ));
                }
                if key.len() < 4 || key.len() > MAX_LEGACY_FIELD_BYTES {
                    return Err(Error::HashMalformed("argon2 hash length"));
                }
            }
            Legacy::Scrypt {
                log_n, r, p, key, ..
            } => {
                if *log_n == 0 || *log_n >= 32 {
                    return Err(Error::HashMalformed("scrypt ln"));
                }
                check_scrypt_cost(1 << log_n, *r, *p)?;
                if key.len() > MAX_LEGACY_FIELD_BYTES {
                    return Err(Error::HashMalformed("scrypt hash length"));
                }
            }
            Legacy::Pbkdf2 {
                sha1,
                iterations,
                key,
                ..
            } => {
                if *iterations == 0 {
                    return Err(Error::HashMalformed("pbkdf2 iterations"));
                }
                if *iterations > MAX_PBKDF2_ITERATIONS {
                    return Err(Error::HashCostTooHigh(
                        "pbkdf2 iterations above MAX_PBKDF2_ITERATIONS",
                    ));
                }
                if key.is_empty() || key.len() > MAX_LEGACY_FIELD_BYTES {
                    return Err(Error::HashMalformed("pbkdf2 hash length"));
                }
                let hash_len = if *sha1 { 20 } else { 32 };
                let blocks = key.len().div_ceil(hash_len) as u64;
                if u64::from(*iterations) * blocks > MAX_PBKDF2_WORK {
                    return Err(Error::HashCostTooHigh(
                        "pbkdf2 iterations × key blocks above MAX_PBKDF2_WORK",
                    ));
                }
            }
            Legacy::Firebase { log_n, r, p, .. } => {
                if let Some(n) = log_n {
                    if *n == 0 || *n >= 32 {
                        return Err(Error::HashMalformed("fbscrypt n"));
                    }
                    check_scrypt_cost(1 << n, r.unwrap_or(1), 1)?;
                }
                if *p != 1 {
                    return Err(Error::HashUnsupported("fbscrypt p must be 1"));
                }
            }
        }
        Ok(())
    }

    /// Verify `password` (UTF-8 bytes, not normalised). Costs already checked by the caller.
    /// Without the `legacy` feature (the request-path WASM): a coded error naming where the
    /// formats are verified.
    #[cfg(not(feature = "legacy"))]
    pub(crate) fn verify(&self, _password: &str, _opts: &LegacyOptions) -> Result<bool> {
        self.check_cost()?;
        Err(Error::HashUnsupported(NOT_IN_BUILD))
    }

    #[cfg(feature = "legacy")]
    pub(crate) fn verify(&self, password: &str, opts: &LegacyOptions) -> Result<bool> {
        self.check_cost()?;
        let pw = password.as_bytes();
        match self {
            Legacy::Bcrypt { hash, .. } => {
                // All three variants hash the same bytes: the password, a NUL, truncated to
                // 72 bytes ($2a$'s 255-byte wrap-around bug is OpenBSD's alone and no library
                // these exports came from reproduces it).
                bcrypt::verify(pw, hash).map_err(|_| Error::HashMalformed("bcrypt hash"))
            }
            Legacy::Argon2 {
                id,
                version,
                m,
                t,
                p,
                salt,
                key,
            } => {
                let alg = if *id {
                    argon2::Algorithm::Argon2id
                } else {
                    argon2::Algorithm::Argon2i
                };
                let ver = if *version == 0x13 {
                    argon2::Version::V0x13
                } else {
                    argon2::Version::V0x10
                };
                let params = argon2::Params::new(*m, *t, *p, Some(key.len()))
                    .map_err(|_| Error::HashMalformed("argon2 parameters"))?;
                let mut out = zeroize::Zeroizing::new(vec![0u8; key.len()]);
                argon2::Argon2::new(alg, ver, params)
                    .hash_password_into(pw, salt, &mut out)
                    .map_err(|_| Error::HashMalformed("argon2 parameters"))?;
                Ok(ct_eq(&out, key))
            }
            Legacy::Scrypt {
                log_n,
                r,
                p,
                salt,
                key,
            } => {
                let mut out = zeroize::Zeroizing::new(vec![0u8; key.len()]);
                scrypt_kdf(pw, salt, 1u64 << log_n, *r, *p, &mut out)?;
                Ok(ct_eq(&out, key))
            }
            Legacy::Pbkdf2 {
                sha1,
                iterations,
                salt,
                key,
            } => {
                let mut out = zeroize::Zeroizing::new(vec![0u8; key.len()]);
                if *sha1 {
                    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, salt.as_bytes(), *iterations, &mut out);
                } else {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, salt.as_bytes(), *iterations, &mut out);
                }
                Ok(ct_eq(&out, key))
            }
            Legacy::Firebase {
                log_n,
                r,
                p,
                salt_separator,
                signer_key,
                salt,
                key,
            } => {
                let cfg = opts.firebase.as_ref();
                let need = || {
                    Error::InvalidArgument(
                        "this $fbscrypt$ hash does not embed its parameters: pass legacy.firebase { signerKey, saltSeparator, rounds, memCost }".into(),
                    )
                };
                let log_n = match log_n {
                    Some(n) => *n,
                    None => cfg.ok_or_else(need)?.mem_cost,
                };
                let r = match r {
                    Some(r) => *r,
                    None => cfg.ok_or_else(need)?.rounds,
                };
                let sep = match salt_separator {
                    Some(s) => s.as_slice(),
                    None => cfg.ok_or_else(need)?.salt_separator.as_slice(),
                };
                let signer = match signer_key {
                    Some(s) => s.as_slice(),
                    None => cfg.ok_or_else(need)?.signer_key.as_slice(),
                };
                firebase_verify(pw, salt, sep, signer, log_n, r, *p, key)
            }
        }
    }
}

#[cfg(feature = "legacy")]
/// Firebase's modified scrypt: key = scrypt(password, salt ‖ separator, N=2^mem_cost,
/// r=rounds, p, 32 bytes); hash = AES-256-CTR(key, IV = 0) applied to the signer key.
#[allow(clippy::too_many_arguments)]
fn firebase_verify(
    password: &[u8],
    salt: &[u8],
    separator: &[u8],
    signer_key: &[u8],
    log_n: u32,
    r: u32,
    p: u32,
    stored: &[u8],
) -> Result<bool> {
    use aes::cipher::{KeyIvInit, StreamCipher};
    if log_n == 0 || log_n >= 32 {
        return Err(Error::HashMalformed("firebase mem_cost"));
    }
    if signer_key.is_empty() || signer_key.len() > MAX_LEGACY_FIELD_BYTES {
        return Err(Error::HashMalformed("firebase signer key"));
    }
    let mut full_salt = Vec::with_capacity(salt.len() + separator.len());
    full_salt.extend_from_slice(salt);
    full_salt.extend_from_slice(separator);
    let mut derived = zeroize::Zeroizing::new([0u8; 32]);
    scrypt_kdf(password, &full_salt, 1u64 << log_n, r, p, &mut *derived)?;
    let mut out = signer_key.to_vec();
    let mut cipher = ctr::Ctr128BE::<aes::Aes256>::new(&(*derived).into(), &[0u8; 16].into());
    cipher.apply_keystream(&mut out);
    Ok(ct_eq(&out, stored))
}
