import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_SITE_DIR } from '../helpers/test-app.js';
import { enrolTwoFactor, openPartForm, screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { newContext } from './support/browser.js';
import type { RunningSite } from './support/server.js';
import { closeSiteAndBrowser, openSiteAndBrowser } from './support/site-and-browser.js';

/**
 * A monitor's path from a case to a public alert: the first admin creates the monitor's
 * account, the monitor enrols in two-step sign-in, records a case through the case forms,
 * publishes an alert with the default redaction, and readers find it in Khmer and in English,
 * through the list and through search, with nothing of the case's protected detail.
 */

const ADMIN = { name: 'Dara Admin', email: 'dara.admin@example.org', password: 'harbour violet pepper forty' };
const MONITOR = { name: 'Sreymom Monitor', email: 'sreymom.monitor@example.org', password: 'lotus kettle orbit ninety' };
const run = Date.now().toString(36);
/** What the monitor records in the case; none of it may reach a reader. */
const SECRET = {
  caseTitle: `Sealedtitle ${run} Chan Sophal summons`,
  caseSummary: `Sealedsummary ${run}: lives behind the pagoda, phone 012 345 678.`,
  victimName: `Chan Sophal`,
  victimMarker: `Sealedname${run}`,
  affiliation: `Sealedaffiliation ${run} community network`,
  detail: `Sealeddetail ${run} house by the canal`,
  description: `Sealeddescription ${run}: the summons was delivered at night.`,
};
const PUBLIC = {
  en: { title: `Land activist summoned in Kampot ${run}`, summary: 'A land activist was summoned for questioning after speaking to the media about a land dispute.' },
  km: { title: 'សកម្មជនដីធ្លីត្រូវបានកោះហៅនៅកំពត', summary: 'សកម្មជនដីធ្លីម្នាក់ត្រូវបានកោះហៅទៅសួរចម្លើយ បន្ទាប់ពីបាននិយាយជាមួយអ្នកសារព័ត៌មានអំពីវិវាទដីធ្លី។' },
};

const shot = screenshotter('hrd-alerts');

let site: RunningSite;
let browser: Browser;

before(async () => {
  ({ site, browser } = await openSiteAndBrowser(FIXTURE_SITE_DIR));
});

after(() => closeSiteAndBrowser(site, browser));

/** Nothing the monitor recorded as protected is on the page. */
async function assertNoSecret(page: Page): Promise<void> {
  const html = await page.content();
  for (const value of [SECRET.caseTitle, SECRET.caseSummary, SECRET.victimMarker, SECRET.affiliation, SECRET.detail, SECRET.description, 'Sophal', 'Sealed']) {
    assert.ok(!html.includes(value), `${page.url()} shows "${value}"`);
  }
}

test('a monitor publishes an alert from a case; readers find it in Khmer and English with no protected detail', { timeout: 300_000 }, async () => {
  const staff = await newContext(browser, { wide: true });
  const page = await staff.newPage();
  let actLabel: string;
  try {
    // The first admin, who must use two-step sign-in, creates the monitor's account.
    await setUpFirstAdmin(page, site.baseUrl, ADMIN);
    await page.goto(`${site.baseUrl}/admin/users/new`);
    await page.fill('input[name="name"]', MONITOR.name);
    await page.fill('input[name="email"]', MONITOR.email);
    await page.locator('select[name="role"]').selectOption('monitor');
    await page.fill('input[name="password"]', MONITOR.password);
    await submit(page, page.locator('form[action="/admin/users/new"] button[type="submit"]'));
    await submit(page, page.locator('form[action="/admin/sign-out"] button[type="submit"]'));

    // The monitor signs in and is made to enrol in two-step sign-in before anything else.
    await page.fill('input[name="email"]', MONITOR.email);
    await page.fill('input[name="password"]', MONITOR.password);
    await submit(page, page.locator('form[action="/admin/sign-in"] button[type="submit"]'));
    if (new URL(page.url()).pathname === '/admin/sign-in/two-factor') await page.goto(`${site.baseUrl}/admin/account/two-factor`);
    await enrolTwoFactor(page);

    // The case, through the case forms: the case, a victim, an event, an act.
    await page.goto(`${site.baseUrl}/admin/cases/new`);
    const caseForm = page.locator('form[action="/admin/cases/new"]');
    await caseForm.locator('[name="title"]').fill(SECRET.caseTitle);
    await caseForm.locator('[name="summary"]').fill(SECRET.caseSummary);
    await submit(page, caseForm.locator('button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/cases\/\d+$/);
    const reference = (await page.locator('.case-page h1 code').innerText()).trim();

    let form = await openPartForm(page, 'add-victim');
    await form.locator('[name="name"]').fill(`${SECRET.victimName} ${SECRET.victimMarker}`);
    await form.locator('[name="affiliation"]').fill(SECRET.affiliation);
    await form.locator('[name="sex"]').selectOption('female');
    await submit(page, form.locator('button[type="submit"]'));

    form = await openPartForm(page, 'add-event');
    await form.locator('[name="date"]').fill('2025-03-12');
    await form.locator('[name="accuracy"]').selectOption('day');
    await form.locator('[name="province"]').selectOption({ label: 'Kampot' });
    await form.locator('[name="detail"]').fill(SECRET.detail);
    await form.locator('[name="description"]').fill(SECRET.description);
    await submit(page, form.locator('button[type="submit"]:not([name="refresh"])'));

    form = await openPartForm(page, 'add-act');
    const actType = form.locator('[name="actType"] option', { hasText: 'Court summons' }).first();
    const actValue = (await actType.count()) ? await actType.getAttribute('value') : await form.locator('[name="actType"] option:nth-child(3)').getAttribute('value');
    await form.locator('[name="actType"]').selectOption(actValue!);
    await form.locator('[name="verification"]').selectOption({ index: 1 });
    await submit(page, form.locator('button[type="submit"]'));
    await shot(page, 'case');
    actLabel = (await page.locator(`select[name="actType"] option[value="${actValue}"]`).first().innerText()).replace(/^–\s*/, '').trim();

    // The alert: from the case page, with the default redaction and a public text in both languages.
    await Promise.all([page.waitForNavigation(), page.locator('.case-page a[href^="/admin/hrd-alerts/new?case="]').first().click()]);
    assert.ok((await page.locator('h1').innerText()).includes(reference));
    const publish = page.locator('form[action^="/admin/hrd-alerts/new"]');
    // The victim's fields are named by the victim's id; the case has one victim.
    assert.equal(await publish.locator('[name^="victim_"][name$="_label"]').inputValue(), 'HRD A', 'a pseudonym by default');
    assert.equal(await publish.locator('[name^="victim_"][name$="_mode"][value="pseudonym"]').isChecked(), true);
    assert.match((await publish.locator('input[type="hidden"][name="version"]').inputValue()) ?? '', /^\d+$/, 'the form carries the case version');
    assert.equal(await publish.locator('[name="summary_en"]').inputValue(), '', 'no case text in the public text');
    assert.equal(await publish.locator('[name^="victim_"][name$="_affiliation"]').isChecked(), false);
    for (const locale of ['en', 'km'] as const) {
      await publish.locator(`[name="title_${locale}"]`).fill(PUBLIC[locale].title);
      await publish.locator(`[name="summary_${locale}"]`).fill(PUBLIC[locale].summary);
    }
    await shot(page, 'publish-form');
    await submit(page, publish.locator('button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/hrd-alerts\/\d+$/);
    assert.ok((await page.locator('.notice[role="status"]').innerText()).includes('published'));
  } finally {
    await staff.close();
  }

  // A reader in Khmer finds it in the list and opens it.
  const reader = await newContext(browser);
  const pub = await reader.newPage();
  try {
    await pub.goto(`${site.baseUrl}/km/hrd-alerts`);
    assert.equal(await pub.locator('html').getAttribute('lang'), 'km');
    await assertNoSecret(pub);
    await shot(pub, 'list-km');
    await Promise.all([pub.waitForNavigation(), pub.locator('.card__title a', { hasText: PUBLIC.km.title }).click()]);
    const km = await pub.locator('article.hrd-alert').innerText();
    assert.ok(km.includes(PUBLIC.km.summary));
    assert.ok(km.includes('HRD A'), 'the defender by the default pseudonym');
    assert.ok(!km.includes('C. S. S.'), 'not by initials unless chosen');
    assert.ok(km.includes('កំពត'), 'the province in Khmer');
    assert.ok(km.includes('១២ មីនា ២០២៥'), 'the date in Khmer');
    await assertNoSecret(pub);
    await shot(pub, 'alert-km');

    // A reader in English finds it through search and opens it.
    await pub.goto(`${site.baseUrl}/en/search?q=${encodeURIComponent(`summoned ${run}`)}`);
    await Promise.all([pub.waitForNavigation(), pub.locator('.search-results a', { hasText: PUBLIC.en.title }).first().click()]);
    assert.match(new URL(pub.url()).pathname, /^\/en\/hrd-alerts\/[a-z0-9-]+$/);
    const en = await pub.locator('article.hrd-alert').innerText();
    assert.ok(en.includes(PUBLIC.en.summary) && en.includes('Kampot') && en.includes('12 March 2025'));
    assert.ok(en.includes(actLabel), `the act type "${actLabel}"`);
    await assertNoSecret(pub);
    await shot(pub, 'alert-en');

    // And in Khmer search too.
    await pub.goto(`${site.baseUrl}/km/search?q=${encodeURIComponent('កោះហៅ')}`);
    assert.ok((await pub.locator('.search-results').innerText()).includes(PUBLIC.km.title));
    await assertNoSecret(pub);
  } finally {
    await reader.close();
  }
});
