#!/usr/bin/env bash
# What the app's wasm bytes are (docs/PERFORMANCE.md, "What the wasm bytes are"): rebuilds the
# module trunk ships with its function names kept (wasm-bindgen, then npm binaryen's wasm-opt
# -Oz with -g), runs twiggy and groups its rows by crate. Needs a prior `trunk build --release`
# (for target/wasm32-unknown-unknown/wasm-release/restake-app.wasm) and
# `cargo install twiggy` (0.8.0).
#   OUT   working folder (default /tmp/restake-wasm-size)
set -euo pipefail
cd "$(dirname "$0")/.."
# npm binaryen 132 first on PATH, never Debian's wasm-opt (../shared/TOOLCHAIN.md).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
OUT=${OUT:-/tmp/restake-wasm-size}
LINKED=target/wasm32-unknown-unknown/wasm-release/restake-app.wasm
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name named "$LINKED"
wasm-opt -Oz -g "$OUT/named_bg.wasm" -o "$OUT/named_opt.wasm"
wasm-opt -Oz "$OUT/named_bg.wasm" -o "$OUT/shipped.wasm"
echo "shipped (no names): $(wc -c <"$OUT/shipped.wasm") B raw, $(gzip -9 -c "$OUT/shipped.wasm" | wc -c) B gzip -9"
for f in dist/*_bg.wasm; do
  echo "$f: $(wc -c <"$f") B raw, $(gzip -9 -c "$f" | wc -c) B gzip -9"
done
twiggy top -f csv "$OUT/named_opt.wasm" >"$OUT/top.csv"
python3 scripts/wasm-size-groups.py "$OUT/top.csv"
