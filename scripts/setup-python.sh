#!/usr/bin/env bash
# Builds the virtualenv of real Python clients the tests drive (official SDKs, validators),
# from tests/python/requirements.txt, cached outside the checkout and rebuilt only when that
# file changes. Concurrent callers wait for one another.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MOAT_CACHE_DIR:-$HOME/.cache/moat}"
VENV="$CACHE/venv"
REQ=tests/python/requirements.txt
mkdir -p "$CACHE"
exec 9>"$CACHE/venv.lock"
flock 9
stamp="$(sha256sum "$REQ" | cut -c1-16)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.moat-stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "python clients: up to date ($VENV)"
  exit 0
fi
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ"
echo "$stamp" > "$VENV/.moat-stamp"
echo "python clients: installed into $VENV"
