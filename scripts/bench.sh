#!/usr/bin/env bash
# Benchmarks (BENCHMARKS.md): whole preset runs natively (`restake bench`), criterion
# micro-benchmarks of the engine's hot functions, and the same preset run in WebAssembly under
# node with the WASM/native ratio. Usage: scripts/bench.sh [--quick]
#   --quick   fewer blocks and criterion's short mode, for a smoke test (about 2 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

BLOCKS=7200
CRITERION=()
if [[ "${1:-}" == "--quick" ]]; then
  BLOCKS=1000
  CRITERION=(--warm-up-time 1 --measurement-time 2)
fi

echo "## Native whole runs ($BLOCKS blocks, seed 42)"
cargo build --release --locked -q -p restake-cli
./target/release/restake bench --blocks "$BLOCKS"

echo
echo "## Issue 18 rows: mainnet-scale one day, whole process natively"
# Wall seconds and peak RSS of the whole process (world build, blocks, records, state hash).
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "%e %M" -o target/bench-run.time \
    ./target/release/restake run --scenario mainnet-scale --blocks 7200 --format json >/dev/null
  read -r wall kib <target/bench-run.time
  python3 - "$wall" "$kib" <<'PY2'
import sys
wall, kib = float(sys.argv[1]), int(sys.argv[2])
print(f"whole process (restake run mainnet-scale --blocks 7200 --format json > /dev/null): "
      f"{wall:.2f} s wall (target < 1 s), {kib / 1024:.1f} MiB peak (target < 150 MiB)")
PY2
else
  echo "/usr/bin/time not found: whole-process row skipped"
fi

echo
echo "## mainnet-scale: one simulated day at 1x, 2x, 4x and 8x the holders and loopers"
./target/release/restake bench --scenarios mainnet-scale --scales 1,2,4,8 --blocks 7200 --repeat 1

echo
echo "## Criterion (crates/engine/benches/hot.rs)"
cargo bench --locked -q -p restake-engine --bench hot -- "${CRITERION[@]}" 2>&1 |
  grep -E '^[a-z].*|time:' || true

echo
echo "## WebAssembly (node $(node --version 2>/dev/null || echo missing)) vs native"
if ! command -v node >/dev/null; then
  echo "node not found: skipped"; exit 0
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
cargo build --release --locked -q -p restake-wasm-bench --target wasm32-unknown-unknown
WASM=target/wasm32-unknown-unknown/release/restake_wasm_bench.wasm
NAMES=$(./target/release/restake presets | grep -v '^ ' | grep .)
for name in region-outage oracle-cascade steth-2022 mainnet-scale; do
  # crates/wasm-bench takes a preset's index in `restake presets`' order.
  preset=$(($(grep -nx "$name" <<<"$NAMES" | cut -d: -f1) - 1))
  native=$(./target/release/restake bench-one --label n --scenario "$name" --blocks "$BLOCKS")
  wasm=$(node scripts/wasm-bench.mjs "$WASM" "$BLOCKS" "$preset")
  python3 - "$name" "$native" "$wasm" <<'PY'
import json, sys
name, n, w = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
same = n["state_hash"].startswith(w["hash_prefix"])
print(f"{name}: native {n['blocks_per_s']:.0f} blocks/s, wasm {w['blocks_per_s']:.0f} blocks/s, "
      f"wasm/native time ratio {n['blocks_per_s'] / w['blocks_per_s']:.2f}, same state hash: {same}")
if name == "mainnet-scale":
    print(f"state hash of mainnet-scale in WebAssembly (median of 5 at block {w['blocks']}): "
          f"{w['hash_ms']:.1f} ms (target < 50 ms)")
    print(f"  after 1 more block {w['hash_after_1_ms']:.1f} ms, after 150 more {w['hash_after_150_ms']:.1f} ms; "
          f"first after building {w['first_hash_ms']:.1f} ms, first after the run {w['hash_after_run_ms']:.1f} ms")
PY
done
