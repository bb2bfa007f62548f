//! Compact JWS / JWT: header decoding, verification with an HMAC key and an Ed25519 key set,
//! and JWT claim validation. A second pass signs the input as a payload (HS256) and verifies
//! it, so the claim checks see arbitrary JSON that passed the signature.
#![no_main]
use authcore::token::{self, Jwk, Jwks, JwsSignHeader, VerifyOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

// RFC 7515 A.1 (HS256) and RFC 8037 A (Ed25519) keys, so the vectors' tokens verify.
const HS_KEY: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
const ED_KEY: &str =
    r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;

fn keys() -> &'static (Jwk, Jwks, Jwks) {
    static K: OnceLock<(Jwk, Jwks, Jwks)> = OnceLock::new();
    K.get_or_init(|| {
        let hs = Jwk::from_json(HS_KEY).expect("hs key");
        let ed = Jwk::from_json(ED_KEY).expect("ed key");
        (hs.clone(), Jwks::single(hs), Jwks::single(ed))
    })
}

const NOW_MS: i64 = 1_300_819_000_000;

fn fuzz(data: &[u8]) {
    let (hs, hs_set, ed_set) = keys();
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = token::decode_header(s);
        let _ = token::verify_jws(s, hs_set, None);
        let _ = token::verify_jws(s, ed_set, None);
        let opts = VerifyOptions {
            issuer: Some(vec!["joe".into()]),
            audience: Some(vec!["convex".into()]),
            max_token_age_secs: Some(3600),
            ..VerifyOptions::default()
        };
        let _ = token::verify_jwt(s, hs_set, &VerifyOptions::default(), NOW_MS);
        let _ = token::verify_jwt(s, ed_set, &opts, NOW_MS);
    }
    // Sign the input as a payload; it must verify as a JWS, and the JWT claim checks must
    // return (never panic) on whatever JSON it holds.
    let mut rng = authcore::rng::OsRng;
    let jws = token::sign_jws(data, hs, &JwsSignHeader::default(), &mut rng).expect("sign");
    if jws.len() <= token::MAX_TOKEN_BYTES {
        let v = token::verify_jws(&jws, hs_set, None).expect("own signature verifies");
        assert_eq!(v.payload, data);
    }
    let _ = token::verify_jwt(&jws, hs_set, &VerifyOptions::default(), NOW_MS);
}

fuzz_target!(|data: &[u8]| fuzz(data));
