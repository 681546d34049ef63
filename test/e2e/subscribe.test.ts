import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Db } from '../../src/db/database.js';
import { FIXTURE_SITE_DIR } from '../helpers/test-app.js';
import { screenshotter } from './support/actions.js';
import { launchBrowser, newContext, SCREENSHOT_DIR } from './support/browser.js';
import { LOCALES, openPage, runAxe } from './support/pages.js';
import { startDemoSite, type RunningSite } from './support/server.js';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

const shot = screenshotter('subscribe');

let browser: Browser;
let site: RunningSite;
let db: Db;
let baseUrl: string;

before(async () => {
  // The test reads the confirmation message the site queued, from the site's database.
  site = await startDemoSite(FIXTURE_SITE_DIR);
  ({ baseUrl, db } = site);
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

describe('a reader subscribes from the footer, confirms, changes their choices and leaves', () => {
  for (const locale of LOCALES) {
    it(`does it all in ${locale === 'en' ? 'English' : 'Khmer'} with no serious accessibility problem on the way`, async () => {
      const context = await newContext(browser, { bypassCSP: true });
      try {
        const page = await context.newPage();
        const email = `reader-${locale}@example.org`;
        await openPage(page, `${baseUrl}/${locale}/`);
        const footer = page.locator('form.footer-subscribe__form');
        await footer.locator('input[type="email"]').fill(email);
        await Promise.all([page.waitForURL(`**/${locale}/subscribe`), footer.locator('button[type="submit"]').click()]);
        assert.equal(await page.locator('html').getAttribute('lang'), locale);
        assert.match(await page.locator('main h1').innerText(), locale === 'en' ? /Check your inbox/ : /សូមពិនិត្យប្រអប់សំបុត្រ/);

        const mail = await db.selectFrom('outboxMessages').select('text').where('toAddress', '=', email).executeTakeFirstOrThrow();
        const link = new RegExp(`${baseUrl.replace(/[.:/]/g, '\\$&')}/${locale}/subscribe/confirm\\?token=[\\w.-]+`).exec(mail.text)?.[0];
        assert.ok(link, 'the confirmation message links to this site');
        await openPage(page, link);
        await shot(page, `confirm-${locale}`);
        const findings = (await runAxe(page)).filter((f) => BLOCKING_IMPACTS.has(f.impact ?? ''));
        assert.deepEqual(findings, [], 'no serious accessibility finding on the confirm page');
        await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type="submit"]').click()]);
        await page.waitForSelector('main a[href*="/subscribe/preferences?token="]');
        const status = await db.selectFrom('subscribers').select('status').where('email', '=', email).executeTakeFirstOrThrow();
        assert.equal(status.status, 'active');

        await Promise.all([page.waitForURL('**/subscribe/preferences?token=*'), page.locator('main a[href*="/subscribe/preferences?token="]').click()]);
        await page.locator('form.subscribe-form input[name="topics"][value="events"]').uncheck();
        await Promise.all([page.waitForLoadState('load'), page.locator('form.subscribe-form button[type="submit"]').click()]);
        await page.waitForSelector('.notice--success');
        await shot(page, `preferences-${locale}`);
        const prefsFindings = (await runAxe(page)).filter((f) => BLOCKING_IMPACTS.has(f.impact ?? ''));
        assert.deepEqual(prefsFindings, [], 'no serious accessibility finding on the preferences page');
        await Promise.all([page.waitForLoadState('load'), page.locator('.subscribe-page__leave button[type="submit"]').click()]);
        await page.waitForSelector('main h1');
        const row = await db.selectFrom('subscribers').select(['status', 'id']).where('email', '=', email).executeTakeFirstOrThrow();
        assert.equal(row.status, 'unsubscribed');
        const topics = await db.selectFrom('subscriberTopics').select('topic').where('subscriberId', '=', row.id).orderBy('topic').execute();
        assert.deepEqual(topics.map((t) => t.topic), ['hrd-alerts', 'news', 'publications']);
      } finally {
        await context.close();
      }
    });
  }

  it('shows the full form at /subscribe with no serious accessibility problem, in both languages', async () => {
    for (const locale of LOCALES) {
      const context = await newContext(browser, { bypassCSP: true });
      try {
        const page = await context.newPage();
        await openPage(page, `${baseUrl}/${locale}/subscribe`);
        await shot(page, `form-${locale}`);
        const findings = (await runAxe(page)).filter((f) => BLOCKING_IMPACTS.has(f.impact ?? ''));
        assert.deepEqual(findings, [], `no serious accessibility finding on /${locale}/subscribe`);
        // A refused form keeps what was typed and says what is wrong.
        await page.locator('#sub-email').fill('not an address');
        await Promise.all([page.waitForLoadState('load'), page.locator('form.subscribe-form button[type="submit"]').click()]);
        assert.equal(await page.locator('#sub-email').inputValue(), 'not an address');
        assert.ok(await page.locator('#sub-email-error').isVisible());
      } finally {
        await context.close();
      }
    }
  });
});
