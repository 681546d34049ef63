import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_SITE_DIR } from '../helpers/test-app.js';
import { enrolTwoFactor, openPartForm, screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { newContext } from './support/browser.js';
import { runAxe } from './support/pages.js';
import type { RunningSite } from './support/server.js';
import { closeSiteAndBrowser, openSiteAndBrowser } from './support/site-and-browser.js';

/**
 * A case from first report to paid support, in a real browser without relying on scripts: a
 * monitor records a case (the place lists filled after choosing the province, an evidence file,
 * a dated timeline) and asks the fund for support; a fund manager working in Khmer assesses,
 * approves and pays it; the monitor sees the support on the case. Both languages, checked by axe.
 */

const ADMIN = { name: 'Vanna Admin', email: 'vanna.admin@example.org', password: 'copper meadow lantern sixty' };
const MONITOR = { name: 'Rithy Monitor', email: 'rithy.monitor@example.org', password: 'mango harbour quiet eleven' };
const MANAGER = { name: 'Sokha Fund', email: 'sokha.fund@example.org', password: 'river candle marble twelve' };

const shot = screenshotter('hrd-cases');

let site: RunningSite;
let browser: Browser;

before(async () => {
  ({ site, browser } = await openSiteAndBrowser(FIXTURE_SITE_DIR));
});

after(() => closeSiteAndBrowser(site, browser));

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${site.baseUrl}/admin/sign-in`);
  await page.fill('input[name="email"]', who.email);
  await page.fill('input[name="password"]', who.password);
  await submit(page, page.locator('form[action="/admin/sign-in"] button[type="submit"]'));
  // A first sign-in: the site sends them to enrol in two-step sign-in before anything else.
  if (new URL(page.url()).pathname === '/admin/sign-in/two-factor') await page.goto(`${site.baseUrl}/admin/account/two-factor`);
  await enrolTwoFactor(page);
}

async function assertAccessible(page: Page): Promise<void> {
  const serious = (await runAxe(page)).filter((f) => f.impact === 'serious' || f.impact === 'critical');
  assert.deepEqual(serious, [], `${page.url()}: ${JSON.stringify(serious)}`);
}

test('a case is recorded, its support requested, decided and paid, in English and Khmer', { timeout: 300_000 }, async () => {
  // One browser per person: each stays signed in, as on their own computer.
  const adminContext = await newContext(browser, { wide: true, bypassCSP: true });
  const monitorContext = await newContext(browser, { wide: true, bypassCSP: true });
  const managerContext = await newContext(browser, { wide: true, bypassCSP: true });
  let page = await adminContext.newPage();
  let caseUrl: string;
  try {
    await setUpFirstAdmin(page, site.baseUrl, ADMIN);
    for (const [who, role] of [
      [MONITOR, 'monitor'],
      [MANAGER, 'fund_manager'],
    ] as const) {
      await page.goto(`${site.baseUrl}/admin/users/new`);
      await page.fill('input[name="name"]', who.name);
      await page.fill('input[name="email"]', who.email);
      await page.locator('select[name="role"]').selectOption(role);
      await page.fill('input[name="password"]', who.password);
      await submit(page, page.locator('form[action="/admin/users/new"] button[type="submit"]'));
    }

    // The monitor records the case.
    page = await monitorContext.newPage();
    await signIn(page, MONITOR);
    await page.goto(`${site.baseUrl}/admin/cases/new`);
    const caseForm = page.locator('form[action="/admin/cases/new"]');
    await caseForm.locator('[name="title"]').fill('Threats against a river activist');
    await caseForm.locator('[name="summary"]').fill('Repeated threats after a meeting about the dam.');
    await submit(page, caseForm.locator('button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/cases\/\d+$/);
    caseUrl = page.url().split('?')[0]!;

    let form = await openPartForm(page, 'add-victim');
    await form.locator('[name="name"]').fill('Keo Bopha');
    await form.locator('[name="sex"]').selectOption('female');
    await form.locator('[name="contact"]').fill('via the community network');
    await submit(page, form.locator('button[type="submit"]'));

    // The place: the province first, then the district and commune lists are filled by the server.
    form = await openPartForm(page, 'add-event');
    await form.locator('[name="date"]').fill('2024-06');
    await form.locator('[name="accuracy"]').selectOption('approximate');
    await form.locator('[name="province"]').selectOption({ index: 1 });
    await form.locator('[name="description"]').fill('Two men came to the house at night.');
    await submit(page, form.locator('button[name="refresh"]'));
    form = await openPartForm(page, 'add-event');
    assert.equal(await form.locator('[name="description"]').inputValue(), 'Two men came to the house at night.');
    await form.locator('[name="district"]').selectOption({ index: 1 });
    await submit(page, form.locator('button[name="refresh"]'));
    form = await openPartForm(page, 'add-event');
    await form.locator('[name="commune"]').selectOption({ index: 1 });
    await submit(page, form.locator('button[type="submit"]:not([name="refresh"])'));

    form = await openPartForm(page, 'add-act');
    await form.locator('[name="actType"]').selectOption({ index: 2 });
    await form.locator('[name="verification"]').selectOption({ index: 1 });
    await form.locator('[name="rights"]').first().check();
    await form.locator('[name="perpetratorType"]').selectOption({ index: 1 });
    await submit(page, form.locator('button[type="submit"]'));

    form = await openPartForm(page, 'add-timeline');
    await form.locator('[name="date"]').fill('2017');
    await form.locator('[name="accuracy"]').selectOption('year');
    await form.locator('[name="kind"]').selectOption('charge');
    await form.locator('[name="text"]').fill('Charged with incitement; the charge was later dropped.');
    await submit(page, form.locator('button[type="submit"]'));

    form = await openPartForm(page, 'add-evidence');
    await form.locator('[name="description"]').fill('Photo of the note left at the door');
    await form.locator('[name="file"]').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('leave the river alone') });
    await submit(page, form.locator('button[type="submit"]'));
    assert.equal(await page.locator('.case-page a[href*="/evidence/"]').innerText(), 'note.txt');

    form = await openPartForm(page, 'add-fund-request');
    await form.locator('[name="type"]').selectOption({ index: 1 });
    await form.locator('[name="amount"]').fill('300');
    await form.locator('[name="justification"]').fill('She must leave the village for a month.');
    await submit(page, form.locator('button[type="submit"]'));

    const timeline = await page.locator('.case-timeline').innerText();
    assert.ok(timeline.indexOf('2017') < timeline.indexOf('about June 2024'), timeline);
    await assertAccessible(page);
    await shot(page, 'case-en');
    const monitorPage = page;

    // The fund manager, working in Khmer, assesses, approves and pays.
    page = await managerContext.newPage();
    await signIn(page, MANAGER);
    await page.goto(`${site.baseUrl}/admin/account`);
    await page.locator('form[action="/admin/account/language"] select').selectOption('km');
    await submit(page, page.locator('form[action="/admin/account/language"] button[type="submit"]'));
    await page.goto(`${site.baseUrl}/admin/fund`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'km');
    await assertAccessible(page);
    await shot(page, 'fund-list-km');
    await submit(page, page.locator('.admin-table a[href^="/admin/fund/"]').first());
    await page.locator('[name="assessment"]').fill('ហានិភ័យខ្ពស់ ត្រូវការផ្លាស់ទីលំនៅភ្លាមៗ។');
    await submit(page, page.locator('form[action$="/assess"] button[type="submit"]'));
    await page.locator('[name="approvedAmount"]').fill('250');
    await page.locator('input[name="decision"][value="approve"]').check();
    await submit(page, page.locator('form[action$="/decide"] button[type="submit"]'));
    await page.locator('[name="amount"]').fill('250');
    await submit(page, page.locator('form[action$="/disburse"] button[type="submit"]'));
    assert.ok((await page.locator('.case-facts').innerText()).includes('បានបង់ប្រាក់'));
    await assertAccessible(page);
    await shot(page, 'fund-request-km');
    await page.goto(caseUrl);
    assert.ok((await page.locator('#case-interventions').locator('..').innerText()).includes('២៥០ USD'));
    await shot(page, 'case-km');

    // The monitor sees the support on the case, but not the fund's amount.
    await monitorPage.goto(caseUrl);
    const support = await monitorPage.locator('#case-interventions').locator('..').innerText();
    assert.ok(support.includes('Paid by the support fund'));
    assert.ok(!support.includes('250 USD'));
  } finally {
    for (const c of [adminContext, monitorContext, managerContext]) await c.close();
  }
});
