// Hiring to placement in the browser: an employer finds a cook and sends a hire request
// (用工邀约); the worker's labour company accepts it, which drafts a labour contract; the
// employer edits the draft, both sides sign, the placement (输出就业) starts and the employer
// asks for the worker's phone; an amendment is drafted; the placement ends and the worker's
// profile shows the work as verified by the platform. Admins edit the clause templates. Without
// JavaScript a hire request is a plain form post that lands on the new request.
//
// The worker the employer picks may belong to any cast company, so the test gives that company
// an account with `laowu create-user` against the running server's database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForHydration, signIn } from './support.mjs';

const EMPLOYER = ['jingweilou', 'laowu-employer-2026'];
const ADMIN = ['admin', 'laowu-admin-2026'];
const COMPANY = ['chuyi', 'laowu-company-test-2026'];

let server;
let browser;
/** Uncaught errors of hydrated pages (a hydration mismatch panics the WebAssembly). */
const pageErrors = [];

before(async () => {
  server = await startServer({ demoWorkers: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** A signed-in, hydrated page of its own browser context (its own session cookie). */
async function userPage([username, password]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await signIn(page, server.url, username, password);
  return page;
}

async function open(page, path) {
  await page.goto(server.url + path);
  await waitForHydration(page);
}

/** Yesterday as YYYY-MM-DD: never after today in Shanghai. */
function yesterday() {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

test('a hire request becomes a signed contract and a placement, hydrated', async () => {
  const employer = await userPage(EMPLOYER);
  await open(employer, '/search?q=' + encodeURIComponent('厨师'));
  const hit = employer.locator('[data-testid=hit]').first();
  const workerId = await hit.getAttribute('data-worker-id');
  await hit.locator('a.hire-link').click();
  await employer.waitForURL(/\/hiring\/new\?workers=/);
  await employer.waitForSelector(`#chosen-workers [data-worker-id="${workerId}"]`);
  await employer.fill('#req-position', '中餐厨师');
  await employer.fill('#req-place', '北京市朝阳区京味楼');
  await employer.fill('#req-region', '110000');
  await employer.fill('#req-wage', '8000');
  await employer.fill('#req-start', '2099-03-01');
  await employer.click('#hire-request-form button[type=submit]');
  await employer.waitForURL(/\/hiring\/\d+$/);
  const requestId = Number(new URL(employer.url()).pathname.split('/').pop());
  await employer.waitForSelector('#hire-lines [data-line][data-state=requested]');
  assert.match(await employer.locator('#hire-lines [data-line] .badge.state').first().textContent(), /待答复/);

  await open(employer, '/hiring');
  assert.match(await employer.locator(`#hire-requests [data-request="${requestId}"]`).textContent(), /待答复/);
  await open(employer, '/contracts');
  await employer.waitForSelector('#no-contracts');

  // The worker's company gets an account (none in the demo data) and accepts.
  const request = await (await employer.request.get(`${server.url}/api/v1/hire-requests/${requestId}`)).json();
  await server.cli(
    ['create-user', '--username', COMPANY[0], '--display-name', '厨艺合作社', '--role', 'company',
      '--company-id', String(request.company_id), '--password-stdin'],
    COMPANY[1] + '\n',
  );
  const company = await userPage(COMPANY);
  // (The request's notice went to the company's users of the time: none.)
  await open(company, '/inbox');
  await company.waitForSelector('#inbox, #inbox-empty');
  await open(company, `/hiring/${requestId}`);
  await company.click('#hire-lines [data-line] form:has(input[name=action][value=accept]) button[type=submit]');
  await company.waitForSelector('#hire-lines [data-line][data-state=accepted] .contract-link a');
  await company.click('#hire-lines .contract-link a');
  await company.waitForURL(/\/contracts$/);
  await company.waitForSelector('#contract-table tr[data-contract][data-state=draft]');
  await company.click('#contract-table tr[data-contract] a');
  await company.waitForURL(/\/contracts\/\d+$/);
  const contractPath = new URL(company.url()).pathname;
  assert.equal(await company.locator('#contract-title').textContent(), '劳动合同');
  assert.equal(await company.locator('#contract-clauses .clause').count(), 8, 'every clause');

  // The employer edits the draft (the page says an edit voids signatures).
  await open(employer, contractPath);
  assert.match(await employer.locator('#edit-voids-signatures').textContent(), /作废/);
  assert.match(await employer.locator('#contract-worker').textContent(), /\*/, 'masked before signing');
  const draftHash = await employer.locator('#current-hash').textContent();
  await employer.fill('#ct-pay-day', '10');
  await employer.check('input[name=negotiated_pay]');
  await employer.click('#contract-edit-form button[type=submit]');
  await employer.waitForFunction(() => document.querySelector('#contract-result')?.textContent.includes('已提交'));
  await employer.waitForFunction((before) => document.querySelector('#current-hash')?.textContent !== before, draftHash);
  assert.match(await employer.locator('#contract-clauses').textContent(), /每月 10 日/);
  assert.match(await employer.locator('#contract-clauses').textContent(), /协商薪酬/);

  // The company signs for the worker, recording how the worker confirmed.
  await open(company, contractPath);
  await company.fill('#sign-method', '当面签字确认');
  await company.fill('#sign-confirmed-on', yesterday());
  await company.click('#sign-form button[type=submit]');
  await company.waitForSelector('#signature-table tr[data-party=company]');
  await company.waitForSelector('#signed-by-me');
  assert.match(await company.locator('#signature-table tr[data-party=company]').textContent(), /当面签字确认/);
  assert.match(await company.locator('#awaiting').textContent(), /用工单位/);

  // The employer signs: the contract is in force, its hash recorded, the name in full.
  await open(employer, contractPath);
  await employer.click('#sign-form button[type=submit]');
  await employer.waitForSelector('#contract h1 [data-state=signed]');
  const signedHash = await employer.locator('#content-hash').textContent();
  assert.match(signedHash, /^[0-9a-f]{64}$/);
  assert.equal(await employer.locator('#signature-table tr').count(), 3, 'header and two signatures');
  assert.doesNotMatch(await employer.locator('#contract-worker').textContent(), /\*/, 'the full name once signed');
  const pdfHref = await employer.locator('#contract-pdf').getAttribute('href');
  const pdf = await employer.request.get(server.url + pdfHref);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'], /application\/pdf/);

  // The placement: cross-province, the phone only on request.
  await open(employer, '/placements');
  const placement = employer.locator('#placements [data-placement][data-state=active]').first();
  await placement.waitFor();
  assert.equal(await placement.locator('.cross-province').count(), 1);
  assert.equal(await placement.locator('.contact-phone').count(), 0, 'no phone on page load');
  await placement.locator('.reveal-contact').click();
  await placement.locator('.contact-phone').waitFor();
  assert.match(await placement.locator('.contact-phone').textContent(), /^\d{11}$/);

  // An amendment opens as version 2.
  await open(employer, contractPath);
  await employer.click('#amend-form button[type=submit]');
  await employer.waitForFunction(() => document.querySelector('#contract-title')?.textContent.includes('变更协议'));
  assert.equal(await employer.locator('#contract-title').textContent(), '变更协议 第 2 版');
  assert.equal(await employer.locator('#contract-versions li').count(), 2);
  const amendmentPath = new URL(employer.url()).pathname;

  // Without JavaScript the draft's edit form is a plain post, redirected back with the news.
  const plainContext = await browser.newContext({ javaScriptEnabled: false });
  const plain = await plainContext.newPage();
  await signIn(plain, server.url, ...EMPLOYER, { hydrated: false });
  await plain.goto(server.url + amendmentPath);
  await plain.fill('#ct-pay-day', '20');
  await plain.click('#contract-edit-form button[type=submit]');
  await plain.waitForURL(/\/contracts\/\d+\?done=1$/);
  assert.match(await plain.locator('#contract-result').textContent(), /已提交/);
  assert.match(await plain.locator('#contract-clauses').textContent(), /每月 20 日/);
  assert.equal(await plain.locator('input[name=negotiated_pay]').isChecked(), true, 'unchanged boxes stay ticked');
  await plainContext.close();

  // The placement ends; the worker's profile shows it as verified work.
  await open(employer, '/placements');
  const active = employer.locator('#placements [data-placement][data-state=active]').first();
  await active.locator('input[name=on]').fill('2099-06-30');
  await active.locator('input[name=reason]').fill('合同期满');
  await active.locator('button[type=submit]').click();
  await employer.waitForSelector('#placements [data-placement][data-state=ended]');
  let attested = '';
  for (let i = 0; i < 30 && !attested.includes('中餐厨师'); i += 1) {
    await employer.goto(`${server.url}/search/workers/${workerId}`);
    if (await employer.locator('#attested-work').count() > 0) {
      attested = await employer.locator('#attested-work').textContent();
    }
    if (!attested.includes('中餐厨师')) await employer.waitForTimeout(500);
  }
  assert.match(attested, /平台核实的工作经历/);
  assert.match(attested, /中餐厨师.*北京.*2099-03-01–2099-06-30/);

  await employer.context().close();
  await company.context().close();
  assert.deepEqual(pageErrors, []);
});

test('admins edit the clause templates', async () => {
  const admin = await userPage(ADMIN);
  await open(admin, '/manage/contract-templates');
  assert.equal(await admin.locator('.template').count(), 2);
  const form = admin.locator('#template-direct');
  await form.locator('textarea[name=other]').fill('乙方在职期间享受用工单位员工餐。');
  await form.locator('button[type=submit]').click();
  await admin.waitForFunction(() => document.querySelector('#template-result')?.textContent.includes('模板已保存'));
  await open(admin, '/manage/contract-templates');
  assert.equal(await admin.locator('#template-direct textarea[name=other]').inputValue(), '乙方在职期间享受用工单位员工餐。');
  await admin.context().close();
  assert.deepEqual(pageErrors, []);
});

test('without JavaScript a hire request is a plain form post that lands on the request', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, server.url, ...EMPLOYER, { hydrated: false });
  await page.goto(server.url + '/search?q=' + encodeURIComponent('月嫂'));
  const workerId = await page.locator('[data-testid=hit]').first().getAttribute('data-worker-id');
  await page.goto(`${server.url}/hiring/new?workers=${workerId}`);
  await page.fill('#req-position', '母婴护理');
  await page.fill('#req-place', '北京市海淀区');
  await page.fill('#req-region', '110000');
  await page.fill('#req-wage', '9000');
  await page.fill('#req-start', '2099-03-01');
  await page.click('#hire-request-form button[type=submit]');
  await page.waitForURL(/\/hiring\/\d+$/);
  await page.waitForSelector('#hire-lines [data-line][data-state=requested]');
  assert.match(await page.locator('#hire-request h1').textContent(), /母婴护理/);
  // The contract and placement pages render on the server too.
  await page.goto(server.url + '/contracts');
  assert.ok(await page.locator('#contract-table, #no-contracts').count() > 0);
  await page.goto(server.url + '/placements');
  assert.ok(await page.locator('#placements, #no-placements').count() > 0);
  await context.close();
});
