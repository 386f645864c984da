// Native equals WebAssembly, for every preset and for the imported networks (the bundled
// snapshot scenarios/eigenlayer-2025.json and the imports in crates/engine/tests/corpus/):
// runs each natively (`restake run`) and in WebAssembly under node (`crates/wasm-bench`), with
// the default oracle fault injected after FAULT_AT blocks (where there is an oracle AVS), and
// compares the state hashes. Exits 1 naming each one whose hashes differ.
// Usage: node tests/determinism/native-vs-wasm.mjs <restake binary> <restake_wasm_bench.wasm> [blocks]
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [bin, wasmPath, blocksArg] = process.argv.slice(2);
if (!bin || !wasmPath) {
  console.error('usage: native-vs-wasm.mjs <restake binary> <wasm file> [blocks]');
  process.exit(2);
}
const blocks = Number(blocksArg ?? 4000);
const FAULT_AT = 10;
const SEED = 42;

const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const { run_preset, run_preset_faulted, preset_count, alloc, prepare_scenario, run_prepared_faulted, memory } =
  instance.exports;
const names = execFileSync(bin, ['presets'], { encoding: 'utf8' })
  .split('\n')
  .filter((l) => l && !l.startsWith(' '));
if (names.length !== preset_count()) {
  console.error(`the CLI lists ${names.length} presets, the wasm module ${preset_count()}`);
  process.exit(1);
}

/** The final state hash of a native run, or null when the preset has no oracle fault. */
function native(name, withFault) {
  const args = ['run', '--scenario', name, '--blocks', String(blocks), '--seed', String(SEED)];
  if (withFault) args.push('--fault-at', String(FAULT_AT));
  try {
    const out = execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trimEnd().split('\n').pop()).state_hash;
  } catch (e) {
    if (withFault && String(e.stderr).includes('no oracle AVS')) return null;
    throw e;
  }
}

const hex = (h) => BigInt.asUintN(64, h).toString(16).padStart(16, '0');
let failed = 0;
for (const [i, name] of names.entries()) {
  let n = native(name, true);
  let w;
  let how = `oracle fault at block ${FAULT_AT}`;
  if (n === null) {
    n = native(name, false);
    w = hex(run_preset(i, BigInt(SEED), blocks));
    how = 'no oracle AVS: no fault';
  } else {
    w = hex(run_preset_faulted(i, BigInt(SEED), blocks, FAULT_AT));
  }
  const same = n.startsWith(w);
  if (!same) failed += 1;
  console.log(`${same ? 'same' : 'DIFFERENT'}  ${name.padEnd(30)} native ${n.slice(0, 16)} wasm ${w}  (${blocks} blocks, ${how})`);
}
// Imported networks, as scenario files: written into the module's memory and built there.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.join(root, 'crates/engine/tests/corpus');
const files = [
  path.join(root, 'scenarios/eigenlayer-2025.json'),
  ...readdirSync(corpus).filter((f) => f.startsWith('import')).map((f) => path.join(corpus, f)),
];
for (const file of files) {
  const bytes = readFileSync(file);
  const ptr = alloc(bytes.length);
  new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
  const name = path.relative(root, file);
  if (!prepare_scenario(ptr, bytes.length, BigInt(SEED))) {
    console.log(`DIFFERENT  ${name}: the wasm module refused it`);
    failed += 1;
    continue;
  }
  const faulted = native(file, true);
  const how = faulted === null ? 'no oracle AVS: no fault' : `oracle fault at block ${FAULT_AT}`;
  const n = faulted ?? native(file, false);
  const w = hex(run_prepared_faulted(blocks, faulted === null ? blocks : FAULT_AT));
  const same = n.startsWith(w);
  if (!same) failed += 1;
  console.log(`${same ? 'same' : 'DIFFERENT'}  ${name.padEnd(30)} native ${n.slice(0, 16)} wasm ${w}  (${blocks} blocks, ${how})`);
}
if (failed) {
  console.error(`${failed} preset(s) or imported network(s) differ between native and WebAssembly`);
  process.exit(1);
}
console.log(`native equals WebAssembly for all ${names.length} presets and ${files.length} imported networks`);
