//! Wycheproof suites through the same functions the cookie and JWE code uses: HKDF-SHA256 (the
//! JWE key), XChaCha20-Poly1305 (`jwks.privateKey` rows), AES-CBC-PKCS#5 (inside
//! A256CBC-HS512). Every valid vector must be accepted with the expected output, every invalid
//! one rejected; the counts are asserted so a silently skipped group fails.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use authcore::crypto::{
    aes_cbc_decrypt, aes_cbc_encrypt, hkdf_sha256, xchacha20poly1305_open, xchacha20poly1305_seal,
};
use serde_json::Value;

const HKDF: &str = include_str!("vectors/wycheproof/hkdf_sha256_test.json");
const XCHACHA: &str = include_str!("vectors/wycheproof/xchacha20_poly1305_test.json");
const AES_CBC: &str = include_str!("vectors/wycheproof/aes_cbc_pkcs5_test.json");

fn h(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn tests(suite: &str) -> (usize, Vec<Value>) {
    let v: Value = serde_json::from_str(suite).unwrap();
    let n = v["numberOfTests"].as_u64().unwrap() as usize;
    let all: Vec<Value> = v["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["tests"].as_array().unwrap().clone())
        .collect();
    assert_eq!(all.len(), n);
    (n, all)
}

#[test]
fn wycheproof_hkdf_sha256() {
    let (n, all) = tests(HKDF);
    let (mut valid, mut invalid) = (0, 0);
    for t in &all {
        let size = t["size"].as_u64().unwrap() as usize;
        let r = hkdf_sha256(&h(&t["ikm"]), &h(&t["salt"]), &h(&t["info"]), size);
        match t["result"].as_str().unwrap() {
            "valid" => {
                assert_eq!(r.unwrap(), h(&t["okm"]), "tc {}", t["tcId"]);
                valid += 1;
            }
            _ => {
                assert!(r.is_err(), "tc {}", t["tcId"]);
                invalid += 1;
            }
        }
    }
    assert_eq!(valid + invalid, n);
    assert_eq!((valid, invalid), (83, 3));
}

#[test]
fn wycheproof_xchacha20_poly1305() {
    let (n, all) = tests(XCHACHA);
    let (mut valid, mut invalid) = (0, 0);
    for t in &all {
        let (key, iv, aad, msg) = (h(&t["key"]), h(&t["iv"]), h(&t["aad"]), h(&t["msg"]));
        let mut ct = h(&t["ct"]);
        ct.extend(h(&t["tag"]));
        let opened = xchacha20poly1305_open(&key, &iv, &aad, &ct);
        match t["result"].as_str().unwrap() {
            "valid" => {
                assert_eq!(opened.unwrap().unwrap(), msg, "tc {}", t["tcId"]);
                assert_eq!(xchacha20poly1305_seal(&key, &iv, &aad, &msg).unwrap(), ct);
                valid += 1;
            }
            _ => {
                assert!(!matches!(opened, Ok(Some(_))), "tc {}", t["tcId"]);
                invalid += 1;
            }
        }
    }
    assert_eq!(valid + invalid, n);
    assert_eq!((valid, invalid), (246, 69));
}

#[test]
fn wycheproof_aes_cbc_pkcs5() {
    let (n, all) = tests(AES_CBC);
    let (mut valid, mut invalid) = (0, 0);
    for t in &all {
        let (key, iv, msg, ct) = (h(&t["key"]), h(&t["iv"]), h(&t["msg"]), h(&t["ct"]));
        let dec = aes_cbc_decrypt(&key, &iv, &ct);
        match t["result"].as_str().unwrap() {
            "valid" => {
                assert_eq!(dec.unwrap().unwrap(), msg, "tc {}", t["tcId"]);
                assert_eq!(aes_cbc_encrypt(&key, &iv, &msg).unwrap(), ct);
                valid += 1;
            }
            _ => {
                assert!(!matches!(dec, Ok(Some(_))), "tc {}", t["tcId"]);
                invalid += 1;
            }
        }
    }
    assert_eq!(valid + invalid, n);
    assert_eq!((valid, invalid), (72, 144));
}
