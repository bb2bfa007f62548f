//! `authcore password hash|verify`: the password is read from standard input (one line, the
//! trailing newline removed), never from the command line where `ps` would show it.

use std::io::{BufRead, Read};
use std::process::ExitCode;

use authcore::{password, Error, PasswordOptions};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum PasswordCmd {
    /// Print a Better Auth hash (`salt:key`) of the password read from stdin.
    Hash {
        /// Use this salt string instead of 16 random bytes (for reproducible fixtures).
        #[arg(long)]
        salt: Option<String>,
        /// Longest password accepted, in UTF-16 code units (Better Auth's maxPasswordLength).
        #[arg(long, default_value_t = authcore::DEFAULT_MAX_PASSWORD_LENGTH)]
        max_password_length: usize,
    },
    /// Check the password read from stdin against a stored hash. Exit 0 if it matches, 1 if not.
    Verify {
        /// The stored hash, `salt:key`.
        #[arg(long)]
        hash: String,
        /// Longest password accepted, in UTF-16 code units.
        #[arg(long, default_value_t = authcore::DEFAULT_MAX_PASSWORD_LENGTH)]
        max_password_length: usize,
    },
}

/// Read one password line from stdin, bounded so a huge input costs nothing.
fn read_password() -> Result<String, Error> {
    // 4 bytes per UTF-16 unit at most, plus the newline; anything longer is refused by the
    // length check anyway.
    let cap = (password::MAX_PASSWORD_LENGTH_CEILING * 4 + 2) as u64;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(cap)
        .read_line(&mut line)
        .map_err(|e| Error::InvalidArgument(format!("reading the password from stdin: {e}")))?;
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(line)
}

pub fn run(cmd: PasswordCmd) -> Result<ExitCode, Error> {
    match cmd {
        PasswordCmd::Hash {
            salt,
            max_password_length,
        } => {
            let opts = PasswordOptions {
                max_password_length,
                ..Default::default()
            };
            opts.validate()?;
            let pw = read_password()?;
            let hash = match salt {
                Some(s) => password::hash_password_with_salt_opts(&pw, &s, &opts)?,
                None => password::hash_password_opts(&pw, &opts)?,
            };
            println!("{hash}");
            Ok(ExitCode::SUCCESS)
        }
        PasswordCmd::Verify {
            hash,
            max_password_length,
        } => {
            let opts = PasswordOptions {
                max_password_length,
                ..Default::default()
            };
            opts.validate()?;
            let pw = read_password()?;
            if password::verify_password_opts(&hash, &pw, &opts)? {
                println!("ok");
                Ok(ExitCode::SUCCESS)
            } else {
                println!("mismatch");
                Ok(ExitCode::from(1))
            }
        }
    }
}
