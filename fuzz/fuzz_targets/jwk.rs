//! One JWK (JSON): parsing, thumbprint, public part, default algorithm, and a signature
//! check with every algorithm against it (fails, never panics).
#![no_main]
use authcore::token::{self, Algorithm, Jwk};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(jwk) = Jwk::from_json(s) else { return };
    let _ = jwk.to_json();
    let _ = token::jwk_thumbprint(&jwk);
    let _ = jwk.key_type();
    let _ = jwk.is_private();
    let _ = jwk.to_public();
    let _ = jwk.default_algorithm();
    for alg in Algorithm::ALL {
        let _ = token::verify_signature(alg, &jwk, b"header.payload", &[0u8; 64]);
    }
    // A key that parses re-serialises to JSON that parses to the same key.
    let again = Jwk::from_json(&jwk.to_json()).expect("to_json output parses");
    assert_eq!(again.to_json(), jwk.to_json());
});
