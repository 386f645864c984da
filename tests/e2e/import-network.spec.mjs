// End-to-end test of "Import network" in the library (crates/app/src/import_network.rs): two
// EigenExplorer responses picked at once through the file input, the report of unused rows,
// the imported network played, its state hash equal to the CLI's on the scenario the app
// exports (native = WebAssembly), the same network as `restake import` builds, and a share link
// that carries it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { cliHash, cliImport, root } from './cli.mjs';
import { watched } from './restake-page.mjs';

const fixtures = path.join(root, 'crates/cli/tests/fixtures/import');
const files = ['eigenexplorer/operators.json', 'eigenexplorer/avs.json'].map((f) => path.join(fixtures, f));

test('import a network from several files, read the report, play it and share it', async ({ page, context }) => {
  const { app, errors } = watched(page);
  await app.open();
  await page.getByTestId('open-library').click();
  await app.importNetworkFiles.setInputFiles(files);

  await expect(app.importSummary).toContainText('Imported 5 operators and 3 AVSs');
  await expect(app.importSummary).toContainText('operators.json (EigenExplorer operators)');
  await expect(app.importSummary).toContainText('avs.json (EigenExplorer AVSs)');
  await expect(app.importSkipped).toHaveCount(6);
  await expect(app.importSkipped.filter({ hasText: "avs.json:row 4: skipped: AVS 'Lonely AVS' has no operators" })).toHaveCount(1);
  await expect(app.importSkipped.filter({ hasText: 'operators.json:row 2 avsRegistrations[2]: skipped: registration with AVS' })).toHaveCount(1);
  await page.screenshot({ path: path.join(root, 'tests/e2e/out/import-network.png') });
  await expect(app.custom).toBeVisible();
  await expect(app.scenarioName).toHaveText('imported from operators.json, avs.json');
  await expect(app.block).toHaveText('0');

  // The same network as the command line imports from the same files.
  await page.getByTestId('close-drawer').click();
  const { body } = await app.download('export-scenario');
  const exported = JSON.parse(body);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restake-e2e-import-'));
  const cli = cliImport(files.flatMap((f) => ['--file', f]), path.join(dir, 'cli.json'));
  expect(exported.operators).toEqual(cli.operators);
  expect(exported.avss).toEqual(cli.avss);

  // It plays, past the template's oracle fault at block 300 (the slash waits out the veto
  // window, to block 3,900), and its hash is the CLI's.
  await app.speed.selectOption('1200');
  await app.playPast(320);
  await app.step(1);
  const block = Number(await app.block.textContent());
  expect(block).toBeGreaterThan(320);
  const scenarioFile = path.join(dir, 'app.json');
  fs.writeFileSync(scenarioFile, body);
  const hash = await app.stateHash.textContent();
  expect(hash).toBe(cliHash(scenarioFile, block, 42));

  // The share link carries the imported scenario: a new tab replays it to the same hash.
  const link = await app.shareUrl.inputValue();
  expect(link).toMatch(/#scenario=[\w-]+&seed=42&block=\d+/);
  const other = watched(await context.newPage()).app;
  await other.openUrl(link);
  await other.replayedTo(block);
  await expect(other.stateHash).toHaveText(hash ?? '');
  await expect(other.scenarioName).toHaveText('imported from operators.json, avs.json');
  await other.page.close();
  expect(errors).toEqual([]);
});

test('the bundled eigenlayer-2025 snapshot loads from the library and matches the CLI', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  await page.getByTestId('open-library').click();
  await page.getByTestId('load-eigenlayer-2025').click();
  await expect(app.scenarioName).toHaveText('eigenlayer-2025');
  await expect(app.custom).toBeVisible();
  await page.getByTestId('close-drawer').click();
  await app.step(3);
  await expect(app.stateHash).toHaveText(cliHash(path.join(root, 'scenarios/eigenlayer-2025.json'), 3, 42));
  await page.screenshot({ path: path.join(root, 'tests/e2e/out/eigenlayer-2025.png') });
  expect(errors).toEqual([]);
});

test('a file that is not an export is refused, naming it, and the run stays', async ({ page }) => {
  const { app } = watched(page);
  await app.open();
  await page.getByTestId('open-library').click();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restake-e2e-import-'));
  const notes = path.join(dir, 'notes.csv');
  fs.writeFileSync(notes, 'a,b\n1,2\n');
  await app.importNetworkFiles.setInputFiles([files[0], notes]);
  await expect(app.importError).toContainText("'notes.csv': not a known export");
  await expect(app.scenarioName).toHaveText('oracle-cascade');
});
