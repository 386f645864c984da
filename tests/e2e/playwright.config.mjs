// Playwright configuration for the browser end-to-end tests of restake-sim.
// Run from the repository root, after `trunk build --release` has written dist/:
//   npx playwright test -c tests/e2e/playwright.config.mjs
// It serves dist/ with Python's http.server and drives the machine's Debian Chromium (never a
// browser downloaded by Playwright).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
// E2E_PORT lets several checkouts run their browser tests at once without sharing a server.
const port = Number(process.env.E2E_PORT || 8765);

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs$/,
  outputDir: path.join(here, 'out', 'results'),
  timeout: 120_000,
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory dist`,
    url: `http://127.0.0.1:${port}/`,
    // The command's paths are relative to the repository root, not to this file.
    cwd: root,
    reuseExistingServer: true,
    timeout: 30_000,
    // python's http.server logs every request on stderr; that would drown the test report.
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
