//! Builds without the `nfkc` feature (the npm package's request-path and passwords WASM):
//! normalisation comes from an installed normaliser, and without a working one the functions
//! that need it refuse with `ERR_NFKC_UNAVAILABLE` instead of hashing differently from Better
//! Auth. Run with `cargo test --test unicode_injected --no-default-features --features passwords`
//! (with the feature this file compiles to nothing: the tables are used).
#![cfg(not(feature = "nfkc"))]

use std::sync::atomic::{AtomicBool, Ordering};

use authcore::password::PasswordOptions;
use authcore::unicode::{self, Form};
use authcore::{hash_password_with_salt, verify_password, Error};
use serde_json::Value;

/// Simulates a JavaScript engine without ICU (the normaliser answers `None`) while set.
static NO_ICU: AtomicBool = AtomicBool::new(true);

fn normaliser(s: &str, form: Form) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    if NO_ICU.load(Ordering::SeqCst) {
        return None;
    }
    Some(match form {
        Form::Nfc => s.nfc().collect(),
        Form::Nfkc => s.nfkc().collect(),
    })
}

// One test: the normaliser is process-wide, and the steps must run in this order.
#[test]
fn normalisation_comes_from_the_installed_normaliser_or_is_refused() {
    let v: Value =
        serde_json::from_str(include_str!("vectors/better-auth/better-auth-1.6.34.json")).unwrap();
    let vectors = v["passwords"]["vectors"].as_array().unwrap();
    let x = vectors
        .iter()
        .find(|x| x["password"] != x["nfkc"])
        .expect("a vector whose NFKC differs");
    let (pw, hash) = (x["password"].as_str().unwrap(), x["hash"].as_str().unwrap());
    let (salt, _) = hash.split_once(':').unwrap();

    // No normaliser installed: refused, with a stable code, for hash and verify.
    let e = hash_password_with_salt(pw, salt).unwrap_err();
    assert_eq!(e, Error::NfkcUnavailable);
    assert_eq!(e.code(), "ERR_NFKC_UNAVAILABLE");
    assert_eq!(
        verify_password(hash, pw).unwrap_err(),
        Error::NfkcUnavailable
    );
    assert_eq!(
        authcore::sync::try_near_duplicate_key("A@x.io").unwrap_err(),
        Error::NfkcUnavailable
    );

    // A normaliser that cannot normalise (no ICU): still refused, never a different hash.
    assert!(unicode::set_normalizer(normaliser));
    assert!(
        !unicode::set_normalizer(|s, _| Some(s.to_owned())),
        "the first one stays"
    );
    for _ in 0..1000 {
        assert_eq!(
            verify_password(hash, pw).unwrap_err(),
            Error::NfkcUnavailable
        );
    }

    // A working one: Better Auth's vectors byte for byte, NFKC-equivalent passwords equal.
    NO_ICU.store(false, Ordering::SeqCst);
    for x in vectors {
        let pw = x["password"].as_str().unwrap();
        let hash = x["hash"].as_str().unwrap();
        let (salt, _) = hash.split_once(':').unwrap();
        assert_eq!(hash_password_with_salt(pw, salt).unwrap(), hash, "{pw}");
        assert!(verify_password(hash, pw).unwrap());
        assert!(verify_password(hash, x["nfkc"].as_str().unwrap()).unwrap());
        assert!(!verify_password(hash, &format!("{pw}x")).unwrap());
    }
    assert_eq!(
        authcore::sync::try_near_duplicate_key(" E\u{301}@X.io ").unwrap(),
        "\u{e9}@x.io"
    );

    // Length limits still count the password as given, before NFKC: 128 "ﬁ" are 128 UTF-16
    // units (256 after NFKC) and pass a 128 limit; 129 do not.
    let opts = PasswordOptions {
        max_password_length: Some(128),
        ..Default::default()
    };
    let fi = "\u{fb01}".repeat(128);
    let h = authcore::hash_password_with_salt_opts(&fi, salt, &opts).unwrap();
    assert!(authcore::verify_password_opts(&h, &"fi".repeat(128), &Default::default()).unwrap());
    let e = authcore::hash_password_with_salt_opts(&format!("{fi}\u{fb01}"), salt, &opts);
    assert_eq!(e.unwrap_err().code(), "ERR_PASSWORD_TOO_LONG");
}
