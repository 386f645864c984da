// The headless CLI, as the end-to-end tests call it to check the app against it.
import { execFileSync, execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');

/** Runs `restake ARGS`: the binary in RESTAKE_BIN if set, else `cargo run --release` (which rebuilds it if the engine changed). */
function restake(args) {
  const bin = process.env.RESTAKE_BIN;
  return bin
    ? execFileSync(bin, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 })
    : execSync(`cargo run -q --release -p restake-cli --bin restake -- ${args.join(' ')}`, {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 30, // `run` prints a record per block
        timeout: 280_000,
      });
}

/**
 * The state hash the CLI prints after `blocks` blocks of `scenario` (a preset name or a JSON
 * file) with `seed`.
 */
export function cliHash(scenario, blocks, seed) {
  const stdout = restake(['run', '--scenario', scenario, '--blocks', String(blocks), '--seed', String(seed)]);
  const last = JSON.parse(stdout.trim().split('\n').pop());
  expect(last.final_block).toBe(blocks);
  return last.state_hash;
}

/** Preset names as the CLI lists them (`restake presets`: one name per unindented line). */
export function cliPresets() {
  return restake(['presets'])
    .split('\n')
    .filter((l) => /^[a-z0-9]/.test(l))
    .map((l) => l.trim());
}

/** A preset as scenario JSON (`restake scenario NAME`), parsed. */
export function cliScenario(name) {
  return JSON.parse(restake(['scenario', name]));
}

/**
 * The summary `restake position` prints as JSON for `scenario` over seeds `from..to` (end
 * excluded) and `blocks` blocks: net loss and channel tails in ETH.
 */
export function cliPositionSummary(scenario, from, to, blocks) {
  const stdout = restake(['position', '--scenario', scenario, '--seeds', `${from}..${to}`, '--blocks', String(blocks), '--format', 'json']);
  return JSON.parse(stdout).summary;
}

/**
 * The CLI's record of block `blocks` of `scenario` with `seed` (`restake run`: one JSON record
 * per block, then the final state hash), with that hash as `state_hash`.
 */
export function cliRecord(scenario, blocks, seed) {
  const lines = restake(['run', '--scenario', scenario, '--blocks', String(blocks), '--seed', String(seed)])
    .trim()
    .split('\n');
  const last = JSON.parse(lines.pop());
  expect(last.final_block).toBe(blocks);
  const record = JSON.parse(lines.pop());
  expect(record.block).toBe(blocks);
  return { ...record, state_hash: last.state_hash };
}

/**
 * The scenario `restake import ARGS -o OUT` writes (ARGS e.g. `['--file', path]`), parsed, and
 * the path it was written to.
 */
export function cliImport(args, out) {
  restake(['import', ...args, '-o', out]);
  return JSON.parse(readFileSync(out, 'utf8'));
}
