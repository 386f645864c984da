#!/usr/bin/env bash
# Measures the browser app's responsiveness budgets in headless Chromium (first render, p95
# frame time while playing, the largest preset's interactivity, the jump back, gzipped wasm
# size; the Monte Carlo runs' wall time in web workers against the CLI, frame p95 meanwhile)
# against a fresh release build. Prints Markdown tables (docs/PERFORMANCE.md has the last ones). Not part of scripts/test.sh: timings depend on the machine's load.
#   E2E_PORT   port of the static server (default 8772)
#   BENCH_OUT  also write the table to this file
set -euo pipefail
cd "$(dirname "$0")/.."
# node_modules/.bin first: trunk's wasm-opt is npm binaryen 132 (Trunk.toml), never Debian's.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
scripts/setup.sh --browser
trunk build --release
cargo build --release --locked -p restake-cli
RESTAKE_BIN="$PWD/target/release/restake" node tests/e2e/bench/bench-web.mjs
# The Monte Carlo tab and the position Monte Carlo in web workers against the CLI, frame p95.
RESTAKE_BIN="$PWD/target/release/restake" node tests/e2e/bench/bench-mc.mjs
