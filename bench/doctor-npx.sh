#!/usr/bin/env bash
# `npx authcore doctor` (the npm package's bin: the core in WASM, the ZIP read through
# fs.readSync a window at a time) against the native release binary, on one synthetic export of
# USERS auth users (default 100,000: ≈500k documents). Wall time and peak RSS from
# /usr/bin/time -v; the two reports must be byte-identical. On demand, never in the tests.
#   bash bench/doctor-npx.sh                 # 100k users
#   USERS=1000000 bash bench/doctor-npx.sh   # 1M users
# Needs the package built and installed (bash scripts/build-pkg.sh && bash scripts/install-pkg.sh).
# Measured 2026-11-29 (2 cores, idle, Node 20.20, release native (two threads) vs the -O3 WASM
# package (one thread)):
#   100k users, 55 MB ZIP:  native 0.35-0.40 s / 42 MiB RSS, npx 1.1-1.2 s / 100-105 MiB RSS
#   1M users,  548 MB ZIP:  native 4.1-4.6 s / 459 MiB RSS,  npx 12.8-13.4 s / 429-436 MiB RSS
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS
USERS=${USERS:-100000}
OUT=${OUT:-${TMPDIR:-/tmp}/authcore-doctor-npx-bench-$USERS.zip}
INJECT=AUTH_USER_WITHOUT_APP_USER,APP_USER_UNLINKED,ORPHAN_SESSION,MULTIPLE_JWKS,IMPORT_INTEGER_FOR_FLOAT
CLI=node_modules/authcore/dist/cli.mjs
[ -f "$CLI" ] || { echo "doctor-npx: the package is not installed; run scripts/build-pkg.sh and scripts/install-pkg.sh" >&2; exit 2; }

cargo build --release --bin authcore
BIN=./target/release/authcore

if [ ! -f "$OUT" ]; then
  echo "generating $USERS users -> $OUT"
  /usr/bin/time -f "gen-export: %e s, %M KiB max RSS" \
    "$BIN" gen-export --users "$USERS" --seed 1 --inject "$INJECT" -o "$OUT"
fi
echo "export: $OUT, $(stat -c %s "$OUT") bytes; node $(node --version); $(nproc) cores"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() { # label, command...
  local label=$1; shift
  local rc=0
  /usr/bin/time -v "$@" > "$tmp/$label.out" 2> "$tmp/$label.time" || rc=$?
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$tmp/$label.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$tmp/$label.time" | awk '{print $NF}')
  printf '%-12s exit %s  wall %-8s  max RSS %5s MiB  (%s)\n' "$label" "$rc" "$wall" "$((rss / 1024))" "$*"
}

for mode in text json; do
  flag=(); [ "$mode" = json ] && flag=(--json)
  measure "native-$mode" "$BIN" doctor "$OUT" "${flag[@]}"
  measure "npx-$mode" node "$CLI" doctor "$OUT" "${flag[@]}"
  if cmp -s "$tmp/native-$mode.out" "$tmp/npx-$mode.out"; then
    echo "  $mode reports identical ($(wc -c < "$tmp/native-$mode.out") bytes)"
  else
    echo "  $mode reports DIFFER"; diff "$tmp/native-$mode.out" "$tmp/npx-$mode.out" | head -20; exit 1
  fi
done
tail -n 2 "$tmp/native-text.out"
