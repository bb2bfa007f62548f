#!/usr/bin/env bash
# Run the benchmarks (never part of the test command or CI): builds the package and the native
# peer, then runs each benchmark in its own Node process.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS
bash scripts/setup.sh
bash scripts/build-pkg.sh
bash scripts/install-pkg.sh
cargo build --release --example scrypt-bench
node bench/passwords.mjs
echo
node bench/eventloop.mjs
echo
node bench/legacy.mjs
echo
node bench/startup.mjs
echo
node bench/cookies.mjs
echo
node bench/tokens.mjs
echo
python3 bench/wasm-size.py
echo
node bench/memory.mjs
echo
node bench/limits.mjs
