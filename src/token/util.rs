//! Strict base64url and JSON helpers shared by the token modules.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;

use super::MAX_JSON_DEPTH;

/// base64url without padding; padding and non-canonical trailing bits are rejected.
pub(crate) const B64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// Decode strict base64url (no padding, canonical).
pub(crate) fn b64d(s: &str) -> Option<Vec<u8>> {
    B64URL.decode(s.as_bytes()).ok()
}

/// Encode base64url without padding.
pub(crate) fn b64e(b: &[u8]) -> String {
    B64URL.encode(b)
}

/// True when the JSON text nests arrays/objects deeper than [`MAX_JSON_DEPTH`]. Scans bytes,
/// skipping string contents, so it runs before (and protects) the recursive parser.
pub(crate) fn too_deep(json: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut esc = false;
    for &c in json {
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// A JSON object whose top-level member names are unique (duplicates are an error, unlike
/// `JSON.parse`, which silently keeps the last one).
pub(crate) struct StrictObject(pub Map<String, Value>);

impl<'de> Deserialize<'de> for StrictObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrictObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<StrictObject, A::Error> {
                let mut m = Map::new();
                while let Some((k, v)) = a.next_entry::<String, Value>()? {
                    if m.contains_key(&k) {
                        return Err(de::Error::custom("duplicate member name"));
                    }
                    m.insert(k, v);
                }
                Ok(StrictObject(m))
            }
        }
        d.deserialize_map(V)
    }
}

/// Parse JSON text that must be an object with unique member names, within the depth limit.
pub(crate) fn parse_object(json: &[u8]) -> Option<Map<String, Value>> {
    if too_deep(json) {
        return None;
    }
    serde_json::from_slice::<StrictObject>(json)
        .ok()
        .map(|o| o.0)
}
