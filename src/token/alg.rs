//! The algorithm table and the signature primitives (RustCrypto) behind every JWS.
//!
//! Each algorithm is bound to one key type (and, for ECDSA/EdDSA, one curve): an HMAC
//! algorithm only ever runs with an `oct` key, an RSA algorithm only with an RSA key of at
//! least [`MIN_RSA_BITS`], and so on. The binding is checked here, in the one function that
//! verifies, so no caller can get around it.

use hmac::{Hmac, KeyInit, Mac};
use rand_core::TryCryptoRng;
#[cfg(feature = "keys")]
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::Signer;
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
    /// ECDSA public keys: verified by [`super::ec`], not the p256/p384/p521 crates.
    P256(super::ec::PublicKey<8>),
    P384(super::ec::PublicKey<12>),
    P521(super::ec::PublicKey<17>),
    Rsa(RsaPublic),
    Oct(Zeroizing<Vec<u8>>),
}

/// Private (signing) key material.
pub(crate) enum PrivateMaterial {
    Ed25519(Box<ed25519_dalek::SigningKey>),
    /// ECDSA signing keys: only with the `keys` feature (the p256/p384/p521 crates).
    #[cfg(feature = "keys")]
    P256(p256::ecdsa::SigningKey),
    #[cfg(feature = "keys")]
    P384(p384::ecdsa::SigningKey),
    #[cfg(feature = "keys")]
    P521(p521::ecdsa::SigningKey),
    /// Only with the `keys` feature (the `rsa` crate): RS*/PS* signing.
    #[cfg(feature = "keys")]
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
        #[cfg(feature = "keys")]
        match self {
            PrivateMaterial::Rsa(_) => return alg.key_type() == KeyType::Rsa,
            PrivateMaterial::P256(_) => return alg == Algorithm::ES256,
            PrivateMaterial::P384(_) => return alg == Algorithm::ES384,
            PrivateMaterial::P521(_) => return alg == Algorithm::ES512,
            _ => {}
        }
        matches!(
            (self, alg),
            (PrivateMaterial::Ed25519(_), Algorithm::EdDSA)
                | (
                    PrivateMaterial::Oct(_),
                    Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
                )
        )
    }
}

/// An RSA public key, checked and prepared once for [`super::monty`]: RS*/PS* verification
/// without the `rsa` crate (issue 17: it and crypto-bigint's boxed integers stay out of the
/// request-path WASM).
#[derive(Clone)]
pub(crate) struct RsaPublic {
    /// The modulus, big-endian, without leading zeros (`k` bytes: the signature length).
    n_be: Vec<u8>,
    /// The public exponent, big-endian, without leading zeros.
    #[cfg_attr(not(feature = "keys"), allow(dead_code))]
    e_be: Vec<u8>,
    /// The modulus, little-endian, zero-padded to a multiple of 8 bytes (the limb storage).
    n_le: Vec<u8>,
    /// `R² mod n` for that storage width.
    r2_le: Vec<u8>,
    /// The exponent's bits, most significant (set) first.
    e_bits: Vec<bool>,
}

impl RsaPublic {
    /// The modulus length in bytes (`k`, the length of every signature).
    pub(crate) fn size(&self) -> usize {
        self.n_be.len()
    }

    /// The modulus, big-endian, minimal.
    #[cfg_attr(not(feature = "keys"), allow(dead_code))]
    pub(crate) fn n(&self) -> &[u8] {
        &self.n_be
    }

    /// The public exponent, big-endian, minimal.
    #[cfg_attr(not(feature = "keys"), allow(dead_code))]
    pub(crate) fn e(&self) -> &[u8] {
        &self.e_be
    }

    fn bits(&self) -> usize {
        bit_len(&self.n_be)
    }

    /// RSAVP1 (RFC 8017 §5.2.2): `sig^e mod n` as `k` big-endian bytes, or `None` when `sig` is
    /// not `k` bytes or not below `n`.
    fn public_op(&self, sig: &[u8]) -> Option<Vec<u8>> {
        let k = self.size();
        // Equal lengths, big-endian: byte order is numeric order.
        if sig.len() != k || sig >= self.n_be.as_slice() {
            return None;
        }
        let mut s_le: Vec<u8> = sig.iter().rev().copied().collect();
        s_le.resize(self.n_le.len(), 0);
        let mut m = super::monty::pow_public_le(&s_le, &self.r2_le, &self.n_le, &self.e_bits);
        // Above k bytes the result (< n) is zero.
        m.truncate(k);
        m.reverse();
        Some(m)
    }
}

/// Build an RSA public key from big-endian `n` and `e`, enforcing the size bounds.
pub(crate) fn rsa_public(n: &[u8], e: &[u8]) -> Result<RsaPublic> {
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
    // An RSA modulus is a product of odd primes and its exponent is odd (coprime to p-1);
    // Montgomery reduction needs an odd modulus.
    if n.last().is_none_or(|b| b & 1 == 0) || e.last().is_none_or(|b| b & 1 == 0) {
        return Err(Error::JwkInvalid("invalid RSA public key"));
    }
    let mut n_le: Vec<u8> = n.iter().rev().copied().collect();
    n_le.resize(n.len().div_ceil(8) * 8, 0);
    let e_bits = (0..bit_len(e))
        .rev()
        .map(|i| e[e.len() - 1 - i / 8] >> (i % 8) & 1 == 1)
        .collect();
    Ok(RsaPublic {
        r2_le: super::monty::r2_le(&n_le),
        n_be: n.to_vec(),
        e_be: e.to_vec(),
        n_le,
        e_bits,
    })
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
        PublicMaterial::P256(k) => k.verify(&Sha256::digest(msg), sig),
        PublicMaterial::P384(k) => k.verify(&Sha384::digest(msg), sig),
        PublicMaterial::P521(k) => k.verify(&Sha512::digest(msg), sig),
        PublicMaterial::Rsa(k) => {
            let em = k.public_op(sig).ok_or_else(bad)?;
            match alg {
                Algorithm::RS256 => pkcs1v15_check(&em, &DIGEST_INFO_SHA256, &Sha256::digest(msg)),
                Algorithm::RS384 => pkcs1v15_check(&em, &DIGEST_INFO_SHA384, &Sha384::digest(msg)),
                Algorithm::RS512 => pkcs1v15_check(&em, &DIGEST_INFO_SHA512, &Sha512::digest(msg)),
                Algorithm::PS256 => pss_check::<Sha256>(&em, k.bits(), &Sha256::digest(msg)),
                Algorithm::PS384 => pss_check::<Sha384>(&em, k.bits(), &Sha384::digest(msg)),
                _ => pss_check::<Sha512>(&em, k.bits(), &Sha512::digest(msg)),
            }
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

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) by re-encoding and comparing: `em` is
/// `s^e mod n` (k bytes, [`RsaPublic::public_op`]: a left-to-right square-and-multiply with a
/// dedicated Montgomery squaring, `super::monty`; the exponent is public, so variable time is
/// fine), compared with the expected `00 01 FF…FF 00 ‖ DigestInfo ‖ H`. The Wycheproof suite
/// checks it, and `monty`'s tests compare the arithmetic with crypto-bigint.
fn pkcs1v15_check(em: &[u8], prefix: &[u8], hash: &[u8]) -> bool {
    let k_len = em.len();
    let t_len = prefix.len() + hash.len();
    if k_len < t_len + 11 {
        return false;
    }
    let ps_len = k_len - t_len - 3;
    let mut expected = Vec::with_capacity(k_len);
    expected.extend_from_slice(&[0x00, 0x01]);
    expected.resize(2 + ps_len, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(prefix);
    expected.extend_from_slice(hash);
    em == expected.as_slice()
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with MGF1 over the same hash and a salt as long as the hash
/// (RFC 7518 §3.5: what PS256/384/512 use; jose and WebCrypto sign that way). `em_k` is
/// `s^e mod n` as `k` bytes, `mod_bits` the modulus length in bits. Checked against Wycheproof's
/// RSA-PSS suite and, for every PS*, signatures made by the `rsa` crate and by jose.
fn pss_check<D: Digest>(em_k: &[u8], mod_bits: usize, m_hash: &[u8]) -> bool {
    let h_len = <D as Digest>::output_size();
    let s_len = h_len;
    let em_bits = mod_bits - 1;
    let em_len = em_bits.div_ceil(8);
    // The k-byte value has one more leading byte when modBits - 1 is a multiple of 8; it is 0.
    let Some(extra) = em_k.len().checked_sub(em_len) else {
        return false;
    };
    let (head, em) = em_k.split_at(extra);
    if head.iter().any(|&b| b != 0) || em_len < h_len + s_len + 2 || em.last() != Some(&0xbc) {
        return false;
    }
    let db_len = em_len - h_len - 1;
    let (masked_db, rest) = em.split_at(db_len);
    let h = &rest[..h_len];
    let top_mask = 0xffu8 >> (8 * em_len - em_bits);
    if masked_db[0] & !top_mask != 0 {
        return false;
    }
    // DB = maskedDB xor MGF1(H, db_len)
    let mut db = masked_db.to_vec();
    for (counter, chunk) in (0u32..).zip(db.chunks_mut(h_len)) {
        let mut d = D::new();
        d.update(h);
        d.update(counter.to_be_bytes());
        for (x, m) in chunk.iter_mut().zip(d.finalize().iter()) {
            *x ^= m;
        }
    }
    db[0] &= top_mask;
    let ps_len = em_len - h_len - s_len - 2;
    if db[..ps_len].iter().any(|&b| b != 0) || db[ps_len] != 0x01 {
        return false;
    }
    let salt = &db[db_len - s_len..];
    let mut d = D::new();
    d.update([0u8; 8]);
    d.update(m_hash);
    d.update(salt);
    d.finalize().as_slice() == h
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
    #[cfg(not(feature = "keys"))]
    let _ = rng; // only RSA (blinding, PSS salt) draws from it
    #[cfg(feature = "keys")]
    let failed = |_| Error::JwkInvalid("signing failed");
    Ok(match key {
        PrivateMaterial::Ed25519(k) => k.sign(msg).to_bytes().to_vec(),
        #[cfg(feature = "keys")]
        PrivateMaterial::P256(k) => {
            let s: p256::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
            s.to_bytes().to_vec()
        }
        #[cfg(feature = "keys")]
        PrivateMaterial::P384(k) => {
            let s: p384::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
            s.to_bytes().to_vec()
        }
        #[cfg(feature = "keys")]
        PrivateMaterial::P521(k) => {
            let s: p521::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
            s.to_bytes().to_vec()
        }
        #[cfg(feature = "keys")]
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

#[cfg(all(test, feature = "keys"))]
mod tests {
    use super::*;
    use rsa::traits::PublicKeyParts;

    /// RS*/PS* verification (monty.rs, no `rsa` crate) accepts what the `rsa` crate signs, for
    /// moduli whose length is and is not a whole number of bytes (PSS's emLen < k when
    /// modBits ≡ 1 mod 8), and rejects any flipped bit of the signature or the message.
    #[test]
    fn verifies_what_the_rsa_crate_signs() {
        let mut rng = crate::rng::OsRng;
        for bits in [2048usize, 2049, 2056, 3072] {
            let sk = rsa::PrivateKey::new(&mut rng, bits).unwrap();
            let pk = rsa_public(
                &sk.n().as_ref().to_be_bytes_trimmed_vartime(),
                &sk.e().to_be_bytes_trimmed_vartime(),
            )
            .unwrap();
            assert_eq!(pk.bits(), bits);
            let public = PublicMaterial::Rsa(pk);
            let private = PrivateMaterial::Rsa(Box::new(sk));
            for alg in Algorithm::ALL
                .into_iter()
                .filter(|a| a.key_type() == KeyType::Rsa)
            {
                let msg = format!("a message for {alg} at {bits} bits");
                let sig = sign(alg, &private, msg.as_bytes(), &mut rng).unwrap();
                verify(alg, &public, msg.as_bytes(), &sig)
                    .unwrap_or_else(|e| panic!("{alg} {bits}: {e}"));
                for i in [0, sig.len() / 2, sig.len() - 1] {
                    let mut bad = sig.clone();
                    bad[i] ^= 1;
                    assert!(verify(alg, &public, msg.as_bytes(), &bad).is_err());
                }
                assert!(verify(alg, &public, b"another message", &sig).is_err());
                // The other padding and the other hashes refuse it.
                for other in Algorithm::ALL
                    .into_iter()
                    .filter(|a| a.key_type() == KeyType::Rsa && *a != alg)
                {
                    assert!(verify(other, &public, msg.as_bytes(), &sig).is_err());
                }
            }
        }
    }
}
