#!/usr/bin/env bash
# Build the release wheel (profile python-release: release + unwinding panics), install it into
# python/.venv (scripts/setup.sh makes it) and run bench/python/bench.py. Never part of the tests.
# scripts/test-python.sh reinstalls the dev wheel the next time the tests run.
set -euo pipefail
cd "$(dirname "$0")/../.."
unset RUSTFLAGS
PY=python/.venv/bin/python
[ -x "$PY" ] || bash scripts/setup.sh
rm -rf bench/.work/python-dist
OUT="$PWD/bench/.work/python-dist"
(cd python && .venv/bin/python -m maturin build --quiet --profile python-release -i .venv/bin/python --out "$OUT")
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps bench/.work/python-dist/authcore_rs-*.whl
exec "$PY" bench/python/bench.py "$@"
