//! Password tests. The same bodies run natively (`cargo test`) and under WASM in Node
//! (`wasm-pack test --node`). Vectors are read at compile time so no filesystem is needed.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use authcore::password::{self, PasswordOptions};
use authcore::{hash_password, hash_password_with_salt, verify_password, Error};
use serde_json::Value;

const BA_VECTORS: &str = include_str!("vectors/better-auth/better-auth-1.6.34.json");
const RFC7914: &str = include_str!("vectors/rfc7914-scrypt.json");

/// Without the `nfkc` feature (`cargo test --no-default-features --features passwords`) the
/// crate normalises through an installed normaliser (in the WASM package: JavaScript's
/// `String.prototype.normalize`); natively these tests install `unicode-normalization`'s, the
/// tables the feature compiles in. A no-op with the feature.
fn init() {
    #[cfg(not(feature = "nfkc"))]
    authcore::unicode::set_normalizer(|s, form| {
        use unicode_normalization::UnicodeNormalization;
        Some(match form {
            authcore::unicode::Form::Nfc => s.nfc().collect(),
            authcore::unicode::Form::Nfkc => s.nfkc().collect(),
        })
    });
}

fn ba() -> Value {
    serde_json::from_str(BA_VECTORS).unwrap()
}

#[test]
fn rfc7914_scrypt_vectors() {
    init();
    let v: Value = serde_json::from_str(RFC7914).unwrap();
    let vectors = v["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 3);
    for x in vectors {
        let mut out = vec![0u8; x["dkLen"].as_u64().unwrap() as usize];
        password::scrypt_kdf(
            x["password"].as_str().unwrap().as_bytes(),
            x["salt"].as_str().unwrap().as_bytes(),
            x["N"].as_u64().unwrap(),
            x["r"].as_u64().unwrap() as u32,
            x["p"].as_u64().unwrap() as u32,
            &mut out,
        )
        .unwrap();
        assert_eq!(hex::encode(&out), x["dk"].as_str().unwrap());
    }
}

#[test]
fn better_auth_library_hashes_verify() {
    init();
    let v = ba();
    let vectors = v["passwords"]["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 3);
    for x in vectors {
        let pw = x["password"].as_str().unwrap();
        let hash = x["hash"].as_str().unwrap();
        assert!(verify_password(hash, pw).unwrap(), "{pw}");
        // The NFKC form is the same password to Better Auth.
        assert!(verify_password(hash, x["nfkc"].as_str().unwrap()).unwrap());
        assert!(!verify_password(hash, &format!("{pw}x")).unwrap());
        // Re-hashing with the same salt reproduces the library's hash byte for byte.
        let (salt, _) = hash.split_once(':').unwrap();
        assert_eq!(hash_password_with_salt(pw, salt).unwrap(), hash);
    }
}

#[test]
fn fixed_salt_vector_is_byte_identical() {
    init();
    let v = ba();
    let f = &v["passwords"]["fixedSaltVector"];
    let hash = f["hash"].as_str().unwrap();
    let (salt, _) = hash.split_once(':').unwrap();
    assert_eq!(
        hash_password_with_salt(f["password"].as_str().unwrap(), salt).unwrap(),
        hash
    );
}

#[test]
fn uppercase_stored_key_does_not_verify_like_better_auth() {
    init();
    let v = ba();
    assert_eq!(
        v["passwords"]["uppercaseHexKeyVerifies"],
        Value::Bool(false)
    );
    let x = &v["passwords"]["vectors"][0];
    let hash = x["hash"].as_str().unwrap();
    let (salt, key) = hash.split_once(':').unwrap();
    let upper = format!("{salt}:{}", key.to_uppercase());
    assert!(!verify_password(&upper, x["password"].as_str().unwrap()).unwrap());
}

#[test]
fn salt_is_the_hex_text_not_raw_bytes() {
    init();
    let hash = hash_password_with_salt("pw", "00112233445566778899aabbccddeeff").unwrap();
    let mut raw = [0u8; 64];
    password::scrypt_kdf(
        b"pw",
        &hex::decode("00112233445566778899aabbccddeeff").unwrap(),
        16384,
        16,
        1,
        &mut raw,
    )
    .unwrap();
    assert_ne!(hash.split_once(':').unwrap().1, hex::encode(raw));
}

#[test]
fn random_hash_round_trips_and_has_better_auth_shape() {
    init();
    let h1 = hash_password("correct horse").unwrap();
    let h2 = hash_password("correct horse").unwrap();
    assert_ne!(h1, h2, "salts must differ");
    for h in [&h1, &h2] {
        assert_eq!(h.len(), 161);
        let (salt, key) = h.split_once(':').unwrap();
        assert_eq!(salt.len(), 32);
        assert_eq!(key.len(), 128);
        assert!(h
            .bytes()
            .all(|b| b == b':' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert!(verify_password(h, "correct horse").unwrap());
        assert!(!verify_password(h, "correct horse ").unwrap());
    }
}

#[test]
fn non_hex_salts_are_accepted_on_verify() {
    init();
    let h = hash_password_with_salt("pw", "imported/salt+with=chars").unwrap();
    assert!(verify_password(&h, "pw").unwrap());
}

#[test]
fn malformed_hashes_get_coded_errors() {
    init();
    let key = "a".repeat(128);
    let cases = [
        "".to_string(),
        "no-colon".to_string(),
        format!(":{key}"),
        "salt:".to_string(),
        "salt:abc".to_string(),
        format!("salt:{}", "g".repeat(128)),
        format!("salt:{}", "a".repeat(127)),
        format!("{}:{key}", "s".repeat(2000)),
        format!("salt::{key}"),
    ];
    for c in &cases {
        let e = verify_password(c, "pw").unwrap_err();
        assert_eq!(e.code(), "ERR_HASH_MALFORMED", "{c:?}");
    }
}

#[test]
fn fields_after_the_key_are_ignored_like_better_auth() {
    init();
    // Better Auth destructures `hash.split(":")` into `[salt, key]`; later fields never count.
    let h = hash_password_with_salt("pw", "00112233445566778899aabbccddeeff").unwrap();
    for stored in [format!("{h}:extra"), format!("{h}:"), format!("{h}:a:b")] {
        assert!(verify_password(&stored, "pw").unwrap(), "{stored}");
        assert!(!verify_password(&stored, "other").unwrap(), "{stored}");
    }
}

#[test]
fn bad_salts_on_hash_are_invalid_arguments() {
    init();
    for s in ["", "a:b"] {
        assert_eq!(
            hash_password_with_salt("pw", s).unwrap_err().code(),
            "ERR_INVALID_ARGUMENT"
        );
    }
}

#[test]
fn long_passwords_hash_and_verify_up_to_the_byte_ceiling() {
    init();
    // Better Auth's own hash/verify take any length (its routes own the length policy), and 1.6
    // calls them at sign-in whatever the client sent: so do authcore's, up to 64 KiB.
    let salt = "00112233445566778899aabbccddeeff";
    for n in [128, 129, 200, 5000] {
        let pw = "p".repeat(n);
        let h = hash_password_with_salt(&pw, salt).unwrap();
        assert!(verify_password(&h, &pw).unwrap(), "{n}");
        let mut wrong = pw.clone();
        wrong.push('!');
        assert!(
            !verify_password(&h, &wrong).unwrap(),
            "{n}: a mismatch is false, not an error"
        );
    }
    let h = hash_password_with_salt("short", salt).unwrap();
    let at_ceiling = "x".repeat(password::MAX_PASSWORD_BYTES);
    assert!(!verify_password(&h, &at_ceiling).unwrap());
    // Past the ceiling: a coded error before any work; 10 MB costs nothing.
    let over = "x".repeat(password::MAX_PASSWORD_BYTES + 1);
    let ceiling = Error::PasswordTooLong {
        max: password::MAX_PASSWORD_BYTES,
    };
    assert_eq!(hash_password(&over).unwrap_err(), ceiling);
    assert_eq!(verify_password(&h, &over).unwrap_err(), ceiling);
    let huge = "x".repeat(10 * 1024 * 1024);
    assert_eq!(hash_password(&huge).unwrap_err(), ceiling);
    // A policy limit is an explicit opt-in, applied by hash and verify alike.
    let opts = PasswordOptions {
        max_password_length: Some(200),
        ..Default::default()
    };
    let ok = "q".repeat(200);
    let h = password::hash_password_opts(&ok, &opts).unwrap();
    assert!(password::verify_password_opts(&h, &ok, &opts).unwrap());
    let long = "q".repeat(201);
    assert_eq!(
        password::hash_password_opts(&long, &opts).unwrap_err(),
        Error::PasswordTooLong { max: 200 }
    );
    assert_eq!(
        password::verify_password_opts(&h, &long, &opts).unwrap_err(),
        Error::PasswordTooLong { max: 200 }
    );
}

#[test]
fn scrypt_cost_ceilings_are_enforced() {
    init();
    let mut out = [0u8; 64];
    let e = password::scrypt_kdf(b"p", b"s", 1 << 20, 8, 1, &mut out).unwrap_err();
    assert_eq!(e.code(), "ERR_HASH_COST_TOO_HIGH");
    let e = password::scrypt_kdf(b"p", b"s", 1 << 14, 16, 100, &mut out).unwrap_err();
    assert_eq!(e.code(), "ERR_HASH_COST_TOO_HIGH");
    let e = password::scrypt_kdf(b"p", b"s", 1000, 8, 1, &mut out).unwrap_err();
    assert_eq!(e.code(), "ERR_HASH_UNSUPPORTED");
    let e = password::scrypt_kdf(b"p", b"s", 16, 1, 1, &mut []).unwrap_err();
    assert_eq!(e.code(), "ERR_HASH_UNSUPPORTED");
}
