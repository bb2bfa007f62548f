#!/usr/bin/env bash
# Doctor benchmark (on demand, never in the tests): generate a synthetic export with
# USERS auth users (default 1,000,000: ≈5M documents = user + account + 2 sessions + app row),
# then measure wall time and peak RSS (/usr/bin/time -v) of the native release CLI and of the
# straightforward Node script bench/doctor-naive.mjs (yauzl + readline + JSON.parse + Maps).
# Goal: native ≤ 15 s and ≤ 1 GiB RSS, ≥ 3× faster than the script.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS
USERS=${USERS:-1000000}
OUT=${OUT:-${TMPDIR:-/tmp}/authcore-doctor-bench-$USERS.zip}
INJECT=AUTH_USER_WITHOUT_APP_USER,APP_USER_UNLINKED,ORPHAN_SESSION,MULTIPLE_JWKS,IMPORT_INTEGER_FOR_FLOAT

cargo build --release --bin authcore
[ -f node_modules/yauzl/package.json ] || npm ci --ignore-scripts --no-audit --no-fund
BIN=./target/release/authcore

if [ ! -f "$OUT" ]; then
  echo "generating $USERS users -> $OUT"
  /usr/bin/time -f "gen-export: %e s, %M KiB max RSS" \
    "$BIN" gen-export --users "$USERS" --seed 1 --inject "$INJECT" -o "$OUT"
fi
ls -l "$OUT"

measure() { # label, command...
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" > "$log.out" 2> "$log" || true
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  printf '%-8s wall %s  max RSS %s MiB\n' "$label" "$wall" "$((rss / 1024))"
  tail -n 3 "$log.out" | cut -c1-200
  rm -f "$log" "$log.out"
}

measure native "$BIN" doctor "$OUT" --json
measure node node --max-old-space-size=8192 bench/doctor-naive.mjs "$OUT"
