#!/usr/bin/env bash
# Build the public evaluation set (see build_public.py) with a Python that has PyYAML: a small
# virtualenv under ~/.cache/moat/public-venv, made on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${MOAT_PUBLIC_VENV:-$HOME/.cache/moat/public-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet pyyaml==6.0.2 >&2
fi
exec "$venv/bin/python" "$here/build_public.py"
