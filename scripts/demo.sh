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
# ---- doctor ----
# The Convex export doctor on the bundled sample (examples/sample-export.md says what is wrong
# in it); exit code 1 is expected: it has error-severity findings.
echo
echo '$ authcore doctor examples/sample-export.zip --admin-email user0@example.com --admin-email user1@example.com'
cargo run --quiet --bin authcore -- doctor examples/sample-export.zip \
  --admin-email user0@example.com --admin-email user1@example.com || test $? -eq 1
# ---- end doctor ----
