//! A whole Convex snapshot ZIP through the doctor: central directory, entry classification,
//! `_tables`, generated schemas, every JSONL line and the cross-table findings.
#![no_main]
use authcore::doctor::{self, DoctorOptions};
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

fuzz_target!(|data: &[u8]| {
    let opts = DoctorOptions {
        admin_emails: vec!["admin@example.com".into()],
        secret: Some("fuzz-secret-0123456789-abcdefghijklmnop".into()),
        ..DoctorOptions::default()
    };
    if let Ok(report) = doctor::diagnose(Cursor::new(data), &opts, &mut |_, _| {}) {
        let _ = report.to_human(3);
        let _ = report.has_errors();
    }
});
