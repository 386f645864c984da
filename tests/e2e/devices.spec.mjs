// Phone, tablet and keyboard (issue 16): no horizontal scroll and no cut readout at 390x844
// and 768x1024, a tap inspects a node, the zoom buttons work; the arrow keys move between
// graph nodes and Enter inspects one, without a mouse; the start reads calm.
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';

for (const [width, height] of [[390, 844], [768, 1024]]) {
  test.describe(`at ${width}x${height}`, () => {
    test.use({ viewport: { width, height }, hasTouch: true, isMobile: width < 500 });

    test('no horizontal scroll, no cut readout, tap to inspect, zoom buttons', async ({ page }) => {
      const { app, errors } = watched(page);
      await app.open();
      const wide = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        offenders: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && e.getClientRects().length > 0)
          .filter((e) => !e.closest('[data-testid=graph]') && !e.closest('.visually-hidden'))
          // Inside a strip that scrolls sideways on its own (the chart tabs) is fine.
          .filter((e) => { for (let a = e.parentElement; a; a = a.parentElement) { if (/auto|scroll/.test(getComputedStyle(a).overflowX)) return false; } return true; })
          .slice(0, 8)
          .map((e) => `${e.tagName}.${e.className?.baseVal ?? e.className}`),
      }));
      expect(wide.scroll, JSON.stringify(wide)).toBeLessThanOrEqual(wide.inner);
      expect(wide.offenders, JSON.stringify(wide)).toEqual([]);
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll('.readout .readout-value')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => e.textContent));
      expect(cut).toEqual([]);
      // A tap on a node opens the inspector on it.
      const node = app.node('oracle AVS');
      await node.scrollIntoViewIfNeeded();
      await node.tap();
      await expect(app.inspector).toHaveAttribute('data-node-label', (await node.getAttribute('data-node-label')) ?? '');
      // The zoom buttons change the graph's transform.
      const layer = page.getByTestId('graph-zoom-layer');
      const before = await layer.getAttribute('transform');
      await page.getByTestId('graph-zoom-in').tap();
      await expect(layer).not.toHaveAttribute('transform', before ?? '');
      expect(errors).toEqual([]);
    });
  });
}

test('a node is inspected with the keyboard alone: Tab into the graph, arrows between nodes, Enter', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  const active = () => page.evaluate(() => document.activeElement?.getAttribute('data-node-label') ?? null);
  let first = null;
  for (let i = 0; i < 120 && !first; i++) {
    await page.keyboard.press('Tab');
    first = await active();
  }
  expect(first).toBeTruthy();
  await page.keyboard.press('ArrowRight');
  const second = await active();
  expect(second).toBeTruthy();
  expect(second).not.toEqual(first);
  await page.keyboard.press('ArrowLeft');
  expect(await active()).toEqual(first);
  await page.keyboard.press('ArrowDown');
  expect(await active()).toEqual(second);
  // The arrows moved the focus, not the run.
  await expect(app.block).toHaveText('0');
  await page.keyboard.press('Enter');
  await expect(app.inspector).toHaveAttribute('data-node-label', second);
  expect(errors).toEqual([]);
});

test('the start reads calm: the slack is a margin in words until something happens', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  const card = page.locator('.readout-slack');
  await expect(card).toHaveAttribute('data-calm', 'true');
  await expect(card).not.toHaveClass(/insecure/);
  await expect(card).toContainText('margin');
  await app.fault();
  await page.getByTestId('step').click();
  await expect(card).toHaveAttribute('data-calm', 'false');
  expect(errors).toEqual([]);
});
