#!/usr/bin/env bash
# The Python package: build the abi3 wheel with maturin (the crate's `python` feature), install
# it into python/.venv (made by scripts/setup.sh) and run pytest against the installed wheel:
# the repository's vectors, live better-auth 1.6.34 / 1.7.25 servers (Node, node_modules), a
# JWKS on loopback, the FastAPI example app, hostile input.
#
# The wheel is a dev-profile build (the crate's dependencies are optimised even in dev, so
# scrypt runs at full speed); `bash bench/python/run.sh` builds the release wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS

PY=python/.venv/bin/python
[ -x "$PY" ] || { echo "test-python: $PY missing; run scripts/setup.sh" >&2; exit 2; }

cd python # maturin reads pyproject.toml from here (its manifest-path is the root Cargo.toml)
rm -rf dist
.venv/bin/python -m maturin build --quiet -i .venv/bin/python --out dist
.venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/authcore_rs-*.whl
# pytest's rootdir is python/, and the tests import the installed wheel: authcore_rs/ here has
# no extension module, so a test can never pass against the source tree by accident.
# `pytest`, not `python -m pytest`: the latter would put python/ (the source package) on sys.path.
exec .venv/bin/pytest -q -p no:cacheprovider tests "$@"
