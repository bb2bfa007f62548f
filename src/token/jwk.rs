//! JSON Web Keys (RFC 7517/7518/8037), key sets, key selection and RFC 7638 thumbprints.

use rand_core::TryCryptoRng;
#[cfg(feature = "keys")]
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::alg::{rsa_public, Algorithm, KeyType, PrivateMaterial, PublicMaterial};
use super::ec;
use super::util::{b64d, b64e, too_deep};
use super::{MAX_JWKS_BYTES, MAX_JWKS_KEYS};
use crate::error::{Error, Result};

/// A JSON Web Key. Members are kept as their base64url/JSON strings; the key material is
/// decoded and checked when the key is used (or when it enters a [`Jwks`]). Unknown members
/// are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type: `"OKP"`, `"EC"`, `"RSA"` or `"oct"`.
    pub kty: String,
    /// Key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Intended algorithm; when present, the key is only used with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Public key use (`"sig"` or `"enc"`); when present, verification needs `"sig"`.
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Key operations; when present, verification needs `"verify"`, signing `"sign"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_ops: Option<Vec<String>>,
    /// Curve (`"Ed25519"`, `"P-256"`, `"P-384"`, `"P-521"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// OKP/EC public x coordinate (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// EC public y coordinate (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    /// RSA modulus (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA public exponent (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// Private part: OKP/EC private scalar or RSA private exponent (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    /// RSA first prime factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    /// RSA second prime factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// RSA first factor CRT exponent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dp: Option<String>,
    /// RSA second factor CRT exponent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dq: Option<String>,
    /// RSA first CRT coefficient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qi: Option<String>,
    /// RSA other primes (multi-prime keys are not supported; present means refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oth: Option<serde_json::Value>,
    /// Symmetric key value (base64url).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<String>,
}

/// The private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `k`) are wiped when a JWK is dropped.
impl Drop for Jwk {
    fn drop(&mut self) {
        self.strip_private();
    }
}

impl Jwk {
    /// A JWK of type `kty` with no other member (`Jwk` implements `Drop`, so it is built by
    /// assignment, not with `..Default::default()`).
    fn blank(kty: &str) -> Jwk {
        Jwk {
            kty: kty.into(),
            kid: None,
            alg: None,
            use_: None,
            key_ops: None,
            crv: None,
            x: None,
            y: None,
            n: None,
            e: None,
            d: None,
            p: None,
            q: None,
            dp: None,
            dq: None,
            qi: None,
            oth: None,
            k: None,
        }
    }

    /// Wipe and remove the private members.
    fn strip_private(&mut self) {
        use zeroize::Zeroize as _;
        for m in [
            &mut self.d,
            &mut self.p,
            &mut self.q,
            &mut self.dp,
            &mut self.dq,
            &mut self.qi,
            &mut self.k,
        ] {
            if let Some(v) = m.as_mut() {
                v.zeroize();
            }
            *m = None;
        }
    }
}

fn member(v: &Option<String>, what: &'static str) -> Result<Vec<u8>> {
    let s = v.as_deref().ok_or(Error::JwkInvalid(what))?;
    b64d(s).ok_or(Error::JwkInvalid(what))
}

fn ec_field_len(crv: &str) -> Option<usize> {
    match crv {
        "P-256" => Some(32),
        "P-384" => Some(48),
        "P-521" => Some(66),
        _ => None,
    }
}

impl Jwk {
    /// Parse one JWK from JSON text (bounded size and depth).
    pub fn from_json(json: &str) -> Result<Jwk> {
        if json.len() > MAX_JWKS_BYTES || too_deep(json.as_bytes()) {
            return Err(Error::JwkInvalid("JWK JSON too large or too deep"));
        }
        crate::jsjson::parse(json)
            .and_then(|v| serde_json::from_value(v).map_err(|_| Error::JwkInvalid("")))
            .map_err(|_| Error::JwkInvalid("not a JWK JSON object"))
    }

    /// Serialize to compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A symmetric (`oct`) key for HS256/384/512 from raw secret bytes (e.g. Better Auth's
    /// secret string's UTF-8 bytes).
    pub fn from_secret(secret: &[u8]) -> Jwk {
        {
            let mut j = Jwk::blank("");
            j.kty = "oct".into();
            j.k = Some(b64e(secret));
            j
        }
    }

    /// The key type, if supported.
    pub fn key_type(&self) -> Option<KeyType> {
        match self.kty.as_str() {
            "OKP" => Some(KeyType::Okp),
            "EC" => Some(KeyType::Ec),
            "RSA" => Some(KeyType::Rsa),
            "oct" => Some(KeyType::Oct),
            _ => None,
        }
    }

    /// True when the JWK holds private (or symmetric) material.
    pub fn is_private(&self) -> bool {
        self.d.is_some() || self.k.is_some()
    }

    /// The public part (private members removed). For `oct` keys this is an error: a
    /// symmetric key has no public part.
    pub fn to_public(&self) -> Result<Jwk> {
        if self.kty == "oct" {
            return Err(Error::JwkInvalid("a symmetric key has no public part"));
        }
        Ok({
            let mut j = self.clone();
            j.strip_private();
            j.oth = None;
            j.key_ops = self
                .key_ops
                .as_ref()
                .map(|ops| ops.iter().filter(|o| *o == "verify").cloned().collect());
            j
        })
    }

    /// The algorithm this key is used with by default: `alg` if present, otherwise EdDSA for
    /// Ed25519, ES256/384/512 by curve, RS256 for RSA, HS256 for `oct`.
    pub fn default_algorithm(&self) -> Result<Algorithm> {
        if let Some(a) = &self.alg {
            return Algorithm::from_name(a)
                .ok_or(Error::JoseNotSupported("unsupported JWK \"alg\""));
        }
        match (self.key_type(), self.crv.as_deref()) {
            (Some(KeyType::Okp), Some("Ed25519")) => Ok(Algorithm::EdDSA),
            (Some(KeyType::Ec), Some("P-256")) => Ok(Algorithm::ES256),
            (Some(KeyType::Ec), Some("P-384")) => Ok(Algorithm::ES384),
            (Some(KeyType::Ec), Some("P-521")) => Ok(Algorithm::ES512),
            (Some(KeyType::Rsa), _) => Ok(Algorithm::RS256),
            (Some(KeyType::Oct), _) => Ok(Algorithm::HS256),
            _ => Err(Error::JoseNotSupported("unsupported key type or curve")),
        }
    }

    /// Decode and check the public (verification) material.
    pub(crate) fn public_material(&self) -> Result<PublicMaterial> {
        match self.key_type() {
            Some(KeyType::Okp) => {
                if self.crv.as_deref() != Some("Ed25519") {
                    return Err(Error::JoseNotSupported("unsupported OKP curve"));
                }
                let x = member(&self.x, "OKP key needs a 32-byte \"x\"")?;
                let x: [u8; 32] = x
                    .try_into()
                    .map_err(|_| Error::JwkInvalid("OKP key needs a 32-byte \"x\""))?;
                ed25519_dalek::VerifyingKey::from_bytes(&x)
                    .map(PublicMaterial::Ed25519)
                    .map_err(|_| Error::JwkInvalid("invalid Ed25519 public key"))
            }
            Some(KeyType::Ec) => {
                let crv = self.crv.as_deref().unwrap_or("");
                let len =
                    ec_field_len(crv).ok_or(Error::JoseNotSupported("unsupported EC curve"))?;
                let x = member(&self.x, "EC key needs \"x\"")?;
                let y = member(&self.y, "EC key needs \"y\"")?;
                if x.len() != len || y.len() != len {
                    return Err(Error::JwkInvalid("EC coordinate has the wrong length"));
                }
                let key = match crv {
                    "P-256" => ec::p256().public_key(&x, &y).map(PublicMaterial::P256),
                    "P-384" => ec::p384().public_key(&x, &y).map(PublicMaterial::P384),
                    _ => ec::p521().public_key(&x, &y).map(PublicMaterial::P521),
                };
                key.ok_or(Error::JwkInvalid("EC point is not on the curve"))
            }
            Some(KeyType::Rsa) => {
                if self.oth.is_some() {
                    return Err(Error::JoseNotSupported("multi-prime RSA keys"));
                }
                let n = member(&self.n, "RSA key needs \"n\"")?;
                let e = member(&self.e, "RSA key needs \"e\"")?;
                rsa_public(&n, &e).map(PublicMaterial::Rsa)
            }
            Some(KeyType::Oct) => {
                let k = Zeroizing::new(member(&self.k, "oct key needs \"k\"")?);
                if k.is_empty() {
                    return Err(Error::JwkInvalid("empty symmetric key"));
                }
                Ok(PublicMaterial::Oct(k))
            }
            None => Err(Error::JoseNotSupported("unsupported key type")),
        }
    }

    /// Decode and check the private (signing) material; the public members must match it.
    pub(crate) fn private_material(&self) -> Result<PrivateMaterial> {
        if self.key_type() == Some(KeyType::Oct) {
            return match self.public_material()? {
                PublicMaterial::Oct(k) => Ok(PrivateMaterial::Oct(k)),
                _ => Err(Error::JwkInvalid("oct key")),
            };
        }
        let public = self.public_material()?;
        let d = Zeroizing::new(member(&self.d, "private JWK needs \"d\"")?);
        let mismatch = Error::JwkInvalid("private key does not match its public members");
        match public {
            PublicMaterial::Ed25519(pk) => {
                let d: [u8; 32] = d
                    .as_slice()
                    .try_into()
                    .map_err(|_| Error::JwkInvalid("Ed25519 \"d\" must be 32 bytes"))?;
                let sk = ed25519_dalek::SigningKey::from_bytes(&d);
                if sk.verifying_key() != pk {
                    return Err(mismatch);
                }
                Ok(PrivateMaterial::Ed25519(Box::new(sk)))
            }
            #[cfg(feature = "keys")]
            PublicMaterial::P256(pk) => {
                let sk = p256::ecdsa::SigningKey::from_slice(&d)
                    .map_err(|_| Error::JwkInvalid("invalid EC private scalar"))?;
                if sk.verifying_key().to_sec1_point(false).as_bytes().get(1..) != Some(pk.xy()) {
                    return Err(mismatch);
                }
                Ok(PrivateMaterial::P256(sk))
            }
            #[cfg(feature = "keys")]
            PublicMaterial::P384(pk) => {
                let sk = p384::ecdsa::SigningKey::from_slice(&d)
                    .map_err(|_| Error::JwkInvalid("invalid EC private scalar"))?;
                if sk.verifying_key().to_sec1_point(false).as_bytes().get(1..) != Some(pk.xy()) {
                    return Err(mismatch);
                }
                Ok(PrivateMaterial::P384(sk))
            }
            #[cfg(feature = "keys")]
            PublicMaterial::P521(pk) => {
                let sk = p521::ecdsa::SigningKey::from_slice(&d)
                    .map_err(|_| Error::JwkInvalid("invalid EC private scalar"))?;
                if sk.verifying_key().to_sec1_point(false).as_bytes().get(1..) != Some(pk.xy()) {
                    return Err(mismatch);
                }
                Ok(PrivateMaterial::P521(sk))
            }
            #[cfg(not(feature = "keys"))]
            PublicMaterial::P256(_) | PublicMaterial::P384(_) | PublicMaterial::P521(_) => {
                Err(Error::JoseNotSupported(EC_PRIVATE_ELSEWHERE))
            }
            #[cfg(feature = "keys")]
            PublicMaterial::Rsa(pk) => {
                let p = Zeroizing::new(member(&self.p, "RSA private JWK needs \"p\"")?);
                let q = Zeroizing::new(member(&self.q, "RSA private JWK needs \"q\"")?);
                let big = rsa::BoxedUint::from_be_slice_vartime;
                let sk = rsa::PrivateKey::from_components(
                    big(pk.n()),
                    big(pk.e()),
                    big(&d),
                    vec![big(&p), big(&q)],
                )
                .map_err(|_| Error::JwkInvalid("invalid RSA private key"))?;
                Ok(PrivateMaterial::Rsa(Box::new(sk)))
            }
            #[cfg(not(feature = "keys"))]
            PublicMaterial::Rsa(_) => Err(Error::JoseNotSupported(RSA_PRIVATE_ELSEWHERE)),
            PublicMaterial::Oct(_) => Err(Error::JwkInvalid("oct key")),
        }
    }
}

/// RFC 7638 JWK thumbprint: SHA-256 over the required members in lexicographic order,
/// base64url without padding.
pub fn jwk_thumbprint(jwk: &Jwk) -> Result<String> {
    let s = |v: &Option<String>, what: &'static str| -> Result<String> {
        let v = v.as_deref().ok_or(Error::JwkInvalid(what))?;
        serde_json::to_string(v).map_err(|_| Error::JwkInvalid(what))
    };
    let json = match jwk.key_type() {
        Some(KeyType::Okp) => format!(
            r#"{{"crv":{},"kty":"OKP","x":{}}}"#,
            s(&jwk.crv, "missing \"crv\"")?,
            s(&jwk.x, "missing \"x\"")?
        ),
        Some(KeyType::Ec) => format!(
            r#"{{"crv":{},"kty":"EC","x":{},"y":{}}}"#,
            s(&jwk.crv, "missing \"crv\"")?,
            s(&jwk.x, "missing \"x\"")?,
            s(&jwk.y, "missing \"y\"")?
        ),
        Some(KeyType::Rsa) => format!(
            r#"{{"e":{},"kty":"RSA","n":{}}}"#,
            s(&jwk.e, "missing \"e\"")?,
            s(&jwk.n, "missing \"n\"")?
        ),
        Some(KeyType::Oct) => format!(r#"{{"k":{},"kty":"oct"}}"#, s(&jwk.k, "missing \"k\"")?),
        None => return Err(Error::JoseNotSupported("unsupported key type")),
    };
    Ok(b64e(&Sha256::digest(json.as_bytes())))
}

/// A public/private JWK pair from [`generate_key_pair`].
#[derive(Debug, Clone)]
pub struct KeyPair {
    /// The public JWK (for HS* this is the same secret as `private_jwk`).
    pub public_jwk: Jwk,
    /// The private JWK.
    pub private_jwk: Jwk,
}

/// Why RSA signing / key generation fails in a build without the `keys` feature (the request-path
/// WASM, issue 17: the `rsa` crate is big and the request path only verifies RSA).
#[cfg(not(feature = "keys"))]
const RSA_PRIVATE_ELSEWHERE: &str =
    "RSA key generation and RS*/PS* signing are in authcore/keys, not this entry";

/// Why ES* signing / EC key generation fails in a build without the `keys` feature (the
/// request-path WASM, issue 17: the p256/p384/p521 crates stay out of it; ES* verification is
/// `super::ec`).
#[cfg(not(feature = "keys"))]
const EC_PRIVATE_ELSEWHERE: &str =
    "EC key generation and ES256/ES384/ES512 signing are in authcore/keys, not this entry";

/// RSA modulus size used by [`generate_key_pair`], in bits (jose's and Better Auth's default).
pub const GENERATED_RSA_BITS: usize = 2048;

/// Generate a key pair for `alg` with `rng` (use [`crate::rng::OsRng`] outside tests). Both
/// JWKs carry `alg` and a `kid` equal to the RFC 7638 thumbprint. RSA keys have
/// [`GENERATED_RSA_BITS`] bits; HMAC secrets have the hash's length.
pub fn generate_key_pair<R: TryCryptoRng + ?Sized>(alg: Algorithm, rng: &mut R) -> Result<KeyPair> {
    #[cfg(feature = "keys")]
    use crypto_common::Generate;
    let rng_err = |_| Error::Rng;
    let mut private = match alg {
        Algorithm::EdDSA => {
            let mut seed = Zeroizing::new([0u8; 32]);
            rng.try_fill_bytes(seed.as_mut()).map_err(rng_err)?;
            let sk = ed25519_dalek::SigningKey::from_bytes(&seed);
            {
                let mut j = Jwk::blank("");
                j.kty = "OKP".into();
                j.crv = Some("Ed25519".into());
                j.x = Some(b64e(sk.verifying_key().as_bytes()));
                j.d = Some(b64e(seed.as_ref()));
                j
            }
        }
        #[cfg(not(feature = "keys"))]
        Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 => {
            return Err(Error::JoseNotSupported(EC_PRIVATE_ELSEWHERE))
        }
        #[cfg(feature = "keys")]
        Algorithm::ES256 => {
            let sk = p256::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(rng_err)?;
            let pt = sk.verifying_key().to_sec1_point(false);
            ec_jwk("P-256", pt.as_bytes(), &sk.to_bytes())
        }
        #[cfg(feature = "keys")]
        Algorithm::ES384 => {
            let sk = p384::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(rng_err)?;
            let pt = sk.verifying_key().to_sec1_point(false);
            ec_jwk("P-384", pt.as_bytes(), &sk.to_bytes())
        }
        #[cfg(feature = "keys")]
        Algorithm::ES512 => {
            let sk = p521::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(rng_err)?;
            let pt = sk.verifying_key().to_sec1_point(false);
            ec_jwk("P-521", pt.as_bytes(), &sk.to_bytes())
        }
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            let len = match alg {
                Algorithm::HS256 => 32,
                Algorithm::HS384 => 48,
                _ => 64,
            };
            let mut k = Zeroizing::new(vec![0u8; len]);
            rng.try_fill_bytes(&mut k).map_err(rng_err)?;
            Jwk::from_secret(&k)
        }
        #[cfg(not(feature = "keys"))]
        _ => return Err(Error::JoseNotSupported(RSA_PRIVATE_ELSEWHERE)),
        #[cfg(feature = "keys")]
        _ => {
            let sk = rsa::PrivateKey::new(rng, GENERATED_RSA_BITS).map_err(|_| Error::Rng)?;
            let t = |b: &rsa::BoxedUint| b64e(&b.to_be_bytes_trimmed_vartime());
            let primes = sk.primes();
            let (p, q) = match (primes.first(), primes.get(1)) {
                (Some(p), Some(q)) => (t(p.as_ref()), t(q.as_ref())),
                _ => return Err(Error::JwkInvalid("generated RSA key has no primes")),
            };
            {
                let mut j = Jwk::blank("");
                j.kty = "RSA".into();
                j.n = Some(t(sk.n().as_ref()));
                j.e = Some(t(sk.e()));
                j.d = Some(t(sk.d()));
                j.p = Some(p);
                j.q = Some(q);
                j.dp = sk.dp().map(t);
                j.dq = sk.dq().map(t);
                j.qi = sk.qinv().map(|v| t(&v.retrieve()));
                j
            }
        }
    };
    private.alg = Some(alg.as_str().into());
    private.kid = Some(jwk_thumbprint(&private)?);
    let public = if alg.is_symmetric() {
        private.clone()
    } else {
        private.to_public()?
    };
    Ok(KeyPair {
        public_jwk: public,
        private_jwk: private,
    })
}

#[cfg(feature = "keys")]
fn ec_jwk(crv: &str, sec1: &[u8], d: &[u8]) -> Jwk {
    let len = (sec1.len().saturating_sub(1)) / 2;
    {
        let mut j = Jwk::blank("");
        j.kty = "EC".into();
        j.crv = Some(crv.into());
        j.x = sec1.get(1..1 + len).map(b64e);
        j.y = sec1.get(1 + len..).map(b64e);
        j.d = Some(b64e(d));
        j
    }
}

/// One key of a set, with its material imported (or the reason it could not be).
#[derive(Clone)]
struct Entry {
    jwk: Jwk,
    material: std::result::Result<PublicMaterial, Error>,
}

/// A JSON Web Key Set (or a single key, or a symmetric secret) ready for verification: keys
/// are decoded and checked once, when the set is built.
///
/// Selection ([`Jwks::select`]) needs exactly one match for the token header: same `kty` as
/// the algorithm, same `kid` when the token names one, and, when the key states them, the same
/// `alg`, `use: "sig"`, `key_ops` containing `"verify"` and the algorithm's `crv`.
#[derive(Clone)]
pub struct Jwks {
    entries: Vec<Entry>,
    /// Built from one key: `kid` is not compared (as jose with a single key).
    single: bool,
}

impl std::fmt::Debug for Jwks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jwks")
            .field("keys", &self.entries.len())
            .field("single", &self.single)
            .finish()
    }
}

#[derive(Deserialize)]
struct KeysDoc {
    keys: Vec<serde_json::Value>,
}

impl Jwks {
    /// Parse `{"keys":[…]}` JSON text (at most [`MAX_JWKS_KEYS`] keys, [`MAX_JWKS_BYTES`]
    /// bytes). Keys with unknown `kty` or bad material stay in the set but never match (a bad
    /// key selected by `kid` gives `ERR_JWK_INVALID`).
    pub fn from_json(json: &str) -> Result<Jwks> {
        if json.len() > MAX_JWKS_BYTES || too_deep(json.as_bytes()) {
            return Err(Error::JwksInvalid("JWKS JSON too large or too deep"));
        }
        let doc: KeysDoc = crate::jsjson::parse(json)
            .and_then(|v| serde_json::from_value(v).map_err(|_| Error::JwksInvalid("")))
            .map_err(|_| Error::JwksInvalid("not a {\"keys\":[…]} object"))?;
        if doc.keys.len() > MAX_JWKS_KEYS {
            return Err(Error::JwksInvalid("too many keys"));
        }
        let mut keys = Vec::with_capacity(doc.keys.len());
        for k in doc.keys {
            let jwk: Jwk = serde_json::from_value(k)
                .map_err(|_| Error::JwksInvalid("a key is not a JWK object"))?;
            keys.push(jwk);
        }
        Ok(Jwks::from_keys(keys, false))
    }

    /// Parse either a key set (`{"keys":[…]}`) or a single JWK.
    pub fn from_json_any(json: &str) -> Result<Jwks> {
        if json.len() > MAX_JWKS_BYTES || too_deep(json.as_bytes()) {
            return Err(Error::JwksInvalid("JWKS JSON too large or too deep"));
        }
        let v: serde_json::Value =
            crate::jsjson::parse(json).map_err(|_| Error::JwksInvalid("not JSON"))?;
        if v.get("keys").is_some() {
            Jwks::from_json(json)
        } else {
            let jwk: Jwk =
                serde_json::from_value(v).map_err(|_| Error::JwkInvalid("not a JWK object"))?;
            Ok(Jwks::single(jwk))
        }
    }

    /// A set of the given keys (kid is compared). Keys beyond [`MAX_JWKS_KEYS`] are an error
    /// only when parsing JSON; here the caller is trusted.
    pub fn new(keys: Vec<Jwk>) -> Jwks {
        Jwks::from_keys(keys, false)
    }

    /// A set of exactly one key; the token's `kid` is not compared with it.
    pub fn single(jwk: Jwk) -> Jwks {
        Jwks::from_keys(vec![jwk], true)
    }

    /// A single symmetric key for HS256/384/512 from raw secret bytes.
    pub fn from_secret(secret: &[u8]) -> Jwks {
        Jwks::single(Jwk::from_secret(secret))
    }

    fn from_keys(keys: Vec<Jwk>, single: bool) -> Jwks {
        let entries = keys
            .into_iter()
            .map(|jwk| Entry {
                material: jwk.public_material(),
                jwk,
            })
            .collect();
        Jwks { entries, single }
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Jwk> {
        self.entries.iter().map(|e| &e.jwk)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the set has no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when some key has this `kid` (for the remote-JWKS refresh decision).
    pub fn has_kid(&self, kid: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.jwk.kid.as_deref() == Some(kid))
    }

    fn matches(&self, e: &Entry, alg: Algorithm, kid: Option<&str>) -> bool {
        let j = &e.jwk;
        if j.kty != alg.key_type().as_str() {
            return false;
        }
        if !self.single {
            if let Some(kid) = kid {
                if j.kid.as_deref() != Some(kid) {
                    return false;
                }
            }
        }
        if let Some(a) = &j.alg {
            if a != alg.as_str() {
                return false;
            }
        }
        if let Some(u) = &j.use_ {
            if u != "sig" {
                return false;
            }
        }
        if let Some(ops) = &j.key_ops {
            if !ops.iter().any(|o| o == "verify") {
                return false;
            }
        }
        if let Some(c) = alg.curve() {
            if j.crv.as_deref() != Some(c) {
                return false;
            }
        }
        true
    }

    /// Select the one key for `alg` and the token's `kid`: none is
    /// `ERR_JWKS_NO_MATCHING_KEY`, more than one `ERR_JWKS_MULTIPLE_MATCHING_KEYS`.
    pub fn select(&self, alg: Algorithm, kid: Option<&str>) -> Result<&Jwk> {
        self.select_entry(alg, kid).map(|e| &e.jwk)
    }

    pub(crate) fn select_material(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
    ) -> Result<&PublicMaterial> {
        let e = self.select_entry(alg, kid)?;
        e.material.as_ref().map_err(|err| err.clone())
    }

    fn select_entry(&self, alg: Algorithm, kid: Option<&str>) -> Result<&Entry> {
        let mut found = self.entries.iter().filter(|e| self.matches(e, alg, kid));
        let first = found.next();
        match (first, found.next()) {
            (None, _) => {
                if self.single {
                    // One key given for the wrong algorithm: the key, not the set, is wrong.
                    Err(Error::JwkInvalid("key does not fit the token's algorithm"))
                } else {
                    Err(Error::JwksNoMatchingKey)
                }
            }
            (Some(e), None) => Ok(e),
            (Some(_), Some(_)) => Err(Error::JwksMultipleMatchingKeys),
        }
    }
}

impl From<Jwk> for Jwks {
    fn from(jwk: Jwk) -> Jwks {
        Jwks::single(jwk)
    }
}

/// Verify `signature` over `signing_input` with `alg` and `key`: the same primitive the JWS
/// layer uses (exposed for test vectors such as Wycheproof). Enforces the key/algorithm binding.
pub fn verify_signature(
    alg: Algorithm,
    key: &Jwk,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<()> {
    let m = key.public_material()?;
    super::alg::verify(alg, &m, signing_input, signature)
}

/// Sign `signing_input` with `alg` and the private `key` (RSA uses `rng` for blinding/salt).
pub fn sign_signature<R: TryCryptoRng + ?Sized>(
    alg: Algorithm,
    key: &Jwk,
    signing_input: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>> {
    let m = key.private_material()?;
    super::alg::sign(alg, &m, signing_input, rng)
}
