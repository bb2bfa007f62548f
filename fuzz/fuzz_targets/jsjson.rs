//! The `JSON.parse` / `JSON.stringify` pair behind compact cookie caches: parsing never panics
//! and stringify is a fixed point (stringify ∘ parse ∘ stringify = stringify), which the
//! compact cache's HMAC depends on.
#![no_main]
use authcore::jsjson;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(v) = jsjson::parse(s) else { return };
    let once = jsjson::stringify(&v);
    let again = jsjson::parse(&once).expect("stringify output parses");
    assert_eq!(jsjson::stringify(&again), once);
});
