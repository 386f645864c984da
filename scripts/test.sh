#!/usr/bin/env bash
# Runs every test: engine and CLI (unit, integration, golden), the app's build, and the
# end-to-end tests in headless Chromium against the trunk-built dist/. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# node_modules/.bin first: trunk's wasm-opt is npm binaryen 132 (Trunk.toml), never Debian's.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
scripts/setup.sh --browser

step() { printf '\n==> %s\n' "$*"; }

step "cargo test (engine, CLI, app logic)"
cargo test --workspace --locked

step "engine compiles for wasm32"
cargo check -p restake-engine --target wasm32-unknown-unknown --locked

step "release CLI (the e2e test compares its state hash with the app's)"
cargo build --release --locked -p restake-cli

step "native equals WebAssembly: every preset's state hash (node runs crates/wasm-bench)"
cargo build --release --locked -q -p restake-wasm-bench --target wasm32-unknown-unknown
node tests/determinism/native-vs-wasm.mjs target/release/restake \
  target/wasm32-unknown-unknown/release/restake_wasm_bench.wasm 4000

step "trunk build --release"
trunk build --release

step "end-to-end tests in headless Chromium"
RESTAKE_BIN="$PWD/target/release/restake" npx --no-install playwright test -c tests/e2e/playwright.config.mjs
