// Presenter mode on a projector's screen (1280 x 720) and a small laptop's (1024 x 768): the
// page fits the window without scrolling and the chart keeps a readable height.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');

for (const [preset, block] of [['oracle-cascade', 1500], ['slashing-ambiguity', 1500], ['rseth-2026', 7400]]) {
  test(`presenter mode fits 1280x720 and 1024x768 with a readable chart (${preset})`, async ({ page }) => {
    const { app, errors } = watched(page);
    await app.openUrl(`/#preset=${preset}&seed=42&block=${block}`);
    await app.replayedTo(block);
    await page.getByTestId('presenter').click();
    await page.keyboard.press('Escape');
    for (const [width, height] of [[1280, 720], [1024, 768]]) {
      await page.setViewportSize({ width, height });
      // Let the layout and the chart settle at the new size.
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(out, `presenter-${preset}-${width}.png`) });
      const scroll = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(scroll).toBeLessThanOrEqual(height + 1);
      const chart = await app.chart.boundingBox();
      expect(chart.height).toBeGreaterThanOrEqual(220);
      expect(chart.y + chart.height).toBeLessThanOrEqual(height);
      const graph = await app.graph.boundingBox();
      expect(graph.height).toBeGreaterThanOrEqual(220);
      // The big numbers are not cut: every readout's number fits its box.
      const cut = await page.locator('.readout .number').evaluateAll(
        (nums) => nums
          .filter((n) => n.parentElement.scrollWidth > n.parentElement.clientWidth + 1)
          .map((n) => n.parentElement.textContent),
      );
      expect(cut, `cut at ${width}`).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
}
