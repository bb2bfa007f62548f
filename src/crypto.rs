//! Shared symmetric crypto: HMAC-SHA256, HKDF-SHA256, AES-CBC (PKCS#7), the JWE content cipher
//! `A256CBC-HS512` (RFC 7518 §5.2), XChaCha20-Poly1305, and Better Auth's `symmetricEncrypt`
//! envelope used for `jwks.privateKey` rows.
//!
//! Every function here is deterministic: nonces and IVs are arguments. The Wycheproof suites
//! (`tests/crypto_wycheproof.rs`) run through these same functions.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256, Sha512};
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};

/// base64url without padding (JWS/JWE segments, compact cookie-cache signatures), strict.
pub(crate) const B64URL: GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Standard base64 with padding, decoding like the browser's `atob` as far as a 44-character
/// HMAC goes: non-zero trailing bits are accepted (WebCrypto verifies the decoded bytes).
pub(crate) const B64STD_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const B64URL_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decode base64 like `@better-auth/utils`' `base64.decode` / `base64Url.decode`: the URL
/// alphabet if the text has `-` or `_`, else the standard one; everything from the first `=`
/// on is ignored; leftover bits are dropped.
pub(crate) fn b64_any_decode(s: &str) -> Option<Vec<u8>> {
    let s = match s.find('=') {
        Some(i) => &s[..i],
        None => s,
    };
    if s.contains('-') || s.contains('_') {
        B64URL_LENIENT.decode(s).ok()
    } else {
        B64STD_LENIENT.decode(s).ok()
    }
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// HMAC-SHA256 of `msg` under `key` (any key length, like WebCrypto's raw HMAC import).
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so new_from_slice cannot fail.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0u8; 32],
    };
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Constant-time check of an HMAC-SHA256 tag.
pub fn hmac_sha256_verify(key: &[u8], msg: &[u8], tag: &[u8]) -> bool {
    ct_eq(&hmac_sha256(key, msg), tag)
}

/// Constant-time equality (length is not secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Key of the HMAC that [`secrets_equal`] compares under. It needs no secrecy: it only maps
/// both values to 32 bytes, so the comparison's time depends on neither value's content nor
/// on the secret's length.
const SECRETS_EQUAL_KEY: &[u8] = b"authcore secrets_equal v1";

/// Whether two shared secrets (an admin setup secret, an internal API bearer) are equal, in
/// constant time, without leaking the expected secret's length: both are HMAC-SHA256'd under
/// a fixed key and the digests compared in constant time. Use it wherever code would write
/// `a === b` or `a == b` on a secret.
///
/// ```
/// assert!(authcore::secrets_equal(b"s3cret-setup", b"s3cret-setup"));
/// assert!(!authcore::secrets_equal(b"s3cret-setup", b"s3cret-setuq"));
/// assert!(!authcore::secrets_equal(b"s3cret", b"s3cret-setup"));
/// ```
pub fn secrets_equal(a: &[u8], b: &[u8]) -> bool {
    let da = hmac_sha256(SECRETS_EQUAL_KEY, a);
    let db = hmac_sha256(SECRETS_EQUAL_KEY, b);
    bool::from(da.ct_eq(&db))
}

/// Largest HKDF-SHA256 output (RFC 5869: 255 × hash length).
pub const HKDF_SHA256_MAX_OUTPUT: usize = 255 * 32;

/// HKDF-SHA256 (RFC 5869). An empty salt is the same as no salt (a block of zeros).
pub fn hkdf_sha256(ikm: &[u8], salt: &[u8], info: &[u8], len: usize) -> Result<Vec<u8>> {
    if len > HKDF_SHA256_MAX_OUTPUT {
        return Err(Error::InvalidArgument(format!(
            "HKDF-SHA256 output is at most {HKDF_SHA256_MAX_OUTPUT} bytes"
        )));
    }
    let hk = hkdf::Hkdf::<Sha256>::new(Some(salt), ikm);
    let mut okm = vec![0u8; len];
    hk.expand(info, &mut okm)
        .map_err(|_| Error::InvalidArgument("HKDF-SHA256 output too long".into()))?;
    Ok(okm)
}

macro_rules! cbc_enc {
    ($c:ty, $key:expr, $iv:expr, $msg:expr) => {
        cbc::Encryptor::<$c>::new_from_slices($key, $iv)
            .map_err(|_| Error::InvalidArgument("AES-CBC key or IV length".into()))
            .map(|e| e.encrypt_padded_vec::<Pkcs7>($msg))
    };
}

macro_rules! cbc_dec {
    ($c:ty, $key:expr, $iv:expr, $ct:expr) => {
        cbc::Decryptor::<$c>::new_from_slices($key, $iv)
            .map_err(|_| Error::InvalidArgument("AES-CBC key or IV length".into()))
            .map(|d| d.decrypt_padded_vec::<Pkcs7>($ct).ok())
    };
}

/// AES-CBC with PKCS#7 padding; the key picks AES-128, -192 or -256.
pub fn aes_cbc_encrypt(key: &[u8], iv: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    match key.len() {
        16 => cbc_enc!(aes::Aes128, key, iv, msg),
        24 => cbc_enc!(aes::Aes192, key, iv, msg),
        32 => cbc_enc!(aes::Aes256, key, iv, msg),
        _ => Err(Error::InvalidArgument(
            "AES key must be 16, 24 or 32 bytes".into(),
        )),
    }
}

/// AES-CBC decryption with PKCS#7 unpadding. `None` when the ciphertext length or the padding
/// is wrong (callers of authenticated modes check the tag first, so this is no oracle there).
pub fn aes_cbc_decrypt(key: &[u8], iv: &[u8], ct: &[u8]) -> Result<Option<Vec<u8>>> {
    if iv.len() != 16 {
        return Err(Error::InvalidArgument("AES-CBC IV must be 16 bytes".into()));
    }
    if ct.is_empty() || !ct.len().is_multiple_of(16) {
        return Ok(None);
    }
    match key.len() {
        16 => cbc_dec!(aes::Aes128, key, iv, ct),
        24 => cbc_dec!(aes::Aes192, key, iv, ct),
        32 => cbc_dec!(aes::Aes256, key, iv, ct),
        _ => Err(Error::InvalidArgument(
            "AES key must be 16, 24 or 32 bytes".into(),
        )),
    }
}

fn a256cbc_hs512_tag(mac_key: &[u8], aad: &[u8], iv: &[u8], ct: &[u8]) -> [u8; 32] {
    let mut mac = match <Hmac<Sha512> as KeyInit>::new_from_slice(mac_key) {
        Ok(m) => m,
        Err(_) => return [0u8; 32],
    };
    mac.update(aad);
    mac.update(iv);
    mac.update(ct);
    let al = (aad.len() as u64).wrapping_mul(8).to_be_bytes();
    mac.update(&al);
    let full = mac.finalize().into_bytes();
    let mut t = [0u8; 32];
    t.copy_from_slice(&full[..32]);
    t
}

/// `A256CBC-HS512` content encryption (RFC 7518 §5.2.5): 64-byte key = MAC key ‖ AES-256 key,
/// 16-byte IV. Returns (ciphertext, 32-byte tag).
pub fn a256cbc_hs512_encrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, [u8; 32])> {
    if key.len() != 64 || iv.len() != 16 {
        return Err(Error::InvalidArgument(
            "A256CBC-HS512 needs a 64-byte key and a 16-byte IV".into(),
        ));
    }
    let (mac_key, enc_key) = key.split_at(32);
    // AES-256 by name, not through aes_cbc_encrypt's key-length match: the request-path WASM then
    // carries one AES key schedule instead of three (issue 17).
    let ct = cbc_enc!(aes::Aes256, enc_key, iv, plaintext)?;
    let tag = a256cbc_hs512_tag(mac_key, aad, iv, &ct);
    Ok((ct, tag))
}

/// `A256CBC-HS512` decryption: the tag is checked (constant time) before any unpadding.
/// `None` when authentication or padding fails.
pub fn a256cbc_hs512_decrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
) -> Result<Option<Vec<u8>>> {
    if key.len() != 64 {
        return Err(Error::InvalidArgument(
            "A256CBC-HS512 needs a 64-byte key".into(),
        ));
    }
    if iv.len() != 16 {
        return Ok(None);
    }
    let (mac_key, enc_key) = key.split_at(32);
    let expect = a256cbc_hs512_tag(mac_key, aad, iv, ct);
    if !ct_eq(&expect, tag) {
        return Ok(None);
    }
    if ct.is_empty() || !ct.len().is_multiple_of(16) {
        return Ok(None);
    }
    cbc_dec!(aes::Aes256, enc_key, iv, ct)
}

/// XChaCha20-Poly1305 seal: returns ciphertext ‖ tag(16).
pub fn xchacha20poly1305_seal(key: &[u8], nonce: &[u8], aad: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    if key.len() != 32 || nonce.len() != 24 {
        return Err(Error::InvalidArgument(
            "XChaCha20-Poly1305 needs a 32-byte key and a 24-byte nonce".into(),
        ));
    }
    let c = XChaCha20Poly1305::new_from_slice(key)
        .map_err(|_| Error::InvalidArgument("XChaCha20-Poly1305 key".into()))?;
    let n = chacha20poly1305::XNonce::try_from(nonce)
        .map_err(|_| Error::InvalidArgument("XChaCha20-Poly1305 nonce".into()))?;
    c.encrypt(&n, Payload { msg, aad })
        .map_err(|_| Error::InvalidArgument("XChaCha20-Poly1305 message too long".into()))
}

/// XChaCha20-Poly1305 open of ciphertext ‖ tag. `None` when the tag does not verify.
pub fn xchacha20poly1305_open(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    ct_and_tag: &[u8],
) -> Result<Option<Vec<u8>>> {
    if key.len() != 32 {
        return Err(Error::InvalidArgument(
            "XChaCha20-Poly1305 needs a 32-byte key".into(),
        ));
    }
    if nonce.len() != 24 || ct_and_tag.len() < 16 {
        return Ok(None);
    }
    let c = XChaCha20Poly1305::new_from_slice(key)
        .map_err(|_| Error::InvalidArgument("XChaCha20-Poly1305 key".into()))?;
    let n = match chacha20poly1305::XNonce::try_from(nonce) {
        Ok(n) => n,
        Err(_) => return Ok(None),
    };
    Ok(c.decrypt(
        &n,
        Payload {
            msg: ct_and_tag,
            aad,
        },
    )
    .ok())
}

// ---- Better Auth symmetricEncrypt ------------------------------------------------------------

/// Longest `symmetricEncrypt` payload accepted, in hex characters (a private RSA-4096 JWK is
/// about 3.3 KB; 1 MiB is far above any real row and bounds the work on hostile input).
pub const MAX_SYMMETRIC_CIPHERTEXT_HEX: usize = 1 << 20;

/// A secret with an optional rotation version (`BETTER_AUTH_SECRETS="2:new,1:old"` /
/// `secrets: [{ version, value }]`). Unversioned secrets play the role of Better Auth's
/// `legacySecret` (`BETTER_AUTH_SECRET`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    /// The rotation version, or `None` for a plain (legacy) secret.
    pub version: Option<u32>,
    /// The secret string; its UTF-8 bytes are the key material.
    pub value: String,
}

// ---- hardening ----
/// The secret's bytes are wiped when it is dropped.
impl Drop for Secret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.value);
    }
}
// ---- end hardening ----

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("version", &self.version)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// The secrets a deployment has: the first is current (it signs and encrypts).
///
/// authcore reads them as Better Auth 1.7 does: signatures (signed session cookies, compact and
/// HS256 cookie caches) verify under the **current secret only** ([`Secrets::signing`]), so a
/// secret rotated away because it leaked can no longer forge anything; JWE caches and
/// `symmetricEncrypt` data decrypt under every listed version and the unversioned (legacy)
/// secret. Accepting previous secrets for signatures is an explicit opt-in (a grace period).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Secrets(pub Vec<Secret>);

/// Most secrets accepted in one [`Secrets`] (each is tried on a failed verify; bounds the work).
pub const MAX_SECRETS: usize = 16;

impl Secrets {
    /// One plain secret (`BETTER_AUTH_SECRET`).
    pub fn single(value: impl Into<String>) -> Self {
        Secrets(vec![Secret {
            version: None,
            value: value.into(),
        }])
    }

    /// Plain secrets, current first.
    pub fn list<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        Secrets(
            values
                .into_iter()
                .map(|v| Secret {
                    version: None,
                    value: v.into(),
                })
                .collect(),
        )
    }

    /// Parse `BETTER_AUTH_SECRETS` syntax, `"2:newsecret,1:oldsecret"` (current first), like
    /// Better Auth's `parseSecretsEnv`: entries trimmed, version a non-negative integer, value
    /// non-empty.
    pub fn parse_env(s: &str) -> Result<Self> {
        let mut out = Vec::new();
        for entry in s.split(',') {
            let entry = entry.trim();
            let (v, value) = entry.split_once(':').ok_or_else(|| {
                Error::InvalidArgument("BETTER_AUTH_SECRETS entries are <version>:<secret>".into())
            })?;
            let version: u32 = v.trim().parse().map_err(|_| {
                Error::InvalidArgument(
                    "BETTER_AUTH_SECRETS version must be a non-negative integer".into(),
                )
            })?;
            let value = value.trim();
            if value.is_empty() {
                return Err(Error::InvalidArgument(
                    "BETTER_AUTH_SECRETS has an empty secret".into(),
                ));
            }
            out.push(Secret {
                version: Some(version),
                value: value.to_string(),
            });
        }
        Secrets::checked(out)
    }

    /// The secrets a deployment configures in its environment, read as Better Auth 1.7.25
    /// does: `BETTER_AUTH_SECRETS` (versioned, current first), with the legacy secret
    /// (`BETTER_AUTH_SECRET`, else `AUTH_SECRET`) appended unversioned when it is not one of
    /// them; without `BETTER_AUTH_SECRETS`, the legacy secret alone. Empty values are unset.
    ///
    /// # Errors
    /// `ERR_CONFIG_SECRET_MISSING` when none is set; the errors of [`Secrets::parse_env`].
    pub fn from_env(
        better_auth_secrets: Option<&str>,
        better_auth_secret: Option<&str>,
        auth_secret: Option<&str>,
    ) -> Result<Self> {
        fn set(v: Option<&str>) -> Option<&str> {
            v.filter(|v| !v.is_empty())
        }
        let legacy = set(better_auth_secret).or(set(auth_secret));
        match (set(better_auth_secrets), legacy) {
            (Some(versioned), legacy) => {
                let mut list = Secrets::parse_env(versioned)?;
                if let Some(l) = legacy.filter(|l| list.0.iter().all(|s| s.value != *l)) {
                    list.0.push(Secret {
                        version: None,
                        value: l.to_owned(),
                    });
                }
                Secrets::checked(list.0)
            }
            (None, Some(l)) => Ok(Secrets::single(l)),
            (None, None) => Err(Error::ConfigSecretMissing),
        }
    }

    /// Validate a list: at least one secret, none empty, at most [`MAX_SECRETS`], versions
    /// unique.
    pub fn checked(entries: Vec<Secret>) -> Result<Self> {
        if entries.is_empty() {
            return Err(Error::InvalidArgument(
                "at least one secret is needed".into(),
            ));
        }
        if entries.len() > MAX_SECRETS {
            return Err(Error::InvalidArgument(format!(
                "at most {MAX_SECRETS} secrets are accepted"
            )));
        }
        let mut seen = std::collections::BTreeSet::new();
        for e in &entries {
            if e.value.is_empty() {
                return Err(Error::InvalidArgument("a secret is empty".into()));
            }
            if let Some(v) = e.version {
                if !seen.insert(v) {
                    return Err(Error::InvalidArgument(format!(
                        "secret version {v} appears twice"
                    )));
                }
            }
        }
        Ok(Secrets(entries))
    }

    /// The current (signing) secret.
    pub fn current(&self) -> Result<&Secret> {
        self.0
            .first()
            .ok_or_else(|| Error::InvalidArgument("at least one secret is needed".into()))
    }

    /// The secrets a signature may verify under: the current one only (Better Auth's
    /// `getSignedCookie(name, ctx.context.secret)`), or, with `accept_previous` (an explicit
    /// grace period after a rotation), every one, current first.
    pub fn signing(&self, accept_previous: bool) -> impl Iterator<Item = &Secret> {
        self.all()
            .take(if accept_previous { MAX_SECRETS } else { 1 })
    }

    /// Every secret, current first, de-duplicated by value.
    pub fn all(&self) -> impl Iterator<Item = &Secret> {
        self.0
            .iter()
            .enumerate()
            .filter(|(i, s)| !self.0[..*i].iter().any(|p| p.value == s.value))
            .map(|(_, s)| s)
    }
}

impl From<&str> for Secrets {
    fn from(s: &str) -> Self {
        Secrets::single(s)
    }
}

impl From<String> for Secrets {
    fn from(s: String) -> Self {
        Secrets::single(s)
    }
}

/// Better Auth's `symmetricEncrypt` with one secret and a given 24-byte nonce: lowercase hex of
/// `nonce ‖ ciphertext ‖ tag`, key = SHA-256(secret). With `version`, the `$ba$<v>$` envelope.
pub fn symmetric_encrypt(
    secret: &str,
    version: Option<u32>,
    nonce: &[u8; 24],
    plaintext: &str,
) -> Result<String> {
    let key = zeroize::Zeroizing::new(sha256(secret.as_bytes()));
    let ct = xchacha20poly1305_seal(&key[..], nonce, &[], plaintext.as_bytes())?;
    let mut hexed = hex::encode(nonce);
    hexed.push_str(&hex::encode(ct));
    Ok(match version {
        Some(v) => format!("$ba${v}${hexed}"),
        None => hexed,
    })
}

fn raw_decrypt(secret: &str, hexed: &str) -> Result<Option<String>> {
    if hexed.len() > MAX_SYMMETRIC_CIPHERTEXT_HEX {
        return Err(Error::CiphertextMalformed("ciphertext too long"));
    }
    let bytes = hex::decode(hexed).map_err(|_| Error::CiphertextMalformed("not hex"))?;
    if bytes.len() < 24 + 16 {
        return Err(Error::CiphertextMalformed("shorter than nonce and tag"));
    }
    let (nonce, rest) = bytes.split_at(24);
    let key = zeroize::Zeroizing::new(sha256(secret.as_bytes()));
    match xchacha20poly1305_open(&key[..], nonce, &[], rest)? {
        None => Ok(None),
        Some(pt) => String::from_utf8(pt)
            .map(Some)
            .map_err(|_| Error::CiphertextMalformed("plaintext is not UTF-8")),
    }
}

/// Better Auth's `symmetricDecrypt`: an `$ba$<v>$` envelope is opened with the secret of that
/// version; bare hex with the unversioned secrets (or, failing those, every secret).
/// `ERR_DECRYPT_FAILED` when no secret opens it.
pub fn symmetric_decrypt(secrets: &Secrets, data: &str) -> Result<String> {
    if let Some(rest) = data.strip_prefix("$ba$") {
        let (v, hexed) = rest
            .split_once('$')
            .ok_or(Error::CiphertextMalformed("envelope without a second $"))?;
        let version: u32 = v
            .parse()
            .map_err(|_| Error::CiphertextMalformed("envelope version"))?;
        let secret = secrets
            .all()
            .find(|s| s.version == Some(version))
            .ok_or(Error::DecryptFailed)?;
        return raw_decrypt(&secret.value, hexed)?.ok_or(Error::DecryptFailed);
    }
    let plain = secrets.all().filter(|s| s.version.is_none());
    let versioned = secrets.all().filter(|s| s.version.is_some());
    for s in plain.chain(versioned) {
        if let Some(pt) = raw_decrypt(&s.value, data)? {
            return Ok(pt);
        }
    }
    Err(Error::DecryptFailed)
}

/// Decrypt a `jwks.privateKey` column as the JWT plugin stores it: `JSON.stringify` of the
/// `symmetricEncrypt` output (a quoted string), or the bare string; returns the private JWK's
/// JSON text. A row written with `disablePrivateKeyEncryption` (a JSON object) comes back as
/// is. `ERR_DECRYPT_FAILED` when none of the secrets opens it: the deployment's secret changed.
pub fn decrypt_private_key(stored: &str, secrets: &Secrets) -> Result<String> {
    let trimmed = stored.trim();
    if trimmed.starts_with('{') {
        return Ok(trimmed.to_string());
    }
    let inner: String = if trimmed.starts_with('"') {
        match crate::jsjson::parse(trimmed) {
            Ok(serde_json::Value::String(s)) => s,
            _ => {
                return Err(Error::CiphertextMalformed(
                    "privateKey is not a JSON string",
                ))
            }
        }
    } else {
        trimmed.to_string()
    };
    symmetric_decrypt(secrets, &inner)
}

/// Encrypt a private JWK's JSON like the JWT plugin stores it (a JSON string literal of the
/// `symmetricEncrypt` output). The current secret encrypts; a versioned one adds the envelope.
pub fn encrypt_private_key(jwk_json: &str, secrets: &Secrets, nonce: &[u8; 24]) -> Result<String> {
    let s = secrets.current()?;
    let enc = symmetric_encrypt(&s.value, s.version, nonce, jwk_json)?;
    serde_json::to_string(&enc).map_err(|e| Error::InvalidArgument(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_from_env_as_better_auth_reads_them() {
        let v = |s: &Secrets| {
            s.0.iter()
                .map(|x| (x.version, x.value.clone()))
                .collect::<Vec<_>>()
        };
        let both = Secrets::from_env(Some("2:new,1:old"), Some("legacy"), Some("x")).unwrap();
        assert_eq!(
            v(&both),
            [
                (Some(2), "new".into()),
                (Some(1), "old".into()),
                (None, "legacy".into())
            ]
        );
        // The legacy secret already listed is not added twice; AUTH_SECRET is the fallback.
        let dup = Secrets::from_env(Some("1:old"), Some(""), Some("old")).unwrap();
        assert_eq!(v(&dup), [(Some(1), "old".into())]);
        assert_eq!(
            Secrets::from_env(None, Some(""), Some("a")).unwrap(),
            Secrets::single("a")
        );
        for (a, b, c) in [(None, None, None), (Some(""), Some(""), Some(""))] {
            assert_eq!(
                Secrets::from_env(a, b, c).unwrap_err().code(),
                "ERR_CONFIG_SECRET_MISSING"
            );
        }
        assert_eq!(
            Secrets::from_env(Some("nope"), Some("a"), None)
                .unwrap_err()
                .code(),
            "ERR_INVALID_ARGUMENT"
        );
    }
}
