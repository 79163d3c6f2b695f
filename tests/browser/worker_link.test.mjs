// A worker's own QR code: the company issues it on the worker's page; anyone scanning it reads
// the brand, company and certificate without JavaScript and without any personal data; once
// revoked, the same address says so and shows nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForHydration, signIn } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ demoCounty: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the company issues a code, a visitor verifies it, and a revoked code says so', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  const href = await page.locator('a[href^="/roster/workers/"]:not([href$="/new"])').first().getAttribute('href');
  await page.goto(server.url + href);
  await waitForHydration(page);
  const name = (await page.locator('#worker-detail h1').innerText()).trim();
  await page.click('#issue-link-form button[type=submit]');
  await page.waitForSelector('#issued-qr svg');
  const url = await page.locator('#issued-link').getAttribute('href');
  assert.match(url, /\/v\/[0-9a-f]{48}$/);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const visitor = await context.newPage();
  await visitor.goto(url);
  const facts = await visitor.locator('#badge-facts').innerText();
  assert.match(facts, /浮山县鑫厨劳务有限公司/);
  assert.match(facts, /浮山厨师/);
  assert.ok(!(await visitor.content()).includes(name), 'the worker’s name is not on the badge');

  await page.click('#revoke-link-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#revoke-link-result')?.textContent.includes('已作废'));
  const gone = await visitor.goto(url);
  assert.equal(gone.status(), 410);
  assert.match(await visitor.locator('#badge-refused').innerText(), /已被劳务公司作废/);
  assert.equal(await visitor.locator('#badge-facts').count(), 0);
  await context.close();
  await page.close();
});
