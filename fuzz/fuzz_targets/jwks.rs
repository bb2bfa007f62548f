//! JWK Sets (JSON): strict and lenient parsing, then key selection for every algorithm with
//! and without a `kid`.
#![no_main]
use authcore::token::{Algorithm, Jwks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Jwks::from_json_any(s);
    let Ok(set) = Jwks::from_json(s) else { return };
    assert!(set.len() <= authcore::token::MAX_JWKS_KEYS);
    for alg in Algorithm::ALL {
        let _ = set.select(alg, None);
        let _ = set.select(alg, Some("a"));
    }
    let _ = set.has_kid("a");
});
