// The mainnet-scale preset in the browser (docs/MAINNET_SCALE.md): 1,900 operators, 160,000
// holders and 7,500 loopers load, play, and the page stays responsive (pause takes effect).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { RestakePage } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');

test('mainnet-scale plays and pauses', async ({ page }) => {
  test.setTimeout(240_000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  const app = new RestakePage(page);
  await app.open();
  await app.preset.selectOption('mainnet-scale');
  await expect(app.block).toHaveText('0', { timeout: 60_000 });
  // The operators are grouped: the graph stays a readable size.
  await expect(app.graphNodes.first()).toBeVisible();
  expect(await app.graphNodes.count()).toBeLessThan(200);

  await app.play();
  await page.waitForTimeout(4_000);
  await expect
    .poll(() => app.number(app.block), { timeout: 60_000, intervals: [250] })
    .toBeGreaterThan(10);
  // Responsive: the pause click takes effect and the counter stops.
  await app.pause();
  const stopped = await app.number(app.block);
  await page.waitForTimeout(1_500);
  expect(await app.number(app.block)).toBe(stopped);
  await expect(app.error).toHaveCount(0);

  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'mainnet-scale.png') });
  expect(problems).toEqual([]);
});
