#!/usr/bin/env bash
# Install everything authcore needs to build and test, skipping what is already present at the
# right version. Safe to run repeatedly; a bare machine (Rust by rustup, Node, npm) is enough.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS # would silently replace .cargo/config.toml's +simd128

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen CLI must equal the crate version pinned in Cargo.toml ("=x.y.z").
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_PACK_VERSION=0.15.1
[ -n "$WB_VERSION" ] || { echo "setup: cannot read the pinned wasm-bindgen version" >&2; exit 2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (a few minutes)"
  # No --locked: its lockfile pins crates newer than the registry mirror serves.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "installing wasm-pack $WASM_PACK_VERSION (a few minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

# PostgreSQL for the SQL doctor's tests (scripts/test-sql.sh starts a throwaway cluster):
# Debian's package, when no initdb is installed.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing Debian's postgresql (apt-get)"
  SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq postgresql >/dev/null
fi
# openssl makes the throwaway cluster's self-signed certificate (Postgres TLS tests).
if ! command -v openssl >/dev/null 2>&1; then
  log "installing Debian's openssl (apt-get)"
  SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq openssl >/dev/null
fi

# Node packages: build tools (binaryen's wasm-opt, esbuild) and the test/bench peers.
# Debian's binaryen is too old and silently breaks the module; the npm one is pinned.
# better-sqlite3 (SQL doctor tests) compiles its addon against the running Node's own headers
# (npm_config_nodedir), so nothing is downloaded besides the registry's packages.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.authcore-lock 2>/dev/null; then
  log "installing npm packages (npm ci)"
  NODE_PREFIX=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ -f "$NODE_PREFIX/include/node/node.h" ]; then export npm_config_nodedir="$NODE_PREFIX"; fi
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.authcore-lock
fi
# @better-auth/passkey, one install per Better Auth line beside a better-auth of that release
# (its peers clash with the root's: tests/sql/passkey.mjs says why).
for d in tests/sql/passkey-1.6 tests/sql/passkey-1.7; do
  if ! cmp -s "$d/package-lock.json" "$d/node_modules/.authcore-lock" 2>/dev/null; then
    log "installing npm packages in $d (npm ci)"
    (cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$d/package-lock.json" "$d/node_modules/.authcore-lock"
  fi
done
# Python: a venv under the repository (python/.venv, git-ignored) with what the Python suite
# needs (python/requirements-dev.txt: maturin, pytest, fastapi, httpx, PyJWT for the bench).
# Reinstalled only when that file changes. Needs python3 >= 3.10 with the venv module.
PY_VENV=python/.venv
if ! cmp -s python/requirements-dev.txt "$PY_VENV/.authcore-reqs" 2>/dev/null; then
  if [ ! -x "$PY_VENV/bin/python" ]; then
    log "creating the Python venv ($PY_VENV)"
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
      { echo "setup: python3 >= 3.10 is needed for the Python package" >&2; exit 2; }
    # Debian ships venv/ensurepip separately (python3-venv).
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null && command -v apt-get >/dev/null; then
      log "installing python3-venv (Debian)"
      apt-get install -y -qq python3-venv >/dev/null
    fi
    python3 -m venv "$PY_VENV"
  fi
  log "installing the Python test tools (pip, python/requirements-dev.txt)"
  "$PY_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-dev.txt
  cp python/requirements-dev.txt "$PY_VENV/.authcore-reqs"
fi
log "ok"
