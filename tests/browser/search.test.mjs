// Search in the browser: before the WebAssembly loads the page is a plain GET form whose URL
// carries the search; once hydrated, results follow the typing without a reload. Chips can be
// removed, facets narrow, and a worker goes onto a shortlist that the shortlists page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForHydration, signIn } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ demoWorkers: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const hitCount = (page) => page.locator('[data-testid=hit]').count();

test('the search works as a plain GET form before the WebAssembly loads', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // Sign in without JavaScript: the login form posts and redirects.
  await page.goto(server.url + '/login');
  await page.fill('#username', 'jingweilou');
  await page.fill('#password', 'laowu-employer-2026');
  await page.click('#login-form button[type=submit]');
  await page.goto(server.url + '/search');
  await page.fill('#search-q', '浮山 厨师 北京');
  await page.click('#search-form button[type=submit]');
  await page.waitForURL(/\/search\?q=/);
  assert.match(decodeURIComponent(page.url()), /q=浮山(\+|%20| )厨师(\+|%20| )北京/);
  assert.equal(await hitCount(page), 6, 'the four cooks and two bakers of 浮山厨师 who want 北京');
  const chips = await page.locator('#chips .chip').allTextContents();
  assert.ok(chips.some((c) => c.includes('浮山县')), chips.join('|'));
  assert.ok(chips.some((c) => c.includes('北京')), chips.join('|'));
  // The shared link opens the same results.
  const shared = await context.newPage();
  await shared.goto(page.url());
  assert.equal(await hitCount(shared), 6);
  await context.close();
});

test('once hydrated, results follow the typing without a reload; chips and facets narrow', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'jingweilou', 'laowu-employer-2026');
  await page.goto(server.url + '/search');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.fill('#search-q', '月嫂');
  await page.waitForFunction(() => decodeURIComponent(location.search).includes('q=月嫂'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=hit]').length === 2);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full reload');

  await page.fill('#search-q', '厨师 北京');
  await page.waitForFunction(() => [...document.querySelectorAll('#chips .chip')].some((c) => c.textContent.includes('北京')));
  const withRegion = await hitCount(page);
  // Removing the region chip widens the results.
  await page.click('#chips .chip[data-param=region] .chip-remove');
  await page.waitForFunction(() => ![...document.querySelectorAll('#chips .chip')].some((c) => c.textContent.includes('北京')));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=hit]').length > n, withRegion);
  // A facet narrows to its count.
  const facet = page.locator('#facets [data-facet=county] li').first();
  const count = Number(await facet.locator('.count').textContent());
  await facet.locator('a').click();
  await page.waitForFunction(() => new URLSearchParams(location.search).has('county'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=hit]').length === n, Math.min(count, 20));
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'still no full reload');
  await page.close();
});

test('an employer shortlists a worker and sees them on the shortlists page', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'jingweilou', 'laowu-employer-2026');
  await page.goto(server.url + '/shortlists');
  await waitForHydration(page);
  await page.fill('#shortlist-name', '北京店面点');
  await page.click('#shortlist-form button[type=submit]');
  await page.waitForSelector('[data-shortlist="北京店面点"]');

  await page.goto(server.url + '/search?q=' + encodeURIComponent('石头饼'));
  await waitForHydration(page);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=hit]').length === 2);
  const first = page.locator('[data-testid=hit]').first();
  const workerId = await first.getAttribute('data-worker-id');
  await first.locator('.shortlist-form button[type=submit]').click();
  await page.waitForFunction(() => document.querySelector('#shortlist-result')?.textContent.includes('已加入'));

  await page.goto(server.url + '/shortlists');
  await waitForHydration(page);
  await page.waitForSelector(`[data-shortlist="北京店面点"] [data-testid=shortlisted][data-worker-id="${workerId}"]`);
  // The profile page shows the same masked card.
  await page.click(`[data-testid=shortlisted][data-worker-id="${workerId}"] .hit-name`);
  await page.waitForSelector('#worker-profile h1');
  const name = await page.locator('#worker-profile h1').textContent();
  assert.match(name, /^.\*+$/, 'masked');
  await page.close();
});
