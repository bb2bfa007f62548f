//! Tokens minted by the real Better Auth 1.6.34 and @convex-dev/better-auth 0.12.5
//! (tests/vectors/better-auth/better-auth-1.6.34.json): JWT-plugin tokens (EdDSA and RS256 with a
//! custom iss/aud), the Convex RS256 token, email-verification HS256 tokens, and the HS256
//! `jwt` cookie cache, verified with the presets at their own `iat`. Native and WASM.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use authcore::token::{self, presets, Jwks, VerifyOptions};
use serde_json::Value;

const BA: &str = include_str!("vectors/better-auth/better-auth-1.6.34.json");

fn ba() -> Value {
    serde_json::from_str(BA).unwrap()
}

fn at_iat(payload: &Value) -> i64 {
    payload["iat"].as_i64().unwrap() * 1000
}

#[test]
fn jwt_plugin_tokens_verify_with_the_better_auth_preset() {
    let v = ba();
    let mut n = 0;
    for (name, flow) in v["flows"].as_object().unwrap() {
        let p = &flow["jwtPlugin"];
        let tok = p["token"].as_str().unwrap();
        let jwks = Jwks::from_json(&p["jwks"].to_string()).unwrap();
        let iss = p["payload"]["iss"].as_str().unwrap();
        let aud = p["payload"]["aud"].as_str().unwrap();
        let now = at_iat(&p["payload"]);
        let opts = presets::better_auth_jwt_with(iss, aud);
        let out =
            token::verify_jwt(tok, &jwks, &opts, now).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&Value::Object(out.claims.clone()), &p["payload"], "{name}");
        assert_eq!(
            out.header.kid.as_deref(),
            p["protectedHeader"]["kid"].as_str()
        );
        // The set-auth-jwt header carries a token of the same shape.
        let hdr = flow["setAuthJwtHeader"].as_str().unwrap();
        token::verify_jwt(hdr, &jwks, &opts, now).unwrap();
        // With iss == aud == baseURL the one-argument preset applies too.
        if iss == aud {
            token::verify_jwt(tok, &jwks, &presets::better_auth_jwt(iss), now).unwrap();
        } else {
            let e = token::verify_jwt(tok, &jwks, &presets::better_auth_jwt(iss), now).unwrap_err();
            assert_eq!(
                (e.code(), e.claim()),
                ("ERR_JWT_CLAIM_VALIDATION_FAILED", Some("aud"))
            );
        }
        // Expired at exp, wrong audience, and not a Convex token.
        let exp = p["payload"]["exp"].as_i64().unwrap() * 1000;
        assert_eq!(
            token::verify_jwt(tok, &jwks, &opts, exp)
                .unwrap_err()
                .code(),
            "ERR_JWT_EXPIRED"
        );
        let wrong = presets::better_auth_jwt_with(iss, "someone-else");
        assert_eq!(
            token::verify_jwt(tok, &jwks, &wrong, now)
                .unwrap_err()
                .claim(),
            Some("aud")
        );
        let convex = token::verify_jwt(tok, &jwks, &presets::convex(iss), now).unwrap_err();
        assert!(
            matches!(
                convex.code(),
                "ERR_JOSE_ALG_NOT_ALLOWED" | "ERR_JWT_CLAIM_VALIDATION_FAILED"
            ),
            "{name}: {}",
            convex.code()
        );
        // The jwks row's public key (no alg, no kid) verifies as a single key.
        let row = token::Jwk::from_json(p["jwksRow"]["publicKey"].as_str().unwrap()).unwrap();
        token::verify_jwt(tok, &Jwks::single(row), &opts, now).unwrap();
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn convex_token_verifies_with_the_convex_preset() {
    let v = ba();
    let c = &v["convex"];
    let t = &c["convexJwt"];
    let tok = t["token"].as_str().unwrap();
    let jwks = Jwks::from_json(&t["jwks"].to_string()).unwrap();
    let site = c["CONVEX_SITE_URL"].as_str().unwrap();
    let now = at_iat(&t["payload"]);
    let out = token::verify_jwt(tok, &jwks, &presets::convex(site), now).unwrap();
    assert_eq!(&Value::Object(out.claims), &t["payload"]);
    assert_eq!(out.header.alg, token::Algorithm::RS256);
    // Same token from the cookie.
    let cookie = c["tokenSetCookie"][0].as_str().unwrap();
    let from_cookie = cookie
        .strip_prefix("better-auth.convex_jwt=")
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    token::verify_jwt(from_cookie, &jwks, &presets::convex(site), now).unwrap();
    // A trailing slash is a different issuer (the plugin uses the exact string).
    let e = token::verify_jwt(tok, &jwks, &presets::convex(&format!("{site}/")), now).unwrap_err();
    assert_eq!(e.claim(), Some("iss"));
}

#[test]
fn email_verification_tokens_verify_with_the_secret() {
    let v = ba();
    let secret = v["secret"].as_str().unwrap();
    let keys = Jwks::from_secret(secret.as_bytes());
    let opts = presets::better_auth_email_verification();
    for (name, flow) in v["flows"].as_object().unwrap() {
        let ev = &flow["emailVerification"];
        let tok = ev["token"].as_str().unwrap();
        let now = at_iat(&ev["payload"]);
        let out =
            token::verify_jwt(tok, &keys, &opts, now).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&Value::Object(out.claims), &ev["payload"]);
        let wrong = Jwks::from_secret(b"another-secret-0123456789-abcdefghijklmnop");
        assert_eq!(
            token::verify_jwt(tok, &wrong, &opts, now)
                .unwrap_err()
                .code(),
            "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
        );
        let exp = ev["payload"]["exp"].as_i64().unwrap() * 1000;
        assert_eq!(
            token::verify_jwt(tok, &keys, &opts, exp)
                .unwrap_err()
                .code(),
            "ERR_JWT_EXPIRED"
        );
        // An email-verification token is not accepted where an asymmetric JWT is expected.
        let jwks = Jwks::from_json(&flow["jwtPlugin"]["jwks"].to_string()).unwrap();
        assert_eq!(
            token::verify_jwt(tok, &jwks, &VerifyOptions::default(), now)
                .unwrap_err()
                .code(),
            "ERR_JWKS_NO_MATCHING_KEY"
        );
    }
}

#[test]
fn jwt_cookie_cache_is_an_hs256_jwt_with_the_secret() {
    let v = ba();
    let secret = v["secret"].as_str().unwrap();
    let keys = Jwks::from_secret(secret.as_bytes());
    let mut n = 0;
    for flow in v["flows"].as_object().unwrap().values() {
        let c = &flow["sessionDataCookie"];
        if c["strategy"] != "jwt" {
            continue;
        }
        let tok = c["wireValue"].as_str().unwrap();
        let now = at_iat(&c["payload"]);
        let opts = VerifyOptions {
            algorithms: Some(vec![token::Algorithm::HS256]),
            ..VerifyOptions::default()
        };
        let out = token::verify_jwt(tok, &keys, &opts, now).unwrap();
        assert_eq!(&Value::Object(out.claims), &c["payload"]);
        n += 1;
    }
    assert_eq!(n, 2);
}
