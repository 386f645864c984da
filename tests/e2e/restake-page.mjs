// Page object for the restake-sim app: every selector the end-to-end tests use lives here,
// so a change of markup touches one file.
import { expect } from '@playwright/test';
import { views } from './pages/index.mjs';
import { inkedShare } from './pages/charts.mjs';

/** The app on `page`, and the console errors, undrawn charts and page errors it reports. */
export function watched(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.text().includes('chart not drawn')) errors.push(msg.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { app: new RestakePage(page), errors };
}

export class RestakePage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    /** One page object per view (tests/e2e/pages/): `this.views.compare.open()`, ... */
    this.views = views(page);
    const { readouts, graph } = this.views;
    this.block = readouts.block;
    this.price = readouts.price;
    this.nav = readouts.nav;
    this.slashed = readouts.slashed;
    this.liquidations = readouts.liquidations;
    this.badDebt = readouts.badDebt;
    this.stateHash = readouts.stateHash;
    this.graph = graph.svg;
    this.graphNodes = graph.nodes;
    this.chart = page.getByTestId('chart');
    this.eventLog = page.getByTestId('event-log');
    this.progress = page.getByTestId('cascade-progress');
    this.error = page.getByTestId('error');
    this.seed = page.getByTestId('seed');
    this.preset = page.getByTestId('preset');
    this.speed = page.getByTestId('speed');
    this.faultMenu = page.getByTestId('fault-menu');
    this.faultInject = page.getByTestId('fault-inject');
    this.networkSlack = readouts.networkSlack;
    this.finality = readouts.finality;
    this.beaconPenalties = readouts.beaconPenalties;
    this.inspector = page.getByTestId('inspector');
    this.compare = page.getByTestId('compare');
    this.notice = page.getByTestId('notice');
    this.shareUrl = page.getByTestId('share-url');
    this.scenarioName = page.getByTestId('scenario-name');
    this.custom = page.getByTestId('scenario-custom');
    this.picker = page.getByTestId('scenario-picker');
    this.editor = page.getByTestId('scenario-editor');
    this.editorError = page.getByTestId('editor-error');
    this.importInput = page.getByTestId('import-scenario');
    this.importNetworkFiles = page.getByTestId('import-network-files');
    this.importSummary = page.getByTestId('import-summary');
    this.importSkipped = page.getByTestId('import-skipped');
    this.importError = page.getByTestId('import-error');
    this.help = page.getByTestId('shortcuts-help');
    this.monteCarlo = page.getByTestId('monte-carlo');
    this.mcResult = page.getByTestId('mc-result');
    this.mcChart = page.getByTestId('monte-carlo-chart');
  }

  /** Opens the "My position" drawer (if closed) and returns its form. */
  async openPositionForm() {
    const form = this.page.getByTestId('position-form');
    if (!(await form.isVisible())) {
      if (!(await this.page.getByTestId('playbook').isVisible())) await this.openPlaybook();
      await this.page.getByTestId('playbook-edit').click();
    }
    await expect(form).toBeVisible();
    return form;
  }

  /** The position form's control for the field at JSON path `path` (e.g. "position.liquid_eth"). */
  async positionField(path) {
    const form = await this.openPositionForm();
    return form.locator(`[data-path="${path}"]`);
  }

  /** Types `value` into the position form's field at `path` (without applying). */
  async fillPosition(path, value) {
    await (await this.positionField(path)).fill(String(value));
  }

  /** Presses "Apply position". */
  async applyPosition() {
    await this.page.getByTestId('position-apply').click();
  }

  /** Shows the playbook view ("My stack") in place of the graph. */
  async openPlaybook() {
    await this.page.getByTestId('playbook-open').click();
    await expect(this.page.getByTestId('playbook')).toBeVisible();
  }

  /** Opens the chart tab `id` ("price", "markets", "avs", "hf", "losses", "yield", "insurance", "leverage", "monte-carlo"). */
  async chartTab(id) {
    const tab = this.page.getByTestId(`chart-tab-${id}`);
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  /** Share of the canvas `testid`'s pixels that are not white (0 for a blank canvas). */
  async inkedShare(testid) {
    return inkedShare(this.page.getByTestId(testid));
  }

  /** Runs the Monte Carlo panel with `runs` seeds to `toBlock` for `metric` (leaves it running). */
  async startMonteCarlo({ runs, toBlock, metric }) {
    await this.chartTab('monte-carlo');
    await this.page.getByTestId('mc-runs').selectOption(String(runs));
    await this.page.getByTestId('mc-blocks').selectOption(String(toBlock));
    await this.page.getByTestId('mc-metric').selectOption(metric);
    await this.page.getByTestId('mc-start').click();
  }

  /**
   * Runs the playbook's position Monte Carlo with `seeds` seeds to `toBlock` (leaves it
   * running); the playbook view must be open.
   */
  async startPositionMonteCarlo({ seeds, toBlock }) {
    await this.page.getByTestId('pos-mc-seeds').fill(String(seeds));
    await this.page.getByTestId('pos-mc-blocks').selectOption(String(toBlock));
    await this.page.getByTestId('pos-mc-start').click();
  }

  /** The position Monte Carlo's net loss `which` ("median", "p95", "worst"), ETH (NaN before a run). */
  async positionNetLoss(which) {
    return parseFloat((await this.page.getByTestId(`pos-mc-net-${which}`).getAttribute('data-eth')) || 'NaN');
  }

  /** The graph node of `kind` (its `data-node-kind`, e.g. "operator"), the `n`th of that kind. */
  node(kind, n = 0) {
    return this.views.graph.node(kind, n);
  }

  /** The graph node labelled `label`. */
  nodeLabelled(label) {
    return this.views.graph.nodeLabelled(label);
  }

  /** Clicks a graph node (its circle) and waits for the inspector to show it. */
  async inspect(node) {
    await this.views.graph.inspect(node);
  }

  /** The value of the inspector's row `label` ("Delegated stake", ...). */
  row(label) {
    return this.inspector.locator(`dd[data-row="${label}"]`);
  }

  /** The zoom layer's transform attribute. */
  async zoomTransform() {
    return this.views.graph.transform();
  }

  /** Opens `url` (e.g. a share link) and waits until the app shows a drawn network. */
  async openUrl(url) {
    await this.page.goto(url);
    await expect(this.graphNodes.first()).toBeVisible();
  }

  /** The editor's control for the scenario field at `path` (e.g. "lending.ltv_bps"), opening the editor first. */
  async editorField(path) {
    if (!(await this.editor.isVisible())) {
      await this.page.getByTestId('open-editor').click();
    }
    return this.editor.locator(`[data-path="${path}"]`);
  }

  /** Types `value` into the editor's field at `path` and commits it with Enter. */
  async edit(path, value) {
    const field = await this.editorField(path);
    await field.fill(String(value));
    await field.press('Enter');
  }

  /** Clicks the element with `testid` and returns the download's file name and text (or bytes with `binary`). */
  async download(testid, { binary = false } = {}) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId(testid).click(),
    ]);
    const file = await download.path();
    const fs = await import('node:fs');
    return { name: download.suggestedFilename(), file, body: binary ? fs.readFileSync(file) : fs.readFileSync(file, 'utf8') };
  }

  /** Waits until a replayed share link has reached `block`. */
  async replayedTo(block) {
    await expect(this.block).toHaveText(String(block), { timeout: 60_000 });
    await expect(this.notice).toContainText('Replayed the shared run');
  }

  /** Opens the app and waits until it shows block 0 with a drawn network. */
  async open() {
    await this.page.goto('/');
    await expect(this.block).toHaveText('0');
    await expect(this.graphNodes.first()).toBeVisible();
  }

  async number(locator) {
    return parseFloat((await locator.textContent()) ?? 'NaN');
  }

  async step(times = 1) {
    for (let i = 0; i < times; i++) {
      await this.page.getByTestId('step').click();
    }
  }

  async fault() {
    await this.page.getByTestId('fault-oracle').click();
  }

  /** Loads preset `name` (the run resets to block 0). */
  async choosePreset(name) {
    await this.preset.selectOption(name);
    await expect(this.block).toHaveText('0');
  }

  /** Picks the fault-menu entry of `family` (a `Fault::family()` name, e.g. "region outage") and injects it. */
  async injectFromMenu(family) {
    await this.faultMenu.selectOption(family);
    await this.faultInject.click();
  }

  /** Plays until the block number passes `block`, then pauses. */
  async playPast(block, timeout = 90_000) {
    await this.play();
    await expect
      .poll(() => this.number(this.block), { timeout, intervals: [100] })
      .toBeGreaterThan(block);
    await this.pause();
  }

  async play() {
    await this.page.getByTestId('play').click();
    await expect(this.page.getByTestId('pause')).toBeVisible();
  }

  async pause() {
    await this.page.getByTestId('pause').click();
    await expect(this.page.getByTestId('play')).toBeVisible();
  }

  /** AVS nodes of the graph whose cost of corruption is (`true`) or is not (`false`) at least their profit. */
  avsNodes(secure) {
    return this.page.locator(`[data-testid=graph] [data-avs-secure="${secure}"]`);
  }

  /** Number of CSS animations running on the page (the moving dashes of loss edges). */
  async cssAnimations() {
    return this.page.evaluate(() => document.getAnimations().filter((a) => a instanceof CSSAnimation).length);
  }

  /** Nodes of the network graph drawn in `state` ("healthy", "at-risk", "slashed", "failed"). */
  nodesIn(state) {
    return this.views.graph.nodesIn(state);
  }
}
