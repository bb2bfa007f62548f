//! Stored password hashes of every format: Better Auth `salt:key`, bcrypt, Argon2 PHC,
//! scrypt PHC, Django PBKDF2, Firebase scrypt. Parsing never panics; hashes cheap enough to
//! compute are verified too (the ceilings keep expensive ones out, and are checked here).
#![no_main]
use authcore::password::{self, Algorithm, FirebaseParams, LegacyOptions};
use authcore::PasswordOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = password::parse_hash(s);
    let Ok(info) = password::inspect_password_hash(s) else {
        return;
    };
    let p = &info.params;
    // Ceilings enforced by inspect (the same checks run before any hashing).
    if let Some(c) = p.cost {
        assert!(c <= password::MAX_BCRYPT_COST);
    }
    if let Some(m) = p.memory_kib {
        assert!(m <= password::MAX_ARGON2_MEMORY_KIB);
    }
    // Verify only hashes that are cheap to compute, so each run stays fast.
    let cheap = match info.algorithm {
        Algorithm::BetterAuthScrypt => false,
        Algorithm::Bcrypt => p.cost.is_some_and(|c| c <= 5),
        Algorithm::Pbkdf2Sha256 | Algorithm::Pbkdf2Sha1 => p.iterations.is_some_and(|i| i <= 2000),
        Algorithm::Argon2id | Algorithm::Argon2i => {
            p.memory_kib.is_some_and(|m| m <= 256)
                && p.iterations.is_some_and(|t| t <= 3)
                && p.parallelism.is_none_or(|x| x <= 4)
        }
        _ => {
            p.log_n.is_some_and(|n| n <= 6)
                && p.r.is_some_and(|r| r <= 8)
                && p.parallelism.is_none_or(|x| x <= 2)
        }
    };
    if !cheap {
        return;
    }
    let opts = PasswordOptions {
        legacy: Some(LegacyOptions {
            firebase: Some(FirebaseParams {
                signer_key: vec![7; 64],
                salt_separator: vec![0xbd],
                rounds: 8,
                mem_cost: 4,
            }),
        }),
        ..PasswordOptions::default()
    };
    let _ = authcore::verify_password_opts(s, "correct horse battery staple", &opts);
});
