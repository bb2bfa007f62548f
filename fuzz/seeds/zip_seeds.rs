//! Seeds for `convex_zip` and `convex_jsonl`: small synthetic Convex exports (clean, every
//! finding injected, stored and deflated) from `authcore::doctor::gen`, and their JSONL lines.
//! Run from the repository root: cargo run --example fuzz-zip-seeds
use authcore::convex_export::Export;
use authcore::doctor::gen::{generate, GenOptions, INJECTABLE, MIN_USERS_WITH_INJECTION};
use std::io::Cursor;

fn write(target: &str, data: &[u8]) {
    let dir = format!("fuzz/corpus/{target}");
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("{dir}/seed-{:016x}", fnv(data));
    std::fs::write(name, data).unwrap();
}

fn fnv(d: &[u8]) -> u64 {
    d.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

fn main() {
    let configs = [
        GenOptions {
            users: 2,
            compression_level: 1,
            ..GenOptions::default()
        },
        GenOptions {
            users: 3,
            compression_level: 6,
            ..GenOptions::default()
        },
        GenOptions {
            users: MIN_USERS_WITH_INJECTION,
            inject: INJECTABLE.to_vec(),
            compression_level: 6,
            ..GenOptions::default()
        },
    ];
    let mut lines = 0;
    for opts in configs {
        let zip = generate(&opts, Cursor::new(Vec::new()))
            .unwrap()
            .into_inner();
        write("convex_zip", &zip);
        let mut ex = Export::open(Cursor::new(&zip)).unwrap();
        for i in 0..ex.entries().len() {
            let Ok(data) = ex.read_small(i) else { continue };
            for line in data.split(|&b| b == b'\n').take(4) {
                if !line.is_empty() && line.len() <= 64 * 1024 && lines < 200 {
                    write("convex_jsonl", line);
                    lines += 1;
                }
            }
        }
    }
}
