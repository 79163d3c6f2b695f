// A worker's own QR code: the company issues it on the worker's page; anyone scanning it reads
// the brand, company and certificate without JavaScript and without any personal data; once
// revoked, the same address says so and shows nothing else.
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

test('the company issues a code, a visitor verifies it, and a revoked code says so', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  const href = await page.locator('a[href^="/roster/workers/"]:not([href$="/new"])').first().getAttribute('href');
  await page.goto(server.url + href);
  await waitForHydration(page);
  const name = (await page.locator('#worker-detail h1').innerText()).trim();
  await page.click('#issue-link-form button[type=submit]');
  await page.waitForSelector('#issued-qr svg');
  const url = await page.locator('#issued-link').getAttribute('href');
  assert.match(url, /\/v\/[0-9a-f]{48}$/);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const visitor = await context.newPage();
  await visitor.goto(url);
  const facts = await visitor.locator('#badge-facts').innerText();
  assert.match(facts, /浮山县鑫厨劳务有限公司/);
  assert.match(facts, /浮山厨师/);
  assert.ok(!(await visitor.content()).includes(name), 'the worker’s name is not on the badge');

  await page.click('#revoke-link-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#revoke-link-result')?.textContent.includes('已作废'));
  const gone = await visitor.goto(url);
  assert.equal(gone.status(), 410);
  assert.match(await visitor.locator('#badge-refused').innerText(), /已被劳务公司作废/);
  assert.equal(await visitor.locator('#badge-facts').count(), 0);
  await context.close();
  await page.close();
});

test('the worker opens their own part with their ID ending, gives consent and sees who looked', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  const href = await page.locator('a[href^="/roster/workers/"]:not([href$="/new"])').nth(1).getAttribute('href');
  const workerId = href.split('/').pop();
  // The company looks at the full ID number once (the worker will see it) and issues a code.
  const revealed = await page.request.post(`${server.url}/api/v1/workers/${workerId}/reveal`, {
    data: { purpose: '办理社保' },
  });
  assert.equal(revealed.status(), 200);
  const idNumber = (await revealed.json()).id_number;
  const issued = await page.request.post(`${server.url}/api/v1/workers/${workerId}/link`);
  assert.equal(issued.status(), 201);
  const url = (await issued.json()).url;
  await page.close();

  // The worker, on their phone, without an account.
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const phone = await context.newPage();
  await phone.goto(url);
  await phone.waitForSelector('#badge-facts');
  await waitForHydration(phone);
  await phone.fill('#self-suffix', '000000');
  await phone.click('#self-open-form button[type=submit]');
  await phone.waitForFunction(() => document.querySelector('#self-error')?.textContent.includes('后六位不对'));
  await phone.fill('#self-suffix', idNumber.slice(-6));
  await phone.click('#self-open-form button[type=submit]');
  await phone.waitForSelector('#self-facts');
  assert.match(await phone.locator('#self-disclosures').innerText(), /鑫厨劳务.*办理社保/s);
  const before = await phone.locator('#self-consent').innerText();
  await phone.click('#self-consent-form button[type=submit]');
  await phone.waitForFunction((was) => {
    const now = document.querySelector('#self-consent')?.textContent;
    return now && now !== was;
  }, before);
  const after = await phone.locator('#self-consent').innerText();
  if (before.startsWith('已同意')) {
    assert.match(after, /未同意/);
  } else {
    assert.match(after, /已同意.*本人扫码确认/);
  }
  await context.close();
});

test('the company prints a PDF sheet of QR cards for the workers it ticks on the roster', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, 'xinchu', 'laowu-company-2026', { hydrated: false });
  await page.goto(server.url + '/roster');
  const boxes = page.locator('#qr-sheet-form input[name=worker_id]');
  assert.ok((await boxes.count()) >= 2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  const sheet = page.context().waitForEvent('response', (r) => r.url().endsWith('/api/v1/workers/qr-sheet'));
  await page.click('#qr-sheet-print');
  const response = await sheet;
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  await page.close();
});
