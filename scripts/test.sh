#!/usr/bin/env bash
# Moat's whole test suite: formatting, lints, every crate's tests (unit, integration, doc),
# including the tests that drive Moat with the official Python SDKs and talk to a real
# PostgreSQL and Redis. This is exactly what CI runs (.ci/run).
#
# Environment (all optional):
#   MOAT_CACHE_DIR          where builds and the Python virtualenv are cached (~/.cache/moat)
#   MOAT_TEST_POSTGRES_URL  PostgreSQL for store tests (postgres://postgres@127.0.0.1:5432/test)
#   MOAT_TEST_REDIS_URL     Redis for rate-limit tests (redis://127.0.0.1:6379)
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${MOAT_CACHE_DIR:-$HOME/.cache/moat}"
mkdir -p "$CACHE"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
export MOAT_TEST_POSTGRES_URL="${MOAT_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
export MOAT_TEST_REDIS_URL="${MOAT_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
# Tests that need PostgreSQL or Redis fail instead of skipping when this is set.
export MOAT_REQUIRE_SERVICES="${MOAT_REQUIRE_SERVICES:-1}"
# Labelled public data sits beside the checkout.
if [ -z "${MOAT_SHARED_DATA:-}" ] && [ -d ../shared/data ]; then
  MOAT_SHARED_DATA="$(cd ../shared/data && pwd)"
  export MOAT_SHARED_DATA
fi

step() { printf '\n==> %s\n' "$*"; }

step "python test clients"
scripts/setup-python.sh
export MOAT_TEST_PYTHON="$CACHE/venv/bin/python"

step "node peers (MCP conformance suite and reference server)"
scripts/setup-node.sh
export MOAT_TEST_NODE_DIR="$CACHE/node"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo nextest"
cargo nextest run --workspace --locked --no-fail-fast

step "injection second stage (feature transformer)"
cargo clippy -p moat-guard --features transformer --all-targets --locked -- -D warnings
cargo nextest run -p moat-guard --features transformer --locked --no-fail-fast --lib --test second_stage

step "doc tests"
cargo test --workspace --locked --doc
