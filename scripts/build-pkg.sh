#!/usr/bin/env bash
# Build the npm package into pkg/: one WASM per public entry (Rust → wasm32 (+simd128) with that
# entry's cargo profile and features → wasm-bindgen --target web glue → wasm-opt), then per-runtime loader
# files from js/, CommonJS bundles and package.json from pkg-template/ (scripts/assemble-pkg.mjs).
#
# Profiles: `release` (opt-level 3) for the request path, passwords and keys; `wasm-release`
# (Cargo.toml: opt-level "s" except the crypto crates and inflate) for the doctor, where it saves
# 240 KB raw / 96 KB gzip at the same speed (issue 17; the request path measured 5-13 % slower
# on cookie and JWT verification with it, so it keeps opt-level 3).
#
#   entry                dir             cargo features (src/wasm.rs gates its bindings by them)
#   authcore             dist/           passwords cookies tokens sync internal (the request path)
#   authcore/passwords   dist/passwords/ passwords
#   authcore/keys        dist/keys/      tokens keys (every token function, plus RSA and EC key
#                                        generation and RS*/PS*/ES* signing: the `rsa` and
#                                        p256/p384/p521 crates, kept off the request path)
#   authcore/doctor      dist/doctor/    doctor cli (tooling: doctor, fix, gen-export; npx authcore, whose
#                                        arguments clap parses in this WASM: src/cli.rs)
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS # would silently replace .cargo/config.toml's +simd128
PATH="$PWD/node_modules/.bin:$PATH"

out=pkg
rm -rf "$out"
# The release builds before wasm-bindgen, kept per entry for bench/wasm-size.py.
raw=target/wasm-entries
mkdir -p "$raw"

while read -r name dir profile features; do
  cargo build --lib --profile "$profile" --target wasm32-unknown-unknown --no-default-features --features "$features"
  cp "target/wasm32-unknown-unknown/$profile/authcore.wasm" "$raw/$name.wasm"
  wasm="$out/dist/$dir/wasm"
  mkdir -p "$wasm"
  # --omit-default-module-path: the glue must not reference `new URL("authcore_bg.wasm",
  # import.meta.url)`; every entry passes the module itself, and bundlers (Turbopack) would
  # otherwise emit the .wasm a second and third time.
  wasm-bindgen --target web --out-dir "$wasm" --out-name authcore \
    --omit-default-module-path --no-typescript "$raw/$name.wasm"
  # Debian's wasm-opt (108) silently breaks the module; this is binaryen 132 from npm.
  wasm-opt -O3 \
    --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm/authcore_bg.wasm" -o "$wasm/authcore_bg.wasm"
  echo "built $name: $(wc -c <"$wasm/authcore_bg.wasm") bytes of wasm" >&2
done <<'ENTRIES'
authcore . release passwords,cookies,tokens,sync,internal
passwords passwords release passwords,legacy,commands
keys keys release tokens,keys,explain,commands
doctor doctor wasm-release doctor,cli
ENTRIES

node scripts/assemble-pkg.mjs "$out"
