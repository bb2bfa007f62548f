//! The `authcore` command line: argument parsing and printing only; logic lives in the library.
//!
//! Exit codes: 0 success, 1 a negative answer (wrong password, findings of error severity),
//! 2 usage or I/O errors.

#[cfg(not(target_arch = "wasm32"))]
mod doctor;
#[cfg(not(target_arch = "wasm32"))]
mod password;
#[cfg(not(target_arch = "wasm32"))]
mod token;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::{Parser, Subcommand};

    #[derive(Parser)]
    #[command(name = "authcore", version, about = "Better Auth-compatible auth core")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Hash and verify passwords in Better Auth's format.
        #[command(subcommand)]
        Password(password::PasswordCmd),
        /// Check a Convex export ZIP for auth data problems and import blockers.
        /// Exit 0: no error-severity finding; 1: errors found; 2: usage or I/O error.
        Doctor(doctor::DoctorArgs),
        /// Write a fixed copy of a Convex export ZIP (the input is never modified).
        Fix(doctor::FixArgs),
        /// Generate a synthetic Convex export with Better Auth data (tests, demos, benchmarks).
        GenExport(doctor::GenArgs),
        /// Inspect Better Auth cookies and tokens, and explain why one is refused.
        #[command(subcommand)]
        Token(token::TokenCmd),
    }

    let cli = Cli::parse();
    let result = match cli.command {
        Command::Password(cmd) => password::run(cmd),
        Command::Doctor(args) => doctor::doctor(args),
        Command::Fix(args) => doctor::fix(args),
        Command::GenExport(args) => doctor::gen_export(args),
        Command::Token(cmd) => token::run(cmd),
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
