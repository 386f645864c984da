// Responsiveness budgets of the browser app, measured in headless Debian Chromium against the
// built dist/ (run by scripts/bench-web.sh; not part of the e2e pass).
//
//   first render   navigation start -> the network graph's first node in the DOM (ms)
//   frame p95      95th percentile of requestAnimationFrame gaps while the default preset
//                  plays, from the page's own rAF timestamps (ms), at 240 and 1,200 blocks/s
//   app work       the app's own time per frame (blocks + publish), and the frame's main-thread
//                  time including effects, style, layout and paint (p95, ms)
//   largest preset the preset with the most agents and operators, playing at 1,200 blocks/s:
//                  frame p95, and a click on a node -> the next frame with the inspector (ms)
//   jump back      a click on the newest event: back to the last checkpoint at or before its
//                  block and forward to it (ms, blocks)
//   wasm gzip      the page's module (dist/restake-app-*_bg.wasm) compressed with gzip -9
//                  (bytes), and the Monte Carlo worker's (dist/restake-worker-HASH_bg.wasm, fetched
//                  only when Monte Carlo runs start)
//
// Prints a Markdown table and writes it to the file named by BENCH_OUT if set.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const dist = path.join(root, 'dist');
const port = Number(process.env.E2E_PORT || 8772);
const url = `http://127.0.0.1:${port}/`;
const cli = process.env.RESTAKE_BIN || path.join(root, 'target', 'release', 'restake');

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] : NaN;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/** The preset with the most operators, holders and loopers (from the CLI's scenario files). */
function largestPreset() {
  const names = execFileSync(cli, ['presets'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^[a-z0-9]/.test(l))
    .map((l) => l.trim());
  let best = null;
  for (const name of names) {
    const s = JSON.parse(execFileSync(cli, ['scenario', name], { encoding: 'utf8' }));
    const size = s.operators.length + s.avss.length + s.stakers.count + s.loopers.count + s.arbitrageurs.count;
    if (!best || size > best.size) best = { name, size };
  }
  return best;
}

/** Records every rAF timestamp in window.__frames, and when the graph's first node appears. */
const instrument = () => {
  window.__frames = [];
  window.__restakeWork = [];
  // Main-thread time of each frame including style, layout and paint: from the start of the
  // frame's animation callbacks to a message posted then, which runs after the frame is drawn.
  window.__busy = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => window.__busy.push(performance.now() - e.data);
  const tick = (t) => {
    window.__frames.push(t);
    channel.port2.postMessage(performance.now());
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const seen = () => document.querySelector('[data-testid=graph] [data-node-state]');
  const obs = new MutationObserver(() => {
    if (window.__firstRender === undefined && seen()) {
      window.__firstRender = performance.now();
      obs.disconnect();
    }
  });
  obs.observe(document, { childList: true, subtree: true });
};

async function framesWhile(page, ms) {
  const [start, wstart, bstart] = await page.evaluate(() => [
    window.__frames.length,
    window.__restakeWork.length,
    window.__busy.length,
  ]);
  await page.waitForTimeout(ms);
  const [t, work, busy] = await page.evaluate(
    ([k, j, b]) => [window.__frames.slice(k), window.__restakeWork.slice(j), window.__busy.slice(b)],
    [start, wstart, bstart],
  );
  const gaps = t.slice(1).map((x, i) => x - t[i]);
  const total = work.map(([b, p]) => b + p);
  const publish = work.map(([, p]) => p);
  const hashed = work.filter((w) => w[3]).map(([, p]) => p);
  return {
    p95: p95(gaps),
    median: median(gaps),
    frames: gaps.length,
    work: p95(total),
    publish: p95(publish),
    hashPublish: median(hashed),
    blocks: work.reduce((a, w) => a + w[2], 0),
    busy: p95(busy),
  };
}
const workText = (f) =>
  `${f.work.toFixed(1)} (publish p95 ${f.publish.toFixed(1)}, with hash median ${f.hashPublish.toFixed(1)}; ${f.blocks} blocks); with rendering p95 ${f.busy.toFixed(1)}`;

async function server() {
  try {
    await fetch(url);
    return null;
  } catch {
    const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        await fetch(url);
        return child;
      } catch {}
    }
    throw new Error('the static server did not start');
  }
}

const rows = [];
const row = (what, value, target) => {
  rows.push(`| ${what} | ${value} | ${target} |`);
  console.error(`${what}: ${value}`);
};

const srv = await server();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(instrument);

  // First render, three loads (the first warms the HTTP cache like a second visit would not).
  const renders = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(url);
    await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 30_000 });
    renders.push(await page.evaluate(() => window.__firstRender));
  }
  row('first render, default preset (ms; 3 loads: first / median)', `${renders[0].toFixed(0)} / ${median(renders).toFixed(0)}`, '< 1000');

  // Frame times while the default preset plays through its cascade.
  await page.getByTestId('fault-oracle').click();
  await page.getByTestId('play').click();
  const slow = await framesWhile(page, 8_000);
  row('frame p95 playing oracle-cascade at 240 blocks/s (ms; median, frames)', `${slow.p95.toFixed(1)} (${slow.median.toFixed(1)}, ${slow.frames})`, '< 16');
  await page.getByTestId('speed').selectOption('1200');
  const fast = await framesWhile(page, 8_000);
  const reached = await page.getByTestId('block-number').textContent();
  row(`frame p95 at 1,200 blocks/s, through block ${reached} (ms; median, frames)`, `${fast.p95.toFixed(1)} (${fast.median.toFixed(1)}, ${fast.frames})`, '< 16');
  row('app work per frame p95 at 240 blocks/s (ms: blocks + publish)', workText(slow), '< 16');
  row('app work per frame p95 at 1,200 blocks/s (ms)', workText(fast), '< 16');
  await page.getByTestId('pause').click();

  // Jump back: the newest event's block, from the last checkpoint before it.
  const jump = page.locator('[data-testid=event-log] [data-testid=event-jump]').first();
  const target = await jump.getAttribute('data-block');
  await jump.click();
  const notice = await page.getByTestId('notice').textContent();
  const [, from, ms] = notice.match(/checkpoint at block ([\d,]+) .* in (\d+) ms/);
  row(`jump back to block ${target} (forward from the checkpoint at block ${from}, ms)`, ms, 'reported');

  // The largest preset stays interactive while playing at full speed.
  const big = largestPreset();
  await page.getByTestId('preset').selectOption(big.name);
  await page.getByTestId('speed').selectOption('1200');
  await page.getByTestId('play').click();
  await page.waitForTimeout(1_000);
  const bigFrames = await framesWhile(page, 6_000);
  const clickMs = await page.evaluate(() => {
    const node = document.querySelector('[data-testid=graph] [data-node-kind="operator"] circle');
    const t0 = performance.now();
    node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return new Promise((resolve) =>
      requestAnimationFrame(() => resolve([performance.now() - t0, !!document.querySelector('[data-testid=inspector]')])),
    );
  });
  await page.getByTestId('pause').click();
  row(`largest preset (${big.name}) at 1,200 blocks/s: frame p95 (ms; median)`, `${bigFrames.p95.toFixed(1)} (${bigFrames.median.toFixed(1)})`, '< 16');
  row(`largest preset: app work per frame p95 (ms)`, workText(bigFrames), '< 16');
  row(`largest preset: click on a node -> next frame, inspector open (ms)`, `${clickMs[0].toFixed(1)} (${clickMs[1] ? 'open' : 'NOT open'})`, '< 100');
} finally {
  await browser.close();
  if (srv) srv.kill();
}

const sizes = (wasm) => {
  const raw = fs.readFileSync(path.join(dist, wasm));
  const gz = zlib.gzipSync(raw, { level: 9 });
  return `${raw.length.toLocaleString('en')} / ${gz.length.toLocaleString('en')}`;
};
const wasms = fs.readdirSync(dist).filter((f) => f.endsWith('.wasm'));
row('page wasm size raw / gzip -9 (bytes)', sizes(wasms.find((f) => f.startsWith('restake-app'))), 'gzip <= 500,000');
row('Monte Carlo worker wasm size raw / gzip -9 (bytes)', sizes(wasms.find((f) => f.startsWith('restake-worker'))), '(loaded when runs start)');

const table = ['| measure | value | target |', '|---|---|---|', ...rows].join('\n');
console.log(table);
if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, table + '\n');
