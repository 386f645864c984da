#!/usr/bin/env bash
# Installs everything restake-sim needs on a fresh machine; skips what is already installed.
#   scripts/setup.sh            Rust wasm target, trunk, wasm-bindgen-cli (to build and serve)
#   scripts/setup.sh --browser  also Debian chromium + chromedriver and the npm test tools
# Versions: see ../shared/TOOLCHAIN.md (trunk 0.21.14 works with Rust 1.95; wasm-bindgen-cli must
# equal the wasm-bindgen in Cargo.lock; never Debian's binaryen - the app builds without wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

browser=0
[[ "${1:-}" == "--browser" ]] && browser=1

step() { printf '\n==> %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  step "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  # Without --locked: its lock file pins a crate version the registry here does not have.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [[ $browser == 1 ]]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    step "installing Debian chromium and chromium-driver"
    SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if [[ ! -x node_modules/.bin/playwright ]]; then
    step "installing the end-to-end test tools (npm ci)"
    npm ci --no-audit --no-fund
  fi
fi
# trunk build --release runs wasm-opt (index.html data-wasm-opt="z"): npm binaryen 132, pinned in
# package.json and Trunk.toml (Debian's binaryen 108 writes modules that crash at load).
if [[ ! -x node_modules/.bin/wasm-opt ]]; then
  step "installing wasm-opt (npm binaryen 132, npm ci)"
  npm ci --no-audit --no-fund
fi
