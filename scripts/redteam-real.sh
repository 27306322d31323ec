#!/usr/bin/env bash
# Runs one red-team campaign against the real small LLM twice: directly, and through
# `moat serve` (examples/gateway-redteam.yaml: injection blocked, PII and secrets masked), then
# prints both attack success rates, overall and by OWASP id.
#
#   scripts/redteam-real.sh [OUT_DIR]
#
# MOAT_BIN        the moat binary (default: target/release/moat, else target/debug/moat)
# MOAT_PROBES     probe selection (default: all, 168 attacks)
# MOAT_CONVERTERS converter chains (default: none)
# MOAT_MAX_TOKENS output tokens per answer (default: 64)
# MOAT_STORE      store for the resumable runs (default: sqlite://OUT_DIR/runs.db)
# Reruns resume: attacks already judged (stored under run ids `direct` and `gateway`) are not
# sent again. The model: scripts/real-llm.sh (built once, cached).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/target/redteam-real}"
mkdir -p "$OUT"
BIN="${MOAT_BIN:-}"
if [ -z "$BIN" ]; then
  for b in "${CARGO_TARGET_DIR:-$ROOT/target}/release/moat" "${CARGO_TARGET_DIR:-$ROOT/target}/debug/moat"; do
    if [ -x "$b" ]; then BIN="$b"; break; fi
  done
fi
[ -x "$BIN" ] || { echo "no moat binary; build it or set MOAT_BIN" >&2; exit 2; }
PROBES="${MOAT_PROBES:-all}"
CONVERTERS="${MOAT_CONVERTERS:-none}"
TOKENS="${MOAT_MAX_TOKENS:-64}"
STORE="${MOAT_STORE:-sqlite://$OUT/runs.db}"
GW_PORT="${MOAT_GATEWAY_PORT:-8766}"

LLM_URL="$("$ROOT/scripts/real-llm.sh" start | tail -n 1)"

campaign() { # NAME URL [extra args]
  local name="$1" url="$2"; shift 2
  "$BIN" redteam --target "$url" --model smollm2 --probes "$PROBES" --converters "$CONVERTERS" \
    --concurrency 1 --max-tokens "$TOKENS" --timeout 120 --retries 2 --no-native-tools \
    --run-id "$name" --store "$STORE" --quiet \
    --json "$OUT/$name.json" --html "$OUT/$name.html" "$@" > "$OUT/$name.txt" || true
}

echo "load before: $(cat /proc/loadavg)"
campaign direct "$LLM_URL"

export MOAT_REDTEAM_KEY="mrt_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export MOAT_LISTEN="127.0.0.1:$GW_PORT" MOAT_LLM_URL="$LLM_URL" MOAT_AUDIT_JSONL="$OUT/gateway-audit.jsonl"
"$BIN" serve --config "$ROOT/examples/gateway-redteam.yaml" > "$OUT/gateway.log" 2>&1 &
GW_PID=$!
trap 'kill $GW_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$GW_PORT/healthz" > /dev/null 2>&1 && break
  sleep 0.2
done
OPENAI_API_KEY="$MOAT_REDTEAM_KEY" campaign gateway "http://127.0.0.1:$GW_PORT/v1"
echo "load after: $(cat /proc/loadavg)"

jq -r -n --slurpfile d "$OUT/direct.json" --slurpfile g "$OUT/gateway.json" '
  def pct: if . == null then "-" else (. * 1000 | round / 10 | tostring) + "%" end;
  def row(name; a; b): "| \(name) | \(a.successes)/\(a.attacks - a.errors) (\(a.asr | pct)) | \(b.successes)/\(b.attacks - b.errors) (\(b.asr | pct)) |";
  "| | direct | through moat serve |", "|---|---|---|",
  row("all"; $d[0].summary; $g[0].summary),
  ($d[0].breakdown.by_owasp | keys[]) as $k | row($k; $d[0].breakdown.by_owasp[$k]; ($g[0].breakdown.by_owasp[$k] // {successes: 0, attacks: 0, errors: 0, asr: null}))'
jq -r '"gateway: unjudged \(.summary.errors); judged by a guardrail block: \([.results[] | select(.judge == "blocked")] | length)"' "$OUT/gateway.json"
jq -r '"direct: unjudged \(.summary.errors)"' "$OUT/direct.json"
