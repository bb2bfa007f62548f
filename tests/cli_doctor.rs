//! The `authcore doctor | fix | gen-export` commands: exit codes, --json shape, atomic output,
//! input untouched, dry run.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
mod common;

use common::run_cli as run;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("authcore-cli-doctor-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn clean_export_exits_0_and_injected_exits_1() {
    let d = tmpdir("exit");
    let clean = d.join("clean.zip");
    let bad = d.join("bad.zip");
    assert_eq!(
        run(&["gen-export", "--users", "30", "-o", s(&clean)], b"").0,
        0
    );
    let (code, _, err) = run(
        &[
            "gen-export",
            "--users",
            "30",
            "--inject",
            "APP_USER_UNLINKED,MULTIPLE_JWKS",
            "-o",
            s(&bad),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(&["doctor", s(&clean)], b"");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 errors"), "{out}");
    let (code, out, _) = run(&["doctor", s(&bad)], b"");
    assert_eq!(code, 1);
    assert!(out.contains("APP_USER_UNLINKED (1)"), "{out}");
    assert!(out.contains("fix: "), "{out}");
    // Same seed, same bytes.
    let again = d.join("again.zip");
    run(&["gen-export", "--users", "30", "-o", s(&again)], b"");
    assert_eq!(
        std::fs::read(&clean).unwrap(),
        std::fs::read(&again).unwrap()
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn usage_and_io_errors_exit_2() {
    let d = tmpdir("usage");
    assert_eq!(run(&["doctor", s(&d.join("missing.zip"))], b"").0, 2);
    let not_zip = d.join("not.zip");
    std::fs::write(&not_zip, b"hello").unwrap();
    let (code, _, err) = run(&["doctor", s(&not_zip)], b"");
    assert_eq!(code, 2);
    assert!(err.contains("ERR_EXPORT_IO"), "{err}");
    assert_eq!(run(&["doctor"], b"").0, 2);
    assert_eq!(
        run(
            &["gen-export", "--inject", "NOPE", "-o", s(&d.join("x.zip"))],
            b""
        )
        .0,
        2
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn json_output_shape() {
    let d = tmpdir("json");
    let bad = d.join("bad.zip");
    run(
        &[
            "gen-export",
            "--users",
            "30",
            "--inject",
            "EMAIL_MISMATCH",
            "-o",
            s(&bad),
        ],
        b"",
    );
    let (code, out, _) = run(&["doctor", "--json", s(&bad)], b"");
    assert_eq!(code, 0, "EMAIL_MISMATCH is a warning");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"].as_array().unwrap();
    let m = f.iter().find(|f| f["code"] == "EMAIL_MISMATCH").unwrap();
    assert_eq!(m["severity"], "warning");
    assert_eq!(m["table"], "users");
    assert_eq!(m["ids"].as_array().unwrap().len(), 2);
    assert_eq!(m["email"], "changed6@example.com");
    assert!(m["message"].as_str().unwrap().len() > 10);
    assert!(m["fix"].as_str().unwrap().len() > 10);
    let info = f
        .iter()
        .find(|f| f["code"] == "PASSWORD_HASH_FORMATS")
        .unwrap();
    assert!(info.get("email").is_none());
    assert_eq!(v["summary"]["authUsers"], 30);
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["summary"]["byCode"]["EMAIL_MISMATCH"], 1);
    assert_eq!(v["summary"]["passwordHashes"]["bcrypt"], 1);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn fix_writes_a_new_file_and_leaves_the_input() {
    let d = tmpdir("fix");
    let input = d.join("in.zip");
    let out = d.join("out.zip");
    run(
        &[
            "gen-export",
            "--users",
            "30",
            "--inject",
            "AUTH_USER_WITHOUT_APP_USER",
            "-o",
            s(&input),
        ],
        b"",
    );
    let before = std::fs::read(&input).unwrap();
    // Dry run: a plan, no file.
    let (code, stdout, err) = run(
        &[
            "fix",
            s(&input),
            "-o",
            s(&out),
            "--dry-run",
            "delete-user",
            "--email",
            "user1@example.com",
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("would delete auth user"), "{stdout}");
    assert!(!out.exists());
    let (code, _, err) = run(
        &[
            "fix",
            s(&input),
            "-o",
            s(&out),
            "create-user",
            "--email",
            "new@example.com",
            "--name",
            "New",
            "--admin",
            "--password-stdin",
        ],
        b"a long enough password\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let (code, _, _) = run(
        &["doctor", s(&out), "--admin-email", "new@example.com"],
        b"",
    );
    assert_eq!(code, 1, "the injected finding is still there");
    let (code, stdout, _) = run(
        &[
            "fix",
            s(&out),
            "-o",
            s(&d.join("out2.zip")),
            "delete-user",
            "--email",
            "USER1@example.com",
        ],
        b"",
    );
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout, _) = run(
        &[
            "doctor",
            s(&d.join("out2.zip")),
            "--admin-email",
            "new@example.com",
        ],
        b"",
    );
    assert!(
        stdout.contains("ADMIN_MISMATCH"),
        "user0 is an admin not in the allowlist: {stdout}"
    );
    assert_eq!(code, 0, "{stdout}");
    // Ambiguity and refusing to overwrite the input.
    let (code, _, err) = run(&["fix", s(&input), "-o", s(&input), "drop-sessions"], b"");
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(
        &[
            "fix",
            s(&input),
            "-o",
            s(&out),
            "set-password",
            "--email",
            "nobody@example.com",
            "--password-stdin",
        ],
        b"password123\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("ERR_FIX_NOT_FOUND"), "{err}");
    // No temporary files left behind.
    let left: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
    std::fs::remove_dir_all(&d).unwrap();
}
