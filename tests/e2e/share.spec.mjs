// End-to-end tests of the scenario tools and sharing: the scenario library, the editor's
// refusals, scenario import and export, share links, presenter mode and its shortcuts, data and
// chart exports, the panic panel, and the Content-Security-Policy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { cliHash, cliPresets, cliScenario } from './cli.mjs';
import { RestakePage } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');

/** Writes `text` to a fresh temporary file called `name` and returns its path. */
function tempFile(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restake-e2e-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test('the scenario library lists every preset; picking one rebuilds the run', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.step(3);
  const before = await app.stateHash.textContent();

  await page.getByTestId('open-library').click();
  await expect(app.picker).toBeVisible();
  await expect(page.getByTestId('close-drawer')).toBeFocused();
  const items = app.picker.locator('li');
  expect(await items.evaluateAll((li) => li.map((l) => l.dataset.preset))).toEqual(cliPresets());
  for (const item of await items.all()) {
    expect(((await item.locator('.library-description').textContent()) ?? '').length).toBeGreaterThan(40);
    await expect(item.locator('.library-lever')).toContainText(/Lever to try: \S+/);
  }
  await expect(app.picker.locator('li.current')).toHaveAttribute('data-preset', 'oracle-cascade');

  await page.getByTestId('pick-whale-exit').click();
  await expect(app.picker).toBeHidden();
  await expect(app.block).toHaveText('0');
  await expect(app.preset).toHaveValue('whale-exit');
  await expect(app.scenarioName).toHaveText('whale-exit');
  await expect(app.custom).toHaveCount(0);
  await app.step(3);
  await expect(app.stateHash).not.toHaveText(before ?? '');
  await expect(app.stateHash).toHaveText(cliHash('whale-exit', 3, 42));
});

test('the editor refuses an invalid value with its reason and keeps the run', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.step(2);
  const hash = await app.stateHash.textContent();

  // Every group of parameters is there, each field with a label and a unit or range.
  await page.getByTestId('open-editor').click();
  await expect(app.editor).toBeVisible();
  for (const group of ['Scenario', 'LRT', 'Pool', 'Lending', 'Operators', 'AVSs', 'Agents', 'Faults']) {
    await expect(app.editor.locator('summary', { hasText: new RegExp(`^${group}$`) })).toHaveCount(1);
  }
  const ltv = app.editor.locator('label.ed-field', { has: page.locator('[data-path="lending.ltv_bps"]') });
  await expect(ltv).toContainText('Max LTV');
  await expect(ltv).toContainText('bps');
  await expect(ltv).toContainText('liquidation threshold');
  expect(await app.editor.locator('[data-path^="operators["][data-path$="].lrt_delegation_eth"]').count()).toBe(14);

  // Above the liquidation threshold: the engine's reason, with the field's path.
  await app.edit('lending.ltv_bps', 9900);
  await expect(app.editorError).toContainText('lending.ltv_bps');
  await expect(app.editorError).toContainText('liquidation_threshold_bps');
  await expect(await app.editorField('lending.ltv_bps')).toHaveAttribute('aria-invalid', 'true');
  await expect(await app.editorField('pool.amp')).toHaveAttribute('aria-invalid', 'false');
  await expect(app.error).toContainText('last good scenario stays loaded');
  await expect(app.block).toHaveText('2');
  await expect(app.stateHash).toHaveText(hash ?? '');
  await expect(app.custom).toHaveCount(0);

  // Not a number at all.
  await app.edit('pool.amp', 'lots');
  await expect(app.editorError).toHaveText("pool.amp: 'lots' is not a whole number of 0 or more");
  await expect(app.stateHash).toHaveText(hash ?? '');

  // A fraction out of range.
  await app.edit('stakers.sell_fraction', '1.5');
  await expect(app.editorError).toContainText('stakers.sell_fraction');
  await expect(app.stateHash).toHaveText(hash ?? '');

  // A valid value is loaded: block 0, marked edited, and the CLI agrees on the exported file.
  await app.edit('pool.amp', 25);
  await expect(app.editorError).toHaveCount(0);
  await expect(app.error).toHaveCount(0);
  await expect(await app.editorField('pool.amp')).toHaveAttribute('aria-invalid', 'false');
  await expect(app.block).toHaveText('0');
  await expect(app.custom).toBeVisible();
  await expect(await app.editorField('pool.amp')).toHaveValue('25');
  await page.keyboard.press('Escape');
  await expect(app.editor).toBeHidden();
  await app.step(4);
  const { body } = await app.download('export-scenario');
  expect(JSON.parse(body).pool.amp).toBe(25);
  await expect(app.stateHash).toHaveText(cliHash(tempFile('edited.json', body), 4, 42));
});

test('export, re-import: the same state hash; a malformed file is refused with its field', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.edit('lrt.withdrawal_delay_blocks', 7200);
  await expect(app.custom).toBeVisible();
  await page.getByTestId('close-drawer').click();
  const { name, body } = await app.download('export-scenario');
  expect(name).toMatch(/^restake-oracle-cascade-seed42-block0\.json$/);
  expect(JSON.parse(body).lrt.withdrawal_delay_blocks).toBe(7200);
  await app.fault();
  await app.step(12);
  const edited = await app.stateHash.textContent();

  await app.choosePreset('oracle-cascade');
  await expect(app.custom).toHaveCount(0);
  const file = tempFile(name, body);
  await app.importInput.setInputFiles(file);
  await expect(app.notice).toContainText(`Imported "${name}"`);
  await expect(app.custom).toBeVisible();
  await expect(app.block).toHaveText('0');
  await app.fault();
  await app.step(12);
  await expect(app.stateHash).toHaveText(edited ?? '');

  // Malformed: a wrong type deep inside, then text that is not JSON. Nothing changes.
  const bad = JSON.parse(body);
  bad.lrt.symbol = 5;
  await app.importInput.setInputFiles(tempFile('bad.json', JSON.stringify(bad)));
  await expect(app.error).toContainText('Cannot import "bad.json": lrt.symbol: invalid type: integer `5`');
  await expect(app.error).toContainText('last good scenario stays loaded');
  await expect(app.block).toHaveText('12');
  await expect(app.stateHash).toHaveText(edited ?? '');
  await app.importInput.setInputFiles(tempFile('broken.json', '{"name": "x",'));
  await expect(app.error).toContainText('Cannot import "broken.json"');
  await expect(app.error).toContainText('EOF');
  await expect(app.stateHash).toHaveText(edited ?? '');
});

test('a share link replays the same run to the same block and state hash', async ({ page, context }) => {
  const app = new RestakePage(page);
  await app.open();
  // An edited scenario, a fault injected at block 3, then about a thousand blocks.
  await app.edit('pool.eth_liquidity_eth', 30000);
  await page.getByTestId('close-drawer').click();
  await app.step(3);
  await app.fault();
  await app.speed.selectOption('1200');
  await app.playPast(900);
  await app.step(1);
  const block = await app.block.textContent();
  const hash = await app.stateHash.textContent();
  const link = await app.shareUrl.inputValue();
  expect(link).toMatch(/#scenario=[\w-]+&seed=42&block=\d+&faults=[\w-]+$/);
  expect(link).toContain(`block=${block}`);

  const other = new RestakePage(await context.newPage());
  await other.openUrl(link);
  await other.replayedTo(block);
  await expect(other.stateHash).toHaveText(hash ?? '');
  await expect(other.custom).toBeVisible();
  await expect(other.shareUrl).toHaveValue(link);
  await other.page.close();

  // A readable preset link, pasted into the open tab, matches the CLI.
  await page.evaluate(() => { window.location.hash = 'preset=whale-exit&seed=7&block=25'; });
  await app.replayedTo('25');
  await expect(app.preset).toHaveValue('whale-exit');
  await expect(app.stateHash).toHaveText(cliHash('whale-exit', 25, 7));
  await expect(app.shareUrl).toHaveValue(/#preset=whale-exit&seed=7&block=25$/);
});

test('a tampered share link shows why and loads the default preset', async ({ page }) => {
  const app = new RestakePage(page);
  for (const [hash, reason] of [
    ['#preset=oracle-cascade&seed=42&block=5&faults=garbage', 'faults:'],
    ['#scenario=AAAA&seed=1', 'scenario:'],
    ['#preset=no-such-preset', "unknown preset 'no-such-preset'"],
    ['#preset=oracle-cascade&block=x', 'block:'],
  ]) {
    await app.openUrl(`/${hash}`);
    await expect(app.error).toContainText('This share link could not be read');
    await expect(app.error).toContainText(reason);
    await expect(app.block).toHaveText('0');
    await expect(app.preset).toHaveValue('oracle-cascade');
    await expect(app.scenarioName).toHaveText('oracle-cascade');
    await app.step(1);
    await expect(app.block).toHaveText('1');
  }
});

test('presenter mode: large type, shortcuts and their help overlay', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  const size = () => app.block.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const normal = await size();
  await expect(app.help).toBeHidden();

  await page.getByTestId('presenter').click();
  await expect(page.locator('.app')).toHaveClass(/\bpresenter\b/);
  await expect(page.getByTestId('presenter')).toHaveAttribute('aria-pressed', 'true');
  expect(await size()).toBeGreaterThan(normal * 1.2);
  // The overlay opens with presenter mode and lists every shortcut.
  await expect(app.help).toBeVisible();
  await expect(app.help).toBeInViewport();
  for (const key of ['Space', '→', 'R', 'F', '?']) {
    await expect(app.help.locator('kbd', { hasText: new RegExp(`^${key.replace('?', '\\?')}$`) })).toHaveCount(1);
  }
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'presenter-help.png') });
  await page.keyboard.press('?');
  await expect(app.help).toBeHidden();
  await page.keyboard.press('?');
  await expect(app.help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(app.help).toBeHidden();

  await page.keyboard.press('ArrowRight');
  await expect(app.block).toHaveText('1');
  await page.keyboard.press('f');
  await page.keyboard.press('ArrowRight');
  await expect(app.eventLog).toContainText('Step 1');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('pause')).toBeVisible();
  await expect.poll(() => app.number(app.block)).toBeGreaterThan(2);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play')).toBeVisible();
  await page.keyboard.press('r');
  await expect(app.block).toHaveText('0');
  await expect(app.eventLog).not.toContainText('Step 1');

  // A cascade on screen for the README's picture, then presenter mode off with P.
  await app.fault();
  await app.speed.selectOption('1200');
  await app.playPast(5_000);
  await page.screenshot({ path: path.join(out, 'presenter.png') });
  await page.keyboard.press('p');
  await expect(page.locator('.app')).not.toHaveClass(/\bpresenter\b/);
});

test('CSV, JSON and PNG exports hold the run', async ({ page }) => {
  const app = new RestakePage(page);
  await app.open();
  await app.fault();
  await app.step(5);

  const csv = await app.download('export-csv');
  expect(csv.name).toBe('restake-oracle-cascade-seed42-block5.csv');
  const lines = csv.body.trim().split('\n');
  expect(lines).toHaveLength(7); // header and blocks 0 to 5
  const header = lines[0].split(',');
  expect(header.slice(0, 5)).toEqual(['block', 'lrt_price', 'lrt_nav', 'discount', 'slashed_wei']);
  expect(header).toContain('liquidations');
  expect(lines.map((l) => l.split(',')[0])).toEqual(['block', '0', '1', '2', '3', '4', '5']);
  expect(lines.every((l) => l.split(',').length === header.length)).toBe(true);

  const json = await app.download('export-json');
  expect(json.name).toBe('restake-oracle-cascade-seed42-block5-metrics.json');
  const rows = JSON.parse(json.body);
  expect(rows).toHaveLength(6);
  expect(rows[5].block).toBe(5);
  expect(rows[5].lrt_price).toBeCloseTo(await app.number(app.price), 4);

  const png = await app.download('export-png', { binary: true });
  expect(png.name).toBe('restake-oracle-cascade-seed42-block5-price-nav.png');
  expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.body.readUInt32BE(16);
  expect(width).toBeGreaterThan(300);
});

test('a panic shows the panic panel and its reset loads the default preset', async ({ page }) => {
  const app = new RestakePage(page);
  await page.goto('/#panic-test');
  const panel = page.getByTestId('panic-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('The simulator stopped');
  await expect(panel).toContainText('deliberate panic');
  await expect(page.locator('.boot-error')).toHaveCount(0);
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, 'panic.png') });

  await page.getByTestId('panic-reset').click();
  await expect(app.block).toHaveText('0');
  await expect(panel).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('');
  await app.step(1);
  await expect(app.block).toHaveText('1');

  // A panic in a running app (the link pasted into an open tab): the panel covers the app.
  await page.evaluate(() => { window.location.hash = 'panic-test'; });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('deliberate panic');
  await expect(page.getByTestId('panic-reset')).toBeInViewport();
  await page.getByTestId('panic-reset').click();
  await expect(panel).toHaveCount(0);
  await expect(app.block).toHaveText('0');
});

test('scenarios that used to crash the engine are refused with their field and the run stays', async ({ page }) => {
  // The fuzz finds of tests/regressions/ (overflows and memory bombs), imported as files.
  const dir = path.join(here, '..', 'regressions');
  const cases = {
    'total-active-balance-overflow.json': 'consensus.total_active_balance_eth',
    'network-share-sum-overflow.json': 'network_share_bps',
    'looper-hf-max-overflow.json': 'loopers.hf_max',
    'arbitrageur-count-memory-bomb.json': 'arbitrageurs.count',
    'veto-members-time-bomb.json': 'veto.members',
  };
  const app = new RestakePage(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await app.open();
  await app.step(3);
  const hash = await app.stateHash.textContent();
  for (const [file, field] of Object.entries(cases)) {
    const text = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).scenario_text;
    await app.importInput.setInputFiles(tempFile(file, text));
    await expect(app.error).toContainText(`Cannot import "${file}"`);
    await expect(app.error).toContainText(field);
    await expect(app.block).toHaveText('3');
    await expect(app.stateHash).toHaveText(hash ?? '');
  }
  await expect(page.getByTestId('panic-panel')).toHaveCount(0);
  await app.step(1);
  await expect(app.block).toHaveText('4');
  expect(errors).toEqual([]);
});

test('the Content-Security-Policy holds with no violation, and user text stays text', async ({ page }) => {
  const violations = [];
  const problems = [];
  const dialogs = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportViolation(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });

  const app = new RestakePage(page);
  await app.open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  // Inline style attributes only (the graph and the inspector set some); never inline scripts.
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).not.toMatch(/style-src [^;]*unsafe-inline/);
  // Use every view once: run, library, editor, presenter, exports.
  await app.fault();
  await app.step(3);
  await page.getByTestId('open-library').click();
  await page.getByTestId('open-editor').click();
  await expect(app.editor).toBeVisible();
  await page.getByTestId('close-drawer').click();
  await page.getByTestId('presenter').click();
  await page.keyboard.press('Escape');
  await page.getByTestId('presenter').click();
  await app.download('export-csv');
  await app.download('export-png', { binary: true });

  // A scenario whose name and first operator's name are HTML.
  const evil = '<img src=x onerror=alert(1)>';
  const scenario = cliScenario('oracle-cascade');
  scenario.name = evil;
  scenario.description = `${evil} in the description`;
  scenario.operators[0].name = evil;
  await app.importInput.setInputFiles(tempFile('evil.json', JSON.stringify(scenario)));
  await expect(app.scenarioName).toHaveText(evil);
  await expect(app.graph).toContainText(evil);
  await expect(app.eventLog).toContainText(evil);
  await page.getByTestId('open-editor').click();
  await expect(await app.editorField('operators[0].name')).toHaveValue(evil);
  await app.step(2);
  expect(await page.locator('img').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(violations).toEqual([]);
  expect(problems).toEqual([]);

  // The policy is enforced: an inline script is blocked and reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.body.append(s);
  });
  await expect.poll(() => violations.length).toBe(1);
  expect(violations[0]).toMatch(/^script-src/);
  expect(await page.evaluate(() => window.inlineRan)).toBeUndefined();
});
