// Page object for the restake-sim app: every selector the end-to-end tests use lives here,
// so a change of markup touches one file.
import { expect } from '@playwright/test';

export class RestakePage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.block = page.getByTestId('block-number');
    this.price = page.getByTestId('metric-lrt-price');
    this.nav = page.getByTestId('metric-nav');
    this.slashed = page.getByTestId('metric-slashed');
    this.liquidations = page.getByTestId('metric-liquidations');
    this.badDebt = page.getByTestId('metric-bad-debt');
    this.stateHash = page.getByTestId('state-hash');
    this.graph = page.getByTestId('graph');
    this.graphNodes = page.locator('[data-testid=graph] [data-node-state]');
    this.chart = page.getByTestId('chart');
    this.eventLog = page.getByTestId('event-log');
    this.progress = page.getByTestId('cascade-progress');
    this.error = page.getByTestId('error');
    this.seed = page.getByTestId('seed');
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

  async play() {
    await this.page.getByTestId('play').click();
    await expect(this.page.getByTestId('pause')).toBeVisible();
  }

  async pause() {
    await this.page.getByTestId('pause').click();
    await expect(this.page.getByTestId('play')).toBeVisible();
  }

  /** Nodes of the network graph drawn in `state` ("healthy", "at-risk", "slashed", "failed"). */
  nodesIn(state) {
    return this.page.locator(`[data-testid=graph] [data-node-state="${state}"]`);
  }
}
