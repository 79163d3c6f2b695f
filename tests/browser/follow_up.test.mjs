// Follow-up care in the browser, on the county demo (鑫厨's 浮山厨师 station in Beijing; the
// Beijing placements got their welcome cases from the contract flow): the public station list
// without JavaScript; the company works a case to its end; the employer reads but cannot act.
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

test('a family finds the Beijing station without an account or JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/stations?region=110000');
  const row = page.locator('#station-table tr', { hasText: '浮山厨师北京服务站' });
  assert.match(await row.innerText(), /010-67701234/);
  assert.match(await row.innerText(), /浮山厨师/);
  await page.goto(server.url + '/stations?region=310000');
  assert.equal(await page.locator('#no-stations').count(), 1, 'no station in Shanghai yet');
  assert.equal(await page.locator('#station-form').count(), 0, 'visitors cannot add one');
  await context.close();
});

test('the county dashboard counts stations and open and overdue cases', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await page.goto(server.url + '/dashboard');
  assert.equal(await page.locator('#stat-stations').innerText(), '1', 'the station 浮山 runs');
  assert.match(await page.locator('#stat-open-cases').innerText(), /^4 \/ 1$/, 'two welcomes, the dispute, the family; one overdue');
  assert.equal(await page.locator('#stat-overdue-cases').innerText(), '1');
  await context.close();
});

test('the company sees welcome and overdue cases, adds a note and resolves the dispute', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/cases?status=open');
  const table = page.locator('#case-table');
  assert.match(await table.innerText(), /到岗联络/, 'placements brought welcome cases');
  const dispute = page.locator('#case-table tr', { hasText: '后厨工资拖欠两个月' });
  assert.match(await dispute.innerText(), /逾期/);
  assert.doesNotMatch(await page.locator('main').innerText(), /建档立卡|脱贫/, 'no poverty data');
  await dispute.locator('a').click();
  await waitForHydration(page);
  await page.fill('#note-body', '用工单位已结清一个月工资，剩余部分本周五前支付。');
  await page.click('#note-form button[type=submit]');
  await page.locator('#case-notes li', { hasText: '本周五前支付' }).waitFor();
  assert.equal(await page.locator('#case-status').innerText(), '在办', 'a note ends the overdue flag');
  await page.fill('#resolve-outcome', '工资已全部结清');
  await page.click('#resolve-form button[type=submit]');
  await page.locator('#case-status', { hasText: '已办结' }).waitFor();
  assert.equal(await page.locator('#resolve-form').count(), 0);
  await page.close();
});

test('the employer reads the cases of workers it placed but cannot act on them', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'jingweilou', 'laowu-employer-2026', { hydrated: false });
  await page.goto(server.url + '/cases');
  assert.match(await page.locator('#case-table').innerText(), /到岗联络/);
  assert.doesNotMatch(await page.locator('#case-table').innerText(), /留守家庭帮扶/,
    'a family case of a worker it never placed stays hidden');
  await page.click('#case-table a:text-matches("到岗联络")');
  assert.match(await page.locator('#case-notes').innerText(), /系统/);
  assert.equal(await page.locator('#note-form').count(), 0);
  assert.equal(await page.locator('#case-form').count(), 0);
  await page.close();
});

test('the company corrects its station’s phone and closes and reopens it, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/stations');
  await page.locator('#station-table tr', { hasText: '浮山厨师北京服务站' }).locator('a', { hasText: '修改' }).click();
  await page.waitForURL(/\/stations\/\d+\/edit$/);
  await page.fill('#se-phone', '12345');
  await page.click('#station-edit-form button[type=submit]');
  assert.match(await page.locator('.field-error[data-field=contact_phone]').innerText(), /联系电话/);
  await page.fill('#se-phone', '010-67705678');
  await page.click('#station-edit-form button[type=submit]');
  await page.goto(server.url + '/stations');
  assert.match(await page.locator('#station-table').innerText(), /010-67705678/);

  await page.locator('#station-table tr', { hasText: '浮山厨师北京服务站' }).locator('a', { hasText: '修改' }).click();
  await page.click('#station-active-form button[type=submit]');
  await page.waitForSelector('#station-state');
  assert.match(await page.locator('#station-state').innerText(), /已停用/);
  const visitor = await browser.newContext({ javaScriptEnabled: false });
  const anonymous = await visitor.newPage();
  await anonymous.goto(server.url + '/stations?region=110000');
  assert.equal(await anonymous.locator('#no-stations').count(), 1, 'a closed station is off the public list');
  await page.click('#station-active-form button[type=submit]');
  await page.waitForSelector('#station-state');
  assert.match(await page.locator('#station-state').innerText(), /开放中/);
  await anonymous.goto(server.url + '/stations?region=110000');
  assert.match(await anonymous.locator('#station-table').innerText(), /浮山厨师北京服务站/);
  await visitor.close();
  await context.close();
});
