#!/usr/bin/env bash
# Builds the app in release mode and serves it at http://127.0.0.1:8080/ (installs what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
export TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}" "$@"
