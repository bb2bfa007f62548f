//! Property tests (proptest): token sign → verify for every algorithm, any changed byte in a
//! token fails, hash → verify for arbitrary Unicode passwords, and `jsjson` (the
//! `JSON.stringify` used by compact cookie caches) agrees with Node on generated JSON.
//!
//! Native only. The Node comparison spawns `node` once per batch and is skipped (with a
//! message) when `node` is not on the PATH.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use authcore::token::{self, Algorithm, Jwks, KeyPair, SignOptions, VerifyOptions};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Map, Number, Value};

const NOW_MS: i64 = 1_700_000_000_000;

/// One key pair per algorithm, generated once (RSA generation is the slow part).
fn pairs() -> &'static Vec<(Algorithm, KeyPair)> {
    static P: OnceLock<Vec<(Algorithm, KeyPair)>> = OnceLock::new();
    P.get_or_init(|| {
        let mut rng = authcore::rng::OsRng;
        Algorithm::ALL
            .iter()
            .map(|&a| (a, token::generate_key_pair(a, &mut rng).expect("keygen")))
            .collect()
    })
}

fn claims_strategy() -> impl Strategy<Value = Map<String, Value>> {
    (
        "\\PC{0,40}",
        proptest::collection::vec(("[a-z]{1,8}", "\\PC{0,16}"), 0..6),
        any::<i32>(),
    )
        .prop_map(|(sub, extra, n)| {
            let mut m = Map::new();
            m.insert("sub".into(), Value::String(sub));
            for (k, v) in extra {
                if !matches!(k.as_str(), "exp" | "nbf" | "iat" | "iss" | "aud" | "sub") {
                    m.insert(k, Value::String(v));
                }
            }
            m.insert("n".into(), Value::from(n));
            m
        })
}

fn sign(alg: Algorithm, pair: &KeyPair, claims: &Map<String, Value>) -> String {
    let opts = SignOptions {
        issuer: Some("https://issuer.example".into()),
        audience: Some(vec!["convex".into()]),
        expires_in_secs: Some(900),
        ..SignOptions::default()
    };
    let mut rng = authcore::rng::OsRng;
    token::sign_jwt(claims, &pair.private_jwk, &opts, NOW_MS, &mut rng)
        .unwrap_or_else(|e| panic!("{alg:?}: sign failed: {e}"))
}

fn verify_opts() -> VerifyOptions {
    VerifyOptions {
        issuer: Some(vec!["https://issuer.example".into()]),
        audience: Some(vec!["convex".into()]),
        ..VerifyOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// sign → verify round-trips for every algorithm, with the claims intact.
    #[test]
    fn jwt_sign_verify_round_trips_for_every_algorithm(claims in claims_strategy()) {
        for (alg, pair) in pairs() {
            let jwt = sign(*alg, pair, &claims);
            let jwks = Jwks::new(vec![pair.public_jwk.clone()]);
            let v = token::verify_jwt(&jwt, &jwks, &verify_opts(), NOW_MS)
                .unwrap_or_else(|e| panic!("{alg:?}: {e}"));
            for (k, val) in &claims {
                prop_assert_eq!(v.claims.get(k), Some(val), "{:?} claim {}", alg, k);
            }
            prop_assert_eq!(v.header.alg, *alg);
        }
    }

    /// Changing any one byte of a token (header, payload, signature or a dot) makes
    /// verification fail, for every algorithm.
    #[test]
    fn any_changed_byte_fails_verification(
        claims in claims_strategy(),
        pos in any::<prop::sample::Index>(),
        replacement in any::<u8>(),
    ) {
        for (alg, pair) in pairs() {
            let jwt = sign(*alg, pair, &claims);
            let mut bytes = jwt.clone().into_bytes();
            let i = pos.index(bytes.len());
            // Keep the token text: replace with another printable ASCII byte.
            let mut b = b'!' + replacement % 94;
            if b == bytes[i] {
                b = if b == b'~' { b'!' } else { b + 1 };
            }
            bytes[i] = b;
            let tampered = String::from_utf8(bytes).expect("ascii");
            let jwks = Jwks::new(vec![pair.public_jwk.clone()]);
            let r = token::verify_jwt(&tampered, &jwks, &verify_opts(), NOW_MS);
            prop_assert!(r.is_err(), "{:?}: byte {} of {} changed to {:?} still verifies", alg, i, jwt, b as char);
        }
    }
}

proptest! {
    // scrypt N=16384, r=16 costs ~16 MiB and tens of milliseconds per hash.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// hash → verify for arbitrary Unicode (no length limit by default): the
    /// password verifies, its NFKC form verifies (Better Auth normalises), another does not.
    #[test]
    fn hash_verify_arbitrary_unicode(pw in "\\PC{1,60}", salt in "[0-9a-f]{32}") {
        use unicode_normalization::UnicodeNormalization;
        let hash = authcore::hash_password_with_salt(&pw, &salt).unwrap();
        prop_assert!(authcore::verify_password(&hash, &pw).unwrap());
        let nfkc: String = pw.nfkc().collect();
        prop_assert!(authcore::verify_password(&hash, &nfkc).unwrap());
        let other = format!("{pw}x");
        prop_assert!(!authcore::verify_password(&hash, &other).unwrap());
    }
}

// ---- jsjson vs Node ----------------------------------------------------------------------------

/// Doubles at the edges of `Number::toString`: subnormals, the largest finite, integers
/// around 2^53, the 1e21 and 1e-7 switches to exponent form, -0, plus arbitrary finite ones.
fn number_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(5e-324),
        Just(f64::MIN_POSITIVE),
        Just(f64::MAX),
        Just(-f64::MAX),
        Just(-0.0),
        Just(1e21),
        Just(9.999999999999999e20),
        Just(1e-7),
        Just(1.0000000000000001e-7),
        Just(1e-6),
        Just(0.1 + 0.2),
        Just(9007199254740993.0),
        (-(1i64 << 54)..(1i64 << 54)).prop_map(|i| i as f64),
        (-30i32..30, -1e6f64..1e6).prop_map(|(e, m)| m * 10f64.powi(e)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
    ]
}

/// Strings with every escape class: control characters, quote, backslash, `/`, U+2028/9,
/// non-ASCII, astral characters.
fn string_strategy() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        prop::sample::select(vec![
            '"', '\\', '/', '\u{7f}', '\u{2028}', '\u{2029}', '\u{feff}'
        ]),
        any::<char>(),
        prop::char::range('a', 'z'),
    ];
    proptest::collection::vec(ch, 0..12).prop_map(|v| v.into_iter().collect())
}

fn key_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        string_strategy(),
        // Integer-like keys (array indices come first in JS property order) and near-misses.
        (0u64..5_000_000_000).prop_map(|n| n.to_string()),
        prop::sample::select(vec!["4294967294", "4294967295", "01", "-1", "1.5", "0"])
            .prop_map(String::from),
    ]
}

fn value_strategy() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number_strategy().prop_map(|f| Value::Number(Number::from_f64(f).unwrap())),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        string_strategy().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key_strategy(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Write `v` as JSON text with random (valid) variations a parser must accept: `\uXXXX`
/// escapes (surrogate pairs for astral characters), `\/`, exponent-form numbers, whitespace.
fn write_varied(v: &Value, coin: &mut impl FnMut() -> u32, out: &mut String) {
    match v {
        Value::String(s) => write_varied_str(s, coin, out),
        Value::Number(n) => {
            let text = n.to_string();
            match (n.as_f64(), coin() % 3) {
                (Some(f), 0) if n.is_f64() => out.push_str(&format!("{f:e}")),
                _ => out.push_str(&text),
            }
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(if coin().is_multiple_of(4) { " , " } else { "," });
                }
                write_varied(x, coin, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push_str(if coin().is_multiple_of(4) { "{ " } else { "{" });
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_varied_str(k, coin, out);
                out.push(':');
                write_varied(x, coin, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn write_varied_str(s: &str, coin: &mut impl FnMut() -> u32, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        let escape = (c as u32) < 0x20 || c == '"' || c == '\\' || coin().is_multiple_of(5);
        if !escape {
            out.push(c);
        } else if c == '/' && coin().is_multiple_of(2) {
            out.push_str("\\/");
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04X}"));
            }
        }
    }
    out.push('"');
}

fn node_stringify(texts: &[String]) -> Option<Vec<String>> {
    let script = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{\
        process.stdout.write(JSON.stringify(JSON.parse(s).map(t=>JSON.stringify(JSON.parse(t)))))})";
    let mut child = match Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("SKIPPED jsjson vs Node: cannot run node ({e})");
            return None;
        }
    };
    let input = serde_json::to_string(texts).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    Some(serde_json::from_slice(&out.stdout).expect("node output"))
}

/// `jsjson::stringify(jsjson::parse(text))` equals Node's `JSON.stringify(JSON.parse(text))`
/// for generated JSON texts (2 batches of 500, one `node` process per batch).
#[test]
fn jsjson_matches_node_json_stringify() {
    let mut runner = TestRunner::deterministic();
    let strategy = value_strategy();
    let mut state = 0x9e3779b9u32;
    let mut coin = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    for batch in 0..2 {
        let texts: Vec<String> = (0..500)
            .map(|_| {
                let v = strategy.new_tree(&mut runner).unwrap().current();
                let mut t = String::new();
                write_varied(&v, &mut coin, &mut t);
                t
            })
            .collect();
        let Some(expected) = node_stringify(&texts) else {
            return;
        };
        assert_eq!(expected.len(), texts.len());
        for (text, want) in texts.iter().zip(&expected) {
            let v = authcore::jsjson::parse(text)
                .unwrap_or_else(|e| panic!("batch {batch}: jsjson cannot parse {text}: {e}"));
            let got = authcore::jsjson::stringify(&v);
            assert_eq!(&got, want, "batch {batch}: input {text}");
        }
    }
}
