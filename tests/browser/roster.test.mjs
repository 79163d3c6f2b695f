// A company user imports a ledger in the browser: sees the row errors, fixes the file,
// imports it and finds the worker on the roster, with and without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForHydration, signIn } from './support.mjs';
import { xlsx } from './xlsx.mjs';

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

/** A valid GB 11643 ID number from its first 17 digits. */
function idNumber(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const HEADER = '姓名,身份证号,手机号,户籍区县,技能工种,职业技能等级,期望月薪,意向地区';

function ledger(rows) {
  return Buffer.from([HEADER, ...rows].join('\n') + '\n');
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The same ledger as an Excel workbook, as county staff keep it. */
function workbook(rows) {
  return xlsx([HEADER, ...rows].map((row) => row.split(',')));
}

test('a company user sees a bad .xlsx ledger’s errors in place, fixes it and sees the worker listed', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  await waitForHydration(page);
  await page.evaluate(() => { window.__sameDocument = true; });

  const good = idNumber('14102719850312123');
  const badWage = `王建国,${good},13812345678,浮山县,中式烹调师,三级,八千,北京`;
  await page.setInputFiles('#ledger-file', { name: 'roster.xlsx', mimeType: XLSX, buffer: workbook([badWage]) });
  await page.click('#import-form button[type=submit]');
  await page.waitForSelector('#import-report table.errors');
  const errorRow = await page.locator('#import-report table.errors tbody tr').first().innerText();
  assert.match(errorRow, /2\s+期望月薪/);
  assert.match(await page.locator('#import-report').innerText(), /没有导入任何数据/);
  assert.equal(await page.locator('#roster-table').count(), 0, 'nothing was imported');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'a refused file is reported in place');

  const fixed = badWage.replace('八千', '8000');
  await page.setInputFiles('#ledger-file', { name: 'roster.xlsx', mimeType: XLSX, buffer: workbook([fixed]) });
  await page.click('#import-form button[type=submit]');
  // Written, the page loads again with the stored report above a roster that lists them.
  await page.waitForURL(/\/roster\?import=\d+/);
  await page.waitForFunction(() => document.querySelector('#import-report')?.textContent.includes('新增 1 人'));
  await page.waitForSelector('#roster-table');
  const rosterText = await page.locator('#roster-table').innerText();
  assert.match(rosterText, /王建国/);
  assert.match(rosterText, /1410\*{10}123/, 'the ID number is masked');
  assert.ok(!rosterText.includes(good), 'the full ID number is never on the page');

  // Filtering is a plain GET form: it works the same with or without the WebAssembly.
  await page.fill('#roster-filters input[name=occupation]', '护理');
  await page.click('#roster-filters button[type=submit]');
  await page.waitForURL(/occupation=/);
  await page.waitForFunction(() => !document.querySelector('#roster-table'));
  await page.fill('#roster-filters input[name=occupation]', '烹调');
  await page.click('#roster-filters button[type=submit]');
  await page.waitForSelector('#roster-table');
  assert.match(await page.locator('#roster-table').innerText(), /王建国/);
  await page.close();
});

test('without JavaScript the import form posts and the report page shows the row errors', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  const bad = `李秀英,${idNumber('14102719900101002').slice(0, 17)}0,13912345678,浮山县,家政服务员,五级,5000,新疆`;
  await page.setInputFiles('#ledger-file', { name: 'roster.csv', mimeType: 'text/csv', buffer: ledger([bad]) });
  await page.click('#import-form button[type=submit]');
  await page.waitForURL(/\/roster\?import=\d+/);
  assert.match(await page.locator('#import-report').innerText(), /身份证号/);
  await context.close();
});

test('a company user adds a worker by form, opens the worker page and reveals the full numbers for a purpose', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  await waitForHydration(page);
  await page.click('#add-worker');
  await page.waitForSelector('#worker-form');
  await waitForHydration(page);
  const id = idNumber('14102719880808123');
  await page.fill('#w-name', '段彩霞');
  await page.fill('#w-id-number', id);
  await page.fill('#w-phone', '1350357');
  await page.fill('#w-occupations', '家政服务员');
  await page.click('#worker-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-field=phone]')?.textContent.length > 0);

  await page.fill('#w-phone', '13503570808');
  await page.selectOption('#w-education', '初中');
  await page.click('#worker-form button[type=submit]');
  await page.waitForURL(/\/roster\/workers\/\d+(\?done=1)?$/);
  await page.waitForSelector('#worker-detail');
  const detail = await page.locator('#worker-detail').innerText();
  assert.match(detail, /段彩霞/);
  assert.match(detail, /135\*{4}0808/);
  assert.ok(!detail.includes(id), 'masked until revealed');

  await waitForHydration(page);
  await page.fill('#reveal-form input[name=purpose]', '办理社保');
  await page.click('#reveal-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#reveal-result')?.textContent.includes('13503570808'));
  assert.match(await page.locator('#reveal-result').innerText(), new RegExp(id));
  // The worker's page says who saw the full numbers, when and why.
  await page.reload();
  assert.match(await page.locator('#worker-disclosures').innerText(), /鑫厨劳务.*查看完整身份证号和手机号.*办理社保/s);
  await page.close();

  // The admin finds the disclosure in the audit log, filtered by action, without JavaScript.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const admin = await context.newPage();
  await signIn(admin, server.url, 'admin', 'laowu-admin-2026', { hydrated: false });
  await admin.goto(server.url + '/audit');
  await admin.fill('#audit-filters input[name=action]', 'worker.reveal');
  await admin.click('#audit-filters button[type=submit]');
  await admin.waitForURL(/action=worker\.reveal/);
  const log = await admin.locator('#audit-table').innerText();
  assert.match(log, /xinchu/);
  assert.match(log, /purpose=办理社保/);
  assert.match(await admin.locator('#audit-export').getAttribute('href'), /export\.xlsx\?action=worker\.reveal/);
  await context.close();
});

test('a large ledger shows its progress while it imports', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  await waitForHydration(page);
  // Record every status text the page shows, however briefly (here, in the test: the page
  // loads again once the import has written its rows).
  const seen = [];
  await page.exposeFunction('recordProgress', (text) => seen.push(text));
  await page.evaluate(() => {
    const target = document.querySelector('#import-progress');
    new MutationObserver(() => window.recordProgress(target.textContent)).observe(target, { childList: true, subtree: true, characterData: true });
  });
  const rows = [];
  for (let n = 0; n < 20000; n++) {
    const birth = `19${String(70 + (n % 30)).padStart(2, '0')}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
    const id = idNumber(`141027${birth}${String(Math.floor(n / 10080) * 100 + (n % 100)).padStart(3, '0')}`);
    rows.push(`工人${n},${id},139${String(n).padStart(8, '0')},浮山县,中式烹调师,三级,6000,北京`);
  }
  await page.setInputFiles('#ledger-file', { name: 'big.csv', mimeType: 'text/csv', buffer: ledger(rows) });
  await page.selectOption('#import-mode', 'good_rows');
  await page.click('#import-form button[type=submit]');
  await page.waitForURL(/\/roster\?import=\d+/, { timeout: 120_000 });
  await page.waitForSelector('#import-report');
  assert.ok(seen.some((text) => /正在(检查|写入)/.test(text)), `progress shown: ${JSON.stringify(seen.slice(0, 5))}`);
  await page.close();
});
