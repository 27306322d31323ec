#!/usr/bin/env bash
# Installs the Node.js peers the tests drive (the MCP conformance suite, the MCP reference
# server, and the Node.js 22 they need, all from the npm registry) from tests/node/package-lock.json,
# cached outside the checkout and reinstalled only when that file changes. Prints nothing else on
# success but one status line. Concurrent callers wait for one another.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MOAT_CACHE_DIR:-$HOME/.cache/moat}"
DIR="$CACHE/node"
LOCK=tests/node/package-lock.json
mkdir -p "$CACHE"
exec 9>"$CACHE/node.lock"
flock 9
stamp="$(cat tests/node/package.json "$LOCK" | sha256sum | cut -c1-16)"
if [ -x "$DIR/node_modules/.bin/node" ] && [ "$(cat "$DIR/.moat-stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "node peers: up to date ($DIR)"
  exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
cp tests/node/package.json "$LOCK" "$DIR/"
(cd "$DIR" && npm ci --no-audit --no-fund --silent)
"$DIR/node_modules/.bin/node" --version >/dev/null
echo "$stamp" > "$DIR/.moat-stamp"
echo "node peers: installed into $DIR"
