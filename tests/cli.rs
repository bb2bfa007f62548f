//! The `authcore` binary: password subcommands, exit codes, bounded stdin.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::run_cli as run;

const FIXED: &str = "00112233445566778899aabbccddeeff:6d0aef22fcc86c7452f4af88684c26f6176833b78a3c492d7e40e2738919dabb6567f9e70c571c67c9eceb001fd8387695e573702bf78160fbb85f736d9ed8c6";

#[test]
fn hash_with_salt_matches_better_auth_vector() {
    // better-auth-1.6.34.json passwords.fixedSaltVector
    let (code, out, _) = run(
        &[
            "password",
            "hash",
            "--salt",
            "00112233445566778899aabbccddeeff",
        ],
        "hunter2-été\n".as_bytes(),
    );
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), FIXED);
}

#[test]
fn verify_exit_codes() {
    let (code, out, _) = run(
        &["password", "verify", "--hash", FIXED],
        "hunter2-été\r\n".as_bytes(),
    );
    assert_eq!((code, out.trim_end()), (0, "ok"));
    let (code, out, _) = run(&["password", "verify", "--hash", FIXED], b"hunter2\n");
    assert_eq!((code, out.trim_end()), (1, "mismatch"));
}

#[test]
fn random_hash_round_trips() {
    let (code, hash, _) = run(&["password", "hash"], b"s3cret");
    assert_eq!(code, 0);
    let hash = hash.trim_end();
    assert_eq!(hash.len(), 161);
    let (code, _, _) = run(&["password", "verify", "--hash", hash], b"s3cret\n");
    assert_eq!(code, 0);
}

#[test]
fn bad_input_is_a_coded_error_with_exit_2() {
    let (code, _, err) = run(&["password", "verify", "--hash", "nope"], b"x\n");
    assert_eq!(code, 2);
    assert!(err.contains("ERR_HASH_MALFORMED"), "{err}");
    let huge = vec![b'x'; 1 << 20];
    let (code, _, err) = run(&["password", "hash"], &huge);
    assert_eq!(code, 2);
    assert!(err.contains("ERR_PASSWORD_TOO_LONG"), "{err}");
    let (code, _, _) = run(&["password", "frobnicate"], b"");
    assert_eq!(code, 2, "usage errors exit 2");
}

#[test]
fn long_passwords_hash_and_a_mismatch_exits_1() {
    // No length policy by default (Better Auth's routes own it): 5,000 characters hash, and a
    // wrong one is a mismatch (exit 1), not an error.
    let mut pw = "p".repeat(5000).into_bytes();
    pw.push(b'\n');
    let (code, hash, _) = run(
        &[
            "password",
            "hash",
            "--salt",
            "00112233445566778899aabbccddeeff",
        ],
        &pw,
    );
    assert_eq!(code, 0);
    let hash = hash.trim_end().to_string();
    assert_eq!(run(&["password", "verify", "--hash", &hash], &pw).0, 0);
    let mut wrong = "p".repeat(5001).into_bytes();
    wrong.push(b'\n');
    assert_eq!(run(&["password", "verify", "--hash", &hash], &wrong).0, 1);
    // The opt-in limit refuses it with a coded error (exit 2).
    let (code, _, err) = run(
        &[
            "password",
            "verify",
            "--hash",
            &hash,
            "--max-password-length",
            "128",
        ],
        &wrong,
    );
    assert_eq!(code, 2);
    assert!(err.contains("ERR_PASSWORD_TOO_LONG"), "{err}");
    // Exactly at the 64 KiB ceiling is read whole; one byte more is refused, never truncated.
    let mut at = vec![b'x'; 64 * 1024];
    at.push(b'\n');
    assert_eq!(run(&["password", "verify", "--hash", &hash], &at).0, 1);
    let over = vec![b'x'; 64 * 1024 + 1];
    let (code, _, err) = run(&["password", "verify", "--hash", &hash], &over);
    assert_eq!(code, 2);
    assert!(err.contains("ERR_PASSWORD_TOO_LONG"), "{err}");
}
