#!/usr/bin/env bash
# What the app's wasm bytes are (docs/PERFORMANCE.md, "What the wasm bytes are"): rebuilds a
# module trunk ships with its function names kept (wasm-bindgen, then npm binaryen's wasm-opt
# -Oz with -g), runs twiggy and groups its rows by crate, then the same groups' bytes after gzip -9
# (scripts/wasm-gzip-groups.py). Needs a prior `trunk build --release`
# (for the linked modules in the cargo target folder) and `cargo install twiggy` (0.8.0).
#   scripts/wasm-size.sh          the page's module (crates/app, profile wasm-release)
#   scripts/wasm-size.sh worker   the Monte Carlo worker's (crates/worker, profile wasm-worker)
#   OUT               working folder (default /tmp/restake-wasm-size)
#   CARGO_TARGET_DIR  cargo's target folder (default target)
set -euo pipefail
cd "$(dirname "$0")/.."
# npm binaryen 132 first on PATH, never Debian's wasm-opt (../shared/TOOLCHAIN.md).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
OUT=${OUT:-/tmp/restake-wasm-size}
TARGET=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown
case "${1:-page}" in
  page) LINKED=$TARGET/wasm-release/restake-app.wasm SHIPPED=(dist/restake-app-*_bg.wasm) ;;
  worker) LINKED=$TARGET/wasm-worker/restake-worker.wasm SHIPPED=(dist/restake-worker-*_bg.wasm) ;;
  *) echo "usage: $0 [page|worker]" >&2; exit 2 ;;
esac
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name named "$LINKED"
wasm-opt -Oz -g "$OUT/named_bg.wasm" -o "$OUT/named_opt.wasm"
wasm-opt -Oz "$OUT/named_bg.wasm" -o "$OUT/shipped.wasm"
echo "shipped (no names): $(wc -c <"$OUT/shipped.wasm") B raw, $(gzip -9 -c "$OUT/shipped.wasm" | wc -c) B gzip -9"
for f in "${SHIPPED[@]}"; do
  echo "$f: $(wc -c <"$f") B raw, $(gzip -9 -c "$f" | wc -c) B gzip -9"
done
twiggy top -f csv "$OUT/named_opt.wasm" >"$OUT/top.csv"
python3 scripts/wasm-size-groups.py "$OUT/top.csv"
echo
# The same groups after gzip -9: each alone, and what leaving it out of the code section saves.
python3 scripts/wasm-gzip-groups.py "$OUT/named_opt.wasm"
