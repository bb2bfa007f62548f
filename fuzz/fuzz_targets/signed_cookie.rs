//! Signed cookie values (`token.signature`, URL-encoded): verification never panics, and a
//! value signed by `sign_session_token` verifies back to its token.
#![no_main]
use authcore::cookie::{self, Secrets};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "cookie-vectors-secret-0123456789-abcdefghijklmnop";

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let secrets = Secrets::list([SECRET, "another-secret-used-before-rotation-000000"]);
    let _ = cookie::verify_signed_value(s, &secrets);
    if !s.is_empty() {
        let signed = cookie::sign_session_token(s, SECRET);
        let back = cookie::verify_signed_value(&signed, &secrets).expect("own signature");
        assert_eq!(back, s);
    }
    let _ = Secrets::parse_env(s);
});
