// Times whole preset runs in WebAssembly under node and prints one JSON line per case with
// blocks/s (the blocks alone: the world is built first, as `restake bench-one` does) and the
// first 8 bytes of the state hash (compare with `restake bench-one`), and the median time of
// five state hashes of the final state (`hash_ms`). The state hash keeps digests of unchanged
// parts, so a repeated hash is cheap; the other hash times, ms: `first_hash_ms` the first hash
// after building (block 0, nothing digested yet), `hash_after_run_ms` the first after the timed
// blocks, `hash_after_1_ms` and `hash_after_150_ms` the median of five (three) hashes each taken
// after 1 (150) more blocks, the way the app hashes a run while it plays.
// Usage: node scripts/wasm-bench.mjs [path.wasm] [blocks] [preset indices, comma-separated]
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'target/wasm32-unknown-unknown/release/restake_wasm_bench.wasm';
const blocks = Number(process.argv[3] ?? 7200);
const presets = (process.argv[4] ?? '0').split(',').map(Number);
const { instance } = await WebAssembly.instantiate(readFileSync(path), {});
const { run_preset, prepare, advance, hash } = instance.exports;
run_preset(0, 42n, 50); // warm-up: compile tiers
/** Milliseconds `f` takes. */
function ms(f) {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
/** The median of `n` times of `f`, each after `before`. */
function median(n, before, f) {
  const times = Array.from({ length: n }, () => {
    before();
    return ms(f);
  });
  times.sort((a, b) => a - b);
  return times[(n - 1) >> 1];
}
for (const p of presets) {
  prepare(p, 42n);
  const first_hash_ms = ms(hash);
  prepare(p, 42n); // again, so the blocks run as without the hash
  const seconds = ms(() => advance(blocks)) / 1e3;
  let h;
  const hash_after_run_ms = ms(() => {
    h = hash();
  });
  const hex = BigInt.asUintN(64, h).toString(16).padStart(16, '0');
  const hash_ms = median(5, () => {}, hash);
  const rss = Math.round(process.memoryUsage().rss / 1024);
  const hash_after_1_ms = median(5, () => advance(1), hash);
  const hash_after_150_ms = median(3, () => advance(150), hash);
  console.log(
    JSON.stringify({
      preset: p, blocks, seconds, blocks_per_s: blocks / seconds, hash_prefix: hex, hash_ms, rss_kib: rss,
      first_hash_ms, hash_after_run_ms, hash_after_1_ms, hash_after_150_ms,
    }),
  );
}
