#!/usr/bin/env bash
# Doctor benchmark (on demand, never in the tests): generate a synthetic export with
# USERS auth users (default 1,000,000: ≈5M documents = user + account + 2 sessions + app row),
# then measure wall time and peak RSS (/usr/bin/time -v) of the native release CLI and of the
# straightforward Node script bench/doctor-naive.mjs (yauzl + readline + JSON.parse + Maps).
# Goal: native ≤ 15 s and ≤ 1 GiB RSS, ≥ 3× faster than the script. The native CLI reads the
# tables on two threads (doctor::diagnose_parallel), so compare user+sys too for the work done.
# Measured 2026-11-29 (2 cores, idle): native 4.1-4.8 s wall, 7.1-8.4 s user, 459 MiB;
# script 16.0-20.1 s wall, 16-20 s user, 393-407 MiB -> 3.7-4.2x wall, 2.3-2.6x CPU.
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
  local wall rss user sys
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  user=$(grep "User time" "$log" | awk '{print $NF}')
  sys=$(grep "System time" "$log" | awk '{print $NF}')
  # On a shared machine wall time includes waiting for a core; user+sys is the work done.
  printf '%-8s wall %s  user %ss  sys %ss  max RSS %s MiB  (load %s)\n' "$label" "$wall" "$user" "$sys" \
    "$((rss / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
  tail -n 3 "$log.out" | cut -c1-200
  rm -f "$log" "$log.out"
  # Seconds, for the ratios: wall is [h:]m:ss.ss.
  WALL[$label]=$(echo "$wall" | awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s}')
  CPU[$label]=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')
}
declare -A WALL CPU

measure native "$BIN" doctor "$OUT" --json
measure node node --max-old-space-size=8192 bench/doctor-naive.mjs "$OUT"
awk -v nw="${WALL[native]}" -v nc="${CPU[native]}" -v sw="${WALL[node]}" -v sc="${CPU[node]}" \
  'BEGIN{printf "native vs script: %.1fx faster in wall time, %.1fx in CPU time (user+sys); goal >= 3x\n", sw/nw, sc/nc}'
