//! `authcore token inspect|explain`: what a Better Auth cookie / token is, and every reason it
//! would be refused. Parsing and printing only; the logic is `authcore::cookie`.

use std::io::Read;
use std::process::ExitCode;

use authcore::cli::TokenCmd;
use authcore::cookie::{self, CacheStrategy, ExplainOptions, Secrets};
use authcore::Error;

/// Longest value read (arguments or stdin): a Cookie header is bounded the same way.
const MAX_INPUT: u64 = cookie::MAX_COOKIE_HEADER_BYTES as u64 + 1;

fn read_value(v: String) -> Result<String, Error> {
    if v != "-" {
        return Ok(v);
    }
    let mut s = String::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT)
        .read_to_string(&mut s)
        .map_err(|e| Error::InvalidArgument(format!("reading stdin: {e}")))?;
    Ok(s.trim().to_string())
}

fn parse_now(s: Option<String>) -> Result<i64, Error> {
    let Some(s) = s else {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| Error::InvalidArgument("system clock before 1970".into()))?;
        return Ok(d.as_millis() as i64);
    };
    if let Some(secs) = s.strip_suffix('s') {
        if let Ok(n) = secs.parse::<i64>() {
            return Ok(n.saturating_mul(1000));
        }
    }
    if let Ok(n) = s.parse::<i64>() {
        return Ok(n);
    }
    cookie::parse_iso_ms(&s).ok_or_else(|| {
        Error::InvalidArgument("--now: epoch milliseconds, <n>s, or ISO-8601".into())
    })
}

fn secrets(list: Vec<String>) -> Result<Option<Secrets>, Error> {
    if !list.is_empty() {
        return Secrets::checked(
            list.into_iter()
                .map(|value| cookie::Secret {
                    version: None,
                    value,
                })
                .collect(),
        )
        .map(Some);
    }
    if let Ok(env) = std::env::var("BETTER_AUTH_SECRETS") {
        if !env.trim().is_empty() {
            return Secrets::parse_env(&env).map(Some);
        }
    }
    for var in ["BETTER_AUTH_SECRET", "AUTH_SECRET"] {
        if let Ok(s) = std::env::var(var) {
            if !s.is_empty() {
                return Ok(Some(Secrets::single(s)));
            }
        }
    }
    Ok(None)
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<(), Error> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::InvalidArgument(e.to_string()))?;
    println!("{s}");
    Ok(())
}

fn print_info(i: &cookie::TokenInfo, indent: &str) {
    match &i.cookie_name {
        Some(n) => println!("{indent}{n}: {}", i.description),
        None => println!("{indent}{}", i.description),
    }
    if let Some(t) = &i.token {
        println!("{indent}  token: {t}");
    }
    if let Some(h) = &i.header {
        println!("{indent}  header: {h}");
    }
    if let Some(c) = &i.claims {
        let mut s = c.to_string();
        if s.len() > 2000 {
            s.truncate(s.char_indices().nth(2000).map_or(s.len(), |(i, _)| i));
            s.push('…');
        }
        println!("{indent}  claims: {s}");
    }
    for p in &i.parts {
        print_info(p, &format!("{indent}  "));
    }
}

pub fn run(cmd: TokenCmd) -> Result<ExitCode, Error> {
    match cmd {
        TokenCmd::Inspect { value, json } => {
            let info = cookie::inspect_token(&read_value(value)?)?;
            if json {
                print_json(&info)?;
            } else {
                print_info(&info, "");
            }
            Ok(ExitCode::SUCCESS)
        }
        TokenCmd::Explain { value, opts, json } => {
            let jwks =
                match &opts.jwks {
                    None => None,
                    Some(p) => Some(std::fs::read_to_string(p).map_err(|e| {
                        Error::InvalidArgument(format!("--jwks {}: {e}", p.display()))
                    })?),
                };
            let o = ExplainOptions {
                secrets: secrets(opts.secrets)?,
                jwks,
                issuer: opts.issuer,
                audience: opts.audience,
                now_ms: parse_now(opts.now)?,
                cookie_prefix: opts.cookie_prefix,
                strategy: opts
                    .strategy
                    .as_deref()
                    .map(CacheStrategy::parse)
                    .transpose()?,
            };
            let e = cookie::explain_token(&read_value(value)?, &o)?;
            if json {
                print_json(&e)?;
            } else {
                print_info(&e.info, "");
                for n in &e.notes {
                    println!("ok: {n}");
                }
                for p in &e.problems {
                    println!("FAIL {}: {}", p.code, p.message);
                }
                println!("{}", if e.valid { "valid" } else { "invalid" });
            }
            Ok(if e.valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
