// Component tests of each view through its page object (tests/e2e/pages/): the view renders its
// key elements, and one interaction changes what it shows. Each assertion can fail: a missing
// element, a control that does nothing, or a readout that does not follow the run.
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';
import { CHART_TABS } from './pages/index.mjs';

/** Opens the app at `url` (default: the default preset at block 0) and returns its views. */
async function open(page, url = '/') {
  const { app, errors } = watched(page);
  if (url === '/') await app.open();
  else await app.openUrl(url);
  return { app, v: app.views, errors };
}

/** Every locator in `locators` is visible. */
async function allVisible(locators) {
  for (const l of locators) await expect(l).toBeVisible();
}

test('controls: step runs one block, reset goes back to 0, a preset loads', async ({ page }) => {
  const { v, errors } = await open(page);
  await allVisible(v.controls.keyElements());
  await v.controls.step(2);
  await expect(v.readouts.block).toHaveText('2');
  await v.controls.reset();
  await expect(v.readouts.block).toHaveText('0');
  await v.controls.preset.selectOption('whale-exit');
  await expect(v.scenarioBar.name).toHaveText('whale-exit');
  expect(errors).toEqual([]);
});

test('readouts: every figure is a number and the state hash follows the run', async ({ page }) => {
  const { v, errors } = await open(page);
  await allVisible(v.readouts.keyElements());
  const price = await v.readouts.number(v.readouts.price);
  expect(price).toBeGreaterThan(0.9);
  expect(price).toBeLessThan(1.1);
  expect(await v.readouts.number(v.readouts.slashed)).toBe(0);
  const hash = await v.readouts.stateHash.textContent();
  expect(hash).toMatch(/^[0-9a-f]{32}$/);
  await v.controls.step();
  await expect(v.readouts.stateHash).not.toHaveText(hash ?? '');
  // No bridge exploit in this scenario: its boxes stay away.
  await expect(v.readouts.bridgeMinted).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('bridge readouts: shown while an exploit is scheduled, with its block', async ({ page }) => {
  const { v, errors } = await open(page, '/#preset=rseth-2026&seed=42');
  await allVisible([v.readouts.bridgeMinted, v.readouts.bridgePhase, v.readouts.lenderLoss, v.readouts.insolventDebt]);
  await expect(v.readouts.bridgePhase).toHaveText('at block 100');
  expect(await v.readouts.number(v.readouts.bridgeMinted)).toBe(0);
  await v.controls.step();
  await expect(v.readouts.block).toHaveText('1');
  await expect(v.readouts.bridgePhase).toHaveText('at block 100');
  expect(errors).toEqual([]);
});

test('fault menu: a family injected from the menu happens in the next block', async ({ page }) => {
  const { v, errors } = await open(page);
  await allVisible(v.faults.keyElements());
  expect(await v.faults.entries.count()).toBeGreaterThan(3);
  await v.faults.injectFamily('region outage');
  await v.controls.step(3);
  await expect(v.log.log).toContainText('Region outage');
  expect(errors).toEqual([]);
});

test('countdown: the veto window counts down block by block after the oracle fault', async ({ page }) => {
  const { app, v, errors } = await open(page);
  await expect(v.controls.countdown).toHaveCount(0);
  await v.faults.oracleButton.click();
  await app.play();
  await expect(v.controls.countdown).toContainText(/^veto window: \d+ h \d+ min left$/, { timeout: 30_000 });
  await app.pause();
  const left = Number(await v.controls.countdown.getAttribute('data-blocks-left'));
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThanOrEqual(3_600);
  await v.controls.step();
  await expect(v.controls.countdown).toHaveAttribute('data-blocks-left', String(left - 1));
  expect(errors).toEqual([]);
});

test('scenario bar: the library lists the presets and picking one restarts with it', async ({ page }) => {
  const { v, errors } = await open(page);
  await allVisible(v.scenarioBar.keyElements());
  await expect(v.scenarioBar.shareUrl).toHaveValue(/#preset=oracle-cascade&seed=42/);
  const library = await v.scenarioBar.openLibrary();
  expect(await library.items.count()).toBeGreaterThan(20);
  await expect(library.item('oracle-cascade')).toHaveClass(/current/);
  await library.pick('lp-flight');
  await expect(v.scenarioBar.name).toHaveText('lp-flight');
  await expect(v.scenarioBar.shareUrl).toHaveValue(/#preset=lp-flight&/);
  await expect(v.readouts.block).toHaveText('0');
  expect(errors).toEqual([]);
});

test('editor: a committed field restarts the run with an edited scenario', async ({ page }) => {
  const { v, errors } = await open(page);
  await v.controls.step(3);
  const hash = await v.readouts.stateHash.textContent();
  const editor = await v.scenarioBar.openEditor();
  await expect(editor.field('lending.ltv_bps')).toBeVisible();
  await expect(v.scenarioBar.custom).toHaveCount(0);
  await editor.edit('lending.ltv_bps', 7000);
  await expect(v.scenarioBar.custom).toBeVisible();
  await expect(v.readouts.block).toHaveText('0');
  await expect(v.readouts.stateHash).not.toHaveText(hash ?? '');
  await expect(editor.error).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('import network: the bundled snapshot loads as an edited scenario', async ({ page }) => {
  const { app, v, errors } = await open(page);
  const library = await v.scenarioBar.openLibrary();
  await allVisible(library.importNetwork.keyElements());
  const before = await v.graph.nodes.count();
  await library.importNetwork.snapshot.click();
  await expect(app.notice).toContainText('eigenlayer-2025 snapshot');
  await expect(v.scenarioBar.custom).toBeVisible();
  await expect.poll(() => v.graph.nodes.count()).not.toBe(before);
  expect(errors).toEqual([]);
});

test('graph: the network is drawn, and zoom buttons scale it', async ({ page }) => {
  const { v, errors } = await open(page);
  await allVisible(v.graph.keyElements());
  expect(await v.graph.nodes.count()).toBeGreaterThan(8);
  // Nothing slashed or failed before a fault (the thin loops start at risk).
  expect(await v.graph.nodesIn('healthy').count()).toBeGreaterThan(8);
  expect(await v.graph.nodesIn('slashed').count()).toBe(0);
  expect(await v.graph.nodesIn('failed').count()).toBe(0);
  await v.graph.zoomIn.click();
  await expect(v.graph.svg).toHaveAttribute('data-zoom', '1.250');
  expect(await v.graph.transform()).toContain('scale(1.250)');
  await v.graph.zoomReset.click();
  await expect(v.graph.svg).toHaveAttribute('data-zoom', '1.000');
  expect(errors).toEqual([]);
});

test('inspector: a clicked node shows its rows and chart, and closes', async ({ page }) => {
  const { v, errors } = await open(page);
  await expect(v.inspector.root).toHaveCount(0);
  const inspector = await v.graph.inspect(v.graph.node('operator'));
  await expect(inspector.chart).toBeVisible();
  expect(await inspector.root.locator('dd[data-row]').count()).toBeGreaterThan(2);
  await expect(inspector.aimFault).toBeVisible();
  await inspector.close.click();
  await expect(inspector.root).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('inspector: the loopers show the count of liquidated loans their graph node shows', async ({ page }) => {
  const { v, errors } = await open(page);
  const loopers = v.graph.nodeLabelled('Loopers');
  await expect(loopers.locator('title').first()).toContainText('0 liquidated');
  const inspector = await v.graph.inspect(loopers);
  await expect(inspector.row('Liquidated at least once')).toHaveText('0');
  expect(errors).toEqual([]);
});

test('chart tabs: each tab shows its own drawn canvas', async ({ page }) => {
  const { v, errors } = await open(page);
  await expect(v.charts.tabs).toBeVisible();
  await v.controls.step(3);
  for (const id of Object.keys(CHART_TABS).filter((t) => t !== 'monte-carlo')) {
    await v.charts.open(id);
    await expect(v.charts.canvas(id)).toBeVisible();
    await expect.poll(() => v.charts.inkedShare(id)).toBeGreaterThan(0.005);
  }
  await expect(v.charts.tab('price')).toHaveAttribute('aria-selected', 'false');
  expect(errors).toEqual([]);
});

test('monte carlo tab: ten seeds run to their histogram', async ({ page }) => {
  test.setTimeout(180_000);
  const { v, errors } = await open(page);
  await v.charts.open('monte-carlo');
  const mc = v.charts.monteCarlo;
  await allVisible(mc.keyElements());
  await mc.runs.selectOption('10');
  await mc.blocks.selectOption('1800');
  await mc.start.click();
  await expect(mc.result).toHaveAttribute('data-runs', '10', { timeout: 150_000 });
  await expect(mc.start).toBeVisible();
  await expect.poll(() => v.charts.inkedShare('monte-carlo')).toBeGreaterThan(0.02);
  expect(errors).toEqual([]);
});

test('log: the fault is narrated, reaches step 1, and the timeline jumps back', async ({ page }) => {
  const { app, v, errors } = await open(page);
  await allVisible(v.log.keyElements());
  await expect(v.log.steps.first()).toHaveAttribute('data-step-reached', 'false');
  await app.step(2);
  await v.faults.oracleButton.click();
  await app.step(3);
  expect(await v.log.entries.count()).toBeGreaterThan(0);
  await expect(v.log.steps.first()).toHaveAttribute('data-step-reached', 'true');
  await v.log.byStep();
  const jump = v.log.jumps.first();
  const block = await jump.getAttribute('data-block');
  await jump.click();
  await expect(v.readouts.block).toHaveText(block ?? '');
  expect(errors).toEqual([]);
});

test('compare: both runs start at block 0 and step together', async ({ page }) => {
  const { app, v, errors } = await open(page);
  await v.compare.open();
  await allVisible(v.compare.keyElements());
  await expect(app.graph).toBeHidden();
  expect(await v.compare.outcome(0)).toEqual({ Slashed: '0 ETH', 'Loops liquidated': '0', 'Bad debt': '0 ETH' });
  await v.compare.step.click();
  await expect(v.compare.block).toHaveText('100');
  const [a, b] = [await v.compare.hashA.textContent(), await v.compare.hashB.textContent()];
  expect(a).toMatch(/^[0-9a-f]{32}$/);
  expect(b).toMatch(/^[0-9a-f]{32}$/);
  expect(a).not.toBe(b);
  await v.compare.close.click();
  await expect(app.graph).toBeVisible();
  expect(errors).toEqual([]);
});

test('playbook: a placed position shows its stack, and edits go back with undo', async ({ page }) => {
  const { v, errors } = await open(page, '/#preset=path-lrt&seed=42');
  await v.playbook.open();
  await allVisible(v.playbook.keyElements());
  expect(await v.playbook.flags.count()).toBe(6);
  expect(await v.playbook.exitRoutes.count()).toBeGreaterThan(0);
  await v.playbook.edit.click();
  const form = v.positionForm;
  await allVisible(form.keyElements());
  const field = form.field('position.liquid_eth');
  const loaded = await field.inputValue();
  await form.fill('position.liquid_eth', '123');
  await expect(field).toHaveValue('123');
  await form.undo.click();
  await expect(field).toHaveValue(loaded);
  expect(errors).toEqual([]);
});

test('playbook: a scenario without a position says so; closing shows the network', async ({ page }) => {
  const { app, v, errors } = await open(page);
  await v.playbook.open();
  await expect(v.playbook.empty).toBeVisible();
  await expect(v.playbook.outcome).toHaveCount(0);
  await v.playbook.close.click();
  await expect(app.graph).toBeVisible();
  expect(errors).toEqual([]);
});

test('position monte carlo: two seeds give the net loss tails', async ({ page }) => {
  test.setTimeout(180_000);
  const { v, errors } = await open(page, '/#preset=path-lrt&seed=42');
  await v.playbook.open();
  const mc = v.playbook.monteCarlo;
  await allVisible(mc.keyElements());
  expect(await mc.netLoss('median')).toBeNaN();
  await mc.seeds.fill('2');
  await mc.blocks.selectOption('1800');
  await mc.start.click();
  await expect(mc.count).toHaveText('2/2', { timeout: 150_000 });
  expect(await mc.netLoss('median')).not.toBeNaN();
  await expect(mc.cli).toContainText('restake position');
  expect(errors).toEqual([]);
});

test('lesson: the column opens on a chapter, records a prediction and moves on', async ({ page }) => {
  const { v, errors } = await open(page);
  await v.lesson.open();
  await allVisible(v.lesson.keyElements());
  await expect(v.lesson.run).toBeDisabled();
  await v.lesson.choices.first().check();
  await expect(v.lesson.root).toHaveAttribute('data-prediction', '0');
  await expect(v.lesson.run).toBeEnabled();
  const first = await v.lesson.chapter();
  await v.lesson.next.click();
  await expect.poll(() => v.lesson.chapter()).not.toBe(first);
  await v.lesson.close.click();
  await expect(v.lesson.root).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('shortcut help: the ? button opens it and Close hides it', async ({ page }) => {
  const { v, errors } = await open(page);
  await expect(v.shortcuts.root).toHaveCount(0);
  await v.shortcuts.openButton.click();
  await expect(v.shortcuts.root).toBeVisible();
  await expect(v.shortcuts.root).toContainText('play or pause');
  await v.shortcuts.close.click();
  await expect(v.shortcuts.root).toHaveCount(0);
  expect(errors).toEqual([]);
});
