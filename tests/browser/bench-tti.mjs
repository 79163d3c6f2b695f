// Time to interactive of the search page on a throttled phone connection, in headless Chromium:
// `make bench-tti`. Not a test (node --test skips it): it prints figures for the issue notes.
//
// Profile: Lighthouse's mobile throttling ("slow 4G"): 150 ms round trip, 1.6 Mbit/s down,
// 750 kbit/s up, the CPU slowed 4×. Each run starts with an empty cache. The page counts as
// interactive when the WebAssembly has hydrated it (`body[data-hydrated]`). The same runs are
// made against a copy of the bundle without its precompressed files, to show what they save.
import { cpSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, launchBrowser, signIn } from './support.mjs';

const RUNS = Number(process.env.TTI_RUNS ?? 3);
const PROFILE = {
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
  cpuSlowdown: 4,
};
const PAGE = '/search?q=%E5%8E%A8%E5%B8%88'; // 厨师

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(label, site) {
  const server = await startServer({ demoWorkers: true, site });
  const browser = await launchBrowser();
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i += 1) {
      const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
      const page = await context.newPage();
      await signIn(page, server.url, 'jingweilou', 'laowu-employer-2026', { hydrated: false });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: PROFILE.latency,
        downloadThroughput: PROFILE.downloadThroughput,
        uploadThroughput: PROFILE.uploadThroughput,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpuSlowdown });
      let bytes = 0;
      cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
      await page.goto(server.url + PAGE, { waitUntil: 'commit' });
      const interactive = await page.waitForFunction(
        () => document.body?.dataset.hydrated === 'true' && performance.now(),
        null,
        { timeout: 180_000, polling: 50 },
      );
      const timings = await page.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        return { fcp: paint ? paint.startTime : NaN, html: nav ? nav.responseEnd : NaN };
      });
      runs.push({ ...timings, tti: await interactive.jsonValue(), bytes });
      await context.close();
    }
  } finally {
    await browser.close();
    server.stop();
  }
  const ms = (v) => `${Math.round(v)} ms`;
  console.log(`${label}: over ${RUNS} runs, median HTML ${ms(median(runs.map((r) => r.html)))}, ` +
    `first contentful paint ${ms(median(runs.map((r) => r.fcp)))}, ` +
    `interactive ${ms(median(runs.map((r) => r.tti)))} ` +
    `(${(median(runs.map((r) => r.bytes)) / 1024).toFixed(0)} KiB transferred); ` +
    `each run: ${runs.map((r) => ms(r.tti)).join(', ')}`);
}

const shipped = resolve(import.meta.dirname, '..', '..', 'target', 'site');
console.log(`search page ${PAGE}, 390×800, RTT ${PROFILE.latency} ms, ` +
  `${(PROFILE.downloadThroughput * 8 / 1024 / 1024).toFixed(1)} Mbit/s down, CPU ${PROFILE.cpuSlowdown}× slower`);
await measure('bundle as shipped (precompressed)', shipped);
const plain = mkdtempSync(join(tmpdir(), 'laowu-site-'));
cpSync(shipped, plain, { recursive: true });
for (const file of readdirSync(join(plain, 'pkg'))) {
  if (file.endsWith('.gz') || file.endsWith('.br')) rmSync(join(plain, 'pkg', file));
}
await measure('bundle without precompressed copies', plain);
rmSync(plain, { recursive: true, force: true });
