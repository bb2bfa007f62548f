//! The `authcore` command line: running each command over the library; the arguments are
//! `authcore::cli`'s (shared with the npm package's `npx authcore`, which parses with the same
//! clap definition compiled into its WASM).
//!
//! Exit codes: 0 success, 1 a negative answer (wrong password, findings of error severity),
//! 2 usage or I/O errors.

#[cfg(not(target_arch = "wasm32"))]
mod doctor;
#[cfg(not(target_arch = "wasm32"))]
mod io;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use authcore::cli::{Cli, Command};
    use authcore::command;
    use clap::Parser;

    let cli = Cli::parse();
    let result = match cli.command {
        Command::Password(cmd) => io::run(|io| command::run_password(&(&cmd).into(), io)),
        Command::Doctor(args) => doctor::doctor(args),
        Command::Fix(args) => doctor::fix(args),
        Command::GenExport(args) => doctor::gen_export(args),
        Command::Token(cmd) => io::run(|io| command::run_token(&(&cmd).into(), io)),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("authcore: {} ({})", e, e.code());
            std::process::ExitCode::from(2)
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
