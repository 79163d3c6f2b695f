// Headless-Chromium smoke tests: the home page renders, the login form works before the
// WebAssembly loads (plain POST + redirect) and after it (no reload), and the page hydrates.
//
// Needs target/debug/laowu and the bundle in target/site (both built by `make test`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const binary = process.env.LAOWU_BIN ?? join(root, 'target', 'debug', 'laowu');
const siteRoot = join(root, 'target', 'site');

let server;
let baseUrl;
let browser;
let dataDir;

function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), 'laowu-browser-'));
  server = spawn(binary, ['serve'], {
    env: {
      ...process.env,
      LAOWU_BIND: '127.0.0.1:0',
      LAOWU_DATA_DIR: dataDir,
      LAOWU_DATABASE_URL: '',
      LAOWU_DEMO_DATA: 'true',
      LAOWU_SITE_ROOT: siteRoot,
      LAOWU_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

before(async () => {
  assert.ok(existsSync(binary), `${binary} is missing: run make test`);
  assert.ok(existsSync(join(siteRoot, 'pkg', 'laowu_bg.wasm')), 'the browser bundle is missing: run make bundle');
  baseUrl = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // No sandbox as root; no background traffic to hosts this machine cannot reach.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until the WebAssembly has hydrated the page (`hydrate()` marks the body). */
async function waitForHydration(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
}

/** Waits until the password field has the given type (DOM updates follow the click). */
async function passwordTypeBecomes(page, type) {
  await page.waitForFunction((t) => document.querySelector('#password')?.type === t, type, { timeout: 5_000 });
}

test('the home page says what Laowu is and lists the policy brands', async () => {
  const page = await browser.newPage();
  const response = await page.goto(baseUrl + '/');
  assert.equal(response.status(), 200);
  assert.match(await page.locator('h1').first().innerText(), /临汾劳务品牌市场/);
  const brands = await page.locator('.brand-card h3').allInnerTexts();
  for (const name of ['浮山厨师', '曲沃羊汤', '襄汾烧饼', '翼城石头饼', '乡宁空心月饼', '吕梁山家政护工']) {
    assert.ok(brands.includes(name), `${name} missing from ${brands}`);
  }
  await page.close();
});

test('an unknown address shows the 404 page with status 404', async () => {
  const page = await browser.newPage();
  const response = await page.goto(baseUrl + '/no/such/page');
  assert.equal(response.status(), 404);
  assert.match(await page.locator('h1').innerText(), /404/);
  await page.close();
});

test('after hydration the login form signs in without reloading the page', async () => {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(baseUrl + '/login');
  await waitForHydration(page);

  // The show-password toggle is pure client-side state: it only works once hydrated.
  assert.equal(await page.getAttribute('#password', 'type'), 'password');
  await page.click('#toggle-password');
  await passwordTypeBecomes(page, 'text');
  await page.click('#toggle-password');
  await passwordTypeBecomes(page, 'password');

  // A wrong password shows the error beside the form, in place.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.fill('#username', 'admin');
  await page.fill('#password', 'wrong password');
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#login-error')?.textContent.includes('用户名或密码错误'));
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page reloaded');

  // The right password signs in, the navigation changes and we land on the home page.
  await page.fill('#password', 'laowu-admin-2026');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('[data-testid=whoami]', { timeout: 15_000 });
  assert.match(await page.locator('[data-testid=whoami]').innerText(), /市人社局管理员/);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page reloaded');
  assert.ok(await page.locator('a[href="/admin/users"]').isVisible(), 'admins see user management');
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('without JavaScript the login form still works through plain posts and redirects', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(baseUrl + '/login');
  await page.fill('#username', 'xinchu');
  await page.fill('#password', 'not the password');
  await page.click('#login-form button[type=submit]');
  await page.waitForURL(/\/login\?error=invalid_credentials/);
  assert.match(await page.locator('#login-error').innerText(), /用户名或密码错误/);

  await page.fill('#username', 'xinchu');
  await page.fill('#password', 'laowu-company-2026');
  await page.click('#login-form button[type=submit]');
  await page.waitForURL(baseUrl + '/');
  assert.match(await page.locator('[data-testid=whoami]').innerText(), /鑫厨劳务/);
  await context.close();
});
