#!/usr/bin/env bash
# Moat vs picklescan, modelscan and fickling on Moat's model corpus, in one run.
# Needs a Python with the peers installed: PEERS_PYTHON (default: a venv made under
# ${MOAT_CACHE_DIR:-$HOME/.cache/moat}/bench-model-venv from bench/model/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${MOAT_CACHE_DIR:-$HOME/.cache/moat}"
PY="${PEERS_PYTHON:-}"
if [ -z "$PY" ]; then
  VENV="$CACHE/bench-model-venv"
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/model/requirements.txt
  fi
  PY="$VENV/bin/python"
fi
cargo build --release -p moat --no-default-features --features model
TARGET="${CARGO_TARGET_DIR:-target}"
CORPUS=crates/moat-model/corpus
echo "load average before: $(cat /proc/loadavg)"
"$PY" bench/model/peers.py "$CORPUS" > "$TARGET/model-peers.json"
python3 bench/model/compare.py "$TARGET/release/moat" "$CORPUS" "$TARGET/model-peers.json"
echo "load average after: $(cat /proc/loadavg)"
