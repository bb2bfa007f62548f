//! inspect_token / explain_token on values produced by the real Better Auth (this repo's
//! cookie vectors and tests/vectors/better-auth/better-auth-1.6.34.json). Same bodies natively and in WASM.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use authcore::cookie::{explain_token, inspect_token, ExplainOptions, Secrets, TokenKind};
use serde_json::Value;

const COOKIES: &str = include_str!("vectors/cookies/better-auth-cookies.json");
const SHARED: &str = include_str!("vectors/better-auth/better-auth-1.6.34.json");

fn v(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

fn codes(e: &authcore::cookie::Explanation) -> Vec<&'static str> {
    e.problems.iter().map(|p| p.code).collect()
}

#[test]
fn cookie_headers_from_every_flow_are_recognised() {
    let all = v(COOKIES);
    for f in all["flows"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let header = f["cookieHeader"].as_str().unwrap();
        let info = inspect_token(header).unwrap();
        assert_eq!(info.kind, TokenKind::CookieHeader, "{name}");
        let kinds: Vec<TokenKind> = info.parts.iter().map(|p| p.kind).collect();
        assert!(
            kinds.contains(&TokenKind::SignedSessionCookie),
            "{name}: {kinds:?}"
        );
        let cache_kind = match (f["strategy"].as_str().unwrap(), name.contains("jwks")) {
            ("compact", _) => TokenKind::CookieCacheCompact,
            ("jwe", _) => TokenKind::CookieCacheJwe,
            ("jwt", true) => TokenKind::CookieCacheJwksJwt,
            _ => TokenKind::CookieCacheJwt,
        };
        assert!(kinds.contains(&cache_kind), "{name}: {kinds:?}");
        // Chunks are joined into one part.
        assert_eq!(kinds.len(), 2, "{name}: {kinds:?}");
        let token = info
            .parts
            .iter()
            .find(|p| p.kind == TokenKind::SignedSessionCookie)
            .unwrap();
        assert_eq!(token.token.as_deref(), f["sessionToken"].as_str());

        // Explained with the right secret at write time: no problem for compact/jwe/HS256.
        let now = f["libraryGetCookieCache"]["updatedAt"].as_f64().unwrap() as i64;
        let secret = f["secret"].as_str().unwrap();
        let opts = ExplainOptions {
            secrets: Some(Secrets::single(secret)),
            now_ms: now,
            cookie_prefix: Some(f["cookiePrefix"].as_str().unwrap().into()),
            ..Default::default()
        };
        let e = explain_token(header, &opts).unwrap();
        if !name.contains("jwks") {
            assert!(e.valid, "{name}: {:?}", e.problems);
        } else {
            let with = ExplainOptions {
                jwks: Some(f["jwks"].to_string()),
                ..opts.clone()
            };
            let e = explain_token(header, &with).unwrap();
            assert!(e.valid, "{name}: {:?}", e.problems);
        }
        // Wrong secret, an hour later, wrong prefix: every reason is listed.
        let bad = ExplainOptions {
            secrets: Some(Secrets::single("not-the-secret-not-the-secret-xx")),
            now_ms: now + 3_600_000,
            cookie_prefix: Some("elsewhere".into()),
            ..Default::default()
        };
        let e = explain_token(header, &bad).unwrap();
        let c = codes(&e);
        assert!(!e.valid);
        assert!(c.contains(&"ERR_COOKIE_SIGNATURE_INVALID"), "{name}: {c:?}");
        assert!(c.contains(&"ERR_COOKIE_PREFIX_MISMATCH"), "{name}: {c:?}");
        if f["strategy"] == "compact" {
            assert!(c.contains(&"ERR_COOKIE_CACHE_INVALID"), "{name}: {c:?}");
            assert!(c.contains(&"ERR_COOKIE_EXPIRED"), "{name}: {c:?}");
            let msg = &e
                .problems
                .iter()
                .find(|p| p.code == "ERR_COOKIE_EXPIRED")
                .unwrap()
                .message;
            assert!(msg.contains("55m 0s ago"), "{msg}");
        }
        // A cookie where a JWT was expected.
        let jwt_expected = ExplainOptions {
            issuer: Some("https://issuer.example".into()),
            ..opts.clone()
        };
        let c = codes(&explain_token(header, &jwt_expected).unwrap())
            .into_iter()
            .collect::<Vec<_>>();
        assert!(c.contains(&"ERR_TOKEN_NOT_A_JWT"), "{name}: {c:?}");
    }
}

#[test]
fn jwts_from_better_auth_and_convex_are_classified() {
    let s = v(SHARED);
    let flow = &s["flows"]["compact_http"];
    let plugin = flow["jwtPlugin"]["token"].as_str().unwrap();
    let i = inspect_token(plugin).unwrap();
    assert_eq!(i.kind, TokenKind::JwtPluginJwt);
    assert_eq!(i.header.as_ref().unwrap()["alg"], "EdDSA");
    assert_eq!(
        i.claims.as_ref().unwrap()["sub"],
        flow["jwtPlugin"]["payload"]["sub"]
    );
    // Bearer prefix is fine.
    assert_eq!(
        inspect_token(&format!("Bearer {plugin}")).unwrap().kind,
        TokenKind::JwtPluginJwt
    );

    let convex = s["convex"]["convexJwt"]["token"].as_str().unwrap();
    assert_eq!(inspect_token(convex).unwrap().kind, TokenKind::ConvexJwt);

    let ev = flow["emailVerification"]["token"].as_str().unwrap();
    assert_eq!(
        inspect_token(ev).unwrap().kind,
        TokenKind::EmailVerificationJwt
    );

    // Explain: issuer, audience, kid and expiry all reported at once.
    let iat = flow["jwtPlugin"]["payload"]["iat"].as_i64().unwrap();
    let jwks = serde_json::json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "AAAA", "kid": "other-kid"}]});
    let opts = ExplainOptions {
        jwks: Some(jwks.to_string()),
        issuer: Some("https://expected.example".into()),
        audience: Some("expected-aud".into()),
        now_ms: (iat + 900 + 125) * 1000,
        ..Default::default()
    };
    let e = explain_token(plugin, &opts).unwrap();
    let c = codes(&e);
    for want in [
        "ERR_JWT_EXPIRED",
        "ERR_JWT_ISSUER_MISMATCH",
        "ERR_JWT_AUDIENCE_MISMATCH",
        "ERR_JWKS_NO_MATCHING_KEY",
    ] {
        assert!(c.contains(&want), "{want}: {c:?}");
    }
    let exp = &e
        .problems
        .iter()
        .find(|p| p.code == "ERR_JWT_EXPIRED")
        .unwrap()
        .message;
    assert!(exp.contains("2m 5s ago"), "{exp}");

    // The real JWKS at iat: the signature verifies (token core), no problem left.
    let real = ExplainOptions {
        jwks: Some(flow["jwtPlugin"]["jwks"].to_string()),
        issuer: flow["jwtPlugin"]["payload"]["iss"]
            .as_str()
            .map(String::from),
        audience: flow["jwtPlugin"]["payload"]["aud"]
            .as_str()
            .map(String::from),
        now_ms: iat * 1000,
        ..Default::default()
    };
    let e = explain_token(plugin, &real).unwrap();
    assert!(e.valid, "{:?}", e.problems);
    // One flipped signature character: refused by the signature check.
    let mut forged = plugin.to_string();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let c = codes(&explain_token(&forged, &real).unwrap());
    assert_eq!(c, ["ERR_JWS_SIGNATURE_VERIFICATION_FAILED"]);

    // Email-verification JWT: HS256 with the secret.
    let secret = s["secret"].as_str().unwrap();
    let ev_iat = flow["emailVerification"]["payload"]["iat"]
        .as_i64()
        .unwrap();
    let ok = ExplainOptions {
        secrets: Some(Secrets::single(secret)),
        now_ms: ev_iat * 1000,
        ..Default::default()
    };
    assert!(explain_token(ev, &ok).unwrap().valid);
    let wrong = ExplainOptions {
        secrets: Some(Secrets::single("nope-nope-nope-nope-nope-nope-nope")),
        ..ok
    };
    assert_eq!(
        codes(&explain_token(ev, &wrong).unwrap()),
        ["ERR_JWS_SIGNATURE_VERIFICATION_FAILED"]
    );
}

#[test]
fn bare_tokens_signed_values_and_garbage() {
    let s = v(SHARED);
    let sc = &s["signedCookie"];
    let i = inspect_token(sc["wireValue"].as_str().unwrap()).unwrap();
    assert_eq!(i.kind, TokenKind::SignedSessionCookie);
    assert_eq!(i.token.as_deref(), sc["token"].as_str());
    assert_eq!(
        inspect_token(sc["token"].as_str().unwrap()).unwrap().kind,
        TokenKind::SessionToken
    );
    for junk in ["", "hello", "a.b.c", "%%%", "Bearer ", "x=y; z=w"] {
        assert_eq!(
            inspect_token(junk).unwrap_err().code(),
            "ERR_TOKEN_UNRECOGNIZED",
            "{junk}"
        );
    }
}

/// Fuzz crash (cookie_cache target, 2026-11-28 campaign): a JWT whose `exp` is 1.7533e33 made
/// `explain_token` overflow i64 arithmetic ("attempt to multiply with overflow") while saying
/// how long until it expires. Huge, negative and non-finite-looking time claims must give an
/// explanation, never a panic.
#[test]
fn fuzz_crash_explain_huge_exp_overflowed() {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let crash = include_str!("vectors/fuzz/cookie_cache-explain-huge-exp.txt").trim_end();
    let opts = ExplainOptions {
        secrets: Some(Secrets::single(
            "cookie-vectors-secret-0123456789-abcdefghijklmnop",
        )),
        now_ms: 1_795_835_626_000,
        ..ExplainOptions::default()
    };
    explain_token(crash, &opts).unwrap();
    for (alg, kid) in [
        ("RS256", r#","kid":"k""#),
        ("HS256", ""),
        ("EdDSA", r#","kid":"k""#),
    ] {
        for claim in [
            r#""exp":1.7533E33"#,
            r#""exp":-1.7533E33"#,
            r#""nbf":1e300"#,
            r#""nbf":-1e300,"exp":1e300"#,
            r#""exp":9223372036854775807"#,
            r#""exp":-9223372036854775808"#,
        ] {
            let token = format!(
                "{}.{}.c2ln",
                b64(&format!(r#"{{"alg":"{alg}"{kid}}}"#)),
                b64(&format!(r#"{{"sub":"u",{claim}}}"#))
            );
            explain_token(&token, &opts).unwrap_or_else(|e| panic!("{claim}: {e}"));
        }
    }
}

/// Same crash class, found by review after the fuzz crash above: a cache whose session
/// `expiresAt` is -1e300 made "expired … ago" subtract i64::MIN.
#[test]
fn fuzz_crash_explain_session_expires_at_min_overflowed() {
    use authcore::cookie::{sign_cookie_cache, CacheStrategy, SignCookieCacheOptions};
    const SECRET: &str = "cookie-vectors-secret-0123456789-abcdefghijklmnop";
    const NOW: i64 = 1_795_835_626_000;
    let user = v(r#"{"id":"u","email":"a@b.c"}"#);
    for expires in ["-1e300", "1e300", "-9223372036854775808"] {
        let session = v(&format!(
            r#"{{"id":"s","userId":"u","expiresAt":{expires}}}"#
        ));
        for strategy in [CacheStrategy::Compact, CacheStrategy::Jwe] {
            let so = SignCookieCacheOptions::new(strategy, SECRET, NOW, [7u8; 32]);
            let value = sign_cookie_cache(&session, &user, &so).unwrap();
            let opts = ExplainOptions {
                secrets: Some(Secrets::single(SECRET)),
                now_ms: NOW,
                ..ExplainOptions::default()
            };
            let e = explain_token(&value, &opts).unwrap();
            let expired = codes(&e).contains(&"ERR_SESSION_EXPIRED");
            assert_eq!(
                expired,
                expires.starts_with('-'),
                "{expires} {strategy:?}: {:?}",
                codes(&e)
            );
        }
    }
}
