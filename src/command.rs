//! What `authcore password …` and `authcore token …` do, once their arguments are parsed: the
//! same code for the native binary (`src/bin/authcore/`) and for `npx authcore` (the npm
//! package runs it in the `authcore/passwords` and `authcore/keys` WASM, whose exports
//! `runPasswordCommand` / `runTokenCommand` take the arguments `parseCommandLine` resolved).
//!
//! A command reads through [`CommandIo`] (standard input, environment variables, files, the clock)
//! and returns what to print on standard output and the exit code; an `Err` is printed by the
//! caller as `authcore: <message> (<code>)` on standard error, exit 2. So output and exit codes are
//! byte for byte the same natively and through npx.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cookie::{self, CacheStrategy, ExplainOptions, Secrets};
use crate::password::{self, PasswordOptions};
use crate::{Error, Result};

/// What a command may read besides its arguments.
pub trait CommandIo {
    /// Standard input, at most `max` bytes; with `line`, up to and including the first `\n`
    /// (bytes after it may or may not have been consumed).
    fn read_stdin(&mut self, max: u64, line: bool) -> Result<Vec<u8>>;
    /// An environment variable (`None` when unset or not Unicode).
    fn env(&mut self, name: &str) -> Option<String>;
    /// A whole UTF-8 text file; the error's message names what went wrong, not the path.
    fn read_file(&mut self, path: &Path) -> std::result::Result<String, String>;
    /// The time, in milliseconds since the Unix epoch.
    fn now_ms(&mut self) -> Result<i64>;
}

/// A [`CommandIo`] over values read beforehand: what the npm package gives the core (Node reads
/// standard input, the environment variables, the files and the clock, then the core runs the
/// command without calling back into JavaScript). What was not given reads as empty standard
/// input, an unset variable, a missing file.
#[derive(Debug, Clone, Default)]
pub struct PreparedIo {
    /// Standard input's bytes (`None`: none was read).
    pub stdin: Option<Vec<u8>>,
    /// Environment variables: (name, value); the first of a name counts.
    pub env: Vec<(String, String)>,
    /// Files (path as given, their text or why reading failed); the first of a path counts.
    pub files: Vec<(String, std::result::Result<String, String>)>,
    /// The time, epoch milliseconds.
    pub now_ms: i64,
}

/// What [`CommandIo::read_stdin`] reads from standard input read beforehand (`None`: nothing):
/// at most `max` bytes, and with `line` up to and including the first `\n`.
pub fn stdin_read(stdin: Option<Vec<u8>>, max: u64, line: bool) -> Vec<u8> {
    let mut bytes = stdin.unwrap_or_default();
    bytes.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    if line {
        if let Some(end) = bytes.iter().position(|&b| b == b'\n') {
            bytes.truncate(end + 1);
        }
    }
    bytes
}

/// A [`CommandIo`] with standard input read beforehand and nothing else: the password commands'
/// (they read nothing else). Smaller than [`PreparedIo`] in the passwords WASM (1.1 KB gzip: no
/// file or variable lookup code).
#[derive(Debug, Clone, Default)]
pub struct StdinIo(pub Option<Vec<u8>>);

impl CommandIo for StdinIo {
    fn read_stdin(&mut self, max: u64, line: bool) -> Result<Vec<u8>> {
        Ok(stdin_read(self.0.take(), max, line))
    }
    fn env(&mut self, _: &str) -> Option<String> {
        None
    }
    fn read_file(&mut self, _: &Path) -> std::result::Result<String, String> {
        Err("No such file or directory".into())
    }
    fn now_ms(&mut self) -> Result<i64> {
        Err(Error::InvalidArgument("this command has no clock".into()))
    }
}

impl PreparedIo {
    /// Standard input read beforehand, and nothing else yet.
    pub fn stdin(stdin: Option<Vec<u8>>) -> Self {
        PreparedIo {
            stdin,
            ..Default::default()
        }
    }

    /// A file read beforehand: exactly one of its `text` and why reading it failed (`error`).
    pub fn add_file(
        &mut self,
        path: String,
        text: Option<String>,
        error: Option<String>,
    ) -> Result<()> {
        let read = match (text, error) {
            (Some(t), None) => Ok(t),
            (None, Some(e)) => Err(e),
            _ => {
                return Err(Error::InvalidArgument(format!(
                    "files[{path:?}]: {{ text }} or {{ error }}"
                )))
            }
        };
        self.files.push((path, read));
        Ok(())
    }
}

impl CommandIo for PreparedIo {
    fn read_stdin(&mut self, max: u64, line: bool) -> Result<Vec<u8>> {
        Ok(stdin_read(self.stdin.take(), max, line))
    }

    fn env(&mut self, name: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn read_file(&mut self, path: &Path) -> std::result::Result<String, String> {
        match self.files.iter().find(|(p, _)| Path::new(p) == path) {
            Some((_, r)) => r.clone(),
            None => Err("No such file or directory".into()),
        }
    }

    fn now_ms(&mut self) -> Result<i64> {
        Ok(self.now_ms)
    }
}

/// The environment variables `authcore token explain` reads when no `--secret` is given, most
/// preferred first.
pub const SECRET_ENV_VARS: [&str; 3] = ["BETTER_AUTH_SECRETS", "BETTER_AUTH_SECRET", "AUTH_SECRET"];

/// What a command printed on standard output, and its exit code (0 yes / valid, 1 no / invalid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandOutput {
    /// Everything printed on standard output.
    pub stdout: String,
    /// 0 or 1 (errors are `Err`: exit 2).
    pub exit_code: u8,
}

impl CommandOutput {
    fn new(stdout: String, valid: bool) -> Self {
        CommandOutput {
            stdout,
            exit_code: if valid { 0 } else { 1 },
        }
    }
}

/// `authcore password hash|verify` (kebab-case keys as on the command line, the subcommand in
/// `op`: what `parseCommandLine` returns as `args`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "op",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case",
    try_from = "PasswordWire"
)]
pub enum PasswordCommand {
    /// Print a Better Auth hash of the password on stdin.
    Hash {
        /// A fixed salt string instead of 16 random bytes.
        salt: Option<String>,
        /// Refuse passwords longer than this many UTF-16 code units.
        max_password_length: Option<usize>,
    },
    /// Check the password on stdin against a stored hash: prints `ok` (exit 0) or `mismatch`
    /// (exit 1).
    Verify {
        /// The stored hash.
        hash: String,
        /// Also accept legacy formats (bcrypt, Argon2, scrypt PHC, PBKDF2, Firebase scrypt with
        /// embedded parameters).
        legacy: bool,
        /// Refuse passwords longer than this many UTF-16 code units.
        max_password_length: Option<usize>,
    },
}

/// `authcore token inspect|explain` (kebab-case keys, the subcommand in `op`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "op",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case",
    try_from = "TokenWire"
)]
pub enum TokenCommand {
    /// Decode a value without verifying it.
    Inspect {
        /// The value; `-` reads stdin.
        value: String,
        /// Print JSON.
        json: bool,
    },
    /// Check a value and print every reason it would be refused: exit 0 valid, 1 invalid.
    Explain {
        /// The value; `-` reads stdin.
        value: String,
        /// `--secret`, repeated (current first); empty: the environment's.
        secrets: Vec<String>,
        /// A JWKS file.
        jwks: Option<PathBuf>,
        /// Expected `iss`.
        issuer: Option<String>,
        /// Expected `aud`.
        audience: Option<String>,
        /// Epoch milliseconds, `<n>s` or ISO-8601; `None`: now.
        now: Option<String>,
        /// `advanced.cookiePrefix`.
        cookie_prefix: Option<String>,
        /// compact, jwt or jwe.
        strategy: Option<String>,
        /// Print JSON.
        json: bool,
    },
}

/// What a command will read besides its arguments, so that a caller which reads them beforehand
/// (the npm package: [`PreparedIo`]) reads exactly those.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommandReads {
    /// Standard input: at most `max` bytes; with `line`, up to the first `\n`.
    pub stdin: Option<StdinRead>,
    /// Environment variables.
    pub env: Vec<&'static str>,
    /// Files (paths as given).
    pub files: Vec<PathBuf>,
}

/// How much of standard input a command reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StdinRead {
    /// At most this many bytes.
    pub max: u64,
    /// Only up to and including the first `\n`.
    pub line: bool,
}

/// Longest password line read: the ceiling, plus "\r\n", plus one byte to tell "too long" from
/// "exactly at the ceiling".
const PASSWORD_STDIN: StdinRead = StdinRead {
    max: password::MAX_PASSWORD_BYTES as u64 + 3,
    line: true,
};

impl PasswordCommand {
    /// What [`run_password`] reads: the password line.
    pub fn reads(&self) -> CommandReads {
        CommandReads {
            stdin: Some(PASSWORD_STDIN),
            env: vec![],
            files: vec![],
        }
    }
}

impl TokenCommand {
    /// What [`run_token`] reads: stdin for a `-` value; for `explain`, the secret variables and
    /// the `--jwks` file.
    pub fn reads(&self) -> CommandReads {
        let (value, explain) = match self {
            TokenCommand::Inspect { value, .. } => (value, None),
            TokenCommand::Explain { value, jwks, .. } => (value, Some(jwks)),
        };
        CommandReads {
            stdin: (value == "-").then_some(StdinRead {
                max: MAX_STDIN_VALUE,
                line: false,
            }),
            env: if explain.is_some() {
                SECRET_ENV_VARS.to_vec()
            } else {
                vec![]
            },
            files: explain.into_iter().flatten().cloned().collect(),
        }
    }
}

// Reading the commands: through flat structs, not serde's internally tagged enums, whose
// deserialisation buffers every value first (serde's `Content`: +19 KB gzip in the passwords WASM).

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct PasswordWire {
    op: String,
    salt: Option<String>,
    hash: Option<String>,
    legacy: Option<bool>,
    max_password_length: Option<usize>,
}

fn wire_error(what: &str, field: &str, op: &str) -> String {
    format!("{what} {op}: unexpected field `{field}`")
}

impl TryFrom<PasswordWire> for PasswordCommand {
    type Error = String;
    fn try_from(w: PasswordWire) -> std::result::Result<Self, String> {
        match w.op.as_str() {
            "hash" => match (w.hash, w.legacy) {
                (None, None) => Ok(PasswordCommand::Hash {
                    salt: w.salt,
                    max_password_length: w.max_password_length,
                }),
                (Some(_), _) => Err(wire_error("password", "hash", "hash")),
                (_, Some(_)) => Err(wire_error("password", "legacy", "hash")),
            },
            "verify" => match (w.hash, w.salt) {
                (Some(hash), None) => Ok(PasswordCommand::Verify {
                    hash,
                    legacy: w.legacy.unwrap_or(false),
                    max_password_length: w.max_password_length,
                }),
                (None, _) => Err("password verify: missing field `hash`".into()),
                (_, Some(_)) => Err(wire_error("password", "salt", "verify")),
            },
            op => Err(format!("unknown password command `{op}`: hash or verify")),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct TokenWire {
    op: String,
    value: String,
    json: Option<bool>,
    secrets: Option<Vec<String>>,
    jwks: Option<PathBuf>,
    issuer: Option<String>,
    audience: Option<String>,
    now: Option<String>,
    cookie_prefix: Option<String>,
    strategy: Option<String>,
}

impl TryFrom<TokenWire> for TokenCommand {
    type Error = String;
    fn try_from(w: TokenWire) -> std::result::Result<Self, String> {
        let json = w.json.unwrap_or(false);
        match w.op.as_str() {
            "inspect" => {
                let extra = [
                    ("secrets", w.secrets.is_some()),
                    ("jwks", w.jwks.is_some()),
                    ("issuer", w.issuer.is_some()),
                    ("audience", w.audience.is_some()),
                    ("now", w.now.is_some()),
                    ("cookie-prefix", w.cookie_prefix.is_some()),
                    ("strategy", w.strategy.is_some()),
                ];
                match extra.iter().find(|(_, given)| *given) {
                    Some((field, _)) => Err(wire_error("token", field, "inspect")),
                    None => Ok(TokenCommand::Inspect {
                        value: w.value,
                        json,
                    }),
                }
            }
            "explain" => Ok(TokenCommand::Explain {
                value: w.value,
                secrets: w.secrets.unwrap_or_default(),
                jwks: w.jwks,
                issuer: w.issuer,
                audience: w.audience,
                now: w.now,
                cookie_prefix: w.cookie_prefix,
                strategy: w.strategy,
                json,
            }),
            op => Err(format!("unknown token command `{op}`: inspect or explain")),
        }
    }
}

/// The password on stdin: one line, its `\n` / `\r\n` removed. More than
/// [`password::MAX_PASSWORD_BYTES`] is refused, never truncated.
fn read_password(io: &mut dyn CommandIo) -> Result<String> {
    let mut line = io.read_stdin(PASSWORD_STDIN.max, PASSWORD_STDIN.line)?;
    if let Some(end) = line.iter().position(|&b| b == b'\n') {
        line.truncate(end);
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

/// Run `authcore password …`.
pub fn run_password(cmd: &PasswordCommand, io: &mut dyn CommandIo) -> Result<CommandOutput> {
    match cmd {
        PasswordCommand::Hash {
            salt,
            max_password_length,
        } => {
            let opts = PasswordOptions {
                max_password_length: *max_password_length,
                ..Default::default()
            };
            opts.validate()?;
            let pw = read_password(io)?;
            let hash = match salt {
                Some(s) => password::hash_password_with_salt_opts(&pw, s, &opts)?,
                None => password::hash_password_opts(&pw, &opts)?,
            };
            Ok(CommandOutput::new(format!("{hash}\n"), true))
        }
        PasswordCommand::Verify {
            hash,
            legacy,
            max_password_length,
        } => {
            let opts = PasswordOptions {
                max_password_length: *max_password_length,
                legacy: legacy.then(password::LegacyOptions::default),
            };
            opts.validate()?;
            let pw = read_password(io)?;
            Ok(if password::verify_password_opts(hash, &pw, &opts)? {
                CommandOutput::new("ok\n".into(), true)
            } else {
                CommandOutput::new("mismatch\n".into(), false)
            })
        }
    }
}

/// Longest value read from stdin (`-`): a Cookie header is bounded the same way.
const MAX_STDIN_VALUE: u64 = cookie::MAX_COOKIE_HEADER_BYTES as u64 + 1;

fn read_value(value: &str, io: &mut dyn CommandIo) -> Result<String> {
    if value != "-" {
        return Ok(value.to_string());
    }
    let bytes = io.read_stdin(MAX_STDIN_VALUE, false)?; // as TokenCommand::reads says
    let s = String::from_utf8(bytes).map_err(|_| {
        Error::InvalidArgument("reading stdin: stream did not contain valid UTF-8".into())
    })?;
    Ok(s.trim().to_string())
}

fn parse_now(s: Option<&str>, io: &mut dyn CommandIo) -> Result<i64> {
    let Some(s) = s else {
        return io.now_ms();
    };
    if let Some(secs) = s.strip_suffix('s') {
        if let Ok(n) = secs.parse::<i64>() {
            return Ok(n.saturating_mul(1000));
        }
    }
    if let Ok(n) = s.parse::<i64>() {
        return Ok(n);
    }
    cookie::parse_iso_ms(s).ok_or_else(|| {
        Error::InvalidArgument("--now: epoch milliseconds, <n>s, or ISO-8601".into())
    })
}

/// `--secret`s, else BETTER_AUTH_SECRETS, else BETTER_AUTH_SECRET, else AUTH_SECRET.
fn secrets(list: &[String], io: &mut dyn CommandIo) -> Result<Option<Secrets>> {
    if !list.is_empty() {
        return Secrets::checked(
            list.iter()
                .map(|value| cookie::Secret {
                    version: None,
                    value: value.clone(),
                })
                .collect(),
        )
        .map(Some);
    }
    let [list_var, single_vars @ ..] = SECRET_ENV_VARS;
    if let Some(env) = io.env(list_var) {
        if !env.trim().is_empty() {
            return Secrets::parse_env(&env).map(Some);
        }
    }
    for var in single_vars {
        if let Some(s) = io.env(var) {
            if !s.is_empty() {
                return Ok(Some(Secrets::single(s)));
            }
        }
    }
    Ok(None)
}

fn json_line<T: Serialize>(out: &mut String, v: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::InvalidArgument(e.to_string()))?;
    out.push_str(&s);
    out.push('\n');
    Ok(())
}

/// Longest claims text printed by `token inspect` / `explain` (characters), then `…`.
const MAX_CLAIMS_CHARS: usize = 2000;

fn write_info(out: &mut String, i: &cookie::TokenInfo, indent: &str) {
    // Writing to a String cannot fail.
    let _ = match &i.cookie_name {
        Some(n) => writeln!(out, "{indent}{n}: {}", i.description),
        None => writeln!(out, "{indent}{}", i.description),
    };
    if let Some(t) = &i.token {
        let _ = writeln!(out, "{indent}  token: {t}");
    }
    if let Some(h) = &i.header {
        let _ = writeln!(out, "{indent}  header: {h}");
    }
    if let Some(c) = &i.claims {
        let mut s = c.to_string();
        if let Some((cut, _)) = s.char_indices().nth(MAX_CLAIMS_CHARS) {
            s.truncate(cut);
            s.push('…');
        }
        let _ = writeln!(out, "{indent}  claims: {s}");
    }
    for p in &i.parts {
        write_info(out, p, &format!("{indent}  "));
    }
}

/// Run `authcore token …`.
pub fn run_token(cmd: &TokenCommand, io: &mut dyn CommandIo) -> Result<CommandOutput> {
    let mut out = String::new();
    match cmd {
        TokenCommand::Inspect { value, json } => {
            let info = cookie::inspect_token(&read_value(value, io)?)?;
            if *json {
                json_line(&mut out, &info)?;
            } else {
                write_info(&mut out, &info, "");
            }
            Ok(CommandOutput::new(out, true))
        }
        TokenCommand::Explain {
            value,
            secrets: list,
            jwks,
            issuer,
            audience,
            now,
            cookie_prefix,
            strategy,
            json,
        } => {
            let jwks =
                match jwks {
                    None => None,
                    Some(p) => Some(io.read_file(p).map_err(|e| {
                        Error::InvalidArgument(format!("--jwks {}: {e}", p.display()))
                    })?),
                };
            let o = ExplainOptions {
                secrets: secrets(list, io)?,
                jwks,
                issuer: issuer.clone(),
                audience: audience.clone(),
                now_ms: parse_now(now.as_deref(), io)?,
                cookie_prefix: cookie_prefix.clone(),
                strategy: strategy.as_deref().map(CacheStrategy::parse).transpose()?,
            };
            let e = cookie::explain_token(&read_value(value, io)?, &o)?;
            if *json {
                json_line(&mut out, &e)?;
            } else {
                write_info(&mut out, &e.info, "");
                for n in &e.notes {
                    let _ = writeln!(out, "ok: {n}");
                }
                for p in &e.problems {
                    let _ = writeln!(out, "FAIL {}: {}", p.code, p.message);
                }
                out.push_str(if e.valid { "valid\n" } else { "invalid\n" });
            }
            Ok(CommandOutput::new(out, e.valid))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(stdin: &[u8]) -> PreparedIo {
        PreparedIo {
            stdin: Some(stdin.to_vec()),
            now_ms: 1_800_000_000_000,
            ..Default::default()
        }
    }

    const SALT: &str = "00112233445566778899aabbccddeeff";

    fn hash(pw: &[u8]) -> Result<CommandOutput> {
        let cmd = PasswordCommand::Hash {
            salt: Some(SALT.into()),
            max_password_length: None,
        };
        run_password(&cmd, &mut io(pw))
    }

    #[test]
    fn the_password_is_the_first_line_without_its_line_ending() {
        let want = hash(b"hunter2").unwrap();
        assert_eq!(want.exit_code, 0);
        assert!(want.stdout.starts_with(SALT) && want.stdout.ends_with('\n'));
        for input in [&b"hunter2\n"[..], b"hunter2\r\n", b"hunter2\nsecond\n"] {
            assert_eq!(hash(input).unwrap(), want, "{input:?}");
        }
        // The password commands' own io reads the same.
        let cmd = PasswordCommand::Hash {
            salt: Some(SALT.into()),
            max_password_length: None,
        };
        let own = run_password(&cmd, &mut StdinIo(Some(b"hunter2\r\n".to_vec())));
        assert_eq!(own.unwrap(), want);
        // A lone \r is part of the password when no \n follows (as read_until leaves it).
        assert_ne!(hash(b"hunter2\r").unwrap(), want);
    }

    #[test]
    fn too_long_and_not_utf8_are_coded_errors() {
        let long = vec![b'x'; password::MAX_PASSWORD_BYTES + 1];
        assert_eq!(hash(&long).unwrap_err().code(), "ERR_PASSWORD_TOO_LONG");
        let exact = vec![b'x'; password::MAX_PASSWORD_BYTES];
        assert_eq!(hash(&exact).unwrap().exit_code, 0);
        assert_eq!(
            hash(b"\xff\xfe").unwrap_err().code(),
            "ERR_INVALID_ARGUMENT"
        );
    }

    #[test]
    fn verify_prints_ok_or_mismatch() {
        let stored = hash(b"pw").unwrap().stdout.trim().to_string();
        let verify = |pw: &[u8]| {
            let cmd = PasswordCommand::Verify {
                hash: stored.clone(),
                legacy: false,
                max_password_length: None,
            };
            run_password(&cmd, &mut io(pw)).unwrap()
        };
        assert_eq!(verify(b"pw\n"), CommandOutput::new("ok\n".into(), true));
        assert_eq!(
            verify(b"pw!\n"),
            CommandOutput::new("mismatch\n".into(), false)
        );
    }

    #[test]
    fn arguments_read_as_parse_command_line_writes_them() {
        let cmd: PasswordCommand = serde_json::from_str(
            r#"{"op":"verify","hash":"a:b","legacy":true,"max-password-length":null}"#,
        )
        .unwrap();
        assert_eq!(
            cmd,
            PasswordCommand::Verify {
                hash: "a:b".into(),
                legacy: true,
                max_password_length: None
            }
        );
        assert!(serde_json::from_str::<PasswordCommand>(r#"{"op":"hash","nope":1}"#).is_err());
        let t: TokenCommand = serde_json::from_str(
            r#"{"op":"explain","value":"-","secrets":[],"jwks":"k.json","issuer":null,"audience":null,"now":"5s","cookie-prefix":null,"strategy":null,"json":false}"#,
        )
        .unwrap();
        assert!(
            matches!(t, TokenCommand::Explain { ref jwks, .. } if jwks.as_deref() == Some(Path::new("k.json")))
        );
    }

    #[test]
    fn token_commands_read_stdin_env_files_and_the_clock_through_the_io() {
        let explain = |value: &str, jwks: Option<&str>, now: Option<&str>| TokenCommand::Explain {
            value: value.into(),
            secrets: vec![],
            jwks: jwks.map(PathBuf::from),
            issuer: None,
            audience: None,
            now: now.map(String::from),
            cookie_prefix: None,
            strategy: None,
            json: false,
        };
        // A file the io does not have, or could not read: the error names the path.
        let e = run_token(&explain("x", Some("k.json"), None), &mut io(b"")).unwrap_err();
        assert!(e.to_string().contains("--jwks k.json: No such file"), "{e}");
        let mut both = io(b"");
        let e = both
            .add_file("k.json".into(), Some("{}".into()), Some("x".into()))
            .unwrap_err();
        assert_eq!(e.code(), "ERR_INVALID_ARGUMENT");
        assert!(both.add_file("k.json".into(), None, None).is_err());
        let mut broken = io(b"");
        broken.files.push((
            "k.json".into(),
            Err("Permission denied (os error 13)".into()),
        ));
        let e = run_token(&explain("x", Some("k.json"), None), &mut broken).unwrap_err();
        assert!(e.to_string().contains("Permission denied"), "{e}");
        // `--now` forms.
        let mut p = io(b"");
        assert_eq!(parse_now(Some("5s"), &mut p).unwrap(), 5000);
        assert_eq!(parse_now(Some("7"), &mut p).unwrap(), 7);
        assert_eq!(parse_now(None, &mut p).unwrap(), 1_800_000_000_000);
        assert_eq!(
            parse_now(Some("1970-01-01T00:00:01Z"), &mut p).unwrap(),
            1000
        );
        assert!(parse_now(Some("soon"), &mut p).is_err());
        // Secrets: --secret first, then the environment in SECRET_ENV_VARS order.
        let mut e = io(b"");
        assert!(secrets(&[], &mut e).unwrap().is_none());
        e.env.push(("AUTH_SECRET".into(), "a".repeat(32)));
        assert!(secrets(&[], &mut e).unwrap().is_some());
        // `-` reads stdin, trimmed; an unrecognised value is a coded error.
        let inspect = TokenCommand::Inspect {
            value: "-".into(),
            json: false,
        };
        let e = run_token(&inspect, &mut io(b"  not a token \n")).unwrap_err();
        assert_eq!(e.code(), "ERR_TOKEN_UNRECOGNIZED");
    }

    fn info(claims: serde_json::Value) -> cookie::TokenInfo {
        cookie::TokenInfo {
            kind: cookie::TokenKind::SessionToken,
            description: "x".into(),
            cookie_name: None,
            header: None,
            claims: Some(claims),
            token: None,
            parts: vec![],
        }
    }

    #[test]
    fn claims_are_cut_at_2000_characters_not_bytes() {
        let mut out = String::new();
        write_info(
            &mut out,
            &info(serde_json::json!({ "n": "é".repeat(1500) })),
            "",
        );
        // 1,500 two-byte characters plus the JSON punctuation: under 2,000 characters, kept whole.
        assert!(!out.contains('…'), "{out}");
        out.clear();
        write_info(
            &mut out,
            &info(serde_json::json!({ "n": "é".repeat(2500) })),
            "",
        );
        let claims = out.lines().find(|l| l.contains("claims:")).unwrap();
        assert!(claims.ends_with('…'));
        assert_eq!(
            claims
                .trim_start()
                .trim_start_matches("claims: ")
                .chars()
                .count(),
            MAX_CLAIMS_CHARS + 1
        );
    }
}
