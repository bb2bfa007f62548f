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
        // Rotation: signed by what is now a previous secret, refused as Better Auth refuses it,
        // unless the grace period is asked for.
        let mut rotated = vec![Secret {
            version: None,
            value: "a-newer-secret-that-signed-nothing-yet".into(),
        }];
        rotated.extend(secrets_of(&f).0);
        assert_eq!(
            read_session_token(header, &Secrets(rotated.clone()), Some(prefix)).unwrap_err(),
            Error::CookieSignatureInvalid
        );
        let mut o = authcore::cookie::SessionTokenOptions::new(Secrets(rotated));
        o.cookie_prefix = Some(prefix.into());
        o.accept_previous_secrets = true;
        assert_eq!(
            authcore::cookie::read_session_token_opts(header, &o).unwrap(),
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

// ---- Better Auth 1.7's secret rotation, cookie names, cache versions, lenient reads -----------

const NOW: i64 = 1_800_000_000_000;
const OLD: &str = "old-secret-rotated-away-because-it-leaked!";
const NEW: &str = "new-secret-current-after-the-rotation-000";

fn rotated() -> Secrets {
    Secrets::checked(vec![
        Secret {
            version: Some(2),
            value: NEW.into(),
        },
        Secret {
            version: Some(1),
            value: OLD.into(),
        },
    ])
    .unwrap()
}

fn cache_signed(strategy: CacheStrategy, secret: &str, version: &str) -> String {
    let session = serde_json::json!({ "id": "s1", "token": "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        "userId": "u1", "expiresAt": "2027-01-15T08:00:00.000Z" });
    let user = serde_json::json!({ "id": "u1", "email": "a@example.com", "role": "admin" });
    let mut so = SignCookieCacheOptions::new(strategy, secret, NOW, [7; 32]);
    so.version = version.into();
    let v = sign_cookie_cache(&session, &user, &so).unwrap();
    format!("better-auth.session_data={v}")
}

#[test]
fn signatures_verify_under_the_current_secret_only() {
    use authcore::cookie::{
        read_session_token_opts, verify_signed_value_opts, SessionTokenOptions,
    };
    let token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let by_old = format!(
        "better-auth.session_token={}",
        sign_session_token(token, OLD)
    );
    let by_new = format!(
        "better-auth.session_token={}",
        sign_session_token(token, NEW)
    );
    let mut o = SessionTokenOptions::new(rotated());
    assert_eq!(
        read_session_token_opts(&by_new, &o).unwrap().as_deref(),
        Some(token)
    );
    assert_eq!(
        read_session_token_opts(&by_old, &o).unwrap_err(),
        Error::CookieSignatureInvalid,
        "a rotated-away secret no longer signs sessions"
    );
    assert_eq!(
        read_session_token(&by_old, &rotated(), None).unwrap_err(),
        Error::CookieSignatureInvalid
    );
    let old_value = sign_session_token(token, OLD);
    assert!(verify_signed_value(&old_value, &rotated()).is_err());
    assert_eq!(
        verify_signed_value_opts(&old_value, &rotated(), true).unwrap(),
        token
    );
    o.accept_previous_secrets = true;
    assert_eq!(
        read_session_token_opts(&by_old, &o).unwrap().as_deref(),
        Some(token),
        "explicit grace period"
    );

    // Compact and HS256 caches: current secret only; JWE: every version, as Better Auth.
    for strategy in [CacheStrategy::Compact, CacheStrategy::Jwt] {
        let old = cache_signed(strategy, OLD, "1");
        let new = cache_signed(strategy, NEW, "1");
        let mut co = CookieCacheOptions::new(rotated(), NOW);
        assert!(
            read_cookie_cache(&new, &co).unwrap().is_some(),
            "{strategy:?}"
        );
        assert!(
            matches!(
                read_cookie_cache(&old, &co),
                Err(Error::CookieCacheInvalid(_))
            ),
            "{strategy:?} signed by the old secret"
        );
        co.accept_previous_secrets = true;
        assert!(
            read_cookie_cache(&old, &co).unwrap().is_some(),
            "{strategy:?}"
        );
    }
    let jwe_old = cache_signed(CacheStrategy::Jwe, OLD, "1");
    let co = CookieCacheOptions::new(rotated(), NOW);
    assert!(read_cookie_cache(&jwe_old, &co).unwrap().is_some());
    // A secret that is not in the list at all never verifies anything.
    let foreign = Secrets::single("someone-else's-secret-0123456789abcdef");
    assert!(read_cookie_cache(&jwe_old, &CookieCacheOptions::new(foreign, NOW)).is_err());
}

#[test]
fn secure_cookie_names_follow_the_configuration() {
    use authcore::cookie::{read_session_token_opts, resolve_secure, SessionTokenOptions};
    let token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let v = sign_session_token(token, NEW);
    let plain = format!("better-auth.session_token={v}");
    let secure = format!("__Secure-better-auth.session_token={v}");
    let read = |h: &str, s: Option<bool>| {
        let mut o = SessionTokenOptions::new(NEW);
        o.secure = s;
        read_session_token_opts(h, &o).unwrap()
    };
    assert_eq!(read(&plain, Some(false)).as_deref(), Some(token));
    assert_eq!(
        read(&plain, Some(true)),
        None,
        "https: the plain name is ignored"
    );
    assert_eq!(read(&secure, Some(true)).as_deref(), Some(token));
    assert_eq!(
        read(&secure, Some(false)),
        None,
        "http: the __Secure- name is ignored"
    );
    assert_eq!(read(&plain, None).as_deref(), Some(token));
    assert_eq!(read(&secure, None).as_deref(), Some(token));
    // Caches too, chunked or not.
    let cache = cache_signed(CacheStrategy::Compact, NEW, "1");
    let secure_cache = format!("__Secure-{cache}");
    let mut co = CookieCacheOptions::new(NEW, NOW);
    co.secure = Some(true);
    assert!(read_cookie_cache(&cache, &co).unwrap().is_none());
    assert!(read_cookie_cache(&secure_cache, &co).unwrap().is_some());
    co.secure = Some(false);
    assert!(read_cookie_cache(&secure_cache, &co).unwrap().is_none());
    assert!(read_cookie_cache(&cache, &co).unwrap().is_some());
    let value = cache.split_once('=').unwrap().1;
    let chunks = chunk_cookie_value("__Secure-better-auth.session_data", value, 100).unwrap();
    let chunked: Vec<String> = chunks.iter().map(|(n, v)| format!("{n}={v}")).collect();
    co.secure = Some(true);
    assert!(read_cookie_cache(&chunked.join("; "), &co)
        .unwrap()
        .is_some());
    co.secure = Some(false);
    assert!(read_cookie_cache(&chunked.join("; "), &co)
        .unwrap()
        .is_none());

    assert_eq!(
        resolve_secure(Some(false), Some("https://a.example")),
        Some(false)
    );
    assert_eq!(
        resolve_secure(None, Some("https://a.example/x")),
        Some(true)
    );
    assert_eq!(
        resolve_secure(None, Some("HTTP://a.example/x")),
        Some(false)
    );
    assert_eq!(resolve_secure(None, Some("/api/me")), None);
    assert_eq!(resolve_secure(None, None), None);
}

#[test]
fn cache_version_must_match_when_named() {
    use authcore::cookie::check_cache_version;
    let v1 = cache_signed(CacheStrategy::Jwe, NEW, "1");
    let v2 = cache_signed(CacheStrategy::Compact, NEW, "2");
    let mut co = CookieCacheOptions::new(NEW, NOW);
    assert!(
        read_cookie_cache(&v1, &co).unwrap().is_some(),
        "no version named: any"
    );
    assert!(read_cookie_cache(&v2, &co).unwrap().is_some());
    co.version = Some("2".into());
    assert!(matches!(
        read_cookie_cache(&v1, &co),
        Err(Error::CookieCacheInvalid(_))
    ));
    assert!(read_cookie_cache(&v2, &co).unwrap().is_some());
    assert!(check_cache_version(None, "1").is_ok());
    assert!(check_cache_version(Some(""), "1").is_ok());
    assert!(check_cache_version(Some("1"), "2").is_err());
}

#[test]
fn lenient_reads_answer_no_session_never_an_error() {
    use authcore::cookie::{
        read_cookie_cache_lenient, read_session_token_lenient, SessionTokenOptions,
    };
    let token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    let good = sign_session_token(token, NEW);
    let o = SessionTokenOptions::new(rotated());
    let co = CookieCacheOptions::new(rotated(), NOW);
    let jwe = cache_signed(CacheStrategy::Jwe, NEW, "1");
    let tampered = format!("{}A", &jwe[..jwe.len() - 1]);
    let garbage = [
        format!(
            "better-auth.session_token={}",
            sign_session_token(token, OLD)
        ),
        format!("better-auth.session_token={}x", &good[..good.len() - 1]),
        "better-auth.session_token=no-signature".into(),
        "better-auth.session_token=a.%ZZ".into(),
        cache_signed(CacheStrategy::Compact, OLD, "1"),
        cache_signed(
            CacheStrategy::Compact,
            "foreign-secret-0123456789abcdefghij",
            "1",
        ),
        tampered,
        "better-auth.session_data=!!!".into(),
        "better-auth.session_data=a.b.c.d".into(),
        format!("x={}", "a".repeat(MAX_COOKIE_HEADER_BYTES)),
    ];
    for h in &garbage {
        for _ in 0..200 {
            let t = read_session_token_lenient(h, &o).unwrap();
            let c = read_cookie_cache_lenient(h, &co).unwrap();
            assert!(
                t.value.is_none() && c.value.is_none(),
                "{}",
                &h[..h.len().min(80)]
            );
        }
        let t = read_session_token_lenient(h, &o).unwrap();
        let c = read_cookie_cache_lenient(h, &co).unwrap();
        assert!(t.reason.is_some() || c.reason.is_some(), "a reason is kept");
    }
    // Expired: no value, no reason; the instance still serves afterwards.
    let expired = CookieCacheOptions::new(rotated(), NOW + 400_000);
    let r = read_cookie_cache_lenient(&jwe, &expired).unwrap();
    assert_eq!((r.value.is_none(), r.reason.is_none()), (true, true));
    let h = format!("better-auth.session_token={good}; {jwe}");
    assert_eq!(
        read_session_token_lenient(&h, &o).unwrap().value.as_deref(),
        Some(token)
    );
    assert!(read_cookie_cache_lenient(&h, &co).unwrap().value.is_some());
    // Configuration errors still fail at once.
    let none = SessionTokenOptions::new(Secrets(vec![]));
    assert_eq!(
        read_session_token_lenient("", &none).unwrap_err().code(),
        "ERR_INVALID_ARGUMENT"
    );
    let mut bad_jwks = CookieCacheOptions::new(NEW, NOW);
    bad_jwks.jwks = Some("not json".into());
    let jwt_typ = "eyJhbGciOiJFZERTQSIsImtpZCI6ImsiLCJ0eXAiOiJiZXR0ZXItYXV0aC5zZXNzaW9uLWNhY2hlK2p3dCJ9.e30.AAAA";
    let e = read_cookie_cache_lenient(&format!("better-auth.session_data={jwt_typ}"), &bad_jwks);
    assert!(e.is_err(), "an unusable JWKS is configuration: {e:?}");
}

#[test]
fn session_cache_kid_names_the_key_of_a_jwks_signed_cache_only() {
    use authcore::cookie::session_cache_kid;
    let b64 = |s: &str| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    };
    let jwt = |header: &str| format!("{}.{}.sig", b64(header), b64(r#"{"session":{}}"#));
    let with_kid = jwt(r#"{"alg":"EdDSA","typ":"better-auth.session-cache+jwt","kid":"k1"}"#);
    let no_kid = jwt(r#"{"alg":"EdDSA","typ":"better-auth.session-cache+jwt"}"#);
    let hs256 = jwt(r#"{"alg":"HS256","typ":"JWT"}"#);
    let h = |v: &str| format!("a=b; better-auth.session_data={v}");
    assert_eq!(
        session_cache_kid(&h(&with_kid), None, None)
            .unwrap()
            .as_deref(),
        Some("k1")
    );
    assert_eq!(
        session_cache_kid(&h(&no_kid), None, None)
            .unwrap()
            .as_deref(),
        Some("")
    );
    assert_eq!(session_cache_kid(&h(&hs256), None, None).unwrap(), None);
    assert_eq!(session_cache_kid("a=b", None, None).unwrap(), None);
    assert_eq!(
        session_cache_kid(&h("not-a-jwt"), None, None).unwrap(),
        None
    );
    // Chunked, and under another prefix.
    let (a, b) = with_kid.split_at(20);
    let chunked = format!("my.session_data.0={a}; my.session_data.1={b}");
    assert_eq!(
        session_cache_kid(&chunked, Some("my"), None)
            .unwrap()
            .as_deref(),
        Some("k1")
    );
    assert_eq!(session_cache_kid(&chunked, None, None).unwrap(), None);
}
