import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { setUpFirstAdmin, submit } from './support/actions.js';
import { launchBrowser, newContext, SCREENSHOT_DIR, VIEWPORTS } from './support/browser.js';
import { findFirstPublicationSlug, localeUrl, LOCALES, measureHorizontalOverflow, openPage, runAxe } from './support/pages.js';
import { startDemoSite, type RunningSite } from './support/server.js';

/** The smallest text a reader should meet, in CSS pixels as drawn (SVG text scaled with its chart). */
const MIN_TEXT_PX = 14;
const ADMIN = { name: 'Sokha Admin', email: 'admin@example.org', password: 'a long and private passphrase 1' };
const EDITOR = { name: 'Dara Editor', email: 'editor@example.org', password: 'another long passphrase 22' };
const ALERT = { slug: 'journalist-detained-in-kampot', en: 'Journalist detained in Kampot', km: 'អ្នកសារព័ត៌មានត្រូវបានឃុំខ្លួននៅកំពត' };

let site: RunningSite;
let browser: Browser;

before(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  site = await startDemoSite();
  browser = await launchBrowser();
  // A public alert as the alerts feature stores it once a monitor has published it.
  const now = new Date(Date.now() - 60_000).toISOString();
  const row = await site.db
    .insertInto('hrdAlerts')
    .values({ slug: ALERT.slug, status: 'published', publishedAt: now, caseId: null, caseStatus: 'open', provinceId: null, districtId: null, withdrawnAt: null, createdBy: null, submissionKey: null, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const locale of LOCALES) {
    await site.db.insertInto('hrdAlertTranslations').values({ itemId: row.id, locale, title: ALERT[locale], summary: ALERT[locale] }).execute();
  }
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function assertAccessible(page: Page): Promise<void> {
  const findings = await runAxe(page);
  assert.deepEqual(findings, [], `${page.url()}: ${JSON.stringify(findings)}`);
}

/** Visible text drawn smaller than the minimum: each as "size px: text". */
async function smallText(page: Page, min: number): Promise<string[]> {
  return page.evaluate((minPx) => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const el = node.parentElement;
      if (!text || !el || el.closest('title, desc, script, style, option')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      // SVG text is scaled with its drawing: its size on screen is the CSS size times the scale.
      if (el instanceof SVGGraphicsElement) size *= el.getScreenCTM()?.a ?? 1;
      if (size < minPx - 0.01) found.push(`${size.toFixed(1)}px: ${text.slice(0, 40)}`);
    }
    return found;
  }, min);
}

async function signInAsEditor(page: Page): Promise<void> {
  await page.goto(`${site.baseUrl}/admin/sign-in`);
  await page.fill('input[name="email"]', EDITOR.email);
  await page.fill('input[name="password"]', EDITOR.password);
  await submit(page, page.locator('form[action="/admin/sign-in"] button[type="submit"]'));
}

test('an editor features an alert; the home page leads with it, marked urgent, in both languages', { timeout: 180_000 }, async () => {
  const staff = await newContext(browser, { wide: true, bypassCSP: true });
  try {
    const page = await staff.newPage();
    await setUpFirstAdmin(page, site.baseUrl, ADMIN);
    await page.goto(`${site.baseUrl}/admin/users/new`);
    await page.fill('input[name="name"]', EDITOR.name);
    await page.fill('input[name="email"]', EDITOR.email);
    await page.locator('select[name="role"]').selectOption('editor');
    await page.fill('input[name="password"]', EDITOR.password);
    await submit(page, page.locator('form[action="/admin/users/new"] button[type="submit"]'));
    await staff.clearCookies();

    await signInAsEditor(page);
    await page.goto(`${site.baseUrl}/admin/featured`);
    await page.locator('select[name="featured"]').selectOption(`alert:${ALERT.slug}`);
    await submit(page, page.locator('form[action="/admin/featured"] button[type="submit"]'));
    assert.match(await page.locator('[role="status"]').innerText(), /now shows your choice/);
    await assertAccessible(page);

    const reader = await newContext(browser, { bypassCSP: true });
    try {
      const home = await reader.newPage();
      for (const locale of LOCALES) {
        await openPage(home, localeUrl(site.baseUrl, locale, '/'));
        const featured = home.locator('article.featured--urgent');
        assert.equal((await featured.locator('.featured__title').innerText()).trim(), ALERT[locale]);
        await assertAccessible(home);
        await Promise.all([home.waitForURL(`**/${locale}/hrd-alerts/${ALERT.slug}`), featured.locator('.featured__title a').click()]);
      }
    } finally {
      await reader.close();
    }
  } finally {
    await staff.close();
  }
});

for (const wide of [false, true]) {
  for (const locale of LOCALES) {
    test(`a keyboard opens a sub-menu and follows one of its links (${locale}, ${wide ? 'desktop' : 'phone'})`, async () => {
      const context = await newContext(browser, { wide, bypassCSP: true });
      try {
        const page = await context.newPage();
        await openPage(page, localeUrl(site.baseUrl, locale, '/'));
        if (!wide) {
          // On a phone the menu is folded behind one button; Enter opens it.
          await page.locator('.menu-toggle summary').focus();
          await page.keyboard.press('Enter');
        }
        const summary = page.locator('.main-nav__parent', { has: page.locator(`a[href="/${locale}/about"]`) }).locator('summary');
        // Tab from the section's own link reaches its disclosure, and Enter opens it.
        await page.locator(`.main-nav a[href="/${locale}/about"]`).focus();
        await page.keyboard.press('Tab');
        assert.equal(await summary.evaluate((el) => el === document.activeElement), true, 'Tab reaches the sub-menu button');
        await page.keyboard.press('Enter');
        const link = page.locator(`.main-nav__sub a[href="/${locale}/about/history"]`);
        assert.ok(await link.isVisible(), 'the sub-menu shows its links');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), `/${locale}/about/who-we-are`);
        await page.keyboard.press('Tab');
        await Promise.all([page.waitForURL(`**/${locale}/about/history`), page.keyboard.press('Enter')]);
        await assertAccessible(page);
      } finally {
        await context.close();
      }
    });
  }
}

test('the header fits one line on a phone', async () => {
  const context = await newContext(browser, { bypassCSP: true });
  try {
    const page = await context.newPage();
    for (const locale of LOCALES) {
      await openPage(page, localeUrl(site.baseUrl, locale, '/'));
      // Brand, language switch and menu button share one row: each starts above where every other ends.
      const boxes = await page.locator('.brand, .lang-switch, .menu-toggle').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
      assert.equal(boxes.length, 3);
      assert.ok(Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom)), `${locale}: ${JSON.stringify(boxes)}`);
      const height = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
      assert.ok(height <= 90, `${locale}: the header is ${height}px tall`);
      if (locale === 'en') {
        // The Khmer word of the switch is drawn with the site's own cut, whatever fonts the computer has.
        const status = await page.evaluate(() => [...document.fonts].find((f) => f.family.replace(/"/g, '') === 'Khmer Language Name')?.status);
        assert.equal(status, 'loaded');
        await page.locator('.lang-switch').screenshot({ path: path.join(SCREENSHOT_DIR, 'design-language-switch-en.png') });
      }
      // Headings are drawn in the display face: its Latin cut on English pages, its Khmer cut on Khmer ones.
      const display = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Dove Display' && f.status === 'loaded').length;
      });
      assert.ok(display >= 1, `${locale}: a display face is loaded for the headings`);
      if (locale === 'km') {
        const family = await page.locator('h2').first().evaluate((el) => getComputedStyle(el).fontFamily);
        assert.match(family, /^"?Dove Display"?/);
      }
    }
  } finally {
    await context.close();
  }
});

test('home, a publication, an alert, the portal and the admin dashboard: no sideways scroll, no text under 14 px, nothing for axe', { timeout: 300_000 }, async () => {
  const publication = await findFirstPublicationSlug(site.baseUrl);
  const album = /href="\/en\/gallery\/([a-z0-9-]+)"/.exec(await (await fetch(`${site.baseUrl}/en/gallery`)).text())?.[1];
  assert.ok(album, 'the demo has an album');
  const pages = [
    { name: 'home', path: '/' },
    { name: 'publication', path: `/publications/${publication}` },
    { name: 'gallery-photo', path: `/gallery/${album}/2` },
    { name: 'alert', path: `/hrd-alerts/${ALERT.slug}` },
    { name: 'portal', path: '/human-rights-portal' },
  ];
  const problems: string[] = [];
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const context = await newContext(browser, { wide: size === 'wide', bypassCSP: true });
    try {
      const page = await context.newPage();
      const check = async (name: string, locale: string) => {
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `design-${name}-${locale}-${viewport.width}.png`), fullPage: true });
        const overflow = await measureHorizontalOverflow(page);
        if (overflow > 0) problems.push(`${name} ${locale} ${viewport.width}px scrolls sideways by ${overflow}px`);
        for (const small of await smallText(page, MIN_TEXT_PX)) problems.push(`${name} ${locale} ${viewport.width}px: ${small}`);
      };
      for (const locale of LOCALES) {
        for (const p of pages) {
          assert.equal(await openPage(page, localeUrl(site.baseUrl, locale, p.path)), 200, p.path);
          await check(p.name, locale);
          for (const finding of await runAxe(page)) problems.push(`${p.name} ${locale} ${viewport.width}px: axe ${finding.id} ${finding.targets.join(', ')}`);
        }
      }
      await signInAsEditor(page);
      for (const locale of LOCALES) {
        await openPage(page, `${site.baseUrl}/admin/account`);
        await page.locator('select[name="locale"]').selectOption(locale);
        await submit(page, page.locator('form[action="/admin/account/language"] button[type="submit"]'));
        await openPage(page, `${site.baseUrl}/admin`);
        await check('admin-dashboard', locale);
      }
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, []);
});
