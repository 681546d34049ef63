import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CONTENT_TYPES } from '../../src/features/content-types/content-types.js';
import { screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { launchBrowser, newContext, SCREENSHOT_DIR, VIEWPORTS } from './support/browser.js';
import { AXE_PATH, measureHorizontalOverflow, type AxeFinding } from './support/pages.js';
import { startDemoSite, type RunningSite } from './support/server.js';

/**
 * The admin as a communications officer meets it, under the site's real Content-Security-Policy:
 * the grouped menu on a phone and by keyboard, the dashboard, every editor page free of CSP and
 * script errors, the address made from a Khmer title as it is typed, and the confirmation after
 * a save, in both languages.
 */

const ADMIN = { name: 'Sreyleak Admin', email: 'sreyleak.admin@example.org', password: 'heron lotus window eleven' };
const shot = screenshotter('admin-workspace');

let site: RunningSite;
let browser: Browser;
/** The administrator's browser, signed in once for both tests. */
let staff: BrowserContext;

before(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  site = await startDemoSite();
  browser = await launchBrowser();
  staff = await newContext(browser);
  const page = await staff.newPage();
  await setUpFirstAdmin(page, site.baseUrl, ADMIN);
  await page.close();
  const now = new Date().toISOString();
  const subscriber = await site.db
    .insertInto('subscribers')
    .values({
      email: 'communications.officer.for.the.provincial.network@example-partner-organisation.org',
      name: 'Sovannarith Chanthavong-Rattanakosin',
      locale: 'km',
      status: 'active',
      consentSource: 'form',
      sourceNote: null,
      consentedAt: now,
      confirmationSentAt: now,
      unsubscribedAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await site.db.insertInto('subscriberTopics').values([{ subscriberId: subscriber.id, topic: 'publications' }, { subscriberId: subscriber.id, topic: 'news' }]).execute();
});

after(async () => {
  await staff?.close();
  await browser?.close();
  await site?.close();
});

/**
 * axe-core run through the DevTools protocol, which the page's CSP does not govern: the page
 * keeps its policy, so the same page is checked for violations of both.
 */
async function axeUnderCsp(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(fs.readFileSync(AXE_PATH, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

/** Every console error and uncaught exception of the page, CSP refusals included. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

/** Whether every part of the admin menu lies within the viewport's width. */
function navFitsViewport(page: Page): Promise<boolean> {
  return page.evaluate(() => [...document.querySelectorAll('.admin-nav *')].every((el) => el.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5));
}

async function setLanguage(locale: 'en' | 'km'): Promise<void> {
  await site.db.updateTable('users').set({ locale }).where('email', '=', ADMIN.email).execute();
}

test('the grouped admin menu opens by keyboard and fits a phone, and the dashboard shows the work, in both languages', { timeout: 180_000 }, async () => {
  const page = await staff.newPage();
  const errors = collectErrors(page);
  try {
    for (const locale of ['en', 'km'] as const) {
      await setLanguage(locale);
      for (const viewport of ['narrow', 'wide'] as const) {
        await page.setViewportSize(VIEWPORTS[viewport]);
        await page.goto(`${site.baseUrl}/admin`);
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.equal(await page.locator('.admin-nav details.admin-nav__group').count(), 4, 'Content, Audience, Monitoring, Settings');
        assert.equal(await measureHorizontalOverflow(page), 0, `no sideways scrolling at ${viewport} in ${locale}`);
        assert.equal(await page.locator('#dashboard-mine').count(), 1);
        assert.equal(await page.locator('.audit-table').count(), 0, 'the dashboard is not the audit log');
        assert.deepEqual(await axeUnderCsp(page), []);
        await shot(page, `dashboard-${locale}-${VIEWPORTS[viewport].width}`);

        // The subscribers list, with a row of long values: its filters and table stay in the screen.
        await page.goto(`${site.baseUrl}/admin/subscribers`);
        assert.ok((await page.locator('.subscriber-table tbody tr').count()) >= 1);
        assert.equal(await measureHorizontalOverflow(page), 0, `no sideways scrolling on /admin/subscribers at ${viewport} in ${locale}`);
        assert.deepEqual(await axeUnderCsp(page), []);
        await shot(page, `subscribers-${locale}-${VIEWPORTS[viewport].width}`);
      }
    }
    await setLanguage('en');
    await page.setViewportSize(VIEWPORTS.narrow);
    await page.goto(`${site.baseUrl}/admin`);
    // Keyboard only: open "Audience", walk into it, follow a link.
    const audience = page.locator('.admin-nav details.admin-nav__group').nth(1);
    await audience.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await audience.getAttribute('open'), '');
    assert.equal(await measureHorizontalOverflow(page), 0, 'an open group stays within the phone screen');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ href: document.activeElement?.getAttribute('href'), inMenu: Boolean(document.activeElement?.closest('.admin-nav__menu')) }));
    assert.ok(focused.inMenu, 'Tab moves into the open group');
    assert.equal(focused.href, '/admin/subscribers');
    assert.ok(await page.locator('.admin-nav__menu a[href="/admin/subscribers"]').isVisible());
    await shot(page, 'menu-open-en-375');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/admin/subscribers');
    assert.equal(await page.locator('.admin-subnav a[aria-current="page"]').getAttribute('href'), '/admin/subscribers', 'the current group\u2019s sections stay in sight');
    assert.ok(await navFitsViewport(page), 'the menu and the group\u2019s tabs fit the phone screen');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('every editor page runs without CSP or script errors; the address follows a Khmer title; saving is confirmed', { timeout: 240_000 }, async () => {
  const page = await staff.newPage();
  await page.setViewportSize(VIEWPORTS.wide);
  const errors = collectErrors(page);
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  try {
    for (const type of CONTENT_TYPES) {
      await page.goto(`${site.baseUrl}${type.adminPath}/new`);
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator('form.editor-form').count(), 1, type.key);
    }
    await page.goto(`${site.baseUrl}/admin/publications/new`);
    const form = page.locator('form.editor-form');
    const firstField = await form.locator('input, textarea, select').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).type !== 'hidden')[0]?.getAttribute('name'));
    assert.equal(firstField, 'en.title', 'the title is the first field of the form');
    const slug = form.locator('input[name="slug"]');
    await form.locator('input[name="km.title"]').fill('របាយការណ៍តាមដានវិវាទដីធ្លី');
    const made = await slug.inputValue();
    assert.match(made, /^[a-z0-9]+(-[a-z0-9]+)+$/, `a readable Latin address from the Khmer title: ${made}`);
    await form.locator('input[name="en.title"]').fill('Monitoring land disputes');
    assert.equal(await slug.inputValue(), 'monitoring-land-disputes', 'the English title is preferred, as the server does');
    await slug.fill('land-disputes-2026');
    await form.locator('input[name="en.title"]').fill('Monitoring land disputes in three provinces');
    assert.equal(await slug.inputValue(), 'land-disputes-2026', 'an address typed by hand is kept');
    await form.locator('input[name="en.title"]').fill('');
    await slug.fill('');
    await form.locator('input[name="km.title"]').fill('សេចក្ដីថ្លែងការណ៍ ២០២៤');
    const khmerSlug = await slug.inputValue();
    assert.match(khmerSlug, /-2024$/);
    await form.locator('fieldset.editor-language[lang="km"] .rich-text-editor__surface').click();
    await page.keyboard.insertText('អត្ថបទ');
    await submit(page, form.locator('button[name="intent"][value="save"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/publications\/\d+$/, await page.locator('main').innerText());
    const status = page.locator('[role="status"]');
    assert.equal((await status.innerText()).trim(), 'Saved.');
    assert.equal(await slug.inputValue(), khmerSlug, 'the server kept the address the page made');
    assert.deepEqual(await axeUnderCsp(page), []);
    await shot(page, 'saved-en-1280');
    // The rich-text editor's table sets column widths as styles: they must not break the CSP.
    await page.locator('fieldset.editor-language[lang="km"] .rich-text-editor__toolbar button', { hasText: 'Table' }).click();
    assert.equal(await page.locator('fieldset.editor-language[lang="km"] .rich-text-editor__surface table').count(), 1);

    await setLanguage('km');
    await submit(page, page.locator('form.editor-form button[name="intent"][value="publish"]'));
    assert.equal((await page.locator('[role="status"]').innerText()).trim(), 'បានផ្សព្វផ្សាយ៖ ធាតុនេះមាននៅលើគេហទំព័រសាធារណៈហើយ។');
    await page.setViewportSize(VIEWPORTS.narrow);
    assert.equal(await measureHorizontalOverflow(page), 0);
    await shot(page, 'published-km-375');
    await setLanguage('en');
    assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
    assert.deepEqual(errors, [], 'no console error');
  } finally {
    await page.close();
  }
});
