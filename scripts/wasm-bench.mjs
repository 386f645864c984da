// Times whole preset runs in WebAssembly under node and prints one JSON line per case with
// blocks/s (the blocks alone: the world is built first, as `restake bench-one` does) and the
// first 8 bytes of the state hash (compare with `restake bench-one`), and the median time of
// five state hashes of the final state (`hash_ms`).
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
  const times = [];
  for (let i = 0; i < 5; i += 1) {
    const h0 = process.hrtime.bigint();
    hash();
    times.push(Number(process.hrtime.bigint() - h0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const hash_ms = times[2];
  const rss = Math.round(process.memoryUsage().rss / 1024);
  console.log(JSON.stringify({ preset: p, blocks, seconds, blocks_per_s: blocks / seconds, hash_prefix: hex, hash_ms, rss_kib: rss }));
}
