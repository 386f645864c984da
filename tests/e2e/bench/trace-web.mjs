// Main-thread cost per frame of the browser app while the default preset plays its cascade,
// from a Chrome trace (headless Debian Chromium against the built dist/). Unlike rAF gaps,
// thread CPU time does not grow when other processes take the machine's cores, so it says
// whether a frame's work fits in 16.7 ms on an idle machine.
//
//   E2E_PORT=8773 node tests/e2e/bench/trace-web.mjs [blocks/s, default 240] [seconds, default 4]
//
// Prints, per animation frame: main-thread CPU time (all tasks between two frame starts) p50 /
// p95 / max, and its split into script (rAF callbacks and microtasks: blocks, publish, effects,
// chart drawing), style and layout, paint and commit; and the layouts forced from script.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.DIST || path.resolve(here, '..', '..', '..', 'dist');
const speed = process.argv[2] || '240';
const secs = Number(process.argv[3] || 4);
const port = Number(process.env.E2E_PORT || 8772);
const url = `http://127.0.0.1:${port}/`;

let srv = null;
try {
  await fetch(url);
} catch {
  srv = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1000));
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(url);
await page.getByTestId('speed').selectOption(speed);
await page.getByTestId('fault-oracle').click();
await page.getByTestId('play').click();
// Into the cascade (the slash lands about 3,600 blocks after the fault).
await page.waitForFunction((b) => Number(document.querySelector('[data-testid=block-number]').textContent) > b, 3600, { timeout: 120_000 });
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink'] });
await page.waitForTimeout(secs * 1000);
const buf = await browser.stopTracing();
const block = await page.getByTestId('block-number').textContent();
await browser.close();
if (srv) srv.kill();

const ev = JSON.parse(buf.toString()).traceEvents;
const main = ev.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const xs = ev.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur);
const tasks = xs.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
const frames = xs.filter((e) => e.name === 'WebFrameWidgetImpl::BeginMainFrame').map((e) => e.ts).sort((a, b) => a - b);
const cpu = (e) => (e.tdur ?? e.dur) / 1000;
const within = (name) => xs.filter((e) => e.name === name);
const q = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN;
};
// Per frame: every task that starts between this frame's start and the next one's.
const perFrame = (list) => {
  const sums = new Array(Math.max(frames.length - 1, 0)).fill(0);
  let i = 0;
  for (const e of [...list].sort((a, b) => a.ts - b.ts)) {
    while (i + 1 < frames.length && e.ts >= frames[i + 1]) i++;
    if (i < sums.length && e.ts >= frames[0]) sums[i] += cpu(e);
  }
  return sums;
};
const total = perFrame(tasks);
const parts = {
  script: perFrame([...within('FireAnimationFrame'), ...within('RunMicrotasks'), ...within('TimerFire')]),
  'style+layout': perFrame([...within('UpdateLayoutTree'), ...within('Layout')]),
  'paint+commit': perFrame([...within('Paint'), ...within('PrePaint'), ...within('Layerize'), ...within('Commit')]),
};
const calls = xs.filter((e) => e.name === 'FunctionCall' || e.name === 'RunMicrotasks' || e.name === 'FireAnimationFrame');
const forced = within('Layout').filter((l) => calls.some((c) => c.ts <= l.ts && l.ts < c.ts + c.dur));
const f = (a) => `${q(a, 0.5).toFixed(1)} / ${q(a, 0.95).toFixed(1)} / ${Math.max(...a).toFixed(1)}`;
console.log(`${speed} blocks/s, ${secs} s into the cascade (block ${block}), ${total.length} frames (${(total.length / secs).toFixed(0)} per s)`);
console.log(`main-thread CPU per frame, ms (p50 / p95 / max): ${f(total)}`);
for (const [k, v] of Object.entries(parts)) console.log(`  ${k}: ${f(v)}`);
console.log(`layouts forced from script: ${forced.length} (${forced.reduce((s, e) => s + cpu(e), 0).toFixed(0)} ms CPU)`);
