#!/usr/bin/env bash
# The SQL doctor's ground-truth tests (tests/doctor_sql.rs): a throwaway PostgreSQL cluster
# (Debian's postgresql, installed by scripts/setup.sh) on a free 127.0.0.1 port in a temp
# dir, Better Auth 1.6.34 and 1.7.25 migrating real SQLite files and Postgres databases
# (tests/sql/make-fixtures.mjs), then the Rust tests against them. The cluster is stopped
# (pg_ctl, by its data directory's postmaster.pid) and removed on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "test-sql: PostgreSQL's initdb not found; bash scripts/setup.sh installs Debian's postgresql" >&2
  exit 2
fi

WORK=$(mktemp -d /tmp/authcore-pg.XXXXXX)
chmod 755 "$WORK"
# root cannot run postgres: the cluster runs as the postgres user the Debian package makes.
RUNAS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$WORK"
  RUNAS=(runuser -u postgres --)
fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PASSWORD="authcore-test-$RANDOM$RANDOM"

stop() {
  if [ -f "$WORK/data/postmaster.pid" ]; then
    "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap stop EXIT

printf '%s\n' "$PASSWORD" > "$WORK/pw"
chmod 644 "$WORK/pw"
"${RUNAS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U authcore --pwfile="$WORK/pw" \
  --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
echo "test-sql: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2

export AUTHCORE_PG_URL="postgres://authcore:$PASSWORD@127.0.0.1:$PORT/postgres"
FIXTURES="$PWD/target/sql-fixtures"
node tests/sql/make-fixtures.mjs "$FIXTURES"
node tests/sql/dump-schema.mjs --check
AUTHCORE_SQL_FIXTURES="$FIXTURES/manifest.json" cargo test --test doctor_sql "$@"
