import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { photoWithGps } from '../factories/incident-reports.js';
import { screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { launchBrowser, newContext, SCREENSHOT_DIR, VIEWPORTS } from './support/browser.js';
import { openPage, runAxe } from './support/pages.js';
import { startDemoSite, type RunningSite } from './support/server.js';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
/** The form guard refuses a form sent sooner than this after it was drawn (form-guard.ts). */
const HUMAN_PAUSE_MS = 3_500;
const EXIT_URL = 'https://www.bbc.com/weather';

const shot = screenshotter('incident-report');

let browser: Browser;
let site: RunningSite;
let baseUrl: string;

before(async () => {
  site = await startDemoSite();
  baseUrl = site.baseUrl;
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** A phone with JavaScript switched off, as a cautious defender might browse. */
function phoneWithoutScript(): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORTS.narrow, javaScriptEnabled: false, reducedMotion: 'reduce' });
}

async function assertAccessible(url: string): Promise<void> {
  const context = await newContext(browser, { bypassCSP: true });
  try {
    const page = await context.newPage();
    await openPage(page, url);
    const findings = (await runAxe(page)).filter((f) => BLOCKING_IMPACTS.has(f.impact ?? ''));
    assert.deepEqual(findings, [], `no serious accessibility finding on ${url}`);
  } finally {
    await context.close();
  }
}

async function choose(page: Page, select: string, index: number): Promise<void> {
  const value = await page.locator(`${select} option`).nth(index).getAttribute('value');
  await page.selectOption(select, value!);
}

describe('a defender reports in Khmer on a phone without JavaScript, and later reads the reply', () => {
  it('sends the report, keeps the receipt, and reads the monitor’s answer with it', async () => {
    const phone = await phoneWithoutScript();
    const admin = await newContext(browser, { wide: true });
    try {
      const page = await phone.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await openPage(page, `${baseUrl}/km/report`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'km');
      assert.ok(await page.locator('.quick-exit__button').isVisible());

      // The place narrows step by step through plain GET forms.
      await choose(page, '#place-province', 2);
      await submit(page, page.locator('.report-place button[type="submit"]'));
      await choose(page, '#place-district', 1);
      await submit(page, page.locator('.report-place button[type="submit"]'));
      await choose(page, '#report-commune', 1);
      await page.fill('#report-what', 'ប៉ូលិសបានមកដល់កិច្ចប្រជុំសហគមន៍ ហើយបានរឹបអូសបដារបស់យើង។');
      await page.fill('#report-date', '2025-03');
      await page.check('input[name="accuracy"][value="month"]');
      await page.check('input[name="mayContact"]');
      await page.fill('#report-contactBy', 'Signal ពេលល្ងាច');
      await page.setInputFiles('#report-files', { name: 'banner.jpg', mimeType: 'image/jpeg', buffer: await photoWithGps() });
      await shot(page, 'form-km-phone');
      await page.waitForTimeout(HUMAN_PAUSE_MS);
      await submit(page, page.locator('form[enctype="multipart/form-data"] button[type="submit"]'));

      assert.match(await page.locator('main h1').innerText(), /របាយការណ៍របស់អ្នកបានមកដល់ហើយ/);
      const [receipt, passphrase] = await page.locator('.receipt__code').allInnerTexts();
      assert.match(receipt!, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      assert.ok(passphrase && passphrase.length >= 16);
      await shot(page, 'receipt-km-phone');
      assert.deepEqual(requests.filter((u) => !u.startsWith(baseUrl)), [], 'the phone asked nothing of any other site');

      // A monitor (here the first administrator) answers through the admin.
      const desk = await admin.newPage();
      await setUpFirstAdmin(desk, baseUrl, { name: 'Chanthy Admin', email: 'admin@example.org', password: 'a long and private passphrase 7' });
      await openPage(desk, `${baseUrl}/admin/reports`);
      await submit(desk, desk.locator('main table a').first());
      assert.match(await desk.locator('main').innerText(), /ប៉ូលិសបានមកដល់/);
      await desk.fill('#reply-text', 'យើងបានទទួលរបាយការណ៍របស់អ្នក។ អ្នកតាមដាននឹងទាក់ទងអ្នកតាម Signal។');
      await submit(desk, desk.locator('form[action$="/reply#reply"] button[type="submit"]'));
      assert.ok(await desk.locator('.notice--success').isVisible());

      // Later, the defender comes back with the receipt.
      await openPage(page, `${baseUrl}/km/report/follow-up`);
      await page.fill('#follow-up-receipt', receipt!);
      await page.fill('#follow-up-passphrase', passphrase!);
      await page.waitForTimeout(HUMAN_PAUSE_MS);
      await submit(page, page.locator('main form button[type="submit"]'));
      assert.match(await page.locator('.report-message--staff').innerText(), /អ្នកតាមដាននឹងទាក់ទងអ្នកតាម Signal/);
      await shot(page, 'reply-km-phone');
    } finally {
      await phone.close();
      await admin.close();
    }
  });

  it('has no serious accessibility problem on the report and follow-up pages, in both languages', async () => {
    for (const locale of ['en', 'km']) {
      await assertAccessible(`${baseUrl}/${locale}/report`);
      await assertAccessible(`${baseUrl}/${locale}/report/follow-up`);
    }
  });
});

describe('the quick exit', () => {
  /** A page with scripts on, whose neutral site is answered locally (no request leaves the machine). */
  async function visitor(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser);
    await context.route('https://www.bbc.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><p>Sunny</p>' }));
    const page = await context.newPage();
    return { context, page };
  }

  for (const [how, leave] of [
    ['the button', (page: Page) => page.locator('.quick-exit__button').click()],
    ['the Escape key', (page: Page) => page.keyboard.press('Escape')],
  ] as const) {
    for (const path of ['/km/report', '/en/human-rights-defenders']) {
      it(`leaves ${path} by ${how} for the neutral site, with no way back to it`, async () => {
        const { context, page } = await visitor();
        try {
          await openPage(page, `${baseUrl}/en/`);
          await openPage(page, `${baseUrl}${path}`);
          assert.ok(await page.locator('.quick-exit__button').isVisible());
          await Promise.all([page.waitForURL(`${EXIT_URL}**`), leave(page)]);
          assert.match(await page.title(), /Weather/);
          await page.goBack();
          assert.equal(new URL(page.url()).pathname, '/en/', 'Back skips the page that was left');
        } finally {
          await context.close();
        }
      });
    }
  }

  it('is a plain link to the neutral site without JavaScript', async () => {
    const context = await phoneWithoutScript();
    try {
      const page = await context.newPage();
      await openPage(page, `${baseUrl}/en/report`);
      assert.equal(await page.locator('.quick-exit__button').getAttribute('href'), EXIT_URL);
    } finally {
      await context.close();
    }
  });
});
