#!/usr/bin/env bash
# The runtime matrix: the built npm package, installed from its `npm pack` tarball as a user
# installs it, run in every runtime it claims (tests/runtimes/README.md): Node (the reference),
# Convex (real bundler: isolate and "use node"; convex-test), Next.js 16 (nodejs and edge route
# handlers, next build + next start), edge-runtime without code generation, Cloudflare workerd,
# headless Chromium, and the Rust tests in Chromium. Each runtime's outputs must equal Node's.
#
#   bash scripts/test-runtimes.sh              # everything
#   bash scripts/test-runtimes.sh convex next  # the Node reference, then only these
#
# Installs what it needs, idempotently: each tests/runtimes/<name>/ has a committed
# package-lock.json (`npm ci` runs only when it changed), Debian's chromium + chromium-driver
# (only if missing), and the build tools via scripts/setup.sh (only if pkg/ or a tool is
# missing). Exits non-zero on any failure; the last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS # would silently replace .cargo/config.toml's +simd128
export NEXT_TELEMETRY_DISABLED=1 WRANGLER_SEND_METRICS=false

# node22/24/26: the same Node row on each supported Node line (scripts/node-versions.sh installs
# them), compared with the reference the machine's Node wrote.
ALL=(node node22 node24 node26 convex edge-runtime workerd nextjs browser rust-browser)
RT=$PWD/tests/runtimes
WORK=$RT/.work
declare -A DIR=([node]=node [node22]=node [node24]=node [node26]=node [convex]=convex [edge-runtime]=edge-runtime [workerd]=workerd [nextjs]=nextjs [browser]=browser [rust-browser]=browser)
declare -A ARGS=([browser]=page [rust-browser]=rust)

log() { printf '\033[1mtest-runtimes:\033[0m %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
die() { log "$*"; echo "0 passed, 1 failed"; exit 1; }

# Which runtimes: arguments (aliases: next → nextjs, edge → edge-runtime), else all.
selected=()
for a in "$@"; do
  case "$a" in next) a=nextjs ;; edge) a=edge-runtime ;; rust) a=rust-browser ;; esac
  [ -n "${DIR[$a]:-}" ] || die "unknown runtime '$a' (one of: ${ALL[*]})"
  [ "$a" = node ] || selected+=("$a")
done
[ $# -gt 0 ] || selected=("${ALL[@]:1}")
selected=(node "${selected[@]}") # the Node reference always runs first

needs() { local x; for x in "${selected[@]}"; do [ "$x" = "$1" ] && return 0; done; return 1; }

declare -a SUMMARY=()
t_all=$(now)

# --- Installs -------------------------------------------------------------------------------
t=$(now)
if [ ! -f pkg/package.json ] || ! command -v wasm-pack >/dev/null || ! command -v wasm-bindgen >/dev/null; then
  log "build tools or pkg/ missing: scripts/setup.sh"
  bash scripts/setup.sh || die "scripts/setup.sh failed"
fi
if [ ! -f pkg/package.json ]; then
  log "pkg/ is not built: scripts/build-pkg.sh"
  bash scripts/build-pkg.sh || die "scripts/build-pkg.sh failed"
fi
mkdir -p "$WORK"
rm -f "$WORK"/authcore-*.tgz "$WORK/reference.json"
tgz=$(npm pack ./pkg --pack-destination "$WORK" --silent 2>/dev/null | tail -n 1)
[ -f "$WORK/$tgz" ] || die "npm pack ./pkg failed"
tgz=$(cd "$WORK" && pwd)/$tgz
SUMMARY+=("$(printf '%-16s %-28s %6ss' install "npm pack → $(basename "$tgz")" "$(secs "$t")")")

if { needs browser || needs rust-browser; } && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  t=$(now)
  log "installing Debian's chromium and chromium-driver"
  apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null || die "apt-get install chromium chromium-driver failed"
  SUMMARY+=("$(printf '%-16s %-28s %6ss' install "apt chromium chromium-driver" "$(secs "$t")")")
fi

declare -A INSTALLED=()
install_dir() { # npm ci when the committed lock changed, then the authcore tarball
  local d=$1 t
  [ -n "${INSTALLED[$d]:-}" ] && return 0
  t=$(now)
  (
    cd "$RT/$d" || exit 1
    if [ ! -f node_modules/.authcore-runtimes-lock ] || ! cmp -s package-lock.json node_modules/.authcore-runtimes-lock; then
      log "$d: npm ci"
      if ! npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-ci-$d.log" 2>&1; then
        # npm ci refuses a lock without optional packages the registry does not serve (e.g.
        # next's darwin/win32 binaries); npm install honours the same lock and skips them.
        log "$d: npm ci refused the lock ($(grep -m1 -o 'Missing: [^ ]*' "$WORK/npm-ci-$d.log" || echo "see $WORK/npm-ci-$d.log")); npm install --no-save with the same lock"
        npm install --no-save --no-audit --no-fund --loglevel=error >&2 || exit 1
      fi
      mkdir -p node_modules && cp package-lock.json node_modules/.authcore-runtimes-lock
    fi
    rm -rf node_modules/authcore
    npm install --no-save --no-audit --no-fund --loglevel=error "$tgz" >/dev/null || exit 1
    grep -q '"name": "authcore"' node_modules/authcore/package.json
  ) || return 1
  INSTALLED[$d]=1
  SUMMARY+=("$(printf '%-16s %-28s %6ss' install "tests/runtimes/$d" "$(secs "$t")")")
}

# --- Runs -----------------------------------------------------------------------------------
passed=0
failed=0
for name in "${selected[@]}"; do
  d=${DIR[$name]}
  log "== $name"
  t=$(now)
  if ! install_dir "$d"; then
    echo "RESULT FAIL $name: installing tests/runtimes/$d failed"
    failed=$((failed + 1))
    SUMMARY+=("$(printf '%-16s %-28s %6ss' "$name" "FAIL (install)" "$(secs "$t")")")
    continue
  fi
  t=$(now)
  node_bin=node
  if [[ $name =~ ^node([0-9]+)$ ]]; then
    node_bin=$(bash scripts/node-versions.sh | grep "/node-${BASH_REMATCH[1]}/" || true)/node
    if [ ! -x "$node_bin" ]; then
      echo "RESULT FAIL $name: Node ${BASH_REMATCH[1]} could not be installed (scripts/node-versions.sh)"
      failed=$((failed + 1))
      continue
    fi
  fi
  out=$(cd "$RT/$d" && AUTHCORE_NODE_ROW=$([ "$name" = node ] || echo "$name") timeout 900 "$node_bin" test.mjs ${ARGS[$name]:-} 2>&1)
  rc=$?
  printf '%s\n' "$out"
  p=$(grep -c '^RESULT PASS ' <<<"$out")
  f=$(grep -c '^RESULT FAIL ' <<<"$out")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "RESULT FAIL $name: exited $rc without a result line"
    f=1
  elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    echo "RESULT FAIL $name: no result line"
    f=1
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  SUMMARY+=("$(printf '%-16s %-28s %6ss' "$name" "$p passed, $f failed" "$(secs "$t")")")
done

# Nothing may be left running (every server was started by a test and stopped by its PID).
left=$(ps -eo pid=,args= | grep -E '[w]orkerd serve .*/tests/runtimes/|[n]ext start -H 127\.0\.0\.1' || true)
# A standalone Next.js server renames itself "next-server": found by its working directory.
for pid in $(pgrep -f '^next-server' || true); do
  case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in "$RT"/*) left+=$'\n'"$pid next-server in $(readlink "/proc/$pid/cwd")" ;; esac
done
if [ -n "$left" ]; then
  echo "RESULT FAIL cleanup: processes left running:"
  echo "$left"
  failed=$((failed + 1))
fi

echo
echo "runtime matrix (total $(secs "$t_all")s):"
printf '  %s\n' "${SUMMARY[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
