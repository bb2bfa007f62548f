//! `jsjson::parse` (the request path's JSON reader, no serde_json `float_roundtrip` in the WASM)
//! against serde_json built with `float_roundtrip` (this test build's default features): the same
//! `Value` for every document serde_json accepts, an error wherever it refuses. Random documents
//! with numbers in every textual form (long mantissas, extreme exponents, `-0`, integers past
//! `u64`), escapes, surrogate pairs, repeated member names and nesting at the depth limit.
#![cfg(not(target_arch = "wasm32"))]

use authcore::jsjson;
use serde_json::Value;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// `min` plus up to `spread - 1` random decimal digits.
    fn digits(&mut self, min: usize, spread: u64) -> String {
        let n = min + self.below(spread) as usize;
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

fn number(r: &mut Rng) -> String {
    match r.below(8) {
        0 => format!("{}", f64::from_bits(r.next()))
            .replace("inf", "1")
            .replace("NaN", "2"),
        1 => format!("{:e}", f64::from_bits(r.next()))
            .replace("inf", "1")
            .replace("NaN", "2"),
        2 => r.next().to_string(),
        3 => format!("-{}", r.next() >> r.below(64)),
        4 => {
            let int = r.digits(1, 25).trim_start_matches('0').to_string();
            let int = if int.is_empty() { "0".into() } else { int };
            let frac = r.digits(0, 30);
            let exp = r.below(700) as i64 - 350;
            let sign = if r.below(2) == 0 { "-" } else { "" };
            let frac = if frac.is_empty() {
                String::new()
            } else {
                format!(".{frac}")
            };
            let exp = if r.below(3) == 0 {
                String::new()
            } else {
                format!("e{exp}")
            };
            format!("{sign}{int}{frac}{exp}")
        }
        5 => [
            "-0",
            "0",
            "-0.0",
            "0e0",
            "1E+2",
            "1e-0",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "9007199254740993",
            "0.1",
            "1.7976931348623157e308",
            "5e-324",
            "2.4703282292062327e-324",
        ][r.below(15) as usize]
            .into(),
        6 => format!(
            "{}.{}e{}",
            r.digits(1, 1),
            r.digits(17, 1),
            r.below(40) as i64 - 20
        ),
        _ => format!("0.{}", r.digits(1, 40)),
    }
}

fn string(r: &mut Rng) -> String {
    let pieces = [
        "a",
        "\\\"",
        "\\\\",
        "\\/",
        "\\b",
        "\\f",
        "\\n",
        "\\r",
        "\\t",
        "\\u00e9",
        "\\u0000",
        "é",
        "😀",
        "\\ud83d\\ude00",
        "key",
        " ",
    ];
    let n = r.below(6);
    let body: String = (0..n)
        .map(|_| pieces[r.below(pieces.len() as u64) as usize])
        .collect();
    format!("\"{body}\"")
}

fn doc(r: &mut Rng, depth: usize) -> String {
    match if depth > 4 { r.below(5) } else { r.below(8) } {
        0 => number(r),
        1 => string(r),
        2 => ["null", "true", "false"][r.below(3) as usize].into(),
        3 | 4 => number(r),
        5 => {
            let items: Vec<String> = (0..r.below(4)).map(|_| doc(r, depth + 1)).collect();
            format!(
                "[{}]",
                items.join(if r.below(2) == 0 { "," } else { " , " })
            )
        }
        _ => {
            // Member names from a small set, so some repeat.
            let members: Vec<String> = (0..r.below(5))
                .map(|_| {
                    format!(
                        "{}:{}",
                        ["\"a\"", "\"b\"", "\"1\"", "\"é\"", "\"a\\u0062\""][r.below(5) as usize],
                        doc(r, depth + 1)
                    )
                })
                .collect();
            format!("{{ {} }}", members.join(","))
        }
    }
}

fn same(text: &str) {
    let ours = jsjson::parse(text);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn random_documents_read_as_serde_json_with_float_roundtrip_reads_them() {
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..60_000 {
        same(&doc(&mut r, 0));
    }
    for _ in 0..100_000 {
        same(&number(&mut r));
    }
}

#[test]
fn malformed_documents_are_errors_as_in_serde_json() {
    for t in [
        "",
        " ",
        "nul",
        "tru",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "[1 2]",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "0x10",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\x\"",
        "\"a\nb\"",
        "\"\\u12\"",
        "1e400",
        "-1e400",
        "[1] 2",
        "{\"a\" 1}",
        "\"unterminated",
        "NaN",
        "Infinity",
        "[",
        "{",
        "\u{feff}1",
        "1 ",
        " [ ] ",
        "{\"a\":{\"b\":[{}]}}",
    ] {
        same(t);
    }
    for bytes in [&b"\"\xff\""[..], b"\"\xc3\"", b"[\"\xed\xa0\x80\"]"] {
        assert!(jsjson::parse_slice(bytes).is_err());
        assert!(serde_json::from_slice::<Value>(bytes).is_err());
    }
    // serde_json's depth limit is 128; ours too.
    for depth in [120, 127, 128, 129, 200] {
        same(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        same(&format!(
            "{}1{}",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        ));
    }
}

#[test]
fn repeated_member_keeps_its_first_position_and_last_value_or_is_refused_when_strict() {
    let v = jsjson::parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
    assert_eq!(jsjson::stringify(&v), r#"{"a":3,"b":2}"#);
    assert!(jsjson::parse_object_strict(br#"{"a":1,"b":2,"a":3}"#).is_err());
    assert!(
        jsjson::parse_object_strict(br#"{"a":{"x":1,"x":2}}"#).is_ok(),
        "only top-level names must be unique"
    );
    assert!(jsjson::parse_object_strict(b"[1]").is_err());
}
