// Page object of the log panel (crates/app/src/views/timeline.rs `LogPanel`, event_log.rs): the
// cascade progress, the story strip, the newest-first log and the timeline by cascade step.
import { expect } from '@playwright/test';

export class LogView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.progress = page.getByTestId('cascade-progress');
    this.steps = this.progress.locator('[data-step-reached]');
    this.story = page.getByTestId('story');
    this.milestones = this.story.locator('[data-milestone]');
    this.latestTab = page.getByTestId('log-tab-latest');
    this.stepsTab = page.getByTestId('log-tab-steps');
    this.log = page.getByTestId('event-log');
    this.entries = this.log.locator('li');
    this.timeline = page.getByTestId('timeline');
    this.jumps = page.getByTestId('event-jump');
  }

  keyElements() {
    return [this.progress, this.latestTab, this.stepsTab, this.log];
  }

  /** Shows the timeline by cascade step. */
  async byStep() {
    await this.stepsTab.click();
    await expect(this.stepsTab).toHaveAttribute('aria-selected', 'true');
    await expect(this.timeline).toBeVisible();
  }
}
