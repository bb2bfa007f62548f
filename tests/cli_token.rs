//! `authcore token inspect|explain` on cookies from the real Better Auth: exit codes 0 valid,
//! 1 invalid, 2 usage; every reason printed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use serde_json::Value;

use common::run_cli as run;

fn flow(i: usize) -> Value {
    let v: Value =
        serde_json::from_str(include_str!("vectors/cookies/better-auth-cookies.json")).unwrap();
    v["flows"][i].clone()
}

#[test]
fn explain_valid_cookie_header_exits_0() {
    let f = flow(0);
    let now = (f["libraryGetCookieCache"]["updatedAt"].as_f64().unwrap() as i64).to_string();
    let (code, out, err) = run(
        &[
            "token",
            "explain",
            "-",
            "--secret",
            f["secret"].as_str().unwrap(),
            "--now",
            &now,
        ],
        f["cookieHeader"].as_str().unwrap().as_bytes(),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("signature valid under the current secret"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("valid"));
}

#[test]
fn explain_lists_every_problem_and_exits_1() {
    let f = flow(0);
    let (code, out, _) = run(
        &[
            "token",
            "explain",
            f["cookieHeader"].as_str().unwrap(),
            "--secret",
            "wrong-secret-wrong-secret",
            "--now",
            "2030-01-01T00:00:00Z",
            "--cookie-prefix",
            "other",
            "--audience",
            "convex",
        ],
        b"",
    );
    assert_eq!(code, 1, "{out}");
    for want in [
        "ERR_TOKEN_NOT_A_JWT",
        "ERR_COOKIE_SIGNATURE_INVALID",
        "ERR_COOKIE_CACHE_INVALID",
        "ERR_COOKIE_EXPIRED",
        "ERR_COOKIE_PREFIX_MISMATCH",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
}

#[test]
fn secret_from_environment_and_json_output() {
    let f = flow(3); // jwe with the "myapp" prefix
    let now = (f["libraryGetCookieCache"]["updatedAt"].as_f64().unwrap() as i64).to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_authcore"))
        .args([
            "token",
            "explain",
            f["cookieHeader"].as_str().unwrap(),
            "--now",
            &now,
        ])
        .args(["--cookie-prefix", "myapp", "--strategy", "jwe", "--json"])
        .env(
            "BETTER_AUTH_SECRETS",
            format!("7:{}", f["secret"].as_str().unwrap()),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["info"]["parts"][1]["kind"], "cookie-cache-jwe");
}

#[test]
fn inspect_and_usage_errors() {
    let f = flow(0);
    let (code, out, _) = run(
        &["token", "inspect", "-", "--json"],
        f["cookieHeader"].as_str().unwrap().as_bytes(),
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "cookie-header");
    assert_eq!(v["parts"][0]["token"], f["sessionToken"]);
    assert_eq!(run(&["token", "inspect", "nonsense"], b"").0, 2);
    assert_eq!(run(&["token", "explain"], b"").0, 2);
    assert_eq!(
        run(&["token", "explain", "x", "--now", "yesterday"], b"").0,
        2
    );
    assert_eq!(
        run(&["token", "explain", "x", "--strategy", "zip"], b"").0,
        2
    );
}
