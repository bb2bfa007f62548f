#!/usr/bin/env bash
# Pack pkg/ with `npm pack` and install the tarball into the workspace's node_modules the way a
# user installs it (a real copy, not a symlink), so tests and benches import "authcore" from it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/package.json ] || { echo "install-pkg: pkg/ is not built; run scripts/build-pkg.sh" >&2; exit 2; }
mkdir -p target/npm
rm -f target/npm/authcore-*.tgz
tgz=$(npm pack ./pkg --pack-destination target/npm --silent | tail -n 1)
npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "target/npm/$tgz"
echo "installed target/npm/$tgz" >&2
