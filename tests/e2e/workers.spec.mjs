// End-to-end tests of the Monte Carlo runs in web workers (issue 18): the Monte Carlo tab and
// the position's Monte Carlo run in a pool of min(navigator.hardwareConcurrency, runs) workers,
// the page keeps drawing frames while they run (no main-thread stall of a second or more),
// cancel stops them at once, and their numbers equal the CLI's digit for digit (`restake
// sweep`'s CSV rows with each run's state hash, `restake position`'s summary). The frame-rate
// budget itself (p95 of the frame gaps under 20 ms) is a speed target, so it lives in the
// benchmark (`scripts/bench-web.sh`, tests/e2e/bench/bench-mc.mjs), not in this pass/fail run.
import { execFileSync, execSync } from 'node:child_process';
import os from 'node:os';
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';
import { cliPositionSummary, root } from './cli.mjs';

/** Records every animation frame's timestamp in window.__frames. */
const recordFrames = () => {
  window.__frames = [];
  const tick = (t) => {
    window.__frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
};

/**
 * Asserts the page kept drawing while the workers ran: no gap between animation frames of a
 * second or more, which is what running the Monte Carlo on the main thread would cause. The
 * 20 ms frame budget is measured by the benchmark (bench-mc.mjs), where load is controlled; the
 * p95 and the load average are printed here for the record.
 */
function expectNoStall(what, gaps) {
  const load = os.loadavg()[0];
  const cores = os.cpus().length;
  console.log(`${what}: ${gaps.length} frames, p95 ${p95(gaps).toFixed(1)} ms, max ${Math.max(...gaps).toFixed(1)} ms, load average ${load.toFixed(1)} on ${cores} cores`);
  expect(gaps.length).toBeGreaterThan(20);
  expect(Math.max(...gaps)).toBeLessThan(1_000);
}

/** Frame gaps (ms) recorded from frame index `from` on. */
async function gapsSince(page, from) {
  const t = await page.evaluate((k) => window.__frames.slice(k), from);
  return t.slice(1).map((x, i) => x - t[i]);
}

/** `restake sweep` over seeds `from..to`: each run's CSV row after `run,point`. */
function cliSweepRows(scenario, from, to, blocks) {
  const args = ['sweep', '--scenario', scenario, '--seeds', `${from}..${to}`, '--blocks', String(blocks)];
  const bin = process.env.RESTAKE_BIN;
  const csv = bin
    ? execFileSync(bin, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    : execSync(`cargo run -q --release -p restake-cli --bin restake -- ${args.join(' ')} 2>/dev/null`, { cwd: root, encoding: 'utf8' });
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(2).join(','));
}

test('the Monte Carlo tab runs in web workers without stalling the page, equals restake sweep, and cancels at once', async ({ page }) => {
  const { app, errors } = watched(page);
  await page.addInitScript(recordFrames);
  // The workers' own module (crates/worker, the engine built for speed) is not part of the
  // page's start: it is fetched when the first runs start.
  const workerModule = [];
  page.context().on('request', (r) => {
    if (r.url().includes('restake-worker')) workerModule.push(r.url());
  });
  await app.open();
  expect(workerModule).toEqual([]);
  const seed = Number(await app.seed.inputValue());
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const from = await page.evaluate(() => window.__frames.length);
  await app.startMonteCarlo({ runs: 10, toBlock: 1800, metric: 'bad-debt' });
  await expect(page.getByTestId('mc-status')).toContainText(`on ${Math.min(cores, 10)} web worker(s)`);
  await expect(app.mcResult).toHaveAttribute('data-runs', '10', { timeout: 90_000 });
  await expect(page.getByTestId('mc-status')).toContainText('Done: 10 runs');
  // Content-hashed names (scripts/hash-worker.sh), so a deploy never leaves a stale worker cached.
  expect(workerModule.some((u) => /restake-worker-[0-9a-f]{16}_bg\.wasm$/.test(u))).toBe(true);
  expect(workerModule.some((u) => /restake-worker-[0-9a-f]{16}\.js$/.test(u))).toBe(true);
  const gaps = await gapsSince(page, from);
  expectNoStall('Monte Carlo tab, 10 runs to block 1,800', gaps);

  // Digit for digit: every metric and the state hash of every run, as `restake sweep` writes them.
  const rows = (await app.mcResult.getAttribute('data-rows')).split(';');
  expect(rows).toEqual(cliSweepRows('oracle-cascade', seed, seed + 10, 1800));

  // Cancel stops the workers at once: the button comes back and the progress stays where it was.
  await app.startMonteCarlo({ runs: 50, toBlock: 14400, metric: 'bad-debt' });
  await expect(page.getByTestId('mc-cancel')).toBeVisible();
  await page.waitForTimeout(1_500);
  const t0 = Date.now();
  await page.getByTestId('mc-cancel').click();
  await expect(page.getByTestId('mc-start')).toBeVisible();
  // Loose on purpose (a loaded 2-core CI machine): the 50 runs to block 14,400 take about 25 s
  // on 2 workers (0.6 s each natively), so a cancel that let them finish fails this.
  expect(Date.now() - t0).toBeLessThan(3_000);
  await expect(page.getByTestId('mc-status')).toContainText('Cancelled after');
  const progress = await page.getByTestId('mc-progress').getAttribute('value');
  await page.waitForTimeout(1_000);
  expect(await page.getByTestId('mc-progress').getAttribute('value')).toBe(progress);
  expect(errors).toEqual([]);
});

test('the position Monte Carlo runs in web workers without stalling the page and equals restake position digit for digit', async ({ page }) => {
  const { app, errors } = watched(page);
  await page.addInitScript(recordFrames);
  await app.openUrl('/#preset=path-lrt&seed=42');
  if (!(await page.getByTestId('playbook').isVisible())) await app.openPlaybook();
  const from = await page.evaluate(() => window.__frames.length);
  await app.startPositionMonteCarlo({ seeds: 4, toBlock: 7200 });
  await expect(page.getByTestId('pos-mc-status')).toContainText('web worker(s)');
  await expect(page.getByTestId('pos-mc-count')).toHaveText('4/4', { timeout: 90_000 });
  await expect(page.getByTestId('pos-mc-status')).toContainText('Done: 4 runs');
  const gaps = await gapsSince(page, from);
  expectNoStall('position Monte Carlo, 4 runs to block 7,200', gaps);

  const cli = cliPositionSummary('path-lrt', 42, 46, 7200);
  for (const which of ['median', 'p95', 'worst']) {
    expect(await app.positionNetLoss(which)).toBe(cli.net_loss_eth[which]);
  }
  for (const [name, tail] of cli.channels.filter(([n]) => ['slashing', 'depeg', 'liquidation'].includes(n))) {
    const row = page.locator(`[data-testid=pos-mc-channels] tr[data-channel=${name}]`);
    expect(parseFloat(await row.getAttribute('data-median'))).toBe(tail.median);
    expect(parseFloat(await row.getAttribute('data-p95'))).toBe(tail.p95);
  }

  // Cancel at once, the finished runs kept.
  await app.startPositionMonteCarlo({ seeds: 50, toBlock: 14400 });
  await expect(page.getByTestId('pos-mc-cancel')).toBeVisible();
  await page.getByTestId('pos-mc-cancel').click();
  await expect(page.getByTestId('pos-mc-start')).toBeVisible();
  await expect(page.getByTestId('pos-mc-status')).toContainText('Cancelled after');
  expect(errors).toEqual([]);
});
