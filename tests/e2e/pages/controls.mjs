// Page object of the run controls (crates/app/src/views/controls.rs) and the fault button and
// menu in the masthead (controls.rs `FaultControl`, fault_menu.rs).
import { expect } from '@playwright/test';

export class ControlsView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.playButton = page.getByTestId('play');
    this.pauseButton = page.getByTestId('pause');
    this.stepButton = page.getByTestId('step');
    this.resetButton = page.getByTestId('reset');
    this.nextEvent = page.getByTestId('next-event');
    this.speed = page.getByTestId('speed');
    this.seed = page.getByTestId('seed');
    this.preset = page.getByTestId('preset');
    this.autoPace = page.getByTestId('auto-pace');
    this.countdown = page.getByTestId('countdown');
  }

  /** Every control the bar always shows. */
  keyElements() {
    return [this.playButton, this.stepButton, this.resetButton, this.nextEvent, this.speed, this.seed, this.preset, this.autoPace];
  }

  async step(times = 1) {
    for (let i = 0; i < times; i++) await this.stepButton.click();
  }

  async reset() {
    await this.resetButton.click();
  }
}

export class FaultView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.oracleButton = page.getByTestId('fault-oracle');
    this.scheduled = page.getByTestId('scheduled-fault');
    this.menu = page.getByTestId('fault-menu');
    this.inject = page.getByTestId('fault-inject');
    /** The menu's entries a scenario offers (not the disabled "not offered here" one). */
    this.entries = this.menu.locator('option:not([disabled])');
    this.unavailable = this.menu.locator('option[data-unavailable]');
  }

  keyElements() {
    return [this.oracleButton, this.menu, this.inject];
  }

  /** Picks the entry of `family` ("region outage", ...) and injects it into the next block. */
  async injectFamily(family) {
    await this.menu.selectOption(family);
    await expect(this.menu).toHaveValue(family);
    await this.inject.click();
  }
}
