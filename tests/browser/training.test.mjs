// Training in the browser, on the county and training demo: the public list and a programme
// read without JavaScript; a promoter enrols a worker who already had a free training (the
// page asks for a reason), records a pass with a certificate and downloads the roster; an
// employer's fruitless search becomes a draft programme the promoter completes and publishes.
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

/** The id of a worker of the promoter's county, by name. */
async function countyWorkerId(page, name) {
  const answer = await page.request.get(server.url + '/api/v1/county-workers?per_page=200');
  assert.equal(answer.status(), 200);
  const found = (await answer.json()).workers.find((w) => w.name === name);
  assert.ok(found, `${name} is one of the county's workers`);
  return found.worker_id;
}

test('a visitor without JavaScript lists open programmes and reads one', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/training');
  const table = page.locator('#programme-table');
  assert.match(await table.innerText(), /浮山厨师面点班（冬季）/);
  assert.match(await table.innerText(), /报名中/);
  assert.doesNotMatch(await table.innerText(), /春季/, 'finished classes are not listed by default');
  await page.goto(server.url + '/training?past=yes');
  assert.match(await page.locator('#programme-table').innerText(), /吕梁山护工养老护理班/);
  await page.click('#programme-table a:text("吕梁山护工养老护理班")');
  assert.match(await page.locator('#programme-facts').innerText(), /边培训边就业/);
  assert.equal(await page.locator('#enrolment-table').count(), 0, 'trainees are not public');
  assert.equal(await page.locator('#enrol-form').count(), 0);
  await context.close();
});

test('a promoter enrols a worker trained before, giving the reason the page asks for', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  const workerId = await countyWorkerId(page, '李小军');
  await page.goto(server.url + '/training');
  await page.click('#programme-table a:text("浮山厨师面点班（冬季）")');
  await waitForHydration(page);
  // The promoter picks from the county's workers who want training.
  await page.selectOption('#enrol-worker', String(workerId));
  await page.click('#enrol-form button[type=submit]');
  const reason = page.locator('#enrol-form .field-error[data-field=repeat_reason]');
  await reason.filter({ hasText: '免费培训' }).waitFor();
  assert.match(await reason.innerText(), /浮山厨师面点班（2026 春季）/, 'names the earlier class');
  await page.fill('#enrol-reason', '春季班考核不合格，重新参加');
  await page.click('#enrol-form button[type=submit]');
  await page.locator('#enrolment-table tr', { hasText: '李小军' }).waitFor();
  assert.match(await page.locator('#enrolment-table').innerText(), /否（春季班考核不合格，重新参加）/);
  await page.close();
});

test('a promoter records a pass with a certificate and downloads the roster', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await page.goto(server.url + '/training?past=yes&mine=yes');
  // Hydrated first, so the click is the router's and not a reload racing the WebAssembly
  // (twice a fresh CI run timed out waiting for the reloaded page to hydrate).
  await waitForHydration(page);
  await page.click('#programme-table a:text("浮山厨师面点班（2026 春季）")');
  await page.locator('#enrolment-table tr', { hasText: '郭金锁' }).waitFor();
  const row = page.locator('#enrolment-table tr', { hasText: '郭金锁' });
  assert.match(await row.innerText(), /合格/);
  await row.locator('input[name=certificate_number]').fill('S1410272026000199');
  await row.locator('button[type=submit]').click();
  await page.locator('#enrolment-table tr', { hasText: 'S1410272026000199' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#programme-export'),
  ]);
  const bytes = await download.createReadStream().then(async (stream) => {
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return Buffer.concat(chunks);
  });
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an .xlsx (zip) workbook');
  // The new certificate waits for the promoter's check like any other.
  await page.goto(server.url + '/manage/certificates');
  assert.match(await page.locator('main').innerText(), /S1410272026000199/);
  await page.close();
});

test('an employer finds too few workers and the promoter turns the demand into a class', async () => {
  const employer = await browser.newPage();
  await signIn(employer, server.url, 'jingweilou', 'laowu-employer-2026', { hydrated: false });
  for (let i = 0; i < 2; i++) {
    await employer.goto(server.url + '/search?q=' + encodeURIComponent('茶艺师'));
    await employer.locator('main').waitFor();
  }
  await employer.close();

  const page = await browser.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026', { hydrated: false });
  await page.goto(server.url + '/manage/demand');
  await waitForHydration(page);
  const group = page.locator('#demand-groups tr[data-occupation="茶艺师"]');
  assert.match(await group.innerText(), /2/);
  await group.locator('button[type=submit]').click();
  await page.waitForURL(/\/training\/\d+\/edit/);
  await waitForHydration(page);
  assert.equal(await page.inputValue('#tp-occupation'), '茶艺师');
  assert.equal(await page.inputValue('#tp-status'), 'draft');
  await page.fill('#tp-institution', '浮山县职业技术学校');
  await page.fill('#tp-place', '浮山县职业技术学校实训楼');
  await page.fill('#tp-seats', '20');
  await page.selectOption('#tp-status', 'published');
  await page.click('#programme-form button[type=submit]');
  await page.waitForURL(/\/training\/\d+\?saved=1/);
  assert.match(await page.locator('#programme-status').innerText(), /报名中/);
  assert.match(await page.locator('#programme-facts').innerText(), /来自未满足需求/);
  await page.close();
});
