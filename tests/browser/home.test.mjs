// Phone-first pages: on a phone (390 px wide) the navigation folds behind 菜单 and each role's
// few own links sit in a bar at the bottom, the menu opening without JavaScript; and each
// role's home page starts with its own work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a phone shows a menu button and the role’s own links at the bottom, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  assert.equal(await page.locator('#nav-links').isVisible(), false, 'the full list is folded');
  assert.deepEqual(await page.locator('.bottom-bar a').allInnerTexts(), ['首页', '劳务品牌', '服务站', '登录']);
  await page.click('.nav-toggle-button');
  assert.equal(await page.locator('#nav-links').isVisible(), true, 'the menu opens');
  assert.ok(await page.locator('#nav-links a[href="/register"]').isVisible());

  await signIn(page, server.url, 'jingweilou', 'laowu-employer-2026', { hydrated: false });
  await page.goto(server.url + '/contracts');
  assert.deepEqual(await page.locator('.bottom-bar a').allInnerTexts(), ['找工人', '邀约', '合同', '消息']);
  await page.click('.bottom-bar a[href="/search"]');
  await page.waitForURL(/\/search$/);
  await context.close();

  // On a wide screen the links are all shown and there is no bottom bar.
  const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await wide.goto(server.url + '/');
  assert.equal(await wide.locator('#nav-links').isVisible(), true);
  assert.equal(await wide.locator('.bottom-bar').isVisible(), false);
  assert.equal(await wide.locator('.nav-toggle-button').isVisible(), false);
  await wide.close();
});

test('each role’s home page starts with its own work, before WebAssembly', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  assert.equal(await page.locator('#my-work').count(), 0, 'a visitor sees the introduction only');

  await signIn(page, server.url, 'jingweilou', 'laowu-employer-2026', { hydrated: false });
  await page.goto(server.url + '/');
  const employer = await page.locator('#my-work').innerText();
  assert.match(employer, /保存的搜索/);
  assert.match(employer, /待我答复的用工邀约/);
  assert.match(employer, /待我签署的合同/);
  await context.close();

  const companyContext = await browser.newContext({ javaScriptEnabled: false });
  const company = await companyContext.newPage();
  await signIn(company, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await company.goto(server.url + '/');
  const work = await company.locator('#my-work').innerText();
  assert.match(work, /花名册/);
  assert.match(work, /待我答复的用工邀约/);
  await companyContext.close();

  const promoterContext = await browser.newContext({ javaScriptEnabled: false });
  const promoter = await promoterContext.newPage();
  await signIn(promoter, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await promoter.goto(server.url + '/');
  assert.ok(await promoter.locator('#my-work #export-kaohe').isVisible(), 'the county dashboard comes first');
  await promoterContext.close();
});
