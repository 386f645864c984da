// End-to-end tests of the graph's zoom, pan and grouping, the inspector with aimed faults and
// live mitigations, compare mode and the timeline's jump back, in Debian Chromium.
import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { RestakePage } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const out = path.join(here, 'out');

/** The CLI's state hash after `blocks` blocks of `scenario` (see cascade.spec.mjs). */
function cliHash(scenario, blocks, seed = 42) {
  const args = ['run', '--scenario', scenario, '--blocks', String(blocks), '--seed', String(seed)];
  const bin = process.env.RESTAKE_BIN;
  const stdout = bin
    ? execFileSync(bin, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 })
    : execSync(`cargo run -q --release -p restake-cli --bin restake -- ${args.join(' ')}`, {
        cwd: root,
        encoding: 'utf8',
        timeout: 280_000,
        maxBuffer: 1 << 30,
      });
  return JSON.parse(stdout.trim().split('\n').pop()).state_hash;
}

/** "89,280 ETH" -> 89280 */
const num = (text) => parseFloat((text ?? '').replace(/[^0-9.\-]/g, ''));

test('zoom and pan the graph with buttons, the wheel and a drag', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  expect(await app.zoomTransform()).toBe('translate(0.0 0.0) scale(1.000)');
  await page.getByTestId('graph-zoom-in').click();
  await expect(app.graph).toHaveAttribute('data-zoom', '1.250');
  await page.getByTestId('graph-zoom-out').click();
  await page.getByTestId('graph-zoom-out').click();
  await expect(app.graph).toHaveAttribute('data-zoom', '0.800');

  // The wheel zooms around the pointer: the point under it stays put.
  await page.getByTestId('graph-zoom-reset').click();
  const box = await app.graph.boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await page.mouse.wheel(0, -300);
  await expect(app.graph).toHaveAttribute('data-zoom', '1.250');
  expect(await app.zoomTransform()).not.toContain('translate(0.0 0.0)');

  // A drag pans; the click that ends it selects nothing.
  await page.getByTestId('graph-zoom-reset').click();
  await page.mouse.move(box.x + 20, box.y + box.height - 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + box.height - 60, { steps: 5 });
  await page.mouse.up();
  const t = await app.zoomTransform();
  const [, tx, ty] = t.match(/translate\((-?[\d.]+) (-?[\d.]+)\)/).map(Number);
  expect(tx).toBeGreaterThan(50);
  expect(ty).toBeLessThan(-15);
  await expect(app.inspector).toHaveCount(0);

  // Nodes stay clickable when zoomed in.
  await page.getByTestId('graph-zoom-reset').click();
  await page.getByTestId('graph-zoom-in').click();
  await app.inspect(app.node('liquid restaking token'));
  await page.getByTestId('graph-zoom-reset').click();
  expect(await app.zoomTransform()).toBe('translate(0.0 0.0) scale(1.000)');
});

test('the smaller operators are grouped into one node that expands', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  const group = app.node('operator group');
  await expect(group).toHaveCount(1);
  const label = await group.getAttribute('data-node-label');
  const hidden = parseInt(label.match(/^(\d+) smaller operators$/)[1], 10);
  expect(hidden).toBeGreaterThanOrEqual(2);
  const shown = await page.locator('[data-testid=graph] [data-node-kind="operator"]').count();
  expect(shown).toBe(10);

  await group.locator('circle').last().click();
  await expect(app.node('operator group')).toHaveCount(0);
  await expect(page.locator('[data-testid=graph] [data-node-kind="operator"]')).toHaveCount(shown + hidden);
  await page.getByTestId('graph-group-toggle').click();
  await expect(app.node('operator group')).toHaveCount(1);
  await expect(page.locator('[data-testid=graph] [data-node-kind="operator"]')).toHaveCount(shown);
});

test('the inspector shows a node\'s numbers', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.step(2);

  // An operator: its stake matches the graph's status line; one allocation row per AVS.
  const op = app.node('operator', 0);
  const status = await op.locator('title').textContent();
  const stake = status.match(/([\d,]+) ETH delegated/)[1];
  await app.inspect(op);
  await expect(app.row('Delegated stake')).toHaveText(`${stake} ETH`);
  expect(num(await app.row(`From rsLRT`).textContent()) + num(await app.row('From native restakers').textContent()))
    .toBeCloseTo(num(stake), -1);
  expect(await app.inspector.locator('table tbody tr').count()).toBeGreaterThan(0);
  await expect(app.inspector.getByTestId('inspector-chart')).toBeVisible();

  // The LRT: NAV and price as the readouts show them.
  await app.inspect(app.node('liquid restaking token'));
  await expect(app.row('NAV')).toHaveText(`${await app.nav.textContent()} ETH per rsLRT`);
  await expect(app.row('Pool price')).toHaveText(`${await app.price.textContent()} ETH per rsLRT`);
  await expect(app.row('Withdrawals paused')).toHaveText('no');

  // The lending market: the health-factor histogram counts every open loan.
  await app.inspect(app.node('Aave-style lending market'));
  const open = num(await app.row('Loans open').textContent());
  expect(open).toBeGreaterThan(0);
  const counts = await app.inspector.locator('.histogram-count').allTextContents();
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(open);

  // An AVS: cost against profit of corruption.
  await app.inspect(app.node('oracle AVS'));
  expect(num(await app.row('Cost of corruption').textContent())).toBeGreaterThan(0);
  await expect(app.row('Secure')).toHaveText(/^(yes|no): cost/);

  // The figures follow the run while it is open.
  await app.inspect(app.node('operator', 0));
  await page.getByTestId('inspector-close').click();
  await expect(app.inspector).toHaveCount(0);
  await expect(app.error).toHaveCount(0);
});

test('aimed faults hit the chosen node with the chosen size', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();

  // Compromise one operator's keys: every AVS it runs requests a slash of it.
  const op = app.node('operator', 1);
  const name = await op.getAttribute('data-node-label');
  await app.inspect(op);
  await page.getByTestId('aim-kind').selectOption('key-compromise');
  await page.getByTestId('aim-fault').click();
  await app.step(1);
  await expect(app.eventLog).toContainText(`${name}'s keys are stolen`);
  // AVSs with a veto window wait; the others slash at once.
  const pending = num(await app.row('Pending slash requests').textContent());
  const slashed = num(await app.row('Slashed so far').textContent());
  expect(pending + slashed).toBeGreaterThan(0);
  await expect(op).toHaveAttribute('data-node-state', /^(at-risk|slashed)$/);

  // An oracle outlier of a chosen size on a chosen AVS.
  const avs = app.node('oracle AVS', 1);
  const avsName = await avs.getAttribute('data-node-label');
  await app.inspect(avs);
  await page.getByTestId('aim-kind').selectOption('oracle-outlier');
  await page.getByTestId('aim-size').fill('2500');
  await page.getByTestId('aim-fault').click();
  await app.step(1);
  await expect(app.eventLog).toContainText(`data source behind ${avsName} posted a price 25.0% off`);

  // A bad size is refused with a message and injects nothing.
  const block = await app.block.textContent();
  await page.getByTestId('aim-size').fill('0');
  await page.getByTestId('aim-fault').click();
  await expect(app.error).toContainText('between 1');
  await expect(app.block).toHaveText(block ?? '');

  // A whale sale of a chosen size from the LRT.
  await app.inspect(app.node('liquid restaking token'));
  await page.getByTestId('aim-size').fill('20000');
  await page.getByTestId('aim-fault').click();
  await app.step(3);
  await expect(app.eventLog).toContainText('A whale starts selling 20,000 rsLRT');
  expect(await app.number(app.price)).toBeLessThan(await app.number(app.nav));
});

test('mitigations are pulled live', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();

  await app.inspect(app.node('liquid restaking token'));
  await page.getByTestId('mitigation-pause-withdrawals').click();
  await app.step(1);
  await expect(app.row('Withdrawals paused')).toHaveText('yes');

  await app.inspect(app.node('Aave-style lending market'));
  await expect(app.row('Reserve')).toHaveText('active');
  await page.getByTestId('mitigation-size').fill('7000');
  await page.getByTestId('mitigation-threshold').click();
  await app.step(1);
  await expect(app.row('Liquidation threshold')).toHaveText('70.0%');
  await expect(app.row('Reserve')).toHaveText('frozen');
  await expect(app.eventLog).toContainText("lending market's governance acts");

  // The oracle AVS's veto committee off, then on again.
  await app.inspect(app.node('oracle AVS', 0));
  await expect(app.row('Veto committee')).toHaveText(/of \d+/);
  await page.getByTestId('mitigation-veto-off').click();
  await app.step(1);
  await expect(app.row('Veto committee')).toHaveText('none');
  await expect(page.getByTestId('mitigation-veto-on')).toBeVisible();
  await page.getByTestId('mitigation-veto-on').click();
  await app.step(1);
  await expect(app.row('Veto committee')).toHaveText(/of \d+/);
  await expect(app.error).toHaveCount(0);
});

/** Every node's label and centre, in drawing order. */
const positions = (page) =>
  page.locator('[data-testid=graph] [data-node-label]').evaluateAll((gs) =>
    gs.map((g) => {
      const c = g.querySelectorAll('circle');
      const last = c[c.length - 1];
      return `${g.getAttribute('data-node-label')}@${last.getAttribute('cx')},${last.getAttribute('cy')}`;
    }),
  );

test('losses flow along the edges while the cascade plays, and nodes stay put', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  const before = await positions(page);
  await expect(page.locator('[data-testid=graph] .edge.flowing')).toHaveCount(0);
  await app.fault();
  await app.speed.selectOption('1200');
  await app.play();
  await expect
    .poll(() => page.locator('[data-testid=graph] .edge.flowing').count(), { timeout: 90_000, intervals: [100] })
    .toBeGreaterThan(0);
  expect(await app.cssAnimations()).toBeGreaterThan(0);
  await app.pause();
  const flows = await page.locator('[data-testid=graph] .edge.flowing').evaluateAll((es) =>
    es.map((e) => [Number(e.getAttribute('data-flow-eth')), Number(e.getAttribute('stroke-width'))]),
  );
  expect(flows.length).toBeGreaterThan(0);
  expect(flows.every(([eth, width]) => eth >= 1 && width >= 0.8)).toBe(true);
  // The largest flow draws a line wider than any edge at rest (4.5 at most).
  expect(Math.max(...flows.map(([, w]) => w))).toBeGreaterThan(4.5);
  // Slashes and liquidations changed states and sizes, not places.
  expect(await app.nodesIn('slashed').count()).toBeGreaterThan(0);
  expect(await positions(page)).toEqual(before);
});

test('compare mode plays two runs in lock-step and states the difference', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new RestakePage(page);
  await app.open();
  await page.getByTestId('compare-open').click();
  await expect(app.compare).toBeVisible();
  await expect(app.graph).toBeHidden();
  await page.getByTestId('compare-lever').selectOption('slashing-model');
  await expect(page.getByTestId('compare-block')).toHaveText('0');
  await page.getByTestId('compare-play').click();
  await expect
    .poll(() => app.number(page.getByTestId('compare-block')), { timeout: 120_000, intervals: [200] })
    .toBeGreaterThan(4_200);
  await page.getByTestId('compare-pause').click();
  const block = await app.number(page.getByTestId('compare-block'));

  const a = await page.getByTestId('compare-hash-a').textContent();
  const b = await page.getByTestId('compare-hash-b').textContent();
  expect(a).toMatch(/^[0-9a-f]{32}$/);
  expect(b).toMatch(/^[0-9a-f]{32}$/);
  expect(a).not.toBe(b);
  // Run A is the preset as it is: the CLI reaches the same state at the same block.
  expect(a).toBe(cliHash('oracle-cascade', block));
  expect(b).toBe(cliHash('oracle-cascade-unique-stake', block));
  await expect(page.getByTestId('compare-sentence')).toHaveText(
    /^Unique stake slashed [\d,]+ ETH less and liquidated .* by block [\d,]+ \(against shared security\)/,
  );
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'compare.png') });

  // +100 blocks moves both runs together.
  await page.getByTestId('compare-step').click();
  await expect(page.getByTestId('compare-block')).toHaveText(String(block + 100));
  await page.getByTestId('compare-close').click();
  await expect(app.graph).toBeVisible();
  await expect(app.error).toHaveCount(0);
});

test('clicking an event goes back to its block with the same state', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new RestakePage(page);
  await app.open();

  // With an injected fault: back to the block of its first events, then compare with a
  // fresh run of the same commands.
  await app.step(5);
  await app.fault();
  await app.step(15);
  await page.getByTestId('log-tab-steps').click();
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('[data-step="1"]')).toContainText('Oracle disturbance');
  await timeline.locator('[data-step="1"] [data-testid=event-jump]').first().click();
  await expect(app.block).toHaveText('6');
  await expect(app.notice).toContainText('Back at block 6');
  const jumped = await app.stateHash.textContent();
  await page.getByTestId('reset').click();
  await app.step(5);
  await app.fault();
  await app.step(1);
  await expect(app.stateHash).toHaveText(jumped ?? '');

  // Without one: the scheduled cascade, back from block ~4,000 to an event's block, equals
  // the CLI's run to that block.
  await app.choosePreset('oracle-cascade');
  await app.speed.selectOption('1200');
  await app.playPast(4_000);
  const jump = timeline.locator('[data-step="4"] [data-testid=event-jump]').first();
  const target = Number(await jump.getAttribute('data-block'));
  expect(target).toBeGreaterThan(300);
  await jump.click();
  await expect(app.block).toHaveText(String(target));
  await expect(app.stateHash).toHaveText(cliHash('oracle-cascade', target));
  const ms = Number((await app.notice.textContent()).match(/in (\d+) ms/)[1]);
  console.log(`jump back to block ${target}: replayed in ${ms} ms`);
  await expect(app.eventLog.or(timeline)).toBeVisible();
});

test('screenshots of the inspector', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.fault();
  await app.speed.selectOption('1200');
  await app.playPast(4_000);
  await app.inspect(app.node('Aave-style lending market'));
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'inspector.png') });
});
