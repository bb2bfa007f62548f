#!/usr/bin/env bash
# The SQL doctor on 1M users (≈ 5M rows: users, accounts, 2M sessions, verifications) in
# SQLite and in PostgreSQL (a throwaway cluster on a free loopback port, stopped on exit),
# schema made by Better Auth 1.7.25's migration (bench/sql-gen.mjs). Prints wall time and
# peak RSS of: the native release CLI, the npm package's CLI (npx authcore: the same core in
# WASM, rows from node:sqlite / pg; the installed package, scripts/build-pkg.sh and
# install-pkg.sh), and the straightforward Node script (bench/doctor-sql-naive.mjs). Never
# part of the tests.  USERS=100000 bash bench/doctor-sql.sh
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS
USERS=${USERS:-1000000}
cargo build --release --quiet
BIN=target/release/authcore
WORK=$(mktemp -d /tmp/authcore-bench-sql.XXXXXX)
chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; RUNAS=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  [ -f "$WORK/data/postmaster.pid" ] && "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT
"${RUNAS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB" >/dev/null
URL="postgres://bench@127.0.0.1:$PORT/postgres"

echo "generating $USERS users (SQLite, Postgres)…" >&2
DB="$WORK/auth.db"
USERS=$USERS node bench/sql-gen.mjs sqlite "$DB"
USERS=$USERS node bench/sql-gen.mjs postgres "$URL"

NPX_CLI=node_modules/authcore/dist/cli.mjs
[ -f "$NPX_CLI" ] || { echo "doctor-sql: the npm package is not installed (scripts/build-pkg.sh, install-pkg.sh)" >&2; exit 2; }
# A Node with node:sqlite (22.13+) for the npx rows: the machine's, else scripts/node-versions.sh's.
NPX_NODE=
for bin in "$(dirname "$(command -v node)")" $(bash scripts/node-versions.sh --list); do
  if "$bin/node" -e 'require("node:sqlite")' >/dev/null 2>&1; then NPX_NODE="$bin/node"; break; fi
done
[ -n "$NPX_NODE" ] || { echo "doctor-sql: no Node with node:sqlite; bash scripts/node-versions.sh" >&2; exit 2; }

measure() { # label, command…
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || [ $? -le 1 ]
  read -r wall kib < "$WORK/time"
  printf '%-36s %7.1f s  %6d MiB\n' "$label" "$wall" $((kib / 1024))
}
for round in 1 2; do
  echo "round $round"
  measure "sqlite: authcore doctor (native)" "$BIN" doctor "$DB" --json
  measure "sqlite: npx authcore doctor (WASM)" "$NPX_NODE" "$NPX_CLI" doctor "$DB" --json
  measure "sqlite: naive node script" node bench/doctor-sql-naive.mjs "$DB"
  measure "postgres: authcore doctor (native)" "$BIN" doctor "$URL" --json
  measure "postgres: npx authcore doctor (WASM)" "$NPX_NODE" "$NPX_CLI" doctor "$URL" --json
  measure "postgres: naive node script" node bench/doctor-sql-naive.mjs "$URL"
done
