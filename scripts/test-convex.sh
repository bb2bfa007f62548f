#!/usr/bin/env bash
# convex-test suite for the sync triggers helper (tests/convex), against the INSTALLED authcore
# package (scripts/build-pkg.sh && scripts/install-pkg.sh first) and the real
# @convex-dev/better-auth client from the workspace's devDependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/authcore ] || { echo "test-convex: authcore is not installed; run scripts/build-pkg.sh and scripts/install-pkg.sh" >&2; exit 2; }
[ -d node_modules/convex-test ] || npm ci --no-audit --no-fund
exec node_modules/.bin/vitest run --root tests/convex "$@"
