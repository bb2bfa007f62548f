#!/usr/bin/env bash
# Run every fuzz target briefly against its committed corpus (CI smoke run, ~1 minute of
# fuzzing after the build). A crash, panic, timeout or out-of-memory fails the script and
# leaves the input in fuzz/artifacts/<target>/.
#
#   scripts/fuzz-smoke.sh                      every target, FUZZ_SECONDS (default 5) each
#   FUZZ_SECONDS=1800 scripts/fuzz-smoke.sh jws  one target, a 30-minute campaign
#   FUZZ_RUNS=10000000 FUZZ_SECONDS=1800 scripts/fuzz-smoke.sh
#                                              the campaign: 10M executions or 30 min each
#
# Needs only the stable toolchain: cargo-fuzz's nightly flags are enabled with RUSTC_BOOTSTRAP.
# Targets are built without a sanitizer (the crate has no unsafe code; we look for panics,
# timeouts and memory blow-ups) but with debug assertions, so integer overflow panics.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
export RUSTC_BOOTSTRAP=1

SECONDS_EACH=${FUZZ_SECONDS:-5}
RUNS=${FUZZ_RUNS:--1} # -1: no execution limit, only the time limit
FLAGS=(--sanitizer none --debug-assertions)
if [ "$#" -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo fuzz list); fi

cargo fuzz build "${FLAGS[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "== $t (${SECONDS_EACH}s)"
  # New inputs go to the scratch directory (first); the committed corpus is only read.
  if ! cargo fuzz run "${FLAGS[@]}" "$t" "$work/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_EACH" -runs="$RUNS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 \
      -artifact_prefix="fuzz/artifacts/$t/" 2>"$work/$t.log"; then
    # The panic message first (the backtrace after it is long), then the end of the log.
    grep -m3 -A1 -E "panicked at|ERROR: libFuzzer|SUMMARY" "$work/$t.log" || true
    tail -40 "$work/$t.log"
    failed+=("$t")
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^stat::average_exec_per_sec|Done [0-9]+ runs" "$work/$t.log" | tr '\n' ' ' || true
  echo
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz-smoke: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz-smoke: ${#targets[@]} targets, no crash"
