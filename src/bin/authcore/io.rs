//! `authcore password` and `authcore token`: [`authcore::command`] over the process's standard
//! input, environment, files and clock (`npx authcore` runs the same functions in WASM, with
//! Node's).

use std::io::{BufRead, Read};
use std::path::Path;
use std::process::ExitCode;

use authcore::command::{CommandIo, CommandOutput};
use authcore::{Error, Result};

struct NativeIo;

impl CommandIo for NativeIo {
    fn read_stdin(&mut self, max: u64, line: bool) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut input = std::io::stdin().lock().take(max);
        let read = if line {
            input.read_until(b'\n', &mut bytes)
        } else {
            input.read_to_end(&mut bytes)
        };
        read.map_err(|e| Error::InvalidArgument(format!("reading stdin: {e}")))?;
        Ok(bytes)
    }

    fn env(&mut self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read_file(&mut self, path: &Path) -> std::result::Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| e.to_string())
    }

    fn now_ms(&mut self) -> Result<i64> {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| Error::InvalidArgument("system clock before 1970".into()))?;
        Ok(d.as_millis() as i64)
    }
}

/// Run a command over this process's I/O and print what it printed.
pub fn run(command: impl FnOnce(&mut dyn CommandIo) -> Result<CommandOutput>) -> Result<ExitCode> {
    let out = command(&mut NativeIo)?;
    print!("{}", out.stdout);
    Ok(ExitCode::from(out.exit_code))
}
