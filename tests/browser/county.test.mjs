// The county desk in the browser, on the county demo (households of 浮山县 and 襄汾县, local
// jobs, placements, targets): the dashboard reads with JavaScript off, charts beside their
// tables, drill-down, the city view and the 考核 download; a household ledger imported with a
// bad row and then fixed; a local job recorded from the county's workers moves the dashboard.
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

/** The first number of a headline figure, e.g. 5 of "5 / 28 户". */
async function figure(page, id) {
  const text = await page.locator(`#${id} .figure`).innerText();
  return Number(text.match(/\d+/)[0]);
}

test('a promoter reads the dashboard without JavaScript and drills down to a township', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await page.goto(server.url + '/dashboard');
  assert.match(await page.locator('h1').innerText(), /浮山县 \d{4} 年目标任务完成情况/);
  assert.ok(await figure(page, 'stat-households') > 0, 'some households have someone at work');
  // Charts are server-drawn SVG with a title, and their numbers are in a table beside them.
  assert.match(await page.locator('#chart-areas title').textContent(), /建档立卡户就业情况/);
  assert.ok(await page.locator('#chart-areas rect.part-0').count() > 0);
  assert.equal(await page.locator('#chart-months').count(), 1);
  assert.match(await page.locator('#area-table').innerText(), /天坛镇/);
  assert.equal(await page.locator('#target-households').count(), 1, 'targets are shown');
  assert.ok(await page.locator('#waiting-households tbody tr').count() > 0, 'the list to act on');

  await page.click('#area-table a:text("天坛镇")');
  await page.waitForURL(/township=/);
  assert.match(await page.locator('h1').innerText(), /浮山县 天坛镇/);
  assert.match(await page.locator('#area-table thead').innerText(), /村/);
  assert.match(await page.locator('#area-table').innerText(), /北王村/);
  await context.close();
});

test('the admin sees every county side by side and downloads the 考核 workbook', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'admin', 'laowu-admin-2026', { hydrated: false });
  await page.goto(server.url + '/dashboard');
  await waitForHydration(page);
  assert.match(await page.locator('h1').innerText(), /临汾市/);
  assert.equal(await page.locator('#area-table tbody tr').count(), 17);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#export-kaohe'),
  ]);
  const bytes = await download.createReadStream().then(async (stream) => {
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return Buffer.concat(chunks);
  });
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an .xlsx (zip) workbook');
  await page.close();
});

test('a promoter imports a household ledger, sees its bad row in place, fixes it and sees the households listed', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await page.goto(server.url + '/households');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  const header = '户编号,户主姓名,乡镇,村,脱贫状态,劳动力人数,有就业意愿人数';
  const bad = [header, 'FS-9001,韩满堂,槐埝乡,槐埝村,贫困户,2,3'].join('\n') + '\n';
  await page.setInputFiles('#household-file', { name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.click('#household-import-form button[type=submit]');
  await page.waitForSelector('#import-report table.errors');
  assert.match(await page.locator('#import-report table.errors tbody tr').first().innerText(), /2\s+有就业意愿人数/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'a refused file is reported in place');

  const fixed = bad.replace('贫困户,2,3', '贫困户,3,2');
  await page.setInputFiles('#household-file', { name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await page.click('#household-import-form button[type=submit]');
  // Written, the page loads again with the stored report above a list that includes them.
  await page.waitForURL(/\/households\?import=\d+/);
  await page.waitForFunction(() => document.querySelector('#import-report')?.textContent.includes('新增 1 户'));
  await page.fill('#household-filters input[name=q]', 'FS-9001');
  await page.click('#household-filters button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#household-table')?.textContent.includes('韩满堂'));
  await page.close();
});

test('without JavaScript the household import posts and the page shows the stored report', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await page.goto(server.url + '/households');
  const bad = '户编号,户主姓名,乡镇,村,脱贫状态,劳动力人数,有就业意愿人数\nFS-9002,,槐埝乡,槐埝村,贫困户,1,1\n';
  await page.setInputFiles('#household-file', { name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.click('#household-import-form button[type=submit]');
  await page.waitForURL(/\/households\?import=\d+/);
  assert.match(await page.locator('#import-report').innerText(), /户主姓名/);
  await context.close();
});

test('a local job recorded from the county workers list counts the household as employed', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await page.goto(server.url + '/dashboard');
  const before = await figure(page, 'stat-households');

  // 张志强 (a cast cook) is the only rostered member of a 南坡村 household with nobody at work.
  await page.goto(server.url + '/county-workers?employed=no&village=%E5%8D%97%E5%9D%A1%E6%9D%91');
  const row = page.locator('#county-worker-table tr', { hasText: '张志强' });
  assert.match(await row.innerText(), /1410\*{10}/, 'the ID number is masked');
  await row.locator('a:text("登记就地就业")').click();
  await page.waitForSelector('#local-job-form');
  await waitForHydration(page);
  assert.equal(await page.locator('#local-job-worker').innerText(), '张志强');
  await page.selectOption('#lj-kind', 'poverty_workshop');
  await page.fill('#lj-employer', '天坛镇面点扶贫车间');
  await page.fill('#lj-start', '2026-01-05');
  await page.click('#local-job-form button[type=submit]');
  // Recorded, the list of local jobs opens and says so.
  await page.waitForURL(/\/local-jobs\?recorded=1/);
  assert.match(await page.locator('#local-job-recorded').innerText(), /已登记/);

  await page.goto(server.url + '/dashboard');
  assert.equal(await figure(page, 'stat-households'), before + 1);
  await page.goto(server.url + '/local-jobs');
  assert.match(await page.locator('#local-job-table').innerText(), /张志强[\s\S]*扶贫车间/);
  await page.close();
});
