#!/usr/bin/env bash
# Builds the app in release mode and serves it at http://127.0.0.1:8080/ (installs what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
# node_modules/.bin first: trunk's wasm-opt is npm binaryen 132 (Trunk.toml), never Debian's.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/setup.sh
export TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}" "$@"
