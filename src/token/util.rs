//! Strict base64url and JSON helpers shared by the token modules.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use serde_json::{Map, Value};

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

/// Parse JSON text that must be an object with unique member names, within the depth limit.
pub(crate) fn parse_object(json: &[u8]) -> Option<Map<String, Value>> {
    if too_deep(json) {
        return None;
    }
    crate::jsjson::parse_object_strict(json).ok()
}
