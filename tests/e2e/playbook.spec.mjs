// End-to-end tests of the playbook (docs/PLAYBOOK.md, issue 8): the "My position" form (fill,
// apply, a refused value names its field and keeps the last good position), the position's
// outcome, its alerts on a timeline with what leaving then saves, the mock exit in calm and
// under stress, the red flags; and the insurance and leverage chart tabs, with the chart tab
// strip on one row in presenter mode.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');

test('the position form places a position, and a refused value names its field and keeps the last good one', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  const before = await app.stateHash.textContent();
  const shareBefore = await app.shareUrl.inputValue();

  // oracle-cascade places no position: the form starts empty, one LRT row per LRT at 0.
  expect(await (await app.positionField('position.lrts[0].amount')).inputValue()).toBe('0');
  await app.fillPosition('position.liquid_eth', 50);
  await app.fillPosition('position.lrts[0].amount', 500);
  await page.getByTestId('pf-supply-add').click();
  await app.fillPosition('position.lending_supply[0].eth', 200);
  await app.applyPosition();
  await expect(app.notice).toContainText('Position applied');
  await expect(app.custom).toBeVisible();
  await expect(app.stateHash).not.toHaveText(before ?? '');
  const placed = await app.stateHash.textContent();
  expect(await app.shareUrl.inputValue()).not.toBe(shareBefore);
  // The applied values are what the form shows again (refilled from the scenario).
  expect(await (await app.positionField('position.lrts[0].amount')).inputValue()).toBe('500');

  // Text that is not a number: refused with the field's path, the last good position stays.
  await app.fillPosition('position.liquid_eth', 'lots');
  await app.applyPosition();
  await expect(page.getByTestId('position-error')).toContainText('position.liquid_eth');
  await expect(app.error).toContainText('last good position stays loaded');
  await expect(await app.positionField('position.liquid_eth')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.stateHash).toHaveText(placed ?? '');

  // A value the engine refuses (a loop above the market's LTV): the engine's path and reason.
  await app.fillPosition('position.liquid_eth', 50);
  await page.getByTestId('pf-loops-add').click();
  await app.fillPosition('position.loops[0].health_factor', '0.9');
  await app.applyPosition();
  await expect(page.getByTestId('position-error')).toContainText('position.loops[0].health_factor');
  await expect(page.getByTestId('position-error')).toContainText('LT / LTV');
  await expect(await app.positionField('position.loops[0].health_factor')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.stateHash).toHaveText(placed ?? '');
  await page.screenshot({ path: path.join(out, 'position-form.png') });

  // A good health factor is accepted and changes the run again.
  await app.fillPosition('position.loops[0].health_factor', '1.3');
  await app.applyPosition();
  await expect(app.notice).toContainText('Position applied');
  await expect(app.stateHash).not.toHaveText(placed ?? '');

  // The JSON export is the position in PositionParams' format.
  const file = await app.download('position-export');
  expect(file.name).toBe('position.json');
  const json = JSON.parse(file.body);
  expect(json.liquid_eth).toBe(50);
  expect(json.lrts).toEqual([{ symbol: 'rsLRT', amount: 500 }]);
  expect(json.loops[0].health_factor).toBe(1.3);
  expect(errors).toEqual([]);
});

test('path-lrt: the outcome by channel, alerts with savings on a timeline, the mock exit and red flags', async ({ page }) => {
  const { app, errors } = watched(page);
  // A preset with a position fills the form.
  await app.open();
  await app.choosePreset('path-lrt');
  expect(await (await app.positionField('position.lrts[0].amount')).inputValue()).toBe('1000');
  await page.getByTestId('close-drawer').click();
  await page.getByTestId('playbook-close').click();
  await expect(app.graph).toBeVisible();

  // Past the slash (requested at block 300, executed after the 12-hour veto window).
  await app.openUrl('/#preset=path-lrt&seed=42&block=4500');
  await app.replayedTo(4500);
  await app.openPlaybook();

  // Loss by channel: slashing by PriceFeed Oracle and the depeg; the net loss adds them up.
  const outcome = page.getByTestId('position-outcome');
  const channel = (name) => outcome.locator(`tr[data-channel="${name}"]`);
  const slashing = parseFloat(await channel('Slashing (EigenLayer)').getAttribute('data-eth'));
  const depeg = parseFloat(await channel('Depeg').getAttribute('data-eth'));
  const net = parseFloat(await channel('Net loss').getAttribute('data-eth'));
  expect(slashing).toBeGreaterThan(1);
  expect(depeg).toBeGreaterThan(1);
  expect(net).toBeGreaterThanOrEqual(slashing + depeg - 1e-6);
  await expect(channel('by PriceFeed Oracle')).toBeVisible();
  await expect(page.getByTestId('yield-stack')).toContainText('AVS rewards');

  // Alerts: at least one fired, with a block, its time and a positive saving; a marker each.
  const fired = page.locator('[data-testid=alert-row][data-block]:not([data-block=""])');
  await expect(fired.first()).toBeVisible();
  const n = await fired.count();
  expect(n).toBeGreaterThan(0);
  const savings = [];
  for (let i = 0; i < n; i++) {
    const row = fired.nth(i);
    expect(parseInt(await row.getAttribute('data-block'), 10)).toBeGreaterThan(0);
    savings.push(parseFloat(await row.getAttribute('data-saved')));
  }
  expect(Math.max(...savings)).toBeGreaterThan(0);
  await expect(page.getByTestId('alert-marker')).toHaveCount(n);
  await expect(fired.first()).toContainText('saved');
  await expect(fired.first()).toContainText('Triggered by');

  // The mock exit: stress takes at least as long as calm, both shown in days (or blocked).
  const calm = parseFloat(await page.getByTestId('exit-days-normal').getAttribute('data-days'));
  const stress = parseFloat(await page.getByTestId('exit-days-stress').getAttribute('data-days'));
  expect(calm).toBeGreaterThan(0);
  expect(stress).toBeGreaterThanOrEqual(calm);
  await expect(page.getByTestId('exit-days-normal')).toHaveText(/\d+\.\d d|now/);
  await expect(page.locator('[data-testid=exit-route][data-how=pool]')).toContainText('below NAV');
  await expect(page.locator('[data-testid=exit-route][data-how=queue]')).toBeVisible();

  // Red flags: all six listed with threshold and explanation; path-lrt raises points-only.
  const flags = page.getByTestId('red-flag');
  await expect(flags).toHaveCount(6);
  await expect(page.locator('[data-testid=red-flag][data-flag="points-only incentives"]')).toHaveAttribute('data-raised', 'true');
  await expect(flags.first()).toContainText('Raised when');
  await page.screenshot({ path: path.join(out, 'playbook.png') });
  // The whole playbook at once (docs/playbook.png).
  await page.setViewportSize({ width: 1400, height: 1500 });
  await page.getByTestId('playbook').screenshot({ path: path.join(out, 'playbook-full.png') });
  await page.setViewportSize({ width: 1400, height: 900 });

  // Going back to a block before the slash takes the outcome back with the run.
  await fired.first().getByTestId('event-jump').click();
  await expect(app.notice).toContainText('Back at block');
  await expect.poll(async () => parseFloat(await channel('Depeg').getAttribute('data-eth'))).toBeLessThan(depeg);
  expect(errors).toEqual([]);
});

test('the insurance and leverage tabs draw, and the tab strip stays on one row in presenter mode', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.openUrl('/#preset=oracle-cascade&seed=42&block=400');
  await app.replayedTo(400);
  await app.chartTab('leverage');
  await expect.poll(() => app.inkedShare('chart-leverage')).toBeGreaterThan(0.02);
  await expect(page.getByTestId('chart-leverage')).toHaveAttribute('data-series', /Hidden leverage \(restaking\), now \d+\.\d\dx/);
  await app.chartTab('insurance');
  await expect.poll(() => app.inkedShare('chart-insurance')).toBeGreaterThan(0.005);
  // No preset LRT has a cover pool: the chart says so instead of drawing empty lines.
  await expect(page.getByTestId('chart-insurance')).toHaveAttribute('data-series', '');

  // Presenter mode at 1280 x 720 and 1024 x 768: every tab on the first row.
  await page.getByTestId('presenter').click();
  await page.keyboard.press('Escape');
  for (const [width, height] of [[1280, 720], [1024, 768]]) {
    await page.setViewportSize({ width, height });
    const tops = await page.locator('[data-testid=chart-tabs] .chart-tab').evaluateAll(
      (tabs) => tabs.map((t) => t.offsetTop),
    );
    expect(tops.length).toBe(9);
    expect(new Set(tops).size).toBe(1);
    const strip = await page.getByTestId('chart-tabs').boundingBox();
    expect(strip.height).toBeLessThan(45);
    await page.screenshot({ path: path.join(out, `presenter-tabs-${width}.png`) });
  }
  expect(errors).toEqual([]);
});
