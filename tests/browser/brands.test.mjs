// Brands in the browser: a newly registered company applies to join a brand from its public
// page; the county promoter approves it on the memberships page; the public page then lists the
// company. Hydrated pages submit in place; the promoter's brand form reports errors by field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForHydration, signIn } from './support.mjs';

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

/** A valid GB 32100 credit code from its first 17 characters. */
function creditCode(first17) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((acc, ch, i) => acc + alphabet.indexOf(ch) * weights[i], 0);
  return first17 + alphabet[(31 - (sum % 31)) % 31];
}

test('a company registers, applies to a brand, and the promoter approves it', async () => {
  const company = await browser.newPage();
  await company.goto(server.url + '/register');
  await waitForHydration(company);
  await company.fill('#reg-name', '浮山县好厨劳务有限公司');
  await company.fill('#reg-credit-code', '91141027MA0LW8XC2V');
  await company.selectOption('#reg-county', '141027');
  await company.fill('#reg-contact', '张经理');
  await company.fill('#reg-phone', '13912345678');
  await company.fill('#reg-username', 'haochu');
  await company.fill('#reg-password', 'haochu-password-1');
  await company.click('#register-form button[type=submit]');
  await company.waitForFunction(() => document.querySelector('[data-field=credit_code]')?.textContent.length > 0);

  await company.fill('#reg-credit-code', creditCode('91141027MA0HC0001'));
  await company.click('#register-form button[type=submit]');
  // Registered, the login page opens and says so.
  await company.waitForURL(/\/login\?registered=1/);
  assert.match(await company.locator('main').innerText(), /注册成功/);

  await signIn(company, server.url, 'haochu', 'haochu-password-1');
  await company.goto(server.url + '/brands/fushan-chushi');
  await waitForHydration(company);
  await company.click('#apply-form button[type=submit]');
  await company.waitForFunction(() => document.querySelector('#apply-result')?.textContent.includes('已提交'));

  const promoter = await browser.newPage();
  await signIn(promoter, server.url, 'fushan', 'laowu-promoter-2026');
  await promoter.goto(server.url + '/memberships?status=pending');
  await waitForHydration(promoter);
  const row = promoter.locator('#membership-table tr', { hasText: '浮山县好厨劳务有限公司' });
  await row.locator('button', { hasText: '批准' }).click();
  await promoter.waitForFunction(() => document.querySelector('#decision-result')?.textContent.includes('已处理'));

  // The county also approves the new company, so it may keep a roster.
  await promoter.goto(server.url + '/manage/companies');
  await waitForHydration(promoter);
  const company_row = promoter.locator('#company-table tr', { hasText: '浮山县好厨劳务有限公司' });
  await company_row.locator('button', { hasText: '审核通过' }).click();
  await promoter.waitForFunction(() => document.querySelector('#approve-result')?.textContent.includes('已审核通过'));
  // The list refetches after the decision.
  await promoter.waitForFunction(() => [...document.querySelectorAll('#company-table tr')]
    .some((tr) => tr.textContent.includes('好厨') && tr.textContent.includes('已审核') && !tr.querySelector('button')));

  const visitor = await browser.newPage();
  await visitor.goto(server.url + '/brands/fushan-chushi');
  assert.match(await visitor.locator('#member-list').innerText(), /浮山县好厨劳务有限公司/);
  assert.equal(await visitor.locator('.count-members').innerText(), '2');
  await Promise.all([company.close(), promoter.close(), visitor.close()]);
});

test('the brand form names the field that is wrong, then saves', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026');
  await page.goto(server.url + '/manage/brands/new');
  await waitForHydration(page);
  await page.fill('#brand-name', '浮山面食');
  await page.fill('#brand-slug', 'fushan-mianshi');
  await page.fill('#brand-occupations', '中式面点师');
  await page.selectOption('#brand-tier', 'county');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('#brand-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-field=tier_granted_by]')?.textContent.includes('认定单位'));
  // Refused in place: the page did not reload and what was typed is still there.
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page reloaded');
  assert.equal(await page.inputValue('#brand-name'), '浮山面食');

  await page.fill('#brand-tier-by', '浮山县人力资源和社会保障局');
  await page.fill('#brand-tier-on', '2026-03-01');
  await page.click('#brand-form button[type=submit]');
  await page.waitForURL(/\/brands\/fushan-mianshi$/);
  await page.waitForSelector('#brand-profile');
  assert.match(await page.locator('#brand-profile').innerText(), /县级（浮山县人力资源和社会保障局，2026-03-01 认定）/);
  await page.close();
});

test('the promoter verifies a certificate and builds an export base on the manage pages', async () => {
  // A worker with a certificate on the demo company's roster, added through the API.
  const company = await browser.newContext();
  const api = company.request;
  await api.post(server.url + '/api/v1/auth/login', { data: { username: 'xinchu', password: 'laowu-company-2026' } });
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = '14102719860606124';
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  const created = await api.post(server.url + '/api/v1/workers', {
    data: {
      name: '卫东', id_number: first17 + '10X98765432'[sum % 11], phone: '13603570606',
      occupations: ['中式烹调师'], certificate_level: '三级', certificate_number: 'C-606',
    },
  });
  assert.equal(created.status(), 201);
  await company.close();

  const page = await browser.newPage();
  await signIn(page, server.url, 'fushan', 'laowu-promoter-2026');
  await page.goto(server.url + '/manage/certificates');
  await waitForHydration(page);
  const row = page.locator('#certificate-table tr', { hasText: '卫东' });
  await row.locator('button', { hasText: '核验通过' }).click();
  await page.waitForFunction(() => document.querySelector('#check-result')?.textContent.includes('已记录'));

  await page.goto(server.url + '/manage/export-bases');
  await waitForHydration(page);
  await page.fill('#base-name', '浮山县厨师劳务输出基地');
  await page.fill('#base-description', '县职教中心培训点');
  await page.click('#base-form button[type=submit]');
  await page.waitForSelector('#base-list li[data-base]');
  await page.locator('#base-list select[name=company_id]').selectOption({ label: '浮山县鑫厨劳务有限公司' });
  await page.locator('#base-list button', { hasText: '纳入基地' }).click();
  await page.waitForFunction(() => document.querySelector('#base-list .member-companies')?.textContent.includes('鑫厨'));
  await page.close();
});
