// Page object of compare mode (crates/app/src/views/compare.rs): two runs that differ in one
// lever, played in lock-step.
import { expect } from '@playwright/test';

export class CompareView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.openButton = page.getByTestId('compare-open');
    this.root = page.getByTestId('compare');
    this.lever = page.getByTestId('compare-lever');
    this.play = page.getByTestId('compare-play');
    this.pause = page.getByTestId('compare-pause');
    this.step = page.getByTestId('compare-step');
    this.reset = page.getByTestId('compare-reset');
    this.block = page.getByTestId('compare-block');
    this.close = page.getByTestId('compare-close');
    this.sentence = page.getByTestId('compare-sentence');
    this.hashA = page.getByTestId('compare-hash-a');
    this.hashB = page.getByTestId('compare-hash-b');
    this.sides = this.root.locator('.compare-side');
    this.charts = ['compare-chart-price', 'compare-chart-slashed', 'compare-chart-liquidations'].map((id) => page.getByTestId(id));
  }

  keyElements() {
    return [this.lever, this.play, this.step, this.reset, this.block, this.close, this.sentence, this.hashA, this.hashB, ...this.charts];
  }

  /** Opens compare mode (pausing the main run) at block 0. */
  async open() {
    await this.openButton.click();
    await expect(this.root).toBeVisible();
    await expect(this.block).toHaveText('0');
  }

  /** The values of side `k` (0: run A, 1: run B) as {Slashed, "Loops liquidated", "Bad debt"}. */
  async outcome(k) {
    const side = this.sides.nth(k);
    const keys = await side.locator('dt').allTextContents();
    const values = await side.locator('dd').allTextContents();
    return Object.fromEntries(keys.map((key, i) => [key, values[i]]));
  }
}
