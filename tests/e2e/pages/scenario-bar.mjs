// Page objects of the scenario bar (crates/app/src/views/toolbar.rs) and the drawer it opens:
// the library (library.rs) with "Import network" (import_network.rs), the scenario editor
// (editor.rs) and the position form (position_form.rs).
import { expect } from '@playwright/test';

export class ScenarioBarView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.name = page.getByTestId('scenario-name');
    this.custom = page.getByTestId('scenario-custom');
    this.libraryButton = page.getByTestId('open-library');
    this.editorButton = page.getByTestId('open-editor');
    this.importScenario = page.getByTestId('import-scenario');
    this.exportScenario = page.getByTestId('export-scenario');
    this.shareUrl = page.getByTestId('share-url');
    this.copyShareUrl = page.getByTestId('copy-share-url');
    this.exportCsv = page.getByTestId('export-csv');
    this.exportJson = page.getByTestId('export-json');
    this.lessonButton = page.getByTestId('open-lesson');
    this.presenterButton = page.getByTestId('presenter');
    this.helpButton = page.getByTestId('open-help');
    this.closeDrawer = page.getByTestId('close-drawer');
  }

  keyElements() {
    return [this.name, this.libraryButton, this.editorButton, this.exportScenario, this.shareUrl, this.copyShareUrl, this.exportCsv, this.exportJson, this.lessonButton, this.presenterButton, this.helpButton];
  }

  /** Opens the library drawer and returns its view. */
  async openLibrary() {
    await this.libraryButton.click();
    await expect(this.libraryButton).toHaveAttribute('aria-pressed', 'true');
    const library = new LibraryView(this.page);
    await expect(library.root).toBeVisible();
    return library;
  }

  /** Opens the editor drawer and returns its view. */
  async openEditor() {
    await this.editorButton.click();
    await expect(this.editorButton).toHaveAttribute('aria-pressed', 'true');
    const editor = new EditorView(this.page);
    await expect(editor.root).toBeVisible();
    return editor;
  }
}

export class LibraryView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('scenario-picker');
    this.items = this.root.locator('.library-item');
    this.importNetwork = new ImportNetworkView(page);
  }

  /** The library entry of preset `name`. */
  item(name) {
    return this.root.locator(`.library-item[data-preset="${name}"]`);
  }

  /** Picks preset `name` (the run restarts at block 0). */
  async pick(name) {
    await this.page.getByTestId(`pick-${name}`).click();
  }
}

export class ImportNetworkView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('import-network');
    this.snapshot = page.getByTestId('load-eigenlayer-2025');
    this.ethPrice = page.getByTestId('import-eth-price');
    this.files = page.getByTestId('import-network-files');
    this.summary = page.getByTestId('import-summary');
    this.skipped = page.getByTestId('import-skipped');
    this.error = page.getByTestId('import-error');
  }

  keyElements() {
    return [this.root, this.snapshot, this.ethPrice];
  }

  /** Picks `files` ({name, mimeType, buffer} or paths) in the file input at once. */
  async choose(files) {
    await this.files.setInputFiles(files);
  }
}

export class EditorView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('scenario-editor');
    this.error = page.getByTestId('editor-error');
  }

  /** The control of the scenario field at JSON path `path` ("lending.ltv_bps"). */
  field(path) {
    return this.root.locator(`[data-path="${path}"]`);
  }

  /** Types `value` into the field at `path` and commits it with Enter. */
  async edit(path, value) {
    const f = this.field(path);
    await f.fill(String(value));
    await f.press('Enter');
  }
}

export class PositionFormView {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('position-form');
    this.apply = page.getByTestId('position-apply');
    this.undo = page.getByTestId('position-reset');
    this.remove = page.getByTestId('position-remove');
    this.exportJson = page.getByTestId('position-export');
    this.importJson = page.getByTestId('position-import');
    this.error = page.getByTestId('position-error');
  }

  keyElements() {
    return [this.root, this.apply, this.undo, this.exportJson];
  }

  /** The control of the position field at JSON path `path` ("position.liquid_eth"). */
  field(path) {
    return this.root.locator(`[data-path="${path}"]`);
  }

  async fill(path, value) {
    await this.field(path).fill(String(value));
  }
}
