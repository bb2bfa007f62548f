//! Native peer for bench/passwords.mjs: reads one line per round from stdin, hashes a password
//! with authcore's release build, and prints the elapsed milliseconds. Driven over a pipe so
//! the Node benchmark can interleave it with the in-process peers.
//!
//!     cargo build --release --example scrypt-bench

use std::io::{BufRead, Write};
use std::time::Instant;

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(password) = line else { break };
        let t = Instant::now();
        let hash = authcore::hash_password_with_salt(&password, "00112233445566778899aabbccddeeff")
            .expect("hash");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        writeln!(out, "{ms} {hash}").expect("stdout");
        out.flush().expect("stdout");
    }
}
