// A class follows the run from the back row (issue 16): presenter type measured by computed
// style, a folded narration with pinned milestones, pacing that holds at each cascade step and
// fast-forwards the veto window with a countdown, "next event", and the graph by keyboard.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const docs = path.resolve(here, '..', '..', 'docs');

/** Rendered font sizes, px: computed style times the SVG's screen scale for graph labels. */
async function typeSizes(page) {
  return page.evaluate(() => {
    const px = (e) => parseFloat(getComputedStyle(e).fontSize);
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none';
    const onScreen = (e) => px(e) * e.getScreenCTM().a;
    const min = (xs) => Math.min(...xs);
    const q = (s) => [...document.querySelectorAll(s)].filter(visible);
    return {
      labels: min(q('[data-testid=graph] .node .label').map(onScreen)),
      body: min(q('.log-start, .scenario-about, .log-entry, .legend li').map(px)),
      readouts: min(q('.readout .number').map(px)),
    };
  });
}

for (const [width, height] of [[1280, 720], [1024, 768]]) {
  test(`presenter mode uses large type at ${width}x${height}`, async ({ page }) => {
    const { app, errors } = watched(page);
    await page.setViewportSize({ width, height });
    await app.open();
    await page.keyboard.press('p');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(400);
    const sizes = await typeSizes(page);
    expect(sizes.labels, JSON.stringify(sizes)).toBeGreaterThanOrEqual(18);
    expect(sizes.body, JSON.stringify(sizes)).toBeGreaterThanOrEqual(18);
    expect(sizes.readouts, JSON.stringify(sizes)).toBeGreaterThanOrEqual(32);
    const chart = await app.chart.boundingBox();
    expect(chart.height).toBeGreaterThanOrEqual(0.4 * height);
    const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    expect(scroll).toEqual([width, height]);
    expect(errors).toEqual([]);
  });
}

test('the default layout at 1280x720 gives the graph half the screen and a readable chart', async ({ page }) => {
  const { app, errors } = watched(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.open();
  const graph = await app.graph.boundingBox();
  expect(graph.width).toBeGreaterThanOrEqual(640);
  expect(graph.height).toBeGreaterThanOrEqual(0.42 * 720);
  const chart = await app.chart.boundingBox();
  expect(chart.height).toBeGreaterThanOrEqual(180);
  expect(errors).toEqual([]);
});

test('the cascade paces itself: a countdown through the veto window, 2 s between the slash and the first liquidation, a folded log', async ({ page }) => {
  test.setTimeout(180_000);
  const { app, errors } = watched(page);
  await app.open();
  // Wall-clock times at which the slash chip and step 4 (the first liquidation) appear.
  await page.evaluate(() => {
    window.__lit = {};
    const look = () => {
      const now = performance.now();
      if (!window.__lit.slash && document.querySelector('[data-testid=story] [data-milestone=slash]')) window.__lit.slash = now;
      const s4 = document.querySelectorAll('[data-testid=cascade-progress] li')[3];
      if (!window.__lit.liq && s4 && s4.dataset.stepReached === 'true') window.__lit.liq = now;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await app.fault();
  await app.play();
  const countdown = page.getByTestId('countdown');
  await expect(countdown).toContainText(/veto window: \d+ h \d+ min left/, { timeout: 30_000 });
  // The fault's own hold (and a slash request's, if it lands in the same frame) comes first.
  await expect(page.getByTestId('pace-note')).toContainText('fast-forward', { timeout: 20_000 });
  await expect(page.locator('[data-testid=story] [data-milestone=first-liquidation]')).toBeVisible({ timeout: 120_000 });
  const lit = await page.evaluate(() => window.__lit);
  expect(lit.slash).toBeTruthy();
  expect(lit.liq - lit.slash).toBeGreaterThanOrEqual(2_000);
  await expect.poll(() => app.number(app.block), { timeout: 60_000 }).toBeGreaterThan(8_700);
  await app.pause();
  const folded = page.getByTestId('log-fold').first();
  await expect(folded).toContainText(/×\d+ · blocks [\d,]+–[\d,]+/);
  const counts = await page.locator('.log-entry').evaluateAll((rows) => rows.map((r) => +r.dataset.count));
  expect(Math.max(...counts)).toBeGreaterThan(1);
  expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(counts.length);
  // The milestones stay pinned in presenter mode.
  await page.keyboard.press('p');
  await page.keyboard.press('Escape');
  for (const m of ['fault', 'slash', 'first-liquidation']) {
    await expect(page.locator(`[data-testid=story] [data-milestone=${m}]`)).toBeVisible();
  }
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'teaching-paced.png') });
  expect(errors).toEqual([]);
});

test('next event (button and key N) plays to the next milestone and pauses there', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  await app.fault();
  await page.getByTestId('next-event').click();
  await expect(page.getByTestId('play')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-testid=story] [data-milestone=fault]')).toBeVisible();
  await page.locator('h1').click();
  await page.keyboard.press('n');
  await expect(page.locator('[data-testid=story] [data-milestone=slash-requested]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('play')).toBeVisible();
  await expect(page.getByTestId('countdown')).toContainText(/left$/);
  const before = await app.number(app.block);
  // Each press stops at the next milestone (a pause vote may come first), paused.
  const slash = page.locator('[data-testid=story] [data-milestone=slash]');
  for (let i = 0; i < 4 && !(await slash.isVisible()); i++) {
    const chips = await page.locator('[data-testid=story] [data-milestone]').count();
    await page.keyboard.press('n');
    await expect(page.locator('[data-testid=story] [data-milestone]')).toHaveCount(chips + 1, { timeout: 30_000 });
    await expect(page.getByTestId('play')).toBeVisible();
  }
  await expect(slash).toBeVisible();
  expect(await app.number(app.block)).toBeGreaterThanOrEqual(before);
  // The 12-hour veto window was crossed without watching it.
  const at = async (m) => +(await page.locator(`[data-testid=story] [data-milestone=${m}]`).getAttribute('data-block'));
  expect((await at('slash')) - (await at('fault'))).toBeGreaterThan(3_000);
  // Two more steps, then the picture for the README: presenter mode at 1280 x 720.
  await page.keyboard.press('n');
  await expect(page.getByTestId('play')).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('n');
  await expect(page.getByTestId('play')).toBeVisible({ timeout: 30_000 });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.keyboard.press('p');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  fs.mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: path.join(docs, 'presenter-1280x720.png') });
  expect(errors).toEqual([]);
});

test('a node is inspected with the keyboard alone', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  const node = app.node('oracle AVS');
  await node.focus();
  await expect(node).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.inspector).toHaveAttribute('data-node-label', (await node.getAttribute('data-node-label')) ?? '');
  // Tab moves on to the next node.
  await page.keyboard.press('Escape');
  await node.focus();
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => document.activeElement.getAttribute('data-node-label'));
  expect(next).toBeTruthy();
  expect(errors).toEqual([]);
});
