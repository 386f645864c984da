// Page object of the playbook view, "Your stack under stress" (crates/app/src/views/playbook.rs
// with position_outcome_view.rs, alerts_view.rs, exit_view.rs, redflags_view.rs and
// position_mc_view.rs).
import { expect } from '@playwright/test';

export class PlaybookView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.openButton = page.getByTestId('playbook-open');
    this.root = page.getByTestId('playbook');
    this.edit = page.getByTestId('playbook-edit');
    this.close = page.getByTestId('playbook-close');
    this.empty = page.getByTestId('playbook-empty');
    this.outcome = page.getByTestId('position-outcome');
    this.startValue = page.getByTestId('position-start-value');
    this.endValue = page.getByTestId('position-end-value');
    this.lossByChannel = page.getByTestId('loss-by-channel');
    this.yieldStack = page.getByTestId('yield-stack');
    this.net = page.getByTestId('position-net');
    this.alerts = page.getByTestId('alerts');
    this.alertRows = page.getByTestId('alert-row');
    this.mockExit = page.getByTestId('mock-exit');
    this.exitRoutes = page.getByTestId('exit-route');
    this.exitDaysCalm = page.getByTestId('exit-days-normal');
    this.exitDaysStress = page.getByTestId('exit-days-stress');
    this.redFlags = page.getByTestId('red-flags');
    this.flags = page.getByTestId('red-flag');
    this.monteCarlo = new PositionMcView(page);
  }

  /** What a scenario with a position shows. */
  keyElements() {
    return [this.edit, this.close, this.outcome, this.startValue, this.endValue, this.lossByChannel, this.yieldStack, this.net, this.alerts, this.mockExit, this.redFlags, this.monteCarlo.root];
  }

  async open() {
    await this.openButton.click();
    await expect(this.root).toBeVisible();
  }
}

export class PositionMcView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('position-mc');
    this.seeds = page.getByTestId('pos-mc-seeds');
    this.blocks = page.getByTestId('pos-mc-blocks');
    this.start = page.getByTestId('pos-mc-start');
    this.cancel = page.getByTestId('pos-mc-cancel');
    this.progress = page.getByTestId('pos-mc-progress');
    this.count = page.getByTestId('pos-mc-count');
    this.status = page.getByTestId('pos-mc-status');
    this.net = page.getByTestId('pos-mc-net');
    this.channels = page.getByTestId('pos-mc-channels');
    this.yieldMedians = page.getByTestId('pos-mc-yield');
    this.chart = page.getByTestId('pos-mc-chart');
    this.cli = page.getByTestId('pos-mc-cli');
  }

  keyElements() {
    return [this.seeds, this.blocks, this.start, this.progress, this.count, this.net, this.channels, this.yieldMedians, this.chart];
  }

  /** The net loss `which` ("median", "p95", "worst"), ETH (NaN before a run). */
  async netLoss(which) {
    return parseFloat((await this.page.getByTestId(`pos-mc-net-${which}`).getAttribute('data-eth')) || 'NaN');
  }
}
