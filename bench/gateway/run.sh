#!/usr/bin/env bash
# Gateway benchmark, one run, side by side: the upstream double called directly (the floor),
# Moat with guards off and on (4 KB prompt, DLP + injection), and LiteLLM's proxy in front of
# the same upstream. Open-loop load at fixed rates (default 1,000 and 5,000 req/s), streaming
# and not, then closed-loop maximum throughput; every point repeated BENCH_RUNS times with the
# targets interleaved, the load average recorded before each point. Prints a Markdown report.
#
#   bench/gateway/run.sh                     # needs python3 and network access to PyPI once
#   BENCH_RUNS=5 BENCH_DURATION=10 BENCH_RATES="1000 5000" bench/gateway/run.sh
#
# LiteLLM (PyPI `litellm[proxy]`, bench/gateway/requirements.txt) is installed into a venv
# cached outside the checkout: ${MOAT_CACHE_DIR:-$HOME/.cache/moat}/bench-litellm-venv.
# BENCH_SKIP_LITELLM=1 leaves it out. Results (JSON lines) and logs go to
# ${CARGO_TARGET_DIR:-target}/gateway-bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
CACHE="${MOAT_CACHE_DIR:-$HOME/.cache/moat}"
TARGET="${CARGO_TARGET_DIR:-target}"
RUNS="${BENCH_RUNS:-3}"
DURATION="${BENCH_DURATION:-8}"
WARMUP="${BENCH_WARMUP:-2}"
RATES="${BENCH_RATES:-1000 5000}"
CONNS="${BENCH_CONNECTIONS:-32}"
MAX_CONNS="${BENCH_MAX_CONNECTIONS:-64}"
LITELLM_WORKERS="${BENCH_LITELLM_WORKERS:-2}"
BASE_PORT="${BENCH_BASE_PORT:-19100}"
OUT="$TARGET/gateway-bench"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"

UP_PORT=$BASE_PORT
OFF_PORT=$((BASE_PORT + 1))
ON_PORT=$((BASE_PORT + 2))
LITE_PORT=$((BASE_PORT + 3))
BUF_PORT=$((BASE_PORT + 4))
ON_BUF_PORT=$((BASE_PORT + 5))
KEY="moat-bench-key-0123456789abcdef"

echo "building (release): moat (gateway), moat-bench" >&2
cargo build --release --locked -p moat --no-default-features --features gateway >&2
cargo build --release --locked -p moat-bench >&2
BIN="$(cd "$TARGET/release" && pwd)"

LITELLM=""
if [ "${BENCH_SKIP_LITELLM:-0}" != 1 ]; then
  VENV="$CACHE/bench-litellm-venv"
  REQ=bench/gateway/requirements.txt
  stamp="$(sha256sum "$REQ" | cut -c1-16)"
  if [ ! -x "$VENV/bin/litellm" ] || [ "$(cat "$VENV/.moat-stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "installing litellm[proxy] into $VENV" >&2
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ" >&2
    echo "$stamp" > "$VENV/.moat-stamp"
  fi
  LITELLM="$VENV/bin/litellm"
fi

PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_http() { # url [seconds]
  local i
  for i in $(seq 1 "$((${2:-30} * 10))"); do
    if python3 - "$1" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=1).read()
PY
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

# ---- requests ----
python3 - "$OUT" bench/gateway/prompt-4k.txt <<'PY'
import json, sys
out, prompt = sys.argv[1], open(sys.argv[2]).read()
for stream in (False, True):
    body = {"model": "gpt-4o-mini", "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": prompt}], "stream": stream}
    open(f"{out}/req-{'stream' if stream else 'whole'}.json", "w").write(json.dumps(body))
PY

# ---- the upstream double ----
"$BIN/moat-bench-upstream" --listen "127.0.0.1:$UP_PORT" 2> "$OUT/upstream.log" &
PIDS+=($!)
wait_http "http://127.0.0.1:$UP_PORT/v1/models"

# ---- Moat, guards off and on ----
moat_config() { # port policy datadir audit-mode
  cat <<YAML
listen: 127.0.0.1:$1
upstreams:
  up:
    provider: openai
    base_url: http://127.0.0.1:$UP_PORT/v1
    api_key: upstream-secret
routes:
  - models: ["*"]
    upstream: up
    guard: $2
guard:
  policies:
    protect:
      fail_mode: closed
      prompts:      { injection: block, dlp: mask }
      system:       { check: false }
      tool_results: { injection: block, dlp: mask }
      tool_calls:   { injection: alert, dlp: mask }
      responses:    { injection: alert, dlp: mask }
      stream_overlap: 256
auth:
  api_keys:
    - name: bench
      key: $KEY
      scopes: ["models:*"]
audit:
  store:
    mode: $4
    data_dir: $3
YAML
}
start_moat() { # name port policy audit-mode
  rm -rf "$OUT/$1-data"
  moat_config "$2" "$3" "$OUT/$1-data" "$4" > "$OUT/$1.yaml"
  RUST_LOG=warn "$BIN/moat" serve --config "$OUT/$1.yaml" 2> "$OUT/$1.log" &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$2/healthz"
}
# Default durability (acknowledged: an answer leaves only once its audit event is synced), and
# both guard settings with buffered audit, which shows the proxy's and the guards' own cost
# apart from the fsync.
start_moat moat-off "$OFF_PORT" off acknowledged
start_moat moat-on "$ON_PORT" protect acknowledged
start_moat moat-off-buffered "$BUF_PORT" off buffered
start_moat moat-on-buffered "$ON_BUF_PORT" protect buffered

# ---- LiteLLM's proxy ----
if [ -n "$LITELLM" ]; then
  cat > "$OUT/litellm.yaml" <<YAML
model_list:
  - model_name: gpt-4o-mini
    litellm_params:
      model: openai/gpt-4o-mini
      api_base: http://127.0.0.1:$UP_PORT/v1
      api_key: upstream-secret
general_settings:
  master_key: sk-$KEY
litellm_settings:
  telemetry: false
YAML
  # exec: the PID kept for cleanup is LiteLLM's own (it stops its workers on SIGTERM).
  (cd "$OUT" && exec env LITELLM_LOG=ERROR "$LITELLM" --config "$OUT/litellm.yaml" \
      --host 127.0.0.1 --port "$LITE_PORT" --num_workers "$LITELLM_WORKERS" \
      > "$OUT/litellm.log" 2>&1) &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$LITE_PORT/health/liveliness" 120
fi

# ---- measure ----
point() { # target url auth-key stream rate conns run
  local body="$OUT/req-whole.json"
  [ "$4" = stream ] && body="$OUT/req-stream.json"
  local args=(--url "$2" --body "$body" --rate "$5" --connections "$6" --duration "$DURATION"
              --warmup "$WARMUP" --label "$1")
  [ -n "$3" ] && args+=(--header "authorization: Bearer $3")
  local load
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  local line
  if line="$("$BIN/moat-bench-load" "${args[@]}")"; then
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(target=sys.argv[2], stream=sys.argv[3]=="stream", run=int(sys.argv[4]), load=sys.argv[5]); print(json.dumps(d))' \
      "$line" "$1" "$4" "$7" "$load" >> "$RESULTS"
  else
    echo "load generator failed for $1 $4 $5" >&2
  fi
}

TARGETS=("direct|http://127.0.0.1:$UP_PORT/v1/chat/completions|"
         "moat-off|http://127.0.0.1:$OFF_PORT/v1/chat/completions|$KEY"
         "moat-on|http://127.0.0.1:$ON_PORT/v1/chat/completions|$KEY"
         "moat-off-buffered|http://127.0.0.1:$BUF_PORT/v1/chat/completions|$KEY"
         "moat-on-buffered|http://127.0.0.1:$ON_BUF_PORT/v1/chat/completions|$KEY")
[ -n "$LITELLM" ] && TARGETS+=("litellm|http://127.0.0.1:$LITE_PORT/v1/chat/completions|sk-$KEY")

for run in $(seq 1 "$RUNS"); do
  for mode in whole stream; do
    for rate in $RATES; do
      for t in "${TARGETS[@]}"; do
        IFS='|' read -r name url key <<< "$t"
        echo "run $run: $name $mode $rate req/s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
        point "$name" "$url" "$key" "$mode" "$rate" "$CONNS" "$run"
      done
    done
    for t in "${TARGETS[@]}"; do
      IFS='|' read -r name url key <<< "$t"
      echo "run $run: $name $mode max (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      point "$name" "$url" "$key" "$mode" 0 "$MAX_CONNS" "$run"
    done
  done
done

python3 bench/gateway/report.py "$RESULTS"
