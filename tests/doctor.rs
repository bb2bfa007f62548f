//! Doctor tests: every finding code is reported when injected into a generated export and
//! absent from a clean one; id codec against ids written by Convex. Runs natively and under
//! wasm-bindgen-test (everything is in memory).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::io::Cursor;

use authcore::convex_export::id;
use authcore::doctor::gen::{generate, GenOptions, INJECTABLE};
use authcore::doctor::{diagnose, Code, DoctorOptions, Report, Severity};

fn export(users: u64, inject: &[Code]) -> Vec<u8> {
    let opts = GenOptions {
        users,
        seed: 7,
        inject: inject.to_vec(),
        ..GenOptions::default()
    };
    generate(&opts, Cursor::new(Vec::new()))
        .unwrap()
        .into_inner()
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
    let r = doctor(&zip, &DoctorOptions::default());
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
        let r = doctor(&zip, &DoctorOptions::default());
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
    let r = doctor(&zip, &DoctorOptions::default());
    for &code in INJECTABLE {
        assert!(r.count(code) >= 1, "{}", code.as_str());
    }
    assert!(r.has_errors());
    assert!(r.has_import_blockers());
}
