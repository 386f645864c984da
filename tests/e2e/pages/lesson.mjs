// Page objects of the lesson column (crates/app/src/views/lesson_view.rs) and the keyboard
// shortcut help (shortcuts.rs).
import { expect } from '@playwright/test';

export class LessonView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.openButton = page.getByTestId('open-lesson');
    this.root = page.getByTestId('lesson');
    this.title = page.getByTestId('lesson-title');
    this.progress = page.getByTestId('lesson-progress');
    this.lever = page.getByTestId('lesson-lever');
    this.predict = page.getByTestId('lesson-predict');
    this.choices = this.predict.locator('input[type=radio]');
    this.run = page.getByTestId('lesson-run');
    this.skip = page.getByTestId('lesson-skip');
    this.explain = page.getByTestId('lesson-explain');
    this.next = page.getByTestId('lesson-next');
    this.back = page.getByTestId('lesson-back');
    this.close = page.getByTestId('lesson-close');
  }

  keyElements() {
    return [this.title, this.progress, this.lever, this.predict, this.run, this.next, this.close];
  }

  async open() {
    await this.openButton.click();
    await expect(this.root).toBeVisible();
  }

  /** The chapter's slug (`data-chapter`). */
  async chapter() {
    return this.root.getAttribute('data-chapter');
  }
}

export class ShortcutsView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.openButton = page.getByTestId('open-help');
    this.root = page.getByTestId('shortcuts-help');
    this.close = page.getByTestId('shortcuts-close');
  }
}
