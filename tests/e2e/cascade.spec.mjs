// End-to-end tests of the browser app in Debian Chromium: the cascade a class should see, the
// determinism contract with the CLI, and a clean console.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { cliHash, cliPresets } from './cli.mjs';
import { RestakePage } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');

test('oracle fault cascade', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  expect(await app.graphNodes.count()).toBeGreaterThan(10);
  await expect(app.nodesIn('slashed')).toHaveCount(0);

  await app.fault();
  await app.play(); // default speed, 240 blocks per second

  await expect
    .poll(() => app.number(app.liquidations), { timeout: 90_000, intervals: [250] })
    .toBeGreaterThan(0);
  await app.pause();

  const price = await app.number(app.price);
  const nav = await app.number(app.nav);
  expect(price).toBeLessThan(nav);
  expect(await app.number(app.slashed)).toBeGreaterThan(0);
  expect(await app.nodesIn('slashed').count()).toBeGreaterThanOrEqual(1);
  for (const step of [1, 2, 3, 4]) {
    await expect(app.eventLog).toContainText(`Step ${step}`);
    await expect(app.progress.locator('li').nth(step - 1)).toHaveAttribute('data-step-reached', 'true');
  }

  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'cascade.png') });
});

test('state hash matches the CLI', async ({ page }) => {
  test.setTimeout(300_000); // `cargo run` may have to rebuild the CLI first
  const expected = cliHash('oracle-cascade', 20, 42);

  const app = new RestakePage(page);
  await app.open();
  await page.reload();
  await expect(app.block).toHaveText('0');
  await app.step(20);
  await expect(app.block).toHaveText('20');
  await expect(app.stateHash).toHaveText(expected);
});

test('no console errors while loading and stepping', async ({ page }) => {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || (msg.type() === 'warning' && msg.text().includes('chart not drawn'))) {
      problems.push(`console ${msg.type()}: ${msg.text()}`);
    }
  });

  const app = new RestakePage(page);
  await app.open();
  await app.step(3);
  await app.fault();
  await app.step(3);
  await expect(app.block).toHaveText('6');
  await expect(app.eventLog).toContainText('Step 1');
  await page.getByTestId('speed').selectOption('1200');
  await app.play();
  await page.waitForTimeout(1_000);
  await app.pause();
  expect(await app.number(app.block)).toBeGreaterThan(6);
  await page.getByTestId('reset').click();
  await expect(app.block).toHaveText('0');
  await expect(app.eventLog).not.toContainText('Step 1');

  // Every preset loads at block 0 and runs.
  const presets = await page.getByTestId('preset').locator('option').evaluateAll((os) => os.map((o) => o.value));
  expect(presets).toEqual(cliPresets());
  for (const name of presets) {
    await page.getByTestId('preset').selectOption(name);
    await expect(app.block).toHaveText('0');
    await app.step(2);
    await expect(app.block).toHaveText('2');
  }
  await expect(app.error).toHaveCount(0);

  expect(problems).toEqual([]);
});

test('a bad seed shows a message and keeps the run', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.step(2);
  const hash = await app.stateHash.textContent();

  await app.seed.fill('not a seed');
  await app.seed.press('Enter');
  await expect(app.error).toBeVisible();
  await expect(app.error).toContainText('not a whole number');
  await expect(app.block).toHaveText('2');
  await expect(app.stateHash).toHaveText(hash ?? '');

  await app.seed.fill('7');
  await app.seed.press('Enter');
  await expect(app.error).toBeHidden();
  await expect(app.block).toHaveText('0');
  await expect(app.stateHash).not.toHaveText(hash ?? '');
});

test('clicking an oracle AVS and pressing keys drive the run', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  const oracle = page.locator('[data-testid=graph] [data-node-kind="oracle AVS"]').first();
  await expect(oracle).toHaveAttribute('data-node-state', 'healthy');
  // A click opens the inspector, whose first aimed fault is the oracle outlier on that AVS.
  await oracle.locator('circle').click();
  await page.getByTestId('aim-fault').click();
  await page.locator('h1').click(); // keys pressed on a focused button are the button's
  await page.keyboard.press('ArrowRight');
  await expect(app.block).toHaveText('1');
  await expect(app.eventLog).toContainText('Step 1');
  await expect(oracle).toHaveAttribute('data-node-state', 'at-risk');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pause')).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toBeVisible();
});

test('a scheduled client bug slashes restaked validators', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.choosePreset('client-bug-double-sign');
  await app.playPast(400);
  await expect(app.eventLog).toContainText('Client bug');
  expect(await app.number(app.slashed)).toBeGreaterThan(0);
  await expect(app.finality).toHaveText(/^(finalizing|no finality)$/);
  expect(await app.number(app.beaconPenalties)).toBeGreaterThanOrEqual(0);
  await expect(app.error).toHaveCount(0);
});

test('the fault menu injects a region outage', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await expect(app.preset).toHaveValue('oracle-cascade');
  await expect(app.faultMenu.locator('option[value="region outage"]')).toHaveCount(1);
  await app.injectFromMenu('region outage');
  await app.step(3);
  await expect(app.block).toHaveText('3');
  await expect(app.eventLog).toContainText('Region outage');
  await expect(app.error).toHaveCount(0);

  // Another preset rebuilds the menu; the oracle button still works beside it.
  await app.choosePreset('whale-exit');
  expect(await app.faultMenu.locator('option').count()).toBeGreaterThan(3);
  await app.choosePreset('oracle-cascade');
  await app.fault();
  await app.step(1);
  await expect(app.eventLog).toContainText('Step 1');
});

test('AVS security and network slack after the cascade', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await expect(app.avsNodes('true').first()).toBeVisible();
  await expect(app.networkSlack).not.toHaveText('');
  await app.fault();
  await app.speed.selectOption('1200');
  await app.play();
  await expect
    .poll(() => app.number(app.block), { timeout: 90_000, intervals: [100] })
    .toBeGreaterThan(4_000);
  // Loss edges animate while playing and stand still when paused (no main-thread cost then).
  await expect(app.graph).toHaveClass(/\bplaying\b/);
  expect(await app.cssAnimations()).toBeGreaterThan(0);
  await app.pause();
  await expect(app.graph).not.toHaveClass(/\bplaying\b/);
  await expect.poll(() => app.cssAnimations()).toBe(0);

  expect(await app.avsNodes('false').count()).toBeGreaterThanOrEqual(1);
  await expect(app.networkSlack).toHaveText(/^(-?\d+\.\d|∞)$/);
  await expect(app.avsNodes('false').first()).toContainText('CoC');

  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'faults.png') });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, 'faults-1024x768.png'), fullPage: true });
});
