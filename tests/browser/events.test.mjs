// Events in the browser, on the county demo: a job fair that ended ten days ago (京味楼 joined,
// sent a hire request from it; one cook accepted) and a 浮山厨师 cooking competition with
// results. Visitors read both without JavaScript; the employer at the fair sends another
// request from it, which the fair counts; the promoter adds an event and the dashboard counts.
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

async function eventId(page, title) {
  await page.goto(server.url + '/events');
  const row = page.locator('#event-table tr', { hasText: title });
  return Number(await row.getAttribute('data-event'));
}

test('a visitor reads the fair and the competition results without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/events');
  const table = await page.locator('#event-table').innerText();
  assert.match(table, /冬季就业洽谈会/);
  assert.match(table, /浮山厨师烹饪技能大赛/);

  await page.goto(server.url + '/events/' + await eventId(page, '冬季就业洽谈会'));
  assert.match(await page.locator('#fair-outcome').innerText(), /发出邀约 1 份，涉及 2 人，已录用 1 人/);
  assert.match(await page.locator('#event-employers').innerText(), /北京京味楼餐饮有限公司/);
  assert.equal(await page.locator('#workers-hidden').count(), 1, 'the fair’s workers are for those at it');
  assert.equal(await page.locator('#event-workers').count(), 0);

  await page.goto(server.url + '/events/' + await eventId(page, '浮山厨师烹饪技能大赛'));
  const results = await page.locator('#event-workers').innerText();
  assert.match(results, /95\.5/);
  assert.match(results, /一等奖/);
  assert.match(results, /[\u4e00-\u9fa5]\*+/, 'entrants’ names are masked');

  await page.goto(server.url + '/brands/fushan-chushi');
  const awards = await page.locator('#brand-awards').innerText();
  assert.match(awards, /一等奖（95\.5 分）/);
  assert.match(awards, /浮山县人社局认定/);
  await context.close();
});

test('the employer at the fair sends another request from it, and the fair counts it', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'jingweilou', 'laowu-employer-2026');
  const id = await eventId(page, '冬季就业洽谈会');
  await page.goto(server.url + '/events/' + id);
  await waitForHydration(page);
  assert.match(await page.locator('#joined-note').innerText(), /已报名参会/);
  // The first two cooks already have the fair's request; the third is free to ask for.
  const link = page.locator('#event-workers a.hire-link').first();
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`event=${id}$`));
  await link.click();
  await page.waitForURL(/\/hiring\/new\?workers=\d+&event=\d+/);
  await page.waitForSelector('#request-event');
  await page.fill('#req-position', '面点师');
  await page.fill('#req-place', '北京市西城区京味楼');
  await page.fill('#req-region', '110000');
  await page.fill('#req-wage', '7000');
  await page.fill('#req-start', '2099-03-01');
  await page.click('#hire-request-form button[type=submit]');
  await page.waitForURL(/\/hiring\/\d+$/);
  await page.goto(server.url + '/events/' + id);
  assert.match(await page.locator('#fair-outcome').innerText(), /发出邀约 2 份，涉及 3 人/);
  await page.close();
});

test('the promoter adds a fair without JavaScript and the dashboard counts events', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  const fill = async (ends) => {
    await page.goto(server.url + '/events/new');
    await page.selectOption('#ev-kind', 'spring_breeze');
    await page.fill('#ev-title', '2099 年春风行动浮山专场');
    await page.fill('#ev-venue', '浮山县人力资源市场');
    await page.fill('#ev-starts', '2099-02-20');
    await page.fill('#ev-ends', ends);
    await page.click('#event-form button[type=submit]');
  };
  await fill('2099-02-19');
  assert.match(await page.locator('.field-error[data-field=ends_on]').innerText(), /结束日期不能早于开始日期/);
  await page.goto(server.url + '/events');
  assert.doesNotMatch(await page.locator('#event-table').innerText(), /2099 年春风行动/, 'nothing saved');
  await fill('2099-02-21');
  await page.waitForURL(/\/events\/\d+$/);
  assert.match(await page.locator('#event-title').innerText(), /2099 年春风行动浮山专场/);
  assert.match(await page.locator('#event-facts').innerText(), /浮山县人社局/);

  // The demo competition was held some days ago: its year may be last year in early January.
  await page.goto(server.url + '/events?kind=skill_competition');
  const held = (await page.locator('#event-table tbody tr').first().innerText()).match(/(\d{4})-\d{2}-\d{2}/)[1];
  await page.goto(server.url + '/dashboard?year=' + held);
  assert.match(await page.locator('#stat-fairs').innerText(), /发出邀约 \d+ 份/);
  assert.match(await page.locator('#stat-competitions').innerText(), /1 场，4 人参赛，3 人获奖/);
  await context.close();
});
