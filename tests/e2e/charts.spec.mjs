// End-to-end tests of the chart tabs (price and NAV per LRT, liquidations and bad debt per
// market, AVS cost vs profit of corruption, health-factor distribution, losses by layer, yield
// vs loss by staker path, each with a PNG) and
// of the Monte Carlo panel (N seeds of the current scenario, time-sliced over frames).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { RestakePage, watched } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');

/** Opens chart tab `t`, waits until its canvas has ink, exports its PNG and screenshots the page. */
async function drawsAndExports(page, app, t) {
  await app.chartTab(t.id);
  const canvas = page.getByTestId(t.canvas);
  await expect(canvas).toBeVisible();
  await expect.poll(() => app.inkedShare(t.canvas)).toBeGreaterThan(0.02);
  const png = await app.download(t.png, { binary: true });
  expect(png.name).toMatch(t.file);
  expect(png.body.subarray(1, 4).toString()).toBe('PNG');
  expect(png.body.length).toBeGreaterThan(5_000);
  await page.screenshot({ path: path.join(out, `chart-${t.id}.png`) });
  return canvas;
}

test('every chart tab draws its chart with a legend and exports it as PNG', async ({ page }) => {
  const { app, errors } = watched(page);
  // ezeth-2024 has two lending markets; the dump has liquidated loans by block 700.
  await app.openUrl('/#preset=ezeth-2024&seed=42&block=700');
  await app.replayedTo(700);
  await expect(page.getByTestId('chart-tabs').getByRole('tab')).toHaveText([
    'Price & NAV', 'Liquidations', 'AVS security', 'Health factors', 'Losses by layer',
    'Yield vs loss', 'Insurance', 'Leverage', 'Monte Carlo',
  ]);

  const tabs = [
    { id: 'price', canvas: 'chart', png: 'export-png', file: /-price-nav\.png$/ },
    { id: 'markets', canvas: 'chart-markets', png: 'export-png-markets', file: /-liquidations-bad-debt\.png$/ },
    { id: 'avs', canvas: 'chart-avs', png: 'export-png-avs', file: /-avs-security\.png$/ },
    { id: 'hf', canvas: 'chart-hf', png: 'export-png-hf', file: /-health-factors\.png$/ },
  ];
  const inked = {};
  for (const t of tabs) {
    const canvas = await drawsAndExports(page, app, t);
    // Only the active tab's canvas is on the page.
    for (const other of tabs.filter((o) => o.id !== t.id)) {
      await expect(page.getByTestId(other.canvas)).toHaveCount(0);
    }
    inked[t.id] = await app.inkedShare(t.canvas);
    await canvas.screenshot({ path: path.join(out, `chart-${t.id}-canvas.png`) });
  }
  // Different charts, not one drawing four times.
  expect(new Set(Object.values(inked).map((v) => v.toFixed(4))).size).toBe(4);

  // The health-factor chart follows the run: stepping redraws it.
  await app.chartTab('hf');
  const before = await page.getByTestId('chart-hf').evaluate((c) => c.toDataURL());
  await app.step(60);
  await expect.poll(() => page.getByTestId('chart-hf').evaluate((c) => c.toDataURL())).not.toBe(before);
  expect(errors).toEqual([]);
});

test('losses by layer and yield vs loss by staker path draw the oracle cascade and export PNGs', async ({ page }) => {
  const { app, errors } = watched(page);
  // By block 4,500 the oracle fault (block 300) has been slashed after the 12-hour veto window
  // and the depeg has liquidated loops.
  await app.openUrl('/#preset=oracle-cascade&seed=42&block=4500');
  await app.replayedTo(4500);
  const tabs = [
    {
      id: 'losses', canvas: 'chart-losses', png: 'export-png-losses', file: /-losses-by-layer\.png$/,
      series: [
        'Restakers (native, LST): AVS slashes + ETH penalties',
        'LRT holders: NAV loss (slashes, penalties on backing)',
        'LRT holders: depeg loss (sold below NAV)',
        'Loopers: liquidation loss (incentive paid)',
      ],
    },
    {
      id: 'yield', canvas: 'chart-yield', png: 'export-png-yield', file: /-yield-vs-loss\.png$/,
      // oracle-cascade has no LST restaking: that path has no stake and no lines.
      series: [
        'Native restaking: yield (staking + AVS)', 'Native restaking: loss',
        'LRT: yield (staking + AVS)', 'LRT: loss',
      ],
    },
  ];
  const pixels = {};
  for (const t of tabs) {
    const canvas = await drawsAndExports(page, app, t);
    // Each legend entry ends with the layer's or line's amount at the current block.
    const series = (await canvas.getAttribute('data-series')).split(' | ');
    expect(series.map((l) => l.replace(/, now [\d,.]+(%| ETH)$/, ''))).toEqual(t.series);
    pixels[t.id] = await canvas.evaluate((c) => c.toDataURL());
    await canvas.screenshot({ path: path.join(out, `chart-${t.id}-canvas.png`) });
  }
  expect(pixels.losses).not.toBe(pixels.yield);
  expect(errors).toEqual([]);
});

test('Monte Carlo: ten seeds run without freezing the page and give a histogram with quantiles', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.startMonteCarlo({ runs: 10, toBlock: 7200, metric: 'slashed' });
  await expect(page.getByTestId('mc-cancel')).toBeVisible();
  await expect(page.getByTestId('mc-about')).toContainText('seeds 42–51, each run to block 7,200');

  // While the runs go on, the main run still steps block by block.
  await app.step(3);
  await expect(app.block).toHaveText('3');
  const progress = await page.getByTestId('mc-progress').getAttribute('value');
  expect(Number(progress)).toBeLessThan(100);

  await expect(page.getByTestId('mc-status')).toContainText('Done: 10 runs', { timeout: 90_000 });
  await expect(app.mcResult).toHaveAttribute('data-runs', '10');
  await expect(app.mcResult).toContainText(/^Total slashed over 10 runs: median [\d,.]+ ETH; p95 [\d,.]+ ETH \(5% of runs exceeded it\); worst [\d,.]+ ETH \(seed 4\d|5[01]\)\.$/);
  const counts = (await app.mcChart.getAttribute('data-counts')).split(',').map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
  await expect.poll(() => app.inkedShare('monte-carlo-chart')).toBeGreaterThan(0.02);
  await page.screenshot({ path: path.join(out, 'monte-carlo.png') });

  // Another metric of the same runs: the histogram and the text follow without rerunning.
  await page.getByTestId('mc-metric').selectOption('min-price');
  await expect(app.mcResult).toContainText(/^Lowest LRT price over 10 runs: median 0\.\d{4} ETH per LRT; p95 0\.\d{4} ETH per LRT \(5% of runs went below it\)/);

  // Same seeds, same distribution (deterministic), and a run can be cancelled.
  const first = await app.mcResult.textContent();
  await page.getByTestId('mc-start').click();
  await expect(page.getByTestId('mc-status')).toContainText('Done: 10 runs', { timeout: 90_000 });
  await expect(app.mcResult).toHaveText(first ?? '');
  await page.getByTestId('mc-runs').selectOption('200');
  await page.getByTestId('mc-start').click();
  await page.getByTestId('mc-cancel').click();
  await expect(page.getByTestId('mc-status')).toContainText('Cancelled after');
  await expect(page.getByTestId('mc-start')).toBeVisible();
});
