//! Doctor tests: every finding code is reported when injected into a generated export and
//! absent from a clean one; id codec against ids written by Convex. Runs natively and under
//! wasm-bindgen-test (everything is in memory).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;

use std::io::Cursor;

use authcore::convex_export::id;
use authcore::doctor::gen::{generate, GenOptions, GEN_SECRET, INJECTABLE};
use authcore::doctor::{diagnose, Code, DoctorOptions, Report, Severity};

fn export(users: u64, inject: &[Code]) -> Vec<u8> {
    common::gen_export(users, 7, inject)
}

fn with_secret() -> DoctorOptions {
    DoctorOptions {
        secret: Some(GEN_SECRET.into()),
        ..DoctorOptions::default()
    }
}

fn doctor(zip: &[u8], opts: &DoctorOptions) -> Report {
    diagnose(Cursor::new(zip), opts, &mut |_, _| {}).unwrap()
}

#[test]
fn ids_written_by_convex_decode() {
    // From the reference notes: ids read from real exports and Convex's own code comments.
    let d = id::decode("k570e9j5cj1t5gf0zwf3tq3vkawxhqr0").unwrap();
    assert_eq!(d.table_number, 10009);
    assert_eq!(
        id::decode("kg204m40v9m1bmkthp86n486mh85s0rc")
            .unwrap()
            .table_number,
        540
    );
    for s in [
        "m57068j1c1zsxfewzcd3jp3qjttx99vg",
        "nx70paj9d23tdhf40ch42r3zktyxrddc",
        "k57029h1ywteeqhscsa648fqj182p5v1",
    ] {
        let d = id::decode(s).unwrap_or_else(|| panic!("{s}"));
        assert_eq!(d.encode(), s);
    }
    // Corruptions: a changed character, uppercase, truncation, the placeholder style.
    assert!(id::decode("k570e9j5cj1t5gf0zwf3tq3vkawxhqr1").is_none());
    assert!(id::decode("K570E9J5CJ1T5GF0ZWF3TQ3VKAWXHQR0").is_none());
    assert!(id::decode("k570e9j5cj1t5gf0zwf3tq3vkawxhqr").is_none());
    assert!(id::decode("j820gh4k00000000000000000000000").is_none());
    assert!(id::decode("").is_none());
}

#[test]
fn id_round_trip_over_table_numbers() {
    for n in [
        1u32,
        127,
        128,
        10001,
        16383,
        16384,
        2_097_151,
        2_097_152,
        u32::MAX,
    ] {
        let internal = [n as u8; 16];
        let s = id::encode(n, &internal);
        let d = id::decode(&s).unwrap();
        assert_eq!((d.table_number, d.internal), (n, internal));
    }
    assert_eq!(id::encode(100, &[0; 16]).len(), 31);
    assert_eq!(id::encode(10001, &[0; 16]).len(), 32);
    assert!(id::encode(10001, &[0; 16]).starts_with("j57"));
    assert!(id::encode(10009, &[0; 16]).starts_with("k57"));
}

#[test]
fn clean_export_has_no_errors_or_warnings() {
    let zip = export(60, &[]);
    let r = doctor(&zip, &with_secret());
    let bad: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(r.summary.auth_users, 60);
    assert_eq!(r.summary.app_users, 60);
    assert_eq!(r.summary.accounts, 60);
    assert_eq!(r.summary.sessions, 120);
    assert!(!r.has_errors());
    // Every 20th user has a legacy hash: 3 of 60 (bcrypt, argon2id, pbkdf2).
    assert_eq!(
        r.summary.password_hashes.get("better-auth-scrypt"),
        Some(&57)
    );
    assert_eq!(r.summary.password_hashes.get("bcrypt"), Some(&1));
    assert_eq!(r.summary.password_hashes.get("argon2id"), Some(&1));
    assert_eq!(r.summary.password_hashes.get("pbkdf2-sha256"), Some(&1));
    assert_eq!(r.count(Code::PasswordHashFormats), 1);
}

#[test]
fn every_injectable_code_is_found_alone() {
    for &code in INJECTABLE {
        let zip = export(40, &[code]);
        let r = doctor(&zip, &with_secret());
        assert!(
            r.count(code) >= 1,
            "{} not reported: {:#?}",
            code.as_str(),
            r.findings
        );
    }
}

#[test]
fn all_codes_at_once() {
    let zip = export(40, INJECTABLE);
    let r = doctor(&zip, &with_secret());
    for &code in INJECTABLE {
        assert!(r.count(code) >= 1, "{}", code.as_str());
    }
    assert!(r.has_errors());
    assert!(r.has_import_blockers());
}

#[test]
fn jwks_checked_only_with_a_secret_and_with_the_right_one() {
    let zip = export(40, &[Code::JwksUndecryptable]);
    assert_eq!(
        doctor(&zip, &DoctorOptions::default()).count(Code::JwksUndecryptable),
        0
    );
    assert_eq!(
        doctor(&zip, &with_secret()).count(Code::JwksUndecryptable),
        1
    );
    let wrong = DoctorOptions {
        secret: Some("not-the-secret".into()),
        ..DoctorOptions::default()
    };
    assert_eq!(
        doctor(&export(40, &[]), &wrong).count(Code::JwksUndecryptable),
        1
    );
}

#[test]
fn admin_allowlist() {
    let zip = export(40, &[]);
    // user0 is the generator's admin (app row role "admin").
    let opts = DoctorOptions {
        admin_emails: vec!["user0@example.com".into()],
        ..with_secret()
    };
    assert_eq!(doctor(&zip, &opts).count(Code::AdminMismatch), 0);
    let opts = DoctorOptions {
        admin_emails: vec!["USER7@example.com".into(), "nobody@example.com".into()],
        ..with_secret()
    };
    let r = doctor(&zip, &opts);
    let emails: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::AdminMismatch)
        .map(|f| (f.email.clone().unwrap(), f.severity))
        .collect();
    assert!(
        emails.contains(&("user0@example.com".into(), Severity::Warning)),
        "{emails:?}"
    );
    assert!(
        emails.contains(&("user7@example.com".into(), Severity::Warning)),
        "{emails:?}"
    );
    assert!(
        emails.contains(&("nobody@example.com".into(), Severity::Error)),
        "{emails:?}"
    );
    assert!(r.has_errors());
}

#[test]
fn limits_keep_counting_beyond_the_listed_findings() {
    let zip = export(200, &[]);
    let opts = DoctorOptions {
        app_table: "missing".into(),
        ..with_secret()
    };
    let r = doctor(&zip, &opts);
    assert_eq!(r.count(Code::AppTableMissing), 1);
    let opts = DoctorOptions {
        link_field: "nope".into(),
        max_findings_per_code: 5,
        ..with_secret()
    };
    let r = doctor(&zip, &opts);
    // No row has the link field: every app row is unlinked, its email matches its auth user.
    assert_eq!(r.count(Code::AppUserUnlinked), 200);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.code == Code::AppUserUnlinked)
            .count(),
        5
    );
    assert!(r.summary.omitted >= 195);
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    for bytes in [&b""[..], b"PK\x03\x04", b"hello world", &[0u8; 100]] {
        assert!(diagnose(Cursor::new(bytes), &with_secret(), &mut |_, _| {}).is_err());
    }
}

#[test]
fn decode_accepts_exactly_what_reencodes() {
    // A string decodes iff it is the canonical encoding of what it decodes to: checked on
    // every one-character change of valid ids of several widths, and on random strings.
    const A: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyzABIL";
    let mut state = 0x1234_5678_9abc_def0u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut accepted = 0;
    for table in [5u32, 10001, 10009, 3_000_000, u32::MAX] {
        let mut internal = [0u8; 16];
        for b in internal.iter_mut() {
            *b = next() as u8;
        }
        let id = id::encode(table, &internal);
        for i in 0..id.len() {
            for &c in A {
                let mut s = id.clone().into_bytes();
                s[i] = c;
                let s = String::from_utf8(s).unwrap();
                if let Some(d) = id::decode(&s) {
                    assert_eq!(d.encode(), s);
                    accepted += 1;
                }
            }
        }
    }
    assert!(accepted >= 5);
    for len in 30..=38 {
        for _ in 0..2000 {
            let s: String = (0..len)
                .map(|_| A[(next() % 32) as usize] as char)
                .collect();
            if let Some(d) = id::decode(&s) {
                assert_eq!(d.encode(), s);
            }
        }
    }
}

#[test]
fn every_compression_level_gives_the_same_clean_report() {
    let mut reports = Vec::new();
    for level in 0..=9 {
        let opts = GenOptions {
            users: 30,
            seed: 3,
            compression_level: level,
            ..GenOptions::default()
        };
        let zip = generate(&opts, Cursor::new(Vec::new()))
            .unwrap_or_else(|e| panic!("level {level}: {e}"))
            .into_inner();
        let r = doctor(&zip, &with_secret());
        assert!(!r.has_errors(), "level {level}");
        assert_eq!(r.summary.auth_users, 30, "level {level}");
        reports.push((zip.len(), r.summary.sessions));
    }
    // Level 0 stores the entries: the biggest ZIP; the same documents at every level.
    assert!(reports.iter().skip(1).all(|(len, _)| *len < reports[0].0));
    assert!(reports.iter().all(|(_, s)| *s == 60));
    for bad in [-1, 10, i64::MAX] {
        let opts = GenOptions {
            compression_level: bad,
            ..GenOptions::default()
        };
        let err = generate(&opts, Cursor::new(Vec::new())).unwrap_err();
        assert_eq!(err.code(), "ERR_INVALID_ARGUMENT", "level {bad}");
    }
}
