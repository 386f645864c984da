// Wall time of the page's Monte Carlo runs and the page's frame p95 while they run, in headless
// Debian Chromium against a built dist/ (run by scripts/bench-web.sh; DIST=... for another
// build), next to the CLI's wall time for the same runs:
//
//   Monte Carlo tab      oracle-cascade, 50 seeds (0..50) to block 7,200 (`restake sweep`)
//   position MC          path-lrt, 20 seeds (42..62) to block 7,200 (`restake position`)
//
// Prints a Markdown table and appends it to the file named by BENCH_OUT if set.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const dist = process.env.DIST || path.join(root, 'dist');
const port = Number(process.env.E2E_PORT || 8774);
const url = `http://127.0.0.1:${port}/`;
const cli = process.env.RESTAKE_BIN || path.join(root, 'target', 'release', 'restake');
const skipCli = process.env.SKIP_CLI === '1';

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] : NaN;
};

function cliWall(args) {
  const t0 = process.hrtime.bigint();
  execFileSync(cli, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
for (let i = 0; i < 50; i++) {
  await new Promise((r) => setTimeout(r, 100));
  try {
    await fetch(url);
    break;
  } catch {}
}
const rows = [];
const row = (what, value, target) => {
  rows.push(`| ${what} | ${value} | ${target} |`);
  console.error(`${what}: ${value}`);
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const cores = await (async () => {
    await page.goto(`${url}#preset=oracle-cascade&seed=0`);
    await page.locator('[data-testid=graph] [data-node-state]').first().waitFor();
    return page.evaluate(() => navigator.hardwareConcurrency);
  })();
  const measure = async (start, status, doneText) => {
    const from = await page.evaluate(() => window.__frames.length);
    const load0 = os.loadavg()[0];
    await start();
    await page.getByTestId(status).filter({ hasText: doneText }).waitFor({ timeout: 600_000 });
    const t = await page.evaluate((k) => window.__frames.slice(k), from);
    const gaps = t.slice(1).map((x, i) => x - t[i]);
    const text = await page.getByTestId(status).textContent();
    const secs = parseFloat(text.match(/in ([\d.]+) s/)[1]);
    return { secs, p95: p95(gaps), frames: gaps.length, load: ((load0 + os.loadavg()[0]) / 2).toFixed(1) };
  };

  await page.getByTestId('chart-tab-monte-carlo').click();
  await page.getByTestId('mc-runs').selectOption('50');
  await page.getByTestId('mc-blocks').selectOption('7200');
  const mc = await measure(() => page.getByTestId('mc-start').click(), 'mc-status', 'Done: 50 runs');
  const sweep = skipCli ? NaN : cliWall(['sweep', '--scenario', 'oracle-cascade', '--seeds', '0..50', '--blocks', '7200']);
  row(
    'Monte Carlo tab, oracle-cascade, 50 seeds to block 7,200 (s; CLI sweep; ratio)',
    `${mc.secs.toFixed(1)} (CLI ${sweep.toFixed(1)}; ${(mc.secs / sweep).toFixed(2)}x)`,
    'within 2x of the CLI',
  );
  row('frame p95 while the Monte Carlo tab runs (ms; frames; load average)', `${mc.p95.toFixed(1)} (${mc.frames}; ${mc.load})`, '< 20');

  await page.goto(`${url}#preset=path-lrt&seed=42`);
  await page.locator('[data-testid=graph] [data-node-state]').first().waitFor();
  if (!(await page.getByTestId('playbook').isVisible())) await page.getByTestId('playbook-open').click();
  await page.getByTestId('pos-mc-seeds').fill('20');
  await page.getByTestId('pos-mc-blocks').selectOption('7200');
  const pos = await measure(() => page.getByTestId('pos-mc-start').click(), 'pos-mc-status', 'Done: 20 runs');
  const position = skipCli ? NaN : cliWall(['position', '--scenario', 'path-lrt', '--seeds', '42..62', '--blocks', '7200']);
  row(
    'position Monte Carlo, path-lrt, 20 seeds to block 7,200 (s; CLI position; ratio)',
    `${pos.secs.toFixed(1)} (CLI ${position.toFixed(1)}; ${(pos.secs / position).toFixed(2)}x)`,
    'within 2x of the CLI',
  );
  row('frame p95 while the position Monte Carlo runs (ms; frames; load average)', `${pos.p95.toFixed(1)} (${pos.frames}; ${pos.load})`, '< 20');
  row('navigator.hardwareConcurrency', String(cores), 'reported');
} finally {
  await browser.close();
  child.kill();
}
const table = ['| measure | value | target |', '|---|---|---|', ...rows].join('\n');
console.log(table);
if (process.env.BENCH_OUT) fs.appendFileSync(process.env.BENCH_OUT, `${table}\n`);
