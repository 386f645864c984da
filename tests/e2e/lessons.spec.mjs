// Lessons (issue 16): five guided chapters opened from the toolbar and from #lesson=NAME; each
// records the student's prediction, runs to the moment that answers it and explains it with
// the run's numbers. The screenshots of each chapter go to docs/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watched } from './restake-page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, '..', '..', 'docs');

const CHAPTERS = ['shared-security', 'liquidity-spiral', 'lender-oracle', 'unique-stake', 'ezeth-2024'];

for (const [i, slug] of CHAPTERS.entries()) {
  test(`lesson ${i + 1} (${slug}) records the prediction and runs to its explanation`, async ({ page }) => {
    const { app, errors } = watched(page);
    // Wide enough that the app beside the lesson column keeps its wide layout.
    await page.setViewportSize({ width: 1680, height: 945 });
    await app.openUrl(`/#lesson=${slug}`);
    const lesson = page.getByTestId('lesson');
    await expect(lesson).toHaveAttribute('data-chapter', slug);
    await expect(lesson.getByTestId('lesson-progress')).toHaveAttribute('aria-label', `Chapter ${i + 1} of 5`);
    // No run before a prediction.
    await expect(page.getByTestId('lesson-run')).toBeDisabled();
    const choices = page.getByTestId('lesson-predict').locator('input[type=radio]');
    expect(await choices.count()).toBeGreaterThanOrEqual(3);
    await choices.nth(1).check();
    await expect(lesson).toHaveAttribute('data-prediction', '1');
    await page.getByTestId('lesson-run').click();
    await expect(lesson).toHaveAttribute('data-phase', 'running');
    await page.getByTestId('lesson-skip').click();
    const explain = page.getByTestId('lesson-explain');
    await expect(explain).toBeVisible({ timeout: 60_000 });
    await expect(lesson).toHaveAttribute('data-phase', 'explained');
    // The verdict names the prediction, the numbers name the block the run stopped at.
    await expect(explain).toContainText(/You predicted|Your prediction was right/);
    const block = await app.number(app.block);
    expect(block).toBeGreaterThan(0);
    await expect(explain).toContainText(`By block ${block.toLocaleString('en-US')}`);
    await expect(app.block).toHaveText(String(block));
    fs.mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: path.join(docs, `lesson-${i + 1}-${slug}.png`) });
    expect(errors).toEqual([]);
  });
}

test('a lesson opens from the toolbar; next, back, progress and the chapter link work', async ({ page }) => {
  const { app, errors } = watched(page);
  await app.open();
  await page.getByTestId('open-lesson').click();
  const lesson = page.getByTestId('lesson');
  await expect(lesson).toHaveAttribute('data-chapter', CHAPTERS[0]);
  await expect(page.getByTestId('lesson-back')).toBeDisabled();
  await page.getByTestId('lesson-next').click();
  await expect(lesson).toHaveAttribute('data-chapter', CHAPTERS[1]);
  await expect(page.getByTestId('lesson-link')).toHaveAttribute('href', `#lesson=${CHAPTERS[1]}`);
  await page.getByTestId('lesson-back').click();
  await expect(lesson).toHaveAttribute('data-chapter', CHAPTERS[0]);
  // A prediction made in chapter 1 is kept when the student goes on and comes back.
  await page.getByTestId('lesson-predict').locator('input[type=radio]').first().check();
  await page.getByTestId('lesson-chapter-link').nth(4).click();
  await expect(lesson).toHaveAttribute('data-chapter', CHAPTERS[4]);
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
  await page.getByTestId('lesson-chapter-link').nth(0).click();
  await expect(lesson).toHaveAttribute('data-chapter', CHAPTERS[0]);
  await expect(lesson).toHaveAttribute('data-prediction', '0');
  expect(errors).toEqual([]);
});

test('a lesson run plays paced to its moment and pauses there (unique stake)', async ({ page }) => {
  test.setTimeout(180_000);
  const { app, errors } = watched(page);
  await app.openUrl('/#lesson=unique-stake');
  await page.getByTestId('lesson-lever').locator('input[type=radio]').nth(1).check();
  await page.getByTestId('lesson-predict').locator('input[type=radio]').first().check();
  await page.getByTestId('lesson-run').click();
  await expect(app.scenarioName).toHaveText('oracle-cascade-unique-stake');
  const explain = page.getByTestId('lesson-explain');
  await expect(explain).toBeVisible({ timeout: 150_000 });
  await expect(explain).toContainText('Your prediction was right');
  await expect(page.getByTestId('play')).toBeVisible();
  await expect(page.locator('[data-testid=story] [data-milestone=slash]')).toBeVisible();
  expect(errors).toEqual([]);
});
