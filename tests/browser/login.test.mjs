// Headless-Chromium smoke tests: the home page renders, the login form works before the
// WebAssembly loads (plain POST + redirect) and after it (no reload), and the page hydrates.
//
// Needs target/debug/laowu and the bundle in target/site (both built by `make test`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForHydration } from './support.mjs';

let server;
let baseUrl;
let browser;

before(async () => {
  server = await startServer();
  baseUrl = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

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

test('after hydration the login form answers a wrong password in place and signs in', async () => {
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

  // The right password signs in: the home page loads, with the admin's navigation.
  await page.fill('#password', 'laowu-admin-2026');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('[data-testid=whoami]', { timeout: 15_000 });
  assert.match(await page.locator('[data-testid=whoami]').innerText(), /市人社局管理员/);
  assert.equal(new URL(page.url()).pathname, '/');
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
