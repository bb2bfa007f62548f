//! Helpers shared by the integration tests; each test file that needs them says `mod common;`.
#![allow(dead_code)] // each test crate uses only some of them

use std::io::Cursor;

use authcore::doctor::gen::{generate, GenOptions};
use authcore::doctor::Code;

/// A synthetic Convex export (`authcore gen-export`) with `users` users and `inject` planted.
pub fn gen_export(users: u64, seed: u64, inject: &[Code]) -> Vec<u8> {
    let opts = GenOptions {
        users,
        seed,
        inject: inject.to_vec(),
        ..GenOptions::default()
    };
    generate(&opts, Cursor::new(Vec::new()))
        .unwrap()
        .into_inner()
}

/// Run the `authcore` binary with `args` and `stdin`; returns (exit code, stdout, stderr).
/// The secret variables are removed so a developer's environment cannot change a result.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_cli(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    run_command(
        std::process::Command::new(env!("CARGO_BIN_EXE_authcore")),
        args,
        stdin,
    )
}

/// Run `cmd` with `args`, `stdin` written to it, no Better Auth secret in its environment:
/// (exit code, stdout, stderr).
#[cfg(not(target_arch = "wasm32"))]
pub fn run_command(
    mut cmd: std::process::Command,
    args: &[&str],
    stdin: &[u8],
) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .args(args)
        .env_remove("BETTER_AUTH_SECRET")
        .env_remove("BETTER_AUTH_SECRETS")
        .env_remove("AUTH_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The CLI may stop reading early (bounded input); a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
