#!/usr/bin/env bash
# Build the npm package into pkg/: Rust → wasm32 (+simd128) → wasm-bindgen --target web glue →
# wasm-opt → per-runtime entries from js/ → CommonJS bundle → package.json from pkg-template/.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS # would silently replace .cargo/config.toml's +simd128
PATH="$PWD/node_modules/.bin:$PATH"

out=pkg
rm -rf "$out"
mkdir -p "$out/dist/wasm"

cargo build --lib --release --target wasm32-unknown-unknown
# --omit-default-module-path: the glue must not reference `new URL("authcore_bg.wasm",
# import.meta.url)`; every entry passes the module itself, and bundlers (Turbopack) would
# otherwise emit the .wasm a second and third time.
wasm-bindgen --target web --out-dir "$out/dist/wasm" --out-name authcore \
  --omit-default-module-path --no-typescript target/wasm32-unknown-unknown/release/authcore.wasm

# Debian's wasm-opt (108) silently breaks the module; this is binaryen 132 from npm.
wasm-opt -O3 \
  --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/dist/wasm/authcore_bg.wasm" -o "$out/dist/wasm/authcore_bg.wasm"

node scripts/assemble-pkg.mjs "$out"
echo "built $out/ ($(wc -c <"$out/dist/wasm/authcore_bg.wasm") bytes of wasm)" >&2
