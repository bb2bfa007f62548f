//! Convex document ids (id_v6): `base32(VInt(table_number) ‖ internal_id[16] ‖ footer[2])`.
//!
//! The footer is `fletcher16(VInt ‖ internal_id) XOR version` (version 0) as a little-endian
//! u16. The text is lowercase Crockford base32, most significant bit first, without padding.
//! A string is a valid id only if it decodes, its checksum matches and re-encoding gives the
//! same string back (canonical form), as Convex's `DeveloperDocumentId::decode` requires.

/// Crockford base32, lowercase: the alphabet Convex uses for ids.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Shortest id: a one-byte VInt (table number below 128) gives 19 bytes, 31 characters.
pub const MIN_ID_LEN: usize = 31;
/// Longest id: a five-byte VInt gives 23 bytes, 37 characters.
pub const MAX_ID_LEN: usize = 37;
/// Length of the random part of an id.
pub const INTERNAL_ID_LEN: usize = 16;

/// A decoded document id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentId {
    /// The table number within its namespace (user tables start at 10001).
    pub table_number: u32,
    /// The 16 internal bytes (14 random bytes and a big-endian day number, by convention).
    pub internal: [u8; INTERNAL_ID_LEN],
}

impl DocumentId {
    /// The internal id as one integer, a compact key for hash maps.
    pub fn key(&self) -> u128 {
        u128::from_be_bytes(self.internal)
    }

    /// The canonical id string.
    pub fn encode(&self) -> String {
        encode(self.table_number, &self.internal)
    }
}

fn fletcher16(bytes: &[u8]) -> u16 {
    let (mut c0, mut c1) = (0u8, 0u8);
    for &b in bytes {
        c0 = c0.wrapping_add(b);
        c1 = c1.wrapping_add(c0);
    }
    (u16::from(c1) << 8) | u16::from(c0)
}

/// Encode an id from its table number and internal bytes. Table number 0 is not a valid
/// table; it is encoded anyway (decoding refuses it).
pub fn encode(table_number: u32, internal: &[u8; INTERNAL_ID_LEN]) -> String {
    let mut bytes = Vec::with_capacity(23);
    let mut n = table_number;
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            bytes.push(low);
            break;
        }
        bytes.push(low | 0x80);
    }
    bytes.extend_from_slice(internal);
    let footer = fletcher16(&bytes); // XOR version 0
    bytes.extend_from_slice(&footer.to_le_bytes());
    base32_encode(&bytes)
}

fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity((bytes.len() * 8).div_ceil(5));
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Base32 value of each byte, 0xff for bytes outside the alphabet (uppercase included: ids
/// are canonical lowercase).
const DECODE: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 32 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Decode an id string. Returns `None` unless it is a canonical, checksummed id_v6: only
/// alphabet characters, zero padding bits, no spare character, a minimal VInt, a table number
/// that fits a u32 and is not 0, and a matching footer (exactly what re-encoding would check).
pub fn decode(s: &str) -> Option<DocumentId> {
    let text = s.as_bytes();
    if !(MIN_ID_LEN..=MAX_ID_LEN).contains(&text.len()) {
        return None;
    }
    let mut bytes = [0u8; 24];
    let mut n = 0usize;
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &c in text {
        let v = DECODE[c as usize];
        if v == 0xff {
            return None;
        }
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            *bytes.get_mut(n)? = (acc >> bits) as u8;
            n += 1;
            acc &= (1 << bits) - 1;
        }
    }
    // Canonical: fewer than 5 spare bits, all zero.
    if bits >= 5 || acc != 0 {
        return None;
    }
    let bytes = bytes.get(..n)?;
    let mut table_number: u32 = 0;
    let mut pos = 0usize;
    loop {
        let b = *bytes.get(pos)?;
        if pos == 4 && b > 0x0f {
            return None; // continuation or bits beyond u32
        }
        table_number |= u32::from(b & 0x7f) << (7 * pos as u32);
        pos += 1;
        if b & 0x80 == 0 {
            if pos > 1 && b == 0 {
                return None; // redundant trailing VInt byte
            }
            break;
        }
    }
    if table_number == 0 || n != pos + INTERNAL_ID_LEN + 2 {
        return None;
    }
    let body_len = pos + INTERNAL_ID_LEN;
    let body = bytes.get(..body_len)?;
    let footer = u16::from_le_bytes([*bytes.get(body_len)?, *bytes.get(body_len + 1)?]);
    if fletcher16(body) != footer {
        return None;
    }
    let mut internal = [0u8; INTERNAL_ID_LEN];
    internal.copy_from_slice(bytes.get(pos..body_len)?);
    Some(DocumentId {
        table_number,
        internal,
    })
}

/// A fresh internal id in Convex's convention: 14 random bytes, then the day number since the
/// Unix epoch as a big-endian u16 (taken from `now_ms`).
pub fn internal_id(random14: &[u8; 14], now_ms: f64) -> [u8; INTERNAL_ID_LEN] {
    let mut out = [0u8; INTERNAL_ID_LEN];
    out[..14].copy_from_slice(random14);
    let days = (now_ms / 86_400_000.0).clamp(0.0, f64::from(u16::MAX)) as u16;
    out[14..].copy_from_slice(&days.to_be_bytes());
    out
}
