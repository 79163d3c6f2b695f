// 员工制 and subsidies in the browser: a labour company enrols a worker it placed in Beijing
// under a signed 员工制 contract, enrols them in pension insurance, records three months of
// contributions, finds the computed social-insurance subsidy claim with its explanation (rule,
// parameter version, formula), attaches its evidence and submits it; the county's promoter
// approves it. The contract itself is prepared over the JSON API (the hiring test covers it in
// the browser).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForHydration, signIn } from './support.mjs';

const EMPLOYER = ['jingweilou', 'laowu-employer-2026'];
const COMPANY = ['chuyi-hezuoshe', 'laowu-company-2026'];
const PROMOTER = ['fushan', 'laowu-promoter-2026'];

let server;
let browser;
const pageErrors = [];

before(async () => {
  server = await startServer({ demoWorkers: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function userPage([username, password]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await signIn(page, server.url, username, password);
  return page;
}

async function open(page, path) {
  await page.goto(server.url + path);
  await waitForHydration(page).catch((error) => {
    throw new Error(`${path} did not hydrate: ${pageErrors.join('; ')}: ${error.message}`);
  });
}

async function api(page, method, path, body) {
  const response = await page.request.fetch(server.url + path, {
    method,
    data: body,
    headers: { 'content-type': 'application/json' },
  });
  const json = await response.json();
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${JSON.stringify(json)}`);
  return json;
}

/** A published, unplaced worker of the company, from its roster page. */
async function freeWorker(company) {
  await open(company, '/roster?status=available');
  const hrefs = await company.locator('a[href^="/roster/workers/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const ids = hrefs.map((href) => Number(href.split('/').pop())).filter(Number.isInteger);
  assert.ok(ids.length > 0, `the cast company has available workers: ${hrefs}`);
  return ids[0];
}

/** The employer hires the worker; the contract becomes 员工制 from 2026-06-01; both sign. */
async function signedEmployeeSystemContract(employer, company, workerId) {
  const sent = await api(employer, 'POST', '/api/v1/hire-requests', {
    worker_ids: [workerId],
    terms: {
      position: '中餐厨师', place: '北京市朝阳区京味楼', region_code: '110000',
      monthly_wage_yuan: '8000', start_date: '2099-03-01', term_months: '24',
      conditions: '包吃住', message: '',
    },
  });
  const line = sent[0].lines[0];
  await api(company, 'POST', `/api/v1/hire-requests/lines/${line.id}/answer`, { version: line.version, action: 'accept' });
  const draft = (await api(company, 'GET', '/api/v1/contracts'))[0];
  const t = draft.terms;
  const edited = await api(company, 'PUT', `/api/v1/contracts/${draft.id}`, {
    row_version: draft.row_version,
    terms: {
      kind: 'employee_system', term_kind: 'fixed', start_date: '2026-06-01', end_date: '2028-05-31',
      probation_months: '1', position: t.position, place: t.place, monthly_wage_yuan: '8000',
      pay_day: '10', hours_system: 'comprehensive', flexible_hours: true, negotiated_pay: false,
      rotation: true, clauses: t.clauses,
    },
  });
  const once = await api(employer, 'POST', `/api/v1/contracts/${edited.id}/sign`, { row_version: edited.row_version });
  const signed = await api(company, 'POST', `/api/v1/contracts/${once.id}/sign`, {
    row_version: once.row_version,
    worker_confirmation: { method: '当面签字确认', confirmed_on: '2026-05-28' },
  });
  assert.equal(signed.state, 'signed');
  return signed;
}

test('a company enrols a worker, records three months, submits the claim; the promoter approves', async () => {
  const employer = await userPage(EMPLOYER);
  const company = await userPage(COMPANY);
  const workerId = await freeWorker(company);
  const contract = await signedEmployeeSystemContract(employer, company, workerId);

  // 员工制: the signed contract is offered, its arrangements preselected.
  await open(company, '/employee-system');
  await company.selectOption('#es-contract', String(contract.id));
  await company.fill('#es-started', '2026-06-01');
  assert.ok(await company.locator('#es-arrangements input[name=flexible_hours]').isChecked());
  assert.ok(await company.locator('#es-arrangements input[name=rotation]').isChecked());
  await company.click('#enrol-employee-system button[type=submit]');
  await company.waitForSelector(`#employee-system-table tr[data-worker="${workerId}"][data-active=true]`);

  // Insurance: a base below the floor is refused with the allowed range in yuan.
  await open(company, '/insurance');
  await company.selectOption('#ins-worker', String(workerId)).catch(() => company.fill('#ins-worker', String(workerId)));
  await company.fill('#ins-start', '2026-06');
  await company.fill('#ins-base', '2000');
  await company.uncheck('#ins-schemes input[name=medical]');
  await company.click('#enrol-insurance button[type=submit]');
  await company.waitForFunction(() => /元至.*元之间/.test(document.querySelector('#enrol-insurance [data-field=monthly_base_yuan]')?.textContent ?? ''));
  await company.fill('#ins-base', '3000');
  await company.click('#enrol-insurance button[type=submit]');
  const row = company.locator(`#insurance-table tr[data-worker="${workerId}"][data-scheme=pension]`);
  await row.waitFor();
  await row.locator('a').first().click();
  await company.waitForURL(/\/insurance\/\d+$/);
  await waitForHydration(company);

  // Three months of contributions, 600.00 each (3,000 × 20%).
  for (const month of ['2026-06', '2026-07', '2026-08']) {
    await company.fill('#contrib-period', month);
    await company.fill('#contrib-base', '3000');
    await company.fill('#contrib-paid', '600');
    await company.fill('#contrib-paid-on', `${month}-20`);
    await company.click('#record-contribution button[type=submit]');
    await company.waitForSelector(`#contribution-table tr[data-period="${month}"]`);
  }

  // The claims: one per month, 400.00 each, with the rule, version and formula.
  await open(company, `/subsidies?kind=social_insurance&worker_id=${workerId}`);
  const claims = company.locator('#claim-table tr[data-claim][data-kind=social_insurance]');
  assert.equal(await claims.count(), 3);
  await company.locator('#claim-table tr[data-claim][data-kind=social_insurance]').last().locator('a').first().click();
  await company.waitForURL(/\/subsidies\/\d+$/);
  await waitForHydration(company);
  const claimPath = new URL(company.url()).pathname;
  assert.equal(await company.locator('#claim-amount').getAttribute('data-fen'), '40000');
  assert.match(await company.locator('#claim-formula').textContent(), /600\.00 × 2\/3.*400\.00/);
  assert.match(await company.locator('#claim-parameter-version').textContent(), /参数版本 #1/);
  assert.match(await company.locator('#claim-inputs').textContent(), /基本养老保险/);

  // Evidence, then submit.
  await company.fill('#claim-evidence-text', '社保缴费凭证 2026-06 第 0001 号');
  await company.click('#claim-evidence button[type=submit]');
  await company.waitForFunction(() => document.querySelector('#claim-evidence-shown')?.textContent.includes('0001'));
  await company.click('#submit-claim button[type=submit]');
  await company.waitForFunction(() => document.querySelector('#claim-state')?.textContent.includes('待审核'));

  // The promoter of the worker's county approves it.
  const promoter = await userPage(PROMOTER);
  await open(promoter, claimPath);
  await promoter.click('#approve-claim button[type=submit]');
  await promoter.waitForFunction(() => document.querySelector('#claim-state')?.textContent.includes('已核准'));
  await open(promoter, '/subsidies?state=approved');
  assert.equal(await promoter.locator('#claim-table tr[data-state=approved]').count(), 1);
  assert.equal(await promoter.locator('#claim-totals tr[data-kind=social_insurance]').count(), 1);

  assert.deepEqual(pageErrors, [], 'no page panicked');
});

test('the 员工制, insurance, subsidy and parameter pages hydrate for every role that may open them', async () => {
  const ADMIN = ['admin', 'laowu-admin-2026'];
  const pages = [
    [COMPANY, ['/employee-system', '/insurance', '/subsidies', '/manage/policy-parameters']],
    [PROMOTER, ['/employee-system', '/insurance', '/subsidies', '/manage/policy-parameters']],
    [ADMIN, ['/employee-system', '/insurance', '/subsidies', '/manage/policy-parameters']],
    [EMPLOYER, ['/subsidies', '/manage/policy-parameters']],
  ];
  for (const [user, paths] of pages) {
    const page = await userPage(user);
    for (const path of paths) {
      await open(page, path);
      assert.equal(await page.locator('h1').first().isVisible(), true, `${user[0]} ${path}`);
    }
    await page.context().close();
  }
  // The promoter's form is for their own county; the admin's offers every county.
  const promoter = await userPage(PROMOTER);
  await open(promoter, '/manage/policy-parameters');
  assert.equal(await promoter.locator('#create-policy-version').count(), 1);
  assert.deepEqual(pageErrors, [], 'no page panicked');
});
