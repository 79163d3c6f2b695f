// Shared set-up for the browser tests: a fresh server with demo data, and headless Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const binary = process.env.LAOWU_BIN ?? join(root, 'target', 'debug', 'laowu');
const siteRoot = join(root, 'target', 'site');

/**
 * Starts `laowu serve` on a free port with its own data directory and demo data;
 * `demoWorkers` also loads the searchable demo cast (server/src/seed_search.rs), and
 * `demoCounty` the county desk's demo on top of it (server/src/seed_county.rs); `site` serves
 * another copy of the bundle (the time-to-interactive benchmark).
 */
export async function startServer({ demoWorkers = false, demoCounty = false, site = siteRoot } = {}) {
  assert.ok(existsSync(binary), `${binary} is missing: run make test`);
  assert.ok(existsSync(join(site, 'pkg', 'laowu_bg.wasm')), 'the browser bundle is missing: run make bundle');
  const dataDir = mkdtempSync(join(tmpdir(), 'laowu-browser-'));
  const env = {
    ...process.env,
    LAOWU_BIND: '127.0.0.1:0',
    LAOWU_DATA_DIR: dataDir,
    LAOWU_DATABASE_URL: '',
    LAOWU_DEMO_DATA: 'true',
    LAOWU_DEMO_WORKERS: demoWorkers || demoCounty ? 'true' : 'false',
    LAOWU_DEMO_COUNTY: demoCounty ? 'true' : 'false',
    // The dashboard waits for figures read again after a change, however busy the machine.
    LAOWU_DASHBOARD_WAIT_MS: '600000',
    LAOWU_SITE_ROOT: site,
    LAOWU_LOG_LEVEL: 'warn',
  };
  const child = spawn(binary, ['serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
  return {
    url,
    /** Runs a `laowu` subcommand on the server's database; resolves with its output. */
    cli(args, input = '') {
      return new Promise((resolvePromise, reject) => {
        const run = spawn(binary, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        run.stdout.on('data', (chunk) => { out += chunk; });
        run.stderr.on('data', (chunk) => { out += chunk; });
        run.on('exit', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`laowu ${args[0]} failed (${code}): ${out}`))));
        run.stdin.end(input);
      });
    },
    stop() {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium from Debian, without background traffic to hosts we cannot reach. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Waits until the WebAssembly has hydrated the page (`hydrate()` marks the body). */
export async function waitForHydration(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
}

/**
 * Signs in through the login page, by default once its island has hydrated (the form then
 * posts in the background); `hydrated: false` for pages without JavaScript (the form posts and
 * redirects).
 */
export async function signIn(page, baseUrl, username, password, { hydrated = true } = {}) {
  await page.goto(baseUrl + '/login');
  if (hydrated) {
    await waitForHydration(page);
  }
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('[data-testid=whoami]');
}
