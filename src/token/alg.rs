//! The algorithm table and the signature primitives (RustCrypto) behind every JWS.
//!
//! Each algorithm is bound to one key type (and, for ECDSA/EdDSA, one curve): an HMAC
//! algorithm only ever runs with an `oct` key, an RSA algorithm only with an RSA key of at
//! least [`MIN_RSA_BITS`], and so on. The binding is checked here, in the one function that
//! verifies, so no caller can get around it.

use hmac::{Hmac, KeyInit, Mac};
use rand_core::TryCryptoRng;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::{Signer, Verifier};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Smallest RSA modulus accepted, in bits, for verifying and signing (NIST SP 800-131A;
/// also jose's floor). Smaller keys are refused with `ERR_JWK_INVALID`.
pub const MIN_RSA_BITS: usize = 2048;
/// Largest RSA modulus accepted, in bits: bounds the cost of one verification.
pub const MAX_RSA_BITS: usize = 8192;
/// Largest RSA public exponent accepted, in bits (jose/WebCrypto keys use 65537).
pub const MAX_RSA_EXPONENT_BITS: usize = 33;

/// A JWS algorithm (RFC 7518 §3, RFC 8037). `none` is not representable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(clippy::upper_case_acronyms)]
pub enum Algorithm {
    /// Ed25519 signatures (RFC 8037); the key is an `OKP` JWK with `crv: "Ed25519"`.
    EdDSA,
    /// ECDSA on P-256 with SHA-256 (64-byte `r‖s` signature).
    ES256,
    /// ECDSA on P-384 with SHA-384 (96-byte `r‖s` signature).
    ES384,
    /// ECDSA on P-521 with SHA-512 (132-byte `r‖s` signature).
    ES512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt.
    PS256,
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384, 48-byte salt.
    PS384,
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512, 64-byte salt.
    PS512,
    /// HMAC with SHA-256 (full 32-byte tag); the key is an `oct` JWK or a raw secret.
    HS256,
    /// HMAC with SHA-384 (full 48-byte tag).
    HS384,
    /// HMAC with SHA-512 (full 64-byte tag).
    HS512,
}

/// The key type (`kty`) an algorithm is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// Octet key pair (`OKP`): Ed25519.
    Okp,
    /// Elliptic curve (`EC`): P-256, P-384, P-521.
    Ec,
    /// RSA.
    Rsa,
    /// Symmetric secret (`oct`).
    Oct,
}

impl KeyType {
    /// The JWK `kty` value.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Okp => "OKP",
            KeyType::Ec => "EC",
            KeyType::Rsa => "RSA",
            KeyType::Oct => "oct",
        }
    }
}

impl Algorithm {
    /// Every supported algorithm, in the order of RFC 7518's table (EdDSA first).
    pub const ALL: [Algorithm; 13] = [
        Algorithm::EdDSA,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
    ];

    /// The JOSE name (`"RS256"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::EdDSA => "EdDSA",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// Parse a JOSE name (case-sensitive). `none` and unknown names give `None`.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// The key type this algorithm is bound to.
    pub fn key_type(self) -> KeyType {
        match self {
            Algorithm::EdDSA => KeyType::Okp,
            Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 => KeyType::Ec,
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => KeyType::Oct,
            _ => KeyType::Rsa,
        }
    }

    /// The curve (`crv`) this algorithm requires, for EdDSA and ECDSA.
    pub fn curve(self) -> Option<&'static str> {
        match self {
            Algorithm::EdDSA => Some("Ed25519"),
            Algorithm::ES256 => Some("P-256"),
            Algorithm::ES384 => Some("P-384"),
            Algorithm::ES512 => Some("P-521"),
            _ => None,
        }
    }

    /// True for the HMAC algorithms (symmetric keys).
    pub fn is_symmetric(self) -> bool {
        self.key_type() == KeyType::Oct
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Algorithm {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Algorithm::from_name(s).ok_or(Error::JoseNotSupported("unsupported \"alg\" value"))
    }
}

/// Public (verification) key material, imported and checked once.
#[derive(Clone)]
pub(crate) enum PublicMaterial {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
    Rsa(rsa::PublicKey),
    Oct(Zeroizing<Vec<u8>>),
}

/// Private (signing) key material.
pub(crate) enum PrivateMaterial {
    Ed25519(Box<ed25519_dalek::SigningKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
    Rsa(Box<rsa::PrivateKey>),
    Oct(Zeroizing<Vec<u8>>),
}

impl PublicMaterial {
    pub(crate) fn fits(&self, alg: Algorithm) -> bool {
        matches!(
            (self, alg),
            (PublicMaterial::Ed25519(_), Algorithm::EdDSA)
                | (PublicMaterial::P256(_), Algorithm::ES256)
                | (PublicMaterial::P384(_), Algorithm::ES384)
                | (PublicMaterial::P521(_), Algorithm::ES512)
                | (
                    PublicMaterial::Rsa(_),
                    Algorithm::RS256
                        | Algorithm::RS384
                        | Algorithm::RS512
                        | Algorithm::PS256
                        | Algorithm::PS384
                        | Algorithm::PS512
                )
                | (
                    PublicMaterial::Oct(_),
                    Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
                )
        )
    }
}

impl PrivateMaterial {
    pub(crate) fn fits(&self, alg: Algorithm) -> bool {
        matches!(
            (self, alg),
            (PrivateMaterial::Ed25519(_), Algorithm::EdDSA)
                | (PrivateMaterial::P256(_), Algorithm::ES256)
                | (PrivateMaterial::P384(_), Algorithm::ES384)
                | (PrivateMaterial::P521(_), Algorithm::ES512)
                | (
                    PrivateMaterial::Rsa(_),
                    Algorithm::RS256
                        | Algorithm::RS384
                        | Algorithm::RS512
                        | Algorithm::PS256
                        | Algorithm::PS384
                        | Algorithm::PS512
                )
                | (
                    PrivateMaterial::Oct(_),
                    Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
                )
        )
    }
}

/// Build an RSA public key from big-endian `n` and `e`, enforcing the size bounds.
pub(crate) fn rsa_public(n: &[u8], e: &[u8]) -> Result<rsa::PublicKey> {
    let n = strip_zeros(n);
    let e = strip_zeros(e);
    let bits = bit_len(n);
    if bits < MIN_RSA_BITS {
        return Err(Error::JwkInvalid("RSA modulus must be at least 2048 bits"));
    }
    if bits > MAX_RSA_BITS {
        return Err(Error::JwkInvalid("RSA modulus too large"));
    }
    if bit_len(e) > MAX_RSA_EXPONENT_BITS || bit_len(e) < 2 {
        return Err(Error::JwkInvalid("RSA public exponent out of range"));
    }
    let n = rsa::BoxedUint::from_be_slice_vartime(n);
    let e = rsa::BoxedUint::from_be_slice_vartime(e);
    rsa::PublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=MAX_RSA_BITS)
        .map_err(|_| Error::JwkInvalid("invalid RSA public key"))
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b.get(i..).unwrap_or(&[])
}

fn bit_len(b: &[u8]) -> usize {
    let b = strip_zeros(b);
    match b.first() {
        None => 0,
        Some(&x) => b.len() * 8 - x.leading_zeros() as usize,
    }
}

fn hmac_tag(alg: Algorithm, key: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
    fn run<M: Mac + KeyInit>(key: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
        let mut m = <M as KeyInit>::new_from_slice(key)
            .map_err(|_| Error::JwkInvalid("invalid HMAC key"))?;
        m.update(msg);
        Ok(m.finalize().into_bytes().to_vec())
    }
    match alg {
        Algorithm::HS256 => run::<Hmac<Sha256>>(key, msg),
        Algorithm::HS384 => run::<Hmac<Sha384>>(key, msg),
        Algorithm::HS512 => run::<Hmac<Sha512>>(key, msg),
        _ => Err(Error::JwkInvalid("key type does not match the algorithm")),
    }
}

/// Verify `sig` over `msg` with `alg` and `key`. The key must fit the algorithm (type and
/// curve); a mismatch is `ERR_JWK_INVALID`, a bad signature `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`.
pub(crate) fn verify(alg: Algorithm, key: &PublicMaterial, msg: &[u8], sig: &[u8]) -> Result<()> {
    if !key.fits(alg) {
        return Err(Error::JwkInvalid("key type does not match the algorithm"));
    }
    let bad = || Error::JwsSignatureVerificationFailed;
    let ok = match key {
        PublicMaterial::Ed25519(k) => {
            let s = ed25519_dalek::Signature::from_slice(sig).map_err(|_| bad())?;
            k.verify_strict(msg, &s).is_ok()
        }
        PublicMaterial::P256(k) => {
            let s = p256::ecdsa::Signature::from_slice(sig).map_err(|_| bad())?;
            k.verify(msg, &s).is_ok()
        }
        PublicMaterial::P384(k) => {
            let s = p384::ecdsa::Signature::from_slice(sig).map_err(|_| bad())?;
            k.verify(msg, &s).is_ok()
        }
        PublicMaterial::P521(k) => {
            let s = p521::ecdsa::Signature::from_slice(sig).map_err(|_| bad())?;
            k.verify(msg, &s).is_ok()
        }
        PublicMaterial::Rsa(k) => {
            if sig.len() != k.size() {
                return Err(bad());
            }
            let r = match alg {
                Algorithm::RS256 => {
                    return pkcs1v15_check(k, &DIGEST_INFO_SHA256, &Sha256::digest(msg), sig)
                }
                Algorithm::RS384 => {
                    return pkcs1v15_check(k, &DIGEST_INFO_SHA384, &Sha384::digest(msg), sig)
                }
                Algorithm::RS512 => {
                    return pkcs1v15_check(k, &DIGEST_INFO_SHA512, &Sha512::digest(msg), sig)
                }
                Algorithm::PS256 => {
                    k.verify(Pss::<Sha256>::new_with_salt(32), &Sha256::digest(msg), sig)
                }
                Algorithm::PS384 => {
                    k.verify(Pss::<Sha384>::new_with_salt(48), &Sha384::digest(msg), sig)
                }
                _ => k.verify(Pss::<Sha512>::new_with_salt(64), &Sha512::digest(msg), sig),
            };
            r.is_ok()
        }
        PublicMaterial::Oct(secret) => {
            let tag = hmac_tag(alg, secret, msg)?;
            tag.len() == sig.len() && bool::from(tag.ct_eq(sig))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// DER DigestInfo prefixes (RFC 8017 §9.2 note 1) for SHA-256/384/512.
const DIGEST_INFO_SHA256: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const DIGEST_INFO_SHA384: [u8; 19] = [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];
const DIGEST_INFO_SHA512: [u8; 19] = [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) by re-encoding and comparing: `s^e mod n`
/// computed with a plain left-to-right square-and-multiply with a dedicated Montgomery squaring
/// on 64-bit limbs natively, 32-bit in WASM (`super::monty`; the exponent is public, so variable time is fine), then
/// compared with the expected `00 01 FF…FF 00 ‖ DigestInfo ‖ H`. This is about three times as
/// fast as the windowed exponentiation the `rsa` crate uses for e = 65537; the Wycheproof
/// suite and a comparison with crypto-bigint's `pow` check it.
fn pkcs1v15_check(k: &rsa::PublicKey, prefix: &[u8], hash: &[u8], sig: &[u8]) -> Result<()> {
    use crypto_bigint::modular::BoxedMontyForm;
    let bad = Error::JwsSignatureVerificationFailed;
    let k_len = k.size();
    let t_len = prefix.len() + hash.len();
    if sig.len() != k_len || k_len < t_len + 11 {
        return Err(bad);
    }
    let n = k.n().as_ref();
    let s = rsa::BoxedUint::from_be_slice(sig, n.bits_precision())
        .map_err(|_| Error::JwsSignatureVerificationFailed)?;
    if s >= *n {
        return Err(bad);
    }
    let e = k.e();
    let base = BoxedMontyForm::new(s, k.n_params());
    let e_bits: Vec<bool> = (0..e.bit_width_vartime())
        .rev()
        .map(|i| e.bit_vartime(i))
        .collect();
    let mut m = super::monty::pow_public_le(
        &base.as_montgomery().to_le_bytes(),
        &n.to_le_bytes(),
        &e_bits,
    );
    m.reverse(); // big-endian
                 // `m` is as wide as the modulus storage; its leading bytes beyond k_len must be zero.
    let extra = m
        .len()
        .checked_sub(k_len)
        .ok_or(Error::JwsSignatureVerificationFailed)?;
    let (head, em) = m.split_at(extra);
    if head.iter().any(|&b| b != 0) {
        return Err(bad);
    }
    let ps_len = k_len - t_len - 3;
    let mut expected = Vec::with_capacity(k_len);
    expected.extend_from_slice(&[0x00, 0x01]);
    expected.resize(2 + ps_len, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(prefix);
    expected.extend_from_slice(hash);
    if em == expected.as_slice() {
        Ok(())
    } else {
        Err(bad)
    }
}

/// Sign `msg` with `alg` and `key`. ECDSA is deterministic (RFC 6979); RSA uses `rng` for
/// blinding and the PSS salt; Ed25519 and HMAC ignore it.
pub(crate) fn sign<R: TryCryptoRng + ?Sized>(
    alg: Algorithm,
    key: &PrivateMaterial,
    msg: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>> {
    if !key.fits(alg) {
        return Err(Error::JwkInvalid("key type does not match the algorithm"));
    }
    let failed = |_| Error::JwkInvalid("signing failed");
    Ok(match key {
        PrivateMaterial::Ed25519(k) => k.sign(msg).to_bytes().to_vec(),
        PrivateMaterial::P256(k) => {
            let s: p256::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
            s.to_bytes().to_vec()
        }
        PrivateMaterial::P384(k) => {
            let s: p384::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
            s.to_bytes().to_vec()
        }
        PrivateMaterial::P521(k) => {
            let s: p521::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
            s.to_bytes().to_vec()
        }
        PrivateMaterial::Rsa(k) => {
            let r = match alg {
                Algorithm::RS256 => {
                    k.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(msg))
                }
                Algorithm::RS384 => {
                    k.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(msg))
                }
                Algorithm::RS512 => {
                    k.sign_with_rng(rng, Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(msg))
                }
                Algorithm::PS256 => {
                    k.sign_with_rng(rng, Pss::<Sha256>::new_with_salt(32), &Sha256::digest(msg))
                }
                Algorithm::PS384 => {
                    k.sign_with_rng(rng, Pss::<Sha384>::new_with_salt(48), &Sha384::digest(msg))
                }
                _ => k.sign_with_rng(rng, Pss::<Sha512>::new_with_salt(64), &Sha512::digest(msg)),
            };
            r.map_err(|_| Error::Rng)?
        }
        PrivateMaterial::Oct(secret) => hmac_tag(alg, secret, msg)?,
    })
}
