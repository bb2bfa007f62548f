//! Token behaviour: round trips for every algorithm, adversarial inputs with their exact
//! codes, claims, presets, the remote-JWKS refresh decision. Native and WASM.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use authcore::rng::OsRng;
use authcore::token::{
    self, presets, Algorithm, Jwk, Jwks, JwksCachePolicy, JwksCacheState, JwksRefresh,
    JwsSignHeader, SignOptions, VerifyOptions,
};
use base64::Engine;
use serde_json::{json, Map, Value};

const RFC: &str = include_str!("vectors/jose-rfc.json");
const NOW: i64 = 1_700_000_000_000;

fn b64u(b: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The RFC 7515 A.2 RSA private key (2048 bits), so tests need no slow RSA key generation.
fn rsa_private() -> Jwk {
    let doc: Value = serde_json::from_str(RFC).unwrap();
    Jwk::from_json(&doc["jws"][1]["jwk"].to_string()).unwrap()
}

fn private_key(alg: Algorithm) -> Jwk {
    match alg.key_type() {
        token::KeyType::Rsa => rsa_private(),
        _ => {
            token::generate_key_pair(alg, &mut OsRng)
                .unwrap()
                .private_jwk
        }
    }
}

fn public_of(k: &Jwk) -> Jwk {
    if k.kty == "oct" {
        k.clone()
    } else {
        k.to_public().unwrap()
    }
}

fn claims(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn sign(payload: &Value, key: &Jwk, alg: Algorithm) -> String {
    let opts = SignOptions {
        header: JwsSignHeader {
            alg: Some(alg),
            ..JwsSignHeader::default()
        },
        ..SignOptions::default()
    };
    token::sign_jwt(&claims(payload.clone()), key, &opts, NOW, &mut OsRng).unwrap()
}

/// A compact JWS with an arbitrary header, signed with `key` under `alg` (bypasses the
/// signing API's own checks, to build hostile tokens).
fn raw_token(header: &Value, payload: &[u8], key: &Jwk, alg: Algorithm) -> String {
    let input = format!("{}.{}", b64u(header.to_string().as_bytes()), b64u(payload));
    let sig = token::sign_signature(alg, key, input.as_bytes(), &mut OsRng).unwrap();
    format!("{input}.{}", b64u(&sig))
}

fn code<T: std::fmt::Debug>(r: authcore::Result<T>) -> &'static str {
    r.unwrap_err().code()
}

#[test]
fn every_algorithm_round_trips_and_binds_to_its_key() {
    for alg in Algorithm::ALL {
        let key = private_key(alg);
        let public = public_of(&key);
        let jwt = sign(&json!({"sub": "u1"}), &key, alg);
        let keys = Jwks::single(public.clone());
        let v = token::verify_jwt(&jwt, &keys, &VerifyOptions::default(), NOW).unwrap();
        assert_eq!(v.header.alg, alg);
        assert_eq!(v.claims["sub"], "u1");
        assert_eq!(v.claims["iat"], NOW / 1000);
        // Only this algorithm allowed: fine; another one: refused before any key work.
        token::verify_jwt(
            &jwt,
            &keys,
            &VerifyOptions {
                algorithms: Some(vec![alg]),
                ..VerifyOptions::default()
            },
            NOW,
        )
        .unwrap();
        let other = if alg == Algorithm::HS256 {
            Algorithm::HS384
        } else {
            Algorithm::HS256
        };
        let opts = VerifyOptions {
            algorithms: Some(vec![other]),
            ..VerifyOptions::default()
        };
        assert_eq!(
            code(token::verify_jwt(&jwt, &keys, &opts, NOW)),
            "ERR_JOSE_ALG_NOT_ALLOWED"
        );
        // A key set holding the key under another kid: with the token's kid absent, it
        // matches; tampering breaks it.
        let mut parts: Vec<String> = jwt.split('.').map(str::to_owned).collect();
        parts[1] = b64u(br#"{"sub":"admin"}"#);
        assert_eq!(
            code(token::verify_jws(&parts.join("."), &keys, None)),
            "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            "{alg}"
        );
    }
}

#[test]
fn generated_keys_have_thumbprint_kids_and_alg() {
    for alg in [
        Algorithm::EdDSA,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::HS512,
    ] {
        let pair = token::generate_key_pair(alg, &mut OsRng).unwrap();
        assert_eq!(pair.public_jwk.alg.as_deref(), Some(alg.as_str()));
        assert_eq!(
            pair.public_jwk.kid.as_deref().unwrap(),
            token::jwk_thumbprint(&pair.public_jwk).unwrap()
        );
        if !alg.is_symmetric() {
            assert!(pair.public_jwk.d.is_none() && pair.private_jwk.d.is_some());
        }
        // The JWK JSON round-trips.
        let back = Jwk::from_json(&pair.private_jwk.to_json()).unwrap();
        assert_eq!(back, pair.private_jwk);
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn generated_rsa_key_signs_all_rsa_algorithms() {
    let pair = token::generate_key_pair(Algorithm::PS256, &mut OsRng).unwrap();
    let mut k = pair.private_jwk.clone();
    k.alg = None;
    let n = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(pair.public_jwk.n.as_ref().unwrap())
        .unwrap();
    assert_eq!(n.len() * 8, token::GENERATED_RSA_BITS);
    for alg in [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ] {
        let jwt = sign(&json!({}), &k, alg);
        let mut public = public_of(&k);
        public.alg = None;
        token::verify_jwt(
            &jwt,
            &Jwks::new(vec![public]),
            &VerifyOptions::default(),
            NOW,
        )
        .unwrap();
    }
}

#[test]
fn alg_none_and_unknown_algs_are_never_accepted() {
    let key = private_key(Algorithm::EdDSA);
    let keys = Jwks::single(public_of(&key));
    let p = b64u(br#"{"sub":"x"}"#);
    let none = format!("{}.{p}.", b64u(br#"{"alg":"none"}"#));
    assert_eq!(
        code(token::verify_jws(&none, &keys, None)),
        "ERR_JOSE_ALG_NOT_ALLOWED"
    );
    let all = Algorithm::ALL;
    assert_eq!(
        code(token::verify_jws(&none, &keys, Some(&all))),
        "ERR_JOSE_ALG_NOT_ALLOWED"
    );
    let none_sig = format!("{}.{p}.{}", b64u(br#"{"alg":"none"}"#), b64u(&[0; 64]));
    assert_eq!(
        code(token::verify_jws(&none_sig, &keys, None)),
        "ERR_JOSE_ALG_NOT_ALLOWED"
    );
    for name in ["NONE", "None", "RS1", "ES256K", "Ed25519x", ""] {
        let t = format!(
            "{}.{p}.{}",
            b64u(json!({"alg": name}).to_string().as_bytes()),
            b64u(&[0; 64])
        );
        assert_eq!(
            code(token::verify_jws(&t, &keys, None)),
            "ERR_JOSE_NOT_SUPPORTED",
            "{name}"
        );
    }
    let t = format!("{}.{p}.AA", b64u(br#"{"alg":5}"#));
    assert_eq!(code(token::verify_jws(&t, &keys, None)), "ERR_JWS_INVALID");
}

#[test]
fn hmac_keyed_with_a_public_key_is_refused() {
    // The classic confusion: an attacker HMACs with the server's public RSA key bytes.
    let rsa_pub = public_of(&rsa_private());
    let as_secret = Jwk::from_secret(rsa_pub.to_json().as_bytes());
    let n_secret = Jwk::from_secret(rsa_pub.n.as_ref().unwrap().as_bytes());
    for secret in [as_secret, n_secret] {
        let t = raw_token(
            &json!({"alg":"HS256"}),
            br#"{"sub":"admin"}"#,
            &secret,
            Algorithm::HS256,
        );
        let set = Jwks::new(vec![rsa_pub.clone()]);
        assert_eq!(
            code(token::verify_jws(&t, &set, None)),
            "ERR_JWKS_NO_MATCHING_KEY"
        );
        let one = Jwks::single(rsa_pub.clone());
        assert_eq!(code(token::verify_jws(&t, &one, None)), "ERR_JWK_INVALID");
        assert_eq!(
            code(token::verify_jws(&t, &one, Some(&[Algorithm::RS256]))),
            "ERR_JOSE_ALG_NOT_ALLOWED"
        );
        assert_eq!(
            code(token::verify_signature(
                Algorithm::HS256,
                &rsa_pub,
                b"x",
                &[0; 32]
            )),
            "ERR_JWK_INVALID"
        );
    }
    // Same for an EC public key and EdDSA with an EC key.
    let ec = public_of(&private_key(Algorithm::ES256));
    assert_eq!(
        code(token::verify_signature(
            Algorithm::HS256,
            &ec,
            b"x",
            &[0; 32]
        )),
        "ERR_JWK_INVALID"
    );
    assert_eq!(
        code(token::verify_signature(
            Algorithm::EdDSA,
            &ec,
            b"x",
            &[0; 64]
        )),
        "ERR_JWK_INVALID"
    );
    // ES384 with a P-256 key.
    assert_eq!(
        code(token::verify_signature(
            Algorithm::ES384,
            &ec,
            b"x",
            &[0; 96]
        )),
        "ERR_JWK_INVALID"
    );
    // Signing refuses the mismatch too.
    let opts = SignOptions {
        header: JwsSignHeader {
            alg: Some(Algorithm::HS256),
            ..JwsSignHeader::default()
        },
        ..SignOptions::default()
    };
    assert_eq!(
        code(token::sign_jwt(
            &Map::new(),
            &rsa_private(),
            &opts,
            NOW,
            &mut OsRng
        )),
        "ERR_JWK_INVALID"
    );
}

#[test]
fn key_selection_needs_exactly_one_match() {
    let a = token::generate_key_pair(Algorithm::ES256, &mut OsRng).unwrap();
    let b = token::generate_key_pair(Algorithm::ES256, &mut OsRng).unwrap();
    let ed = token::generate_key_pair(Algorithm::EdDSA, &mut OsRng).unwrap();
    let set = Jwks::new(vec![
        a.public_jwk.clone(),
        b.public_jwk.clone(),
        ed.public_jwk.clone(),
    ]);
    let t = sign(&json!({}), &a.private_jwk, Algorithm::ES256);
    token::verify_jws(&t, &set, None).unwrap();
    // kid not found
    let mut other = a.private_jwk.clone();
    other.kid = Some("nope".into());
    let t2 = sign(&json!({}), &other, Algorithm::ES256);
    assert_eq!(
        code(token::verify_jws(&t2, &set, None)),
        "ERR_JWKS_NO_MATCHING_KEY"
    );
    // no kid in the token: two ES256 keys match
    let mut nokid = a.private_jwk.clone();
    nokid.kid = None;
    let t3 = sign(&json!({}), &nokid, Algorithm::ES256);
    assert_eq!(
        code(token::verify_jws(&t3, &set, None)),
        "ERR_JWKS_MULTIPLE_MATCHING_KEYS"
    );
    // two keys with the same kid
    let mut dup = b.public_jwk.clone();
    dup.kid = a.public_jwk.kid.clone();
    let set2 = Jwks::new(vec![a.public_jwk.clone(), dup]);
    assert_eq!(
        code(token::verify_jws(&t, &set2, None)),
        "ERR_JWKS_MULTIPLE_MATCHING_KEYS"
    );
    // use: enc, key_ops without verify, wrong alg, wrong crv: not candidates
    for tweak in 0..4 {
        let mut k = a.public_jwk.clone();
        match tweak {
            0 => k.use_ = Some("enc".into()),
            1 => k.key_ops = Some(vec!["encrypt".into()]),
            2 => k.alg = Some("ES384".into()),
            _ => k.crv = Some("P-384".into()),
        }
        let set = Jwks::new(vec![k]);
        assert_eq!(
            code(token::verify_jws(&t, &set, None)),
            "ERR_JWKS_NO_MATCHING_KEY",
            "{tweak}"
        );
    }
    // A kid that points at a broken key is reported as such.
    let mut broken = a.public_jwk.clone();
    broken.x = Some("AAAA".into());
    assert_eq!(
        code(token::verify_jws(&t, &Jwks::new(vec![broken]), None)),
        "ERR_JWK_INVALID"
    );
    assert_eq!(set.select(Algorithm::EdDSA, None).unwrap(), &ed.public_jwk);
}

#[test]
fn crit_and_b64_are_strict() {
    let key = private_key(Algorithm::HS256);
    let keys = Jwks::single(key.clone());
    let p = br#"{"sub":"x"}"#;
    let cases = [
        (
            json!({"alg":"HS256","crit":["exp"],"exp":1}),
            "ERR_JOSE_NOT_SUPPORTED",
        ),
        (
            json!({"alg":"HS256","b64":false,"crit":["b64"]}),
            "ERR_JOSE_NOT_SUPPORTED",
        ),
        (json!({"alg":"HS256","b64":false}), "ERR_JOSE_NOT_SUPPORTED"),
        (
            json!({"alg":"HS256","crit":["kid"],"kid":"a"}),
            "ERR_JWS_INVALID",
        ),
        (json!({"alg":"HS256","crit":["x"]}), "ERR_JWS_INVALID"),
        (json!({"alg":"HS256","crit":[]}), "ERR_JWS_INVALID"),
        (
            json!({"alg":"HS256","crit":"b64","b64":true}),
            "ERR_JWS_INVALID",
        ),
        (json!({"alg":"HS256","b64":"no"}), "ERR_JWS_INVALID"),
        (json!({"alg":"HS256","kid":7}), "ERR_JWS_INVALID"),
        (json!(["HS256"]), "ERR_JWS_INVALID"),
    ];
    for (h, want) in cases {
        let input = format!("{}.{}", b64u(h.to_string().as_bytes()), b64u(p));
        let sig =
            token::sign_signature(Algorithm::HS256, &key, input.as_bytes(), &mut OsRng).unwrap();
        let t = format!("{input}.{}", b64u(&sig));
        assert_eq!(code(token::verify_jws(&t, &keys, None)), want, "{h}");
    }
    // b64:true with crit b64 is the default encoding: accepted.
    let t = raw_token(
        &json!({"alg":"HS256","b64":true,"crit":["b64"]}),
        p,
        &key,
        Algorithm::HS256,
    );
    token::verify_jws(&t, &keys, None).unwrap();
    // Duplicate header members are refused (JSON.parse would silently keep the last).
    let input = format!("{}.{}", b64u(br#"{"alg":"HS256","alg":"none"}"#), b64u(p));
    let sig = token::sign_signature(Algorithm::HS256, &key, input.as_bytes(), &mut OsRng).unwrap();
    assert_eq!(
        code(token::verify_jws(
            &format!("{input}.{}", b64u(&sig)),
            &keys,
            None
        )),
        "ERR_JWS_INVALID"
    );
}

#[test]
fn malformed_truncated_oversized_tokens_are_rejected_without_panics() {
    let key = private_key(Algorithm::EdDSA);
    let keys = Jwks::single(public_of(&key));
    let good = sign(&json!({"sub":"u"}), &key, Algorithm::EdDSA);
    for i in 0..good.len() {
        let r = token::verify_jws(&good[..i], &keys, None);
        let c = code(r);
        assert!(
            c == "ERR_JWS_INVALID" || c == "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            "prefix {i}: {c}"
        );
    }
    let parts: Vec<&str> = good.split('.').collect();
    let bad = [
        String::new(),
        ".".into(),
        "..".into(),
        "a.b.c.d".into(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{}.{}.{}.", parts[0], parts[1], parts[2]),
        format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}==", parts[0], parts[1], parts[2]),
        format!("{} .{}.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}+.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}", b64u(b"not json"), parts[1], parts[2]),
        format!("{}.{}.{}", b64u(&[0xff, 0xfe]), parts[1], parts[2]),
    ];
    for t in &bad {
        assert_eq!(
            code(token::verify_jws(t, &keys, None)),
            "ERR_JWS_INVALID",
            "{t:?}"
        );
    }
    // Oversized token and header.
    let big = format!(
        "{}.{}.{}",
        parts[0],
        "A".repeat(token::MAX_TOKEN_BYTES),
        parts[2]
    );
    assert_eq!(
        code(token::verify_jws(&big, &keys, None)),
        "ERR_JWS_INVALID"
    );
    let h = json!({"alg":"EdDSA","x":"a".repeat(token::MAX_HEADER_BYTES)});
    let t = format!(
        "{}.{}.{}",
        b64u(h.to_string().as_bytes()),
        parts[1],
        parts[2]
    );
    assert_eq!(code(token::verify_jws(&t, &keys, None)), "ERR_JWS_INVALID");
    // Deep JSON in the header (and, correctly signed, in the payload).
    let deep = format!(
        "{{\"alg\":\"EdDSA\",\"x\":{}1{}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let t = format!("{}.{}.{}", b64u(deep.as_bytes()), parts[1], parts[2]);
    assert_eq!(code(token::verify_jws(&t, &keys, None)), "ERR_JWS_INVALID");
    let deep_payload = format!("{{\"x\":{}1{}}}", "[".repeat(100), "]".repeat(100));
    let t = raw_token(
        &json!({"alg":"EdDSA"}),
        deep_payload.as_bytes(),
        &key,
        Algorithm::EdDSA,
    );
    assert_eq!(
        code(token::verify_jwt(&t, &keys, &VerifyOptions::default(), NOW)),
        "ERR_JWT_INVALID"
    );
    // A valid JWS whose payload is not a claims set.
    for p in [&b"[1]"[..], b"\"s\"", b"not json", b"", br#"{"a":1,"a":2}"#] {
        let t = raw_token(&json!({"alg":"EdDSA"}), p, &key, Algorithm::EdDSA);
        token::verify_jws(&t, &keys, None).unwrap();
        assert_eq!(
            code(token::verify_jwt(&t, &keys, &VerifyOptions::default(), NOW)),
            "ERR_JWT_INVALID"
        );
    }
    // Every single-byte corruption: an error, never a panic, never success.
    let bytes = good.as_bytes();
    for i in 0..bytes.len() {
        for x in [b'A', b'.', b'-', b'_', b'=', 0u8, 0xc3] {
            if bytes[i] == x {
                continue;
            }
            let mut m = bytes.to_vec();
            m[i] = x;
            if let Ok(s) = std::str::from_utf8(&m) {
                assert!(
                    token::verify_jwt(s, &keys, &VerifyOptions::default(), NOW).is_err(),
                    "{i} {x}"
                );
            }
        }
    }
}

#[test]
fn claims_checks_have_jose_codes_claims_and_reasons() {
    let key = private_key(Algorithm::ES256);
    let keys = Jwks::single(public_of(&key));
    let now_s = NOW / 1000;
    let check = |payload: Value, opts: VerifyOptions| {
        let t = sign(&payload, &key, Algorithm::ES256);
        token::verify_jwt(&t, &keys, &opts, NOW)
    };
    let d = VerifyOptions::default;
    let e = check(json!({"exp": now_s}), d()).unwrap_err();
    assert_eq!(
        (e.code(), e.claim(), e.reason()),
        ("ERR_JWT_EXPIRED", Some("exp"), Some("check_failed"))
    );
    check(json!({"exp": now_s + 1}), d()).unwrap();
    let tol = VerifyOptions {
        clock_tolerance_secs: 5,
        ..d()
    };
    check(json!({"exp": now_s - 4}), tol.clone()).unwrap();
    assert_eq!(
        check(json!({"exp": now_s - 5}), tol.clone())
            .unwrap_err()
            .code(),
        "ERR_JWT_EXPIRED"
    );
    let e = check(json!({"nbf": now_s + 1}), d()).unwrap_err();
    assert_eq!(
        (e.code(), e.claim(), e.reason()),
        (
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            Some("nbf"),
            Some("check_failed")
        )
    );
    check(json!({"nbf": now_s + 5}), tol.clone()).unwrap();
    let e = check(json!({"exp": "soon"}), d()).unwrap_err();
    assert_eq!(
        (e.code(), e.claim(), e.reason()),
        (
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            Some("exp"),
            Some("invalid")
        )
    );
    let iss = VerifyOptions {
        issuer: Some(vec!["https://a".into()]),
        ..d()
    };
    let e = check(json!({"iss": "https://b"}), iss.clone()).unwrap_err();
    assert_eq!((e.claim(), e.reason()), (Some("iss"), Some("check_failed")));
    let e = check(json!({}), iss.clone()).unwrap_err();
    assert_eq!(
        (e.code(), e.claim(), e.reason()),
        (
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            Some("iss"),
            Some("missing")
        )
    );
    check(json!({"iss": "https://a"}), iss).unwrap();
    let aud = VerifyOptions {
        audience: Some(vec!["convex".into(), "x".into()]),
        ..d()
    };
    check(json!({"aud": "convex"}), aud.clone()).unwrap();
    check(json!({"aud": ["y", "x"]}), aud.clone()).unwrap();
    let e = check(json!({"aud": ["y"]}), aud.clone()).unwrap_err();
    assert_eq!(
        (e.code(), e.claim()),
        ("ERR_JWT_CLAIM_VALIDATION_FAILED", Some("aud"))
    );
    assert_eq!(
        check(json!({"aud": 5}), aud).unwrap_err().claim(),
        Some("aud")
    );
    let req = VerifyOptions {
        required_claims: vec!["email".into()],
        ..d()
    };
    let e = check(json!({}), req).unwrap_err();
    assert_eq!((e.claim(), e.reason()), (Some("email"), Some("missing")));
    let sub = VerifyOptions {
        subject: Some("u1".into()),
        ..d()
    };
    assert_eq!(
        check(json!({"sub": "u2"}), sub).unwrap_err().claim(),
        Some("sub")
    );
    let age = VerifyOptions {
        max_token_age_secs: Some(60),
        ..d()
    };
    check(json!({}), age.clone()).unwrap(); // iat = now (set by sign)
                                            // typ: compared like jose (case-insensitive, application/ prefix ignored)
    let opts = SignOptions {
        header: JwsSignHeader {
            typ: Some("application/JWT".into()),
            ..JwsSignHeader::default()
        },
        ..SignOptions::default()
    };
    let t = token::sign_jwt(&Map::new(), &key, &opts, NOW, &mut OsRng).unwrap();
    let typ = VerifyOptions {
        typ: Some("jwt".into()),
        ..d()
    };
    token::verify_jwt(&t, &keys, &typ, NOW).unwrap();
    let typ2 = VerifyOptions {
        typ: Some("at+jwt".into()),
        ..d()
    };
    let e = token::verify_jwt(&t, &keys, &typ2, NOW).unwrap_err();
    assert_eq!(
        (e.code(), e.claim()),
        ("ERR_JWT_CLAIM_VALIDATION_FAILED", Some("typ"))
    );
    // maxTokenAge: too old is ERR_JWT_EXPIRED on iat
    let e = token::verify_jwt(&t, &keys, &age, NOW + 61_000).unwrap_err();
    assert_eq!((e.code(), e.claim()), ("ERR_JWT_EXPIRED", Some("iat")));
    // now is epoch milliseconds, compared in whole seconds (floor, as jose).
    let t = sign(&json!({"exp": now_s + 1}), &key, Algorithm::ES256);
    token::verify_jwt(&t, &keys, &d(), NOW + 999).unwrap();
    assert_eq!(
        code(token::verify_jwt(&t, &keys, &d(), NOW + 1000)),
        "ERR_JWT_EXPIRED"
    );
}

#[test]
fn weak_or_malformed_keys_are_refused() {
    let rsa = rsa_private();
    let n = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(rsa.n.as_ref().unwrap())
        .unwrap();
    let mut small = n[..128].to_vec();
    small[127] |= 1;
    // (Jwk wipes its private members on drop, so it is changed by assignment, not `..base`.)
    let mut k = public_of(&rsa);
    k.n = Some(b64u(&small));
    assert_eq!(
        code(token::verify_signature(Algorithm::RS256, &k, b"x", &small)),
        "ERR_JWK_INVALID"
    );
    let t = sign(&json!({}), &rsa, Algorithm::RS256);
    assert_eq!(
        code(token::verify_jws(&t, &Jwks::single(k), None)),
        "ERR_JWK_INVALID"
    );
    // EC point not on the curve, wrong lengths, unknown kty/crv.
    let ec = public_of(&private_key(Algorithm::ES256));
    let mut off = ec.clone();
    let mut y = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(off.y.as_ref().unwrap())
        .unwrap();
    y[31] ^= 1;
    off.y = Some(b64u(&y));
    assert_eq!(
        code(token::verify_signature(
            Algorithm::ES256,
            &off,
            b"x",
            &[1; 64]
        )),
        "ERR_JWK_INVALID"
    );
    let mut short = ec.clone();
    short.x = Some("AAAA".into());
    assert_eq!(
        code(token::verify_signature(
            Algorithm::ES256,
            &short,
            b"x",
            &[1; 64]
        )),
        "ERR_JWK_INVALID"
    );
    let mut x448 = public_of(&private_key(Algorithm::EdDSA));
    x448.crv = Some("Ed448".into());
    assert_eq!(
        code(token::verify_signature(
            Algorithm::EdDSA,
            &x448,
            b"x",
            &[1; 64]
        )),
        "ERR_JOSE_NOT_SUPPORTED"
    );
    assert_eq!(code(Jwk::from_json("[]")), "ERR_JWK_INVALID");
    assert_eq!(
        code(token::verify_signature(
            Algorithm::HS256,
            &Jwk::from_secret(b""),
            b"x",
            &[0; 32]
        )),
        "ERR_JWK_INVALID"
    );
    // A private key whose d does not match x is refused for signing.
    let mut a = private_key(Algorithm::EdDSA);
    a.x = private_key(Algorithm::EdDSA).x.clone();
    assert_eq!(
        code(token::sign_signature(
            Algorithm::EdDSA,
            &a,
            b"x",
            &mut OsRng
        )),
        "ERR_JWK_INVALID"
    );
}

#[test]
fn jwks_json_is_bounded_and_flexible() {
    let a = token::generate_key_pair(Algorithm::EdDSA, &mut OsRng).unwrap();
    let set = format!(r#"{{"keys":[{}]}}"#, a.public_jwk.to_json());
    assert_eq!(Jwks::from_json(&set).unwrap().len(), 1);
    assert_eq!(
        Jwks::from_json_any(&a.public_jwk.to_json()).unwrap().len(),
        1
    );
    let many = format!(
        r#"{{"keys":[{}]}}"#,
        vec![a.public_jwk.to_json(); token::MAX_JWKS_KEYS + 1].join(",")
    );
    assert_eq!(code(Jwks::from_json(&many)), "ERR_JWKS_INVALID");
    assert_eq!(code(Jwks::from_json(r#"{"keys":{}}"#)), "ERR_JWKS_INVALID");
    assert_eq!(code(Jwks::from_json("{")), "ERR_JWKS_INVALID");
    // Unknown key types stay in the set but never match.
    let mixed = format!(
        r#"{{"keys":[{{"kty":"X","kid":"k"}},{}]}}"#,
        a.public_jwk.to_json()
    );
    let s = Jwks::from_json(&mixed).unwrap();
    let t = sign(&json!({}), &a.private_jwk, Algorithm::EdDSA);
    token::verify_jws(&t, &s, None).unwrap();
    assert!(s.has_kid("k"));
}

#[test]
fn presets_match_better_auth_and_convex() {
    let rsa = rsa_private();
    let site = "https://happy-animal-123.convex.site";
    let mut k = rsa.clone();
    k.kid = Some("jwks_row_id".into());
    let opts = SignOptions {
        issuer: Some(site.into()),
        audience: Some(vec!["convex".into()]),
        subject: Some("user_id".into()),
        expires_in_secs: Some(900),
        ..SignOptions::default()
    };
    let t = token::sign_jwt(
        &claims(json!({"sessionId":"s"})),
        &k,
        &opts,
        NOW,
        &mut OsRng,
    )
    .unwrap();
    let keys = Jwks::new(vec![public_of(&k)]);
    let v = token::verify_jwt(&t, &keys, &presets::convex(site), NOW).unwrap();
    assert_eq!(v.header.kid.as_deref(), Some("jwks_row_id"));
    assert_eq!(v.claims["aud"], "convex");
    let e = token::verify_jwt(
        &t,
        &keys,
        &presets::convex("https://other.convex.site"),
        NOW,
    )
    .unwrap_err();
    assert_eq!(e.claim(), Some("iss"));
    // An EdDSA token is not a Convex token even with the right claims.
    let ed = token::generate_key_pair(Algorithm::EdDSA, &mut OsRng).unwrap();
    let t2 = token::sign_jwt(&Map::new(), &ed.private_jwk, &opts, NOW, &mut OsRng).unwrap();
    let keys2 = Jwks::new(vec![ed.public_jwk.clone()]);
    assert_eq!(
        code(token::verify_jwt(&t2, &keys2, &presets::convex(site), NOW)),
        "ERR_JOSE_ALG_NOT_ALLOWED"
    );
    // Better Auth JWT plugin: iss = aud = baseURL by default.
    let base = "http://localhost:3000";
    let o = SignOptions {
        issuer: Some(base.into()),
        audience: Some(vec![base.into()]),
        subject: Some("u".into()),
        expires_in_secs: Some(900),
        ..SignOptions::default()
    };
    let t3 = token::sign_jwt(&Map::new(), &ed.private_jwk, &o, NOW, &mut OsRng).unwrap();
    token::verify_jwt(&t3, &keys2, &presets::better_auth_jwt(base), NOW).unwrap();
    // Email verification: HS256 with the raw secret.
    let secret = "better-auth-secret-123456789012345678901234";
    let key = Jwk::from_secret(secret.as_bytes());
    let o = SignOptions {
        expires_in_secs: Some(3600),
        ..SignOptions::default()
    };
    let t4 = token::sign_jwt(&claims(json!({"email":"a@b.c"})), &key, &o, NOW, &mut OsRng).unwrap();
    let v = token::verify_jwt(
        &t4,
        &Jwks::from_secret(secret.as_bytes()),
        &presets::better_auth_email_verification(),
        NOW,
    )
    .unwrap();
    assert_eq!(v.claims["email"], "a@b.c");
    assert_eq!(
        code(token::verify_jwt(
            &t4,
            &Jwks::from_secret(b"other"),
            &presets::better_auth_email_verification(),
            NOW
        )),
        "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
    );
}

#[test]
fn remote_jwks_refresh_decision() {
    let p = JwksCachePolicy::default();
    let empty = JwksCacheState::default();
    assert_eq!(
        token::jwks_refresh_decision(&empty, &p, NOW, None),
        JwksRefresh::Fetch
    );
    let s = JwksCacheState {
        fetched_at_ms: Some(NOW),
    };
    assert_eq!(
        token::jwks_refresh_decision(&s, &p, NOW + 1000, Some(true)),
        JwksRefresh::UseCached
    );
    assert_eq!(
        token::jwks_refresh_decision(&s, &p, NOW + 1000, Some(false)),
        JwksRefresh::CoolingDown
    );
    assert_eq!(
        token::jwks_refresh_decision(&s, &p, NOW + 30_000, Some(false)),
        JwksRefresh::Fetch
    );
    assert_eq!(
        token::jwks_refresh_decision(&s, &p, NOW + 600_000, Some(true)),
        JwksRefresh::Fetch
    );
    // A clock that went backwards refetches rather than trusting a future timestamp.
    assert_eq!(
        token::jwks_refresh_decision(&s, &p, NOW - 1, None),
        JwksRefresh::Fetch
    );
}

#[test]
fn decode_header_reads_without_verifying() {
    let key = private_key(Algorithm::EdDSA);
    let t = sign(&json!({}), &key, Algorithm::EdDSA);
    let h = token::decode_header(&t).unwrap();
    assert_eq!(h.alg, Algorithm::EdDSA);
    assert_eq!(h.kid, key.kid);
    assert_eq!(
        h.to_json(),
        format!(
            r#"{{"alg":"EdDSA","kid":"{}"}}"#,
            key.kid.as_deref().unwrap()
        )
    );
}

#[test]
fn signed_claims_keep_their_order() {
    let key = Jwk::from_secret(b"0123456789abcdef0123456789abcdef");
    let opts = SignOptions {
        expires_in_secs: Some(60),
        ..SignOptions::default()
    };
    let c: Map<String, Value> = serde_json::from_str(r#"{"z":1,"a":2,"exp":0}"#).unwrap();
    let t = token::sign_jwt(&c, &key, &opts, NOW, &mut OsRng).unwrap();
    let v = token::verify_jwt(&t, &Jwks::single(key), &VerifyOptions::default(), NOW).unwrap();
    let now_s = NOW / 1000;
    assert_eq!(
        String::from_utf8(v.payload).unwrap(),
        format!(r#"{{"z":1,"a":2,"exp":{},"iat":{now_s}}}"#, now_s + 60)
    );
}
