//! `Cookie` headers: parsing, URL-decoding of every value, the signed session token and the
//! cookie cache read from the header (chunked or not).
#![no_main]
use authcore::cookie::{self, CookieCacheOptions, Secrets};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "cookie-vectors-secret-0123456789-abcdefghijklmnop";

fuzz_target!(|data: &[u8]| {
    let Ok(h) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pairs) = cookie::parse_cookie_header(h) {
        assert!(pairs.len() <= cookie::MAX_COOKIES);
        for (_, v) in &pairs {
            if let Ok(d) = cookie::decode_uri_component(v) {
                // encodeURIComponent ∘ decodeURIComponent is the identity on decoded text.
                let e = cookie::encode_uri_component(&d);
                assert_eq!(cookie::decode_uri_component(&e).as_deref(), Ok(d.as_str()));
            }
        }
    }
    let secrets = Secrets::single(SECRET);
    let _ = cookie::read_session_token(h, &secrets, None);
    let _ = cookie::read_session_token(h, &secrets, Some("x"));
    let opts = CookieCacheOptions::new(SECRET, 1_795_835_626_000);
    let _ = cookie::read_cookie_cache(h, &opts);
});
