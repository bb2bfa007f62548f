//! The two-thread doctor (`diagnose_parallel`, what the native CLI runs) gives the same report
//! as the one-thread doctor (`diagnose`, what WebAssembly runs), finding for finding, and fails
//! cleanly (an error, never a hang) when either reader fails. Native only.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Cursor;

use authcore::doctor::gen::{GEN_SECRET, INJECTABLE};
use authcore::doctor::{diagnose, diagnose_parallel, Code, DoctorOptions, Report};

fn sequential(zip: &[u8], opts: &DoctorOptions) -> Report {
    diagnose(Cursor::new(zip), opts, &mut |_, _| {}).unwrap()
}

fn parallel(zip: &[u8], opts: &DoctorOptions) -> authcore::Result<Report> {
    let bytes = zip.to_vec();
    diagnose_parallel(|| Ok(Cursor::new(bytes.clone())), opts, &mut |_, _| {})
}

fn same(zip: &[u8], opts: &DoctorOptions) -> Report {
    let a = sequential(zip, opts);
    let b = parallel(zip, opts).unwrap();
    // Every field of every finding and of the summary, in order.
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    a
}

fn opts_all() -> Vec<DoctorOptions> {
    vec![
        DoctorOptions::default(),
        DoctorOptions {
            secret: Some(GEN_SECRET.into()),
            admin_emails: vec!["user1@example.com".into(), "nobody@example.com".into()],
            ..DoctorOptions::default()
        },
        // A small per-code limit: the merge of the two threads' findings must keep the same
        // first ones as one thread does.
        DoctorOptions {
            max_findings_per_code: 1,
            ..DoctorOptions::default()
        },
    ]
}

#[test]
fn same_report_with_every_code_injected() {
    let zip = common::gen_export(300, 11, INJECTABLE);
    for opts in opts_all() {
        let r = same(&zip, &opts);
        for &code in INJECTABLE {
            // The jwks decryption check needs the secret.
            if opts.secret.is_some() || code != Code::JwksUndecryptable {
                assert!(r.count(code) > 0, "{code:?} not found");
            }
        }
    }
}

#[test]
fn same_report_for_each_code_alone() {
    for &code in INJECTABLE {
        let zip = common::gen_export(40, 3, &[code]);
        let opts = DoctorOptions {
            secret: Some(GEN_SECRET.into()),
            ..DoctorOptions::default()
        };
        let r = same(&zip, &opts);
        assert!(r.count(code) > 0, "{code:?} not found alone");
    }
}

#[test]
fn same_report_on_a_clean_export_large_enough_for_sessions_to_wait() {
    // Thousands of sessions are read while the user table is still being read: their checks
    // wait, compactly, and must come out in the same order as read directly.
    let zip = common::gen_export(6000, 5, &[Code::OrphanSession, Code::AppUserUnlinked]);
    let r = same(&zip, &DoctorOptions::default());
    assert_eq!(r.count(Code::OrphanSession), 1);
    assert_eq!(r.summary.sessions, 12_001);
}

#[test]
fn progress_reaches_the_total() {
    let zip = common::gen_export(500, 2, &[]);
    let bytes = zip.clone();
    let mut last = (0, 1);
    diagnose_parallel(
        || Ok(Cursor::new(bytes.clone())),
        &DoctorOptions::default(),
        &mut |done, total| last = (done, total),
    )
    .unwrap();
    assert!(last.1 > 0);
    assert_eq!(last.0, last.1);
}

/// The export with the compressed data of `entry` damaged in its middle.
fn damage(zip: &[u8], entry: &str) -> Vec<u8> {
    let mut out = zip.to_vec();
    // The first occurrence of the name is its local file header (30 bytes before the name).
    let name = entry.as_bytes();
    let at = out
        .windows(name.len())
        .position(|w| w == name)
        .expect("entry in the zip");
    let header = at - 30;
    let le16 = |i: usize| usize::from(u16::from_le_bytes([out[i], out[i + 1]]));
    let compressed = u32::from_le_bytes([
        out[header + 18],
        out[header + 19],
        out[header + 20],
        out[header + 21],
    ]) as usize;
    let data = at + name.len() + le16(header + 28);
    for b in &mut out[data + compressed / 3..data + compressed / 3 + 64] {
        *b ^= 0x5a;
    }
    out
}

#[test]
fn a_damaged_session_or_user_entry_is_an_error_on_both_paths() {
    let zip = common::gen_export(3000, 9, &[]);
    for entry in [
        "_components/betterAuth/session/documents.jsonl",
        "_components/betterAuth/user/documents.jsonl",
        "_components/betterAuth/account/documents.jsonl",
        "users/documents.jsonl",
    ] {
        let bad = damage(&zip, entry);
        assert!(
            diagnose(Cursor::new(&bad), &DoctorOptions::default(), &mut |_, _| {}).is_err(),
            "{entry}: sequential"
        );
        let err = parallel(&bad, &DoctorOptions::default()).expect_err(entry);
        // The error is the reader's, not the other thread's cancellation.
        assert!(!err.to_string().contains("cancelled"), "{entry}: {err}");
    }
}

#[test]
fn a_second_reader_that_cannot_open_is_an_error() {
    let zip = common::gen_export(50, 1, &[]);
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let r = diagnose_parallel(
        || {
            if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Ok(Cursor::new(zip.clone()))
            } else {
                Err(authcore::Error::ExportIo("second open refused".into()))
            }
        },
        &DoctorOptions::default(),
        &mut |_, _| {},
    );
    assert!(r.unwrap_err().to_string().contains("second open refused"));
}
