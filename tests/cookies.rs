//! Cookie tests against values produced by the real better-auth 1.6.34 and 1.7.25
//! (tests/vectors/cookies/generate.mjs). The same bodies run natively and under WASM.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use authcore::cookie::{
    chunk_cookie_value, cookie_cache_chunk_size, decode_cookie_cache, parse_cookie_header,
    read_cookie_cache, read_session_token, sign_cookie_cache, sign_session_token,
    verify_signed_value, CacheStrategy, CookieCacheOptions, Secret, Secrets,
    SignCookieCacheOptions, MAX_COOKIE_CHUNKS, MAX_COOKIE_HEADER_BYTES,
};
use authcore::{decrypt_private_key, encrypt_private_key, jsjson, Error};
use serde_json::Value;

const VECTORS: &str = include_str!("vectors/cookies/better-auth-cookies.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).unwrap()
}

fn secrets_of(flow: &Value) -> Secrets {
    match flow["secrets"].as_array() {
        Some(list) => Secrets::checked(
            list.iter()
                .map(|s| Secret {
                    version: Some(s["version"].as_u64().unwrap() as u32),
                    value: s["value"].as_str().unwrap().to_string(),
                })
                .collect(),
        )
        .unwrap(),
        None => Secrets::single(flow["secret"].as_str().unwrap()),
    }
}

fn flows() -> Vec<Value> {
    let v = vectors();
    let f = v["flows"].as_array().unwrap().clone();
    assert_eq!(f.len(), 15);
    f
}

/// The joined session_data value from the flow's cookies.
fn cache_value(flow: &Value) -> String {
    let header = flow["cookieHeader"].as_str().unwrap();
    let cookies = parse_cookie_header(header).unwrap();
    let mut names: Vec<&str> = flow["sessionDataCookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    names.sort_by_key(|n| n.rsplit('.').next().unwrap().parse::<u32>().unwrap_or(0));
    names
        .iter()
        .map(|n| cookies.iter().find(|(k, _)| k == n).unwrap().1)
        .collect()
}

fn updated_at(flow: &Value) -> i64 {
    // The cache's own write time: read it from the library's decoded result.
    flow["libraryGetCookieCache"]["updatedAt"].as_f64().unwrap() as i64
}

fn opts(flow: &Value, now_ms: i64) -> CookieCacheOptions {
    let mut o = CookieCacheOptions::new(secrets_of(flow), now_ms);
    if !flow["jwks"].is_null() {
        o.jwks = Some(flow["jwks"].to_string());
    }
    o.cookie_prefix = Some(flow["cookiePrefix"].as_str().unwrap().to_string());
    o.strategy = Some(CacheStrategy::parse(flow["strategy"].as_str().unwrap()).unwrap());
    o
}

#[test]
fn better_call_signed_values_match() {
    let v = vectors();
    let signed = v["signed"].as_array().unwrap();
    assert_eq!(signed.len(), 4);
    for s in signed {
        let token = s["token"].as_str().unwrap();
        let secret = s["secret"].as_str().unwrap();
        let value = s["cookieValue"].as_str().unwrap();
        assert_eq!(sign_session_token(token, secret), value, "{token}");
        assert_eq!(
            verify_signed_value(value, &Secrets::single(secret)).unwrap(),
            token
        );
        assert_eq!(
            verify_signed_value(value, &Secrets::single("another-secret")).unwrap_err(),
            Error::CookieSignatureInvalid
        );
    }
}

#[test]
fn session_token_from_every_flow() {
    for f in flows() {
        let name = f["name"].as_str().unwrap();
        assert!(
            f["libraryGetSessionTokenOnly"]["session"].is_object(),
            "{name}"
        );
        let header = f["cookieHeader"].as_str().unwrap();
        let prefix = f["cookiePrefix"].as_str().unwrap();
        let token = read_session_token(header, &secrets_of(&f), Some(prefix)).unwrap();
        assert_eq!(token.as_deref(), f["sessionToken"].as_str(), "{name}");
        // Wrong prefix: absent. Wrong secret: forged.
        assert_eq!(
            read_session_token(header, &secrets_of(&f), Some("other")).unwrap(),
            None
        );
        assert_eq!(
            read_session_token(
                header,
                &Secrets::single("wrong-secret-wrong-secret-wrong"),
                Some(prefix)
            )
            .unwrap_err()
            .code(),
            "ERR_COOKIE_SIGNATURE_INVALID"
        );
        // Rotation: the right secret second in the list still reads it.
        let mut rotated = vec![Secret {
            version: None,
            value: "a-newer-secret-that-signed-nothing-yet".into(),
        }];
        rotated.extend(secrets_of(&f).0);
        assert_eq!(
            read_session_token(header, &Secrets(rotated), Some(prefix)).unwrap(),
            token
        );
    }
}

#[test]
fn cookie_cache_from_every_flow() {
    let mut checked = 0;
    for f in flows() {
        let name = f["name"].as_str().unwrap();
        let header = f["cookieHeader"].as_str().unwrap();
        let now = updated_at(&f);
        let cache = read_cookie_cache(header, &opts(&f, now))
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: no cache"));
        let lib = &f["libraryGetCookieCache"];
        assert_eq!(cache.session["token"], f["sessionToken"], "{name}");
        assert_eq!(cache.session["id"], lib["session"]["id"], "{name}");
        assert_eq!(cache.user["id"], lib["user"]["id"], "{name}");
        assert_eq!(cache.user["name"], lib["user"]["name"], "{name}");
        assert_eq!(cache.user["email"], lib["user"]["email"], "{name}");
        assert_eq!(
            cache.updated_at,
            lib["updatedAt"].as_f64().unwrap(),
            "{name}"
        );
        assert_eq!(cache.version.as_deref(), Some("1"));
        assert!(
            cache.expires_at >= now + 299_000 && cache.expires_at <= now + 301_000,
            "{name}"
        );
        // Auto-detected strategy gives the same answer.
        let mut auto = opts(&f, now);
        auto.strategy = None;
        assert_eq!(
            read_cookie_cache(header, &auto).unwrap().as_ref(),
            Some(&cache)
        );
        // Expired: compact at expiresAt, HS256 at exp, JWE/JWKS-JWT after exp + 15 s.
        let late = cache.expires_at + 16_000;
        assert_eq!(
            read_cookie_cache(header, &opts(&f, late)).unwrap(),
            None,
            "{name}"
        );
        // Wrong secret (or, for the JWKS-signed cache, a JWKS without its key): invalid.
        let mut wrong = opts(&f, now);
        wrong.secrets = Secrets::single("wrong-secret-wrong-secret-wrong");
        if let (Some(j), true) = (&wrong.jwks, name.contains("jwks-cache")) {
            let kid = f["jwks"]["keys"][0]["kid"].as_str().unwrap();
            wrong.jwks = Some(j.replace(kid, "rotated-away"));
            let mut none = opts(&f, now);
            none.jwks = None;
            assert_eq!(
                read_cookie_cache(header, &none).unwrap_err().code(),
                "ERR_COOKIE_CACHE_INVALID"
            );
        }
        assert_eq!(
            read_cookie_cache(header, &wrong).unwrap_err().code(),
            "ERR_COOKIE_CACHE_INVALID",
            "{name}"
        );
        // Wrong strategy configured.
        let mut other = opts(&f, now);
        other.strategy = Some(if f["strategy"] == "compact" {
            CacheStrategy::Jwe
        } else {
            CacheStrategy::Compact
        });
        assert_eq!(
            read_cookie_cache(header, &other).unwrap_err().code(),
            "ERR_COOKIE_CACHE_INVALID"
        );
        checked += 1;
    }
    assert_eq!(checked, 15);
}

#[test]
fn chunked_caches_are_joined() {
    let chunked: Vec<Value> = flows()
        .into_iter()
        .filter(|f| f["name"].as_str().unwrap().ends_with("chunked"))
        .collect();
    assert_eq!(chunked.len(), 4);
    for f in chunked {
        assert!(f["sessionDataCookies"].as_array().unwrap().len() >= 3);
        let value = cache_value(&f);
        let c = decode_cookie_cache(&value, &opts(&f, updated_at(&f)))
            .unwrap()
            .unwrap();
        assert!(c.user["name"].as_str().unwrap().len() > 9000);
        // Splitting the joined value like Better Auth gives Better Auth's own pieces.
        let name = "better-auth.session_data";
        let pieces =
            chunk_cookie_value(name, &value, cookie_cache_chunk_size(name, false, 300)).unwrap();
        let header = f["cookieHeader"].as_str().unwrap();
        let cookies = parse_cookie_header(header).unwrap();
        for (n, v) in &pieces {
            assert_eq!(cookies.iter().find(|(k, _)| k == n).unwrap().1, v, "{n}");
        }
        // A header with the chunks in reverse order reads the same.
        let reversed: Vec<String> = pieces
            .iter()
            .rev()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        let c2 = read_cookie_cache(&reversed.join("; "), &opts(&f, updated_at(&f)))
            .unwrap()
            .unwrap();
        assert_eq!(c2, c);
    }
}

#[test]
fn compact_json_is_javascript_json_stringify() {
    // The compact cache's inner JSON was written by JSON.stringify; parsing and re-serializing
    // with jsjson gives the same bytes (the unicode/escape-heavy big user included).
    let mut n = 0;
    for f in flows().iter().filter(|f| f["strategy"] == "compact") {
        let value = cache_value(f);
        use base64::Engine as _;
        let text = String::from_utf8(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&value)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(jsjson::stringify(&jsjson::parse(&text).unwrap()), text);
        n += 1;
    }
    assert_eq!(n, 6);
}

#[test]
fn signed_caches_read_back_and_match_better_auth_shape() {
    for f in flows().iter() {
        let now = updated_at(f);
        let c = read_cookie_cache(f["cookieHeader"].as_str().unwrap(), &opts(f, now))
            .unwrap()
            .unwrap();
        for strategy in [
            CacheStrategy::Compact,
            CacheStrategy::Jwe,
            CacheStrategy::Jwt,
        ] {
            let so = SignCookieCacheOptions::new(strategy, secrets_of(f), now, [7u8; 32]);
            let v = sign_cookie_cache(&c.session, &c.user, &so).unwrap();
            let mut o = opts(f, now);
            o.strategy = Some(strategy);
            let back = decode_cookie_cache(&v, &o).unwrap().unwrap();
            assert_eq!(back.session, c.session);
            assert_eq!(back.user, c.user);
            assert_eq!(back.updated_at, now as f64);
        }
    }
}

#[test]
fn jwks_private_keys_decrypt() {
    let mut n = 0;
    for f in flows() {
        let Some(rows) = f["jwksRows"].as_array() else {
            continue;
        };
        for row in rows {
            let stored = row["privateKey"].as_str().unwrap();
            let expect = row["decryptedPrivateKey"].as_str().unwrap();
            let secrets = secrets_of(&f);
            assert_eq!(decrypt_private_key(stored, &secrets).unwrap(), expect);
            if f["secrets"].is_array() {
                assert!(stored.starts_with("\"$ba$2$"), "{stored}");
            }
            assert_eq!(
                decrypt_private_key(stored, &Secrets::single("not-the-secret")).unwrap_err(),
                Error::DecryptFailed
            );
            // Round trip through our encrypt, plain and versioned.
            let again = encrypt_private_key(expect, &secrets, &[9u8; 24]).unwrap();
            assert_eq!(decrypt_private_key(&again, &secrets).unwrap(), expect);
            n += 1;
        }
    }
    assert_eq!(n, 5);
}

#[test]
fn shared_vector_file_signed_cookie_and_envelope() {
    let v: Value =
        serde_json::from_str(include_str!("vectors/better-auth/better-auth-1.6.34.json")).unwrap();
    let s = &v["signedCookie"];
    assert_eq!(
        sign_session_token(s["token"].as_str().unwrap(), s["secret"].as_str().unwrap()),
        s["wireValue"].as_str().unwrap()
    );
    let row = &v["flows"]["compact_http"]["jwtPlugin"]["jwksRow"];
    let jwk = decrypt_private_key(
        row["privateKey"].as_str().unwrap(),
        &Secrets::single(v["secret"].as_str().unwrap()),
    )
    .unwrap();
    let jwk: Value = serde_json::from_str(&jwk).unwrap();
    assert_eq!(jwk["kty"], "OKP");
    assert!(jwk["d"].is_string());
}

// ---- adversarial -----------------------------------------------------------------------------

#[test]
fn forged_and_malformed_session_cookies_have_codes() {
    let secrets = Secrets::single("s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t");
    let good = sign_session_token(
        "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t",
    );
    let code = |h: &str| read_session_token(h, &secrets, None).map_err(|e| e.code());
    assert!(code(&format!("better-auth.session_token={good}"))
        .unwrap()
        .is_some());
    assert_eq!(code("a=b").unwrap(), None);
    assert_eq!(code("").unwrap(), None);
    assert_eq!(code("better-auth.session_token=").unwrap(), None);
    // Forged: another token with the same signature, or a flipped signature byte.
    let forged = good.replacen("AbCd", "ZbCd", 1);
    assert_eq!(
        code(&format!("better-auth.session_token={forged}")),
        Err("ERR_COOKIE_SIGNATURE_INVALID")
    );
    let flipped = good.replacen('.', ".A", 1);
    let flipped = flipped.replacen("%3D", "", 1) + "%3D";
    assert!(code(&format!("better-auth.session_token={flipped}")).is_err());
    // Missing dot, short signature, bad URL-encoding.
    assert_eq!(
        code("better-auth.session_token=abcdef"),
        Err("ERR_COOKIE_MALFORMED")
    );
    assert_eq!(
        code("better-auth.session_token=abc.def%3D"),
        Err("ERR_COOKIE_MALFORMED")
    );
    assert_eq!(
        code("better-auth.session_token=abc.%E0%A4%A"),
        Err("ERR_COOKIE_MALFORMED")
    );
    assert_eq!(
        code("better-auth.session_token=abc.%FF%FE"),
        Err("ERR_COOKIE_MALFORMED")
    );
    assert_eq!(code("better-auth.session_token=.%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%2B%3D"), Err("ERR_COOKIE_MALFORMED"));
    // Signature of the right length, not base64.
    let bad = format!("better-auth.session_token=tok.{}=", "*".repeat(43));
    assert_eq!(code(&bad), Err("ERR_COOKIE_MALFORMED"));
    // Oversized header.
    let huge = format!("x={}", "a".repeat(MAX_COOKIE_HEADER_BYTES));
    assert_eq!(code(&huge), Err("ERR_COOKIE_MALFORMED"));
    // The __Secure- form is found, and wins.
    assert!(code(&format!(
        "__Secure-better-auth.session_token={good}; better-auth.session_token=x.y"
    ))
    .unwrap()
    .is_some());
}

#[test]
fn too_many_chunks_and_garbage_caches_are_coded() {
    let o = CookieCacheOptions::new("s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t", 0);
    let many: Vec<String> = (0..=MAX_COOKIE_CHUNKS)
        .map(|i| format!("better-auth.session_data.{i}=aa"))
        .collect();
    assert_eq!(
        read_cookie_cache(&many.join("; "), &o).unwrap_err().code(),
        "ERR_COOKIE_MALFORMED"
    );
    for v in [
        "!!!",
        "e30",
        "eyJzZXNzaW9uIjoxfQ",
        "a.b",
        "a.b.c.d",
        "a..b.c.d",
        "x.y.z.w.v.u",
        "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..AAAA.AAAA.AAAA",
    ] {
        let r = read_cookie_cache(&format!("better-auth.session_data={v}"), &o);
        assert!(matches!(r, Err(Error::CookieCacheInvalid(_))), "{v}: {r:?}");
    }
}

#[test]
fn random_inputs_never_panic() {
    let secrets = Secrets::single("k");
    let o = CookieCacheOptions::new("k", 0);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let alphabet = b"ab.=%;_-+/ 0123456789AZ\"";
    for _ in 0..3000 {
        let len = (x % 80) as usize;
        let mut s = String::from("better-auth.session_token=");
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alphabet[(x % alphabet.len() as u64) as usize] as char);
        }
        let _ = read_session_token(&s, &secrets, None);
        let _ = read_cookie_cache(&s.replace("token", "data"), &o);
        let _ = authcore::cookie::inspect_token(&s);
        let _ = authcore::cookie::explain_token(&s, &Default::default());
        let _ = decrypt_private_key(&s[26..], &secrets);
    }
}
