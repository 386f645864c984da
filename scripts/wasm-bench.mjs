// Times whole preset runs in WebAssembly under node and prints one JSON line per case with
// blocks/s (the blocks alone: the world is built first, as `restake bench-one` does) and the
// first 8 bytes of the state hash (compare with `restake bench-one`).
// Usage: node scripts/wasm-bench.mjs [path.wasm] [blocks] [preset indices, comma-separated]
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'target/wasm32-unknown-unknown/release/restake_wasm_bench.wasm';
const blocks = Number(process.argv[3] ?? 7200);
const presets = (process.argv[4] ?? '0').split(',').map(Number);
const { instance } = await WebAssembly.instantiate(readFileSync(path), {});
const { run_preset, prepare, advance, hash } = instance.exports;
run_preset(0, 42n, 50); // warm-up: compile tiers
for (const p of presets) {
  prepare(p, 42n);
  const t0 = process.hrtime.bigint();
  advance(blocks);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const hex = BigInt.asUintN(64, hash()).toString(16).padStart(16, '0');
  const rss = Math.round(process.memoryUsage().rss / 1024);
  console.log(JSON.stringify({ preset: p, blocks, seconds, blocks_per_s: blocks / seconds, hash_prefix: hex, rss_kib: rss }));
}
