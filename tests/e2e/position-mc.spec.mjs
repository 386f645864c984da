// End-to-end tests of the position's Monte Carlo in the playbook view (issue 8: the loss
// distribution of your position over many seeds, by channel, with the yield stack, equal to
// `restake position`), and of the readouts of the optional risk channels (slashing ambiguity,
// MEV, mercenary capital), shown only when the scenario turns the channel on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';
import { cliPositionSummary } from './cli.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');

test('path-lrt: 5 seeds of the position run in web workers, the page stays responsive, and the tails equal the CLI', async ({ page }) => {
  const { app, errors } = watched(page);
  // Past the slash, so the playbook's other cards show it too (docs/playbook.png).
  await app.openUrl('/#preset=path-lrt&seed=42&block=4500');
  await app.replayedTo(4500);
  if (!(await page.getByTestId('playbook').isVisible())) await app.openPlaybook();
  const card = page.getByTestId('position-mc');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('pos-mc-seeds')).toHaveValue('20');

  // A bad seed count is refused with a clear message and nothing starts.
  await app.startPositionMonteCarlo({ seeds: 0, toBlock: 7200 });
  await expect(page.getByTestId('pos-mc-status')).toContainText('from 1 to 200');
  await expect(page.getByTestId('pos-mc-count')).toHaveText('0/0');

  await app.startPositionMonteCarlo({ seeds: 5, toBlock: 7200 });
  await expect(page.getByTestId('pos-mc-cancel')).toBeVisible();
  // While the runs go on, the page answers: a step of the main run moves its block.
  const before = await app.number(app.block);
  await app.step();
  await expect(app.block).toHaveText(String(before + 1), { timeout: 2_000 });
  expect(await page.getByTestId('pos-mc-count').textContent()).not.toBe('5/5');

  await expect(page.getByTestId('pos-mc-count')).toHaveText('5/5', { timeout: 90_000 });
  await expect(page.getByTestId('pos-mc-status')).toContainText('Done: 5 runs');
  await expect(page.getByTestId('pos-mc-start')).toBeVisible();
  const [median, p95, worst] = [await app.positionNetLoss('median'), await app.positionNetLoss('p95'), await app.positionNetLoss('worst')];
  expect(median).toBeGreaterThan(0);
  expect(median).toBeLessThanOrEqual(p95);
  expect(p95).toBeLessThanOrEqual(worst);
  // The channels (six rows) and the yield stack; the depeg carries most of the LRT's tail.
  const channels = page.locator('[data-testid=pos-mc-channels] tr[data-channel]');
  await expect(channels).toHaveCount(6);
  const depeg = parseFloat(await page.locator('[data-testid=pos-mc-channels] tr[data-channel=depeg]').getAttribute('data-median'));
  expect(depeg).toBeGreaterThan(0);
  await expect(page.getByTestId('pos-mc-yield')).toContainText('AVS rewards');
  await expect.poll(() => app.inkedShare('pos-mc-chart')).toBeGreaterThan(0.01);

  // The same numbers as `restake position` with the command the card prints.
  const command = await page.getByTestId('pos-mc-cli').textContent();
  expect(command).toBe('restake position --scenario path-lrt --seeds 42..47 --blocks 7200');
  const cli = cliPositionSummary('path-lrt', 42, 47, 7200);
  expect(median).toBeCloseTo(cli.net_loss_eth.median, 9);
  expect(p95).toBeCloseTo(cli.net_loss_eth.p95, 9);
  expect(worst).toBeCloseTo(cli.net_loss_eth.worst, 9);
  const cliDepeg = cli.channels.find(([name]) => name === 'depeg')[1];
  expect(depeg).toBeCloseTo(cliDepeg.median, 9);
  await page.screenshot({ path: path.join(out, 'position-mc.png') });
  await card.screenshot({ path: path.join(out, 'position-mc-card.png') });
  // The whole playbook at once (docs/playbook.png).
  await page.setViewportSize({ width: 1400, height: 2400 });
  await page.locator('.playbook-grid').evaluate((grid) => { grid.scrollTop = 0; });
  await page.getByTestId('playbook').screenshot({ path: path.join(out, 'playbook-mc-full.png') });
  await page.setViewportSize({ width: 1400, height: 900 });

  // Cancel keeps the finished runs and says so.
  await app.startPositionMonteCarlo({ seeds: 50, toBlock: 14400 });
  await expect(page.getByTestId('pos-mc-count')).toHaveText('0/50');
  await page.getByTestId('pos-mc-cancel').click();
  await expect(page.getByTestId('pos-mc-status')).toContainText('Cancelled after');
  await expect(page.getByTestId('pos-mc-start')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the optional channels show their readouts only when the scenario turns them on', async ({ page }) => {
  const { app, errors } = watched(page);
  const misfires = page.getByTestId('metric-misfires');
  await app.openUrl('/#preset=slashing-ambiguity&seed=42&block=3000');
  await app.replayedTo(3000);
  await expect(misfires).toBeVisible();
  // About twice a day on the Event Oracle, also on the DA Layer: some by block 3,000.
  expect(await app.number(misfires)).toBeGreaterThan(0);
  // Those misfires executed without a veto on the Event Oracle: honest stake was taken.
  expect(await app.number(page.getByTestId('metric-over-slashed'))).toBeGreaterThan(0);
  await expect(page.getByTestId('metric-missed-slashes')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('metric-mev-captured')).toHaveCount(0);
  await page.screenshot({ path: path.join(out, 'channel-readouts.png') });

  await app.openUrl('/#preset=mev-censorship&seed=42&block=2000');
  await app.replayedTo(2000);
  expect(await app.number(page.getByTestId('metric-mev-captured'))).toBeGreaterThan(0);
  await expect(page.getByTestId('metric-mev-caught')).toHaveText(/^\d+$/);
  await expect(misfires).toHaveCount(0);

  await app.openUrl('/#preset=points-exit&seed=42&block=2500');
  await app.replayedTo(2500);
  expect(await app.number(page.getByTestId('metric-mercenary-exited'))).toBeGreaterThan(0);

  // oracle-cascade turns none of them on: the readouts row is as before.
  await app.choosePreset('oracle-cascade');
  await expect(misfires).toHaveCount(0);
  await expect(page.getByTestId('metric-mev-captured')).toHaveCount(0);
  await expect(page.getByTestId('metric-mercenary-exited')).toHaveCount(0);
  await expect(app.slashed).toBeVisible();
  expect(errors).toEqual([]);
});
