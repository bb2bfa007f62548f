//! Cookie-cache values of every strategy (compact, jwt, jwe), as read from a cookie; then the
//! input as a JSON session/user pair, signed (compact) and encrypted (jwe) and read back: it
//! must verify (or be reported expired), never fail or panic.
#![no_main]
use authcore::cookie::{self, CacheStrategy, CookieCacheOptions, SignCookieCacheOptions};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const SECRET: &str = "cookie-vectors-secret-0123456789-abcdefghijklmnop";
const NOW_MS: i64 = 1_795_835_626_000;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for strategy in [
        None,
        Some(CacheStrategy::Compact),
        Some(CacheStrategy::Jwt),
        Some(CacheStrategy::Jwe),
    ] {
        let mut opts = CookieCacheOptions::new(SECRET, NOW_MS);
        opts.strategy = strategy;
        let _ = cookie::decode_cookie_cache(s, &opts);
    }
    let _ = cookie::inspect_token(s);
    let explain = cookie::ExplainOptions {
        secrets: Some(SECRET.into()),
        now_ms: NOW_MS,
        ..cookie::ExplainOptions::default()
    };
    let _ = cookie::explain_token(s, &explain);

    let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(s) else {
        return;
    };
    for strategy in [CacheStrategy::Compact, CacheStrategy::Jwe] {
        let sign = SignCookieCacheOptions::new(strategy, SECRET, NOW_MS, [9u8; 32]);
        let value = cookie::sign_cookie_cache(&v, &v, &sign).expect("sign");
        let read = CookieCacheOptions::new(SECRET, NOW_MS);
        if let Err(e) = cookie::decode_cookie_cache(&value, &read) {
            panic!("{strategy:?} cache we wrote does not read back: {e} ({value})");
        }
    }
});
