//! `authcore password hash|verify`: the password is read from standard input (one line, the
//! trailing newline removed), never from the command line where `ps` would show it.

use std::io::{BufRead, Read};
use std::process::ExitCode;

use authcore::cli::PasswordCmd;
use authcore::{password, Error, PasswordOptions};

/// Read one password line from stdin, bounded so a huge input costs nothing: more than
/// [`password::MAX_PASSWORD_BYTES`] is refused, never truncated.
fn read_password() -> Result<String, Error> {
    // The ceiling, plus "\r\n", plus one byte to tell "too long" from "exactly at the ceiling".
    let cap = (password::MAX_PASSWORD_BYTES + 3) as u64;
    let mut line = Vec::new();
    std::io::stdin()
        .lock()
        .take(cap)
        .read_until(b'\n', &mut line)
        .map_err(|e| Error::InvalidArgument(format!("reading the password from stdin: {e}")))?;
    if line.ends_with(b"\n") {
        line.pop();
        if line.ends_with(b"\r") {
            line.pop();
        }
    }
    if line.len() > password::MAX_PASSWORD_BYTES {
        return Err(Error::PasswordTooLong {
            max: password::MAX_PASSWORD_BYTES,
        });
    }
    String::from_utf8(line)
        .map_err(|_| Error::InvalidArgument("the password on stdin is not UTF-8".into()))
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
