// End-to-end tests of the rseth-2026 replay (the Kelp rsETH bridge exploit, 18 April 2026):
// its library card, the bridge exploit in the fault menu (offered where an Aave v3 market lends
// against the LRT, listed with the reason where not), and the readouts through the exploit, the
// freeze and the write-down, checked against the CLI's record and state hash.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { cliRecord } from './cli.mjs';
import { watched } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const BRIDGE = 'bridge exploit (unbacked LRT minted)';
const ETH = 10n ** 18n;

/** Whole ETH of a wei string, rounded half up (as the readouts print them). */
const wholeEth = (wei) => Number((BigInt(wei) + ETH / 2n) / ETH);

test('the library shows the rseth-2026 replay card and loads it', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  await page.getByTestId('open-library').click();
  const card = page.getByTestId('replay-rseth-2026');
  await expect(card).toContainText('Kelp rsETH bridge exploit, 18 April 2026');
  await expect(card.locator('.library-tag')).toHaveText(['replay', 'bridge exploit', 'Aave v3', 'bad debt']);
  await expect(page.getByTestId('replay-ezeth-2024')).toContainText('ezETH');
  await card.scrollIntoViewIfNeeded();
  await page.locator('.library-item[data-preset="rseth-2026"]').screenshot({ path: path.join(out, 'library-rseth-2026.png') });
  await page.getByTestId('pick-rseth-2026').click();
  await expect(app.preset).toHaveValue('rseth-2026');
  await expect(app.block).toHaveText('0');
  // Before the exploit the box says when it comes; nothing is minted yet.
  await expect(page.getByTestId('bridge-phase')).toHaveText('at block 100');
  await expect(page.getByTestId('metric-bridge-minted')).toHaveText('0');
  // The fault menu offers the bridge exploit, explained in its tooltip.
  const entry = app.faultMenu.locator(`option[value="${BRIDGE}"]`);
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(/^Bridge exploit: [\d,]+ unbacked rsETH minted/);
  await expect(entry).toHaveAttribute('title', /forged bridge message mints LRT with no ETH behind it/);
  expect(errors).toEqual([]);
});

test('rseth-2026 played through the exploit and the freeze, then to the write-down, matches the CLI', async ({ page }) => {
  test.setTimeout(300_000); // `cargo run` may have to rebuild the CLI first
  const { app, errors } = watched(page);
  await app.openUrl('/#preset=rseth-2026&seed=42');
  await expect(app.block).toHaveText('0');
  // Played, not jumped: the forged message at block 100, eight loans 40 blocks apart, the
  // guardian's freeze at block 500 and utilisation 100% at block 667.
  await page.getByTestId('auto-pace').uncheck();
  await app.speed.selectOption('1200');
  await app.playPast(700);
  const minted = page.getByTestId('metric-bridge-minted');
  await expect(minted).toHaveText('116500');
  await expect(page.getByTestId('bridge-phase')).toHaveText('frozen, loss not booked');
  await expect(app.eventLog).toContainText('forged bridge message');
  const borrowed = await app.number(page.getByTestId('metric-bridge-borrowed'));
  expect(borrowed).toBeGreaterThan(82_500);
  expect(borrowed).toBeLessThan(84_000);
  // The loss is not booked yet: the exchange-rate oracle sees no hole and nothing is bad debt.
  expect(await app.number(page.getByTestId('metric-lender-loss'))).toBe(0);
  expect(await app.number(app.nav)).toBeGreaterThan(0.999);

  // A day after the exploit (block 7,300) Kelp writes the bridged supply down.
  const blocks = 7_400;
  const cli = cliRecord('rseth-2026', blocks, 42);
  await app.openUrl(`/#preset=rseth-2026&seed=42&block=${blocks}`);
  await app.replayedTo(blocks);
  await expect(app.stateHash).toHaveText(cli.state_hash);
  await expect(page.getByTestId('bridge-phase')).toHaveText('written down');
  const realised = wholeEth(cli.bad_debt_wei);
  const insolvent = wholeEth(cli.insolvent_debt_wei);
  const loss = wholeEth(BigInt(cli.bad_debt_wei) + BigInt(cli.insolvent_debt_wei));
  expect(loss).toBeGreaterThan(0);
  expect(await app.number(app.badDebt)).toBeCloseTo(Number(BigInt(cli.bad_debt_wei) * 100n / ETH) / 100, 1);
  expect(await app.number(page.getByTestId('metric-lender-loss'))).toBe(loss);
  expect(await app.number(page.getByTestId('metric-insolvent-debt'))).toBe(insolvent);
  expect(realised + insolvent).toBeGreaterThanOrEqual(loss - 1);
  // In dollars at $2,358 (docs/REPLAYS.md): inside the published $124-230M range.
  const usd = page.getByTestId('metric-lender-loss-usd');
  await expect(usd).toHaveText(`$${(Math.round(loss * 2358 / 1e5) / 10).toFixed(1)}M`);
  const millions = parseFloat((await usd.textContent()).slice(1));
  expect(millions).toBeGreaterThanOrEqual(124);
  expect(millions).toBeLessThanOrEqual(230);
  await expect(page.locator('.readout-bridge', { has: page.getByTestId('metric-lender-loss') }))
    .toHaveAttribute('title', /published estimates \$177-196M/);

  // The liquidations chart shows the realised bad debt; the page as it looks, for the README
  // (docs/rseth-2026.png is this file, looked at before it is committed).
  await app.notice.getByRole('button', { name: 'Dismiss' }).click();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await app.chartTab('markets');
  await expect.poll(() => app.inkedShare('chart-markets')).toBeGreaterThan(0.02);
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'rseth-2026.png') });
  expect(errors).toEqual([]);
});

test('the bridge exploit injected from the menu on oracle-cascade, and refused with its reason on ezeth-2024', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  await expect(app.preset).toHaveValue('oracle-cascade');
  // No bridge exploit scheduled: no bridge readouts.
  await expect(page.getByTestId('metric-bridge-minted')).toHaveCount(0);
  await app.injectFromMenu(BRIDGE);
  await app.step(3);
  await expect(app.eventLog).toContainText('forged bridge message');
  await expect(app.error).toHaveCount(0);
  expect(await app.number(page.getByTestId('metric-bridge-minted'))).toBeGreaterThan(0);
  await expect(page.getByTestId('bridge-phase')).toHaveText(/^\d of 8 loans open$/);
  expect(await app.number(page.getByTestId('metric-bridge-borrowed'))).toBeGreaterThan(0);
  // oracle-cascade has no stated dollar price: ETH only.
  await expect(page.getByTestId('metric-lender-loss-usd')).toHaveCount(0);

  // ezeth-2024 lends on Morpho Blue only: the entry is listed disabled, with the reason.
  await app.choosePreset('ezeth-2024');
  await expect(app.faultMenu.locator(`option[value="${BRIDGE}"]`)).toHaveCount(0);
  const refused = app.faultMenu.locator(`option[data-unavailable="${BRIDGE}"]`);
  await expect(refused).toHaveCount(1);
  await expect(refused).toBeDisabled();
  await expect(refused).toContainText('not an Aave v3 style market');
  expect(errors).toEqual([]);
});
