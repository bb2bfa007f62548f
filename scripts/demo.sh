#!/usr/bin/env bash
# Set up, build the npm package, install it from its tarball, and run the demo on the bundled
# sample data (examples/).
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUSTFLAGS
bash scripts/setup.sh
bash scripts/build-pkg.sh
bash scripts/install-pkg.sh
node examples/demo.mjs
