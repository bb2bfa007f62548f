#!/usr/bin/env bash
# The SQL doctor's ground-truth tests (tests/doctor_sql.rs): a throwaway PostgreSQL cluster
# (Debian's postgresql, installed by scripts/setup.sh) on a free 127.0.0.1 port in a temp
# dir, Better Auth 1.6.34 and 1.7.25 migrating real SQLite files and Postgres databases
# (tests/sql/make-fixtures.mjs), then the Rust tests against them, natively and again through
# the installed npm package's CLI (npx authcore: same reports, fixes through node:sqlite / pg). The cluster is stopped
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
# TLS: a throwaway CA and a server certificate it signs naming only "localhost" (so
# verify-full to 127.0.0.1 must fail and verify-ca pass); the role tls_only (made by the
# tests) may connect over TLS only.
EC=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${EC[@]}" -days 2 -subj /CN=authcore-test-ca \
  -keyout "$WORK/ca.key" -out "$WORK/ca.crt" >/dev/null 2>&1
openssl req "${EC[@]}" -subj /CN=localhost -keyout "$WORK/server.key" -out "$WORK/server.csr" >/dev/null 2>&1
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$WORK/server.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.crt" -CAkey "$WORK/ca.key" -CAcreateserial \
  -days 2 -extfile "$WORK/server.ext" -out "$WORK/server.crt" >/dev/null 2>&1
chmod 600 "$WORK/server.key"
chmod 644 "$WORK/server.crt" "$WORK/ca.crt"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/server.key" "$WORK/server.crt"
HBA="$WORK/data/pg_hba.conf"
"${RUNAS[@]}" sh -c "{ echo 'hostnossl all tls_only all reject'; cat '$HBA'; } > '$HBA.new' && mv '$HBA.new' '$HBA'"
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on -c ssl_cert_file=$WORK/server.crt -c ssl_key_file=$WORK/server.key" >/dev/null
echo "test-sql: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2

export AUTHCORE_PG_URL="postgres://authcore:$PASSWORD@127.0.0.1:$PORT/postgres"
export AUTHCORE_PG_TLS_ROOT="$WORK/ca.crt"
FIXTURES="$PWD/target/sql-fixtures"
node tests/sql/make-fixtures.mjs "$FIXTURES"
node tests/sql/dump-schema.mjs --check
AUTHCORE_SQL_FIXTURES="$FIXTURES/manifest.json" cargo test --test doctor_sql "$@"

# The same tests through the npm package's CLI (`npx authcore`, the installed package): every
# doctor report must equal the native one, every fix runs through Node (node:sqlite, pg). A
# Node with node:sqlite (22.13+): the machine's, else the first of scripts/node-versions.sh
# (installed here when missing: on a bare CI machine this step runs before the JS suites).
[ -f node_modules/authcore/dist/cli.mjs ] || {
  echo "test-sql: the npm package is not installed; bash scripts/build-pkg.sh && bash scripts/install-pkg.sh" >&2
  exit 2
}
NPX_NODE=
for bin in "$(dirname "$(command -v node)")" $(bash scripts/node-versions.sh); do
  if "$bin/node" -e 'require("node:sqlite")' >/dev/null 2>&1; then NPX_NODE="$bin/node"; break; fi
done
[ -n "$NPX_NODE" ] || { echo "test-sql: no Node with node:sqlite; bash scripts/node-versions.sh installs one" >&2; exit 2; }
echo "test-sql: again through npx authcore on Node $("$NPX_NODE" --version)" >&2
AUTHCORE_NPX_NODE="$NPX_NODE" AUTHCORE_SQL_FIXTURES="$FIXTURES/manifest.json" \
  cargo test --test doctor_sql "$@"
