import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { newContext } from './support/browser.js';
import { openPage, runAxe } from './support/pages.js';
import type { RunningSite } from './support/server.js';
import { closeSiteAndBrowser, openSiteAndBrowser } from './support/site-and-browser.js';

/**
 * Many of the organisation's publications exist in one language only. An editor writes one in
 * Khmer and one in English through the real rich-text editor, leaving the other language's
 * editor untouched (it posts `<p></p>`); each is published, shows in its language, and the
 * other language's page says it is available in the first one only.
 */

const ADMIN = { name: 'Bopha Admin', email: 'bopha.admin@example.org', password: 'monsoon ladder papaya thirty' };
const run = Date.now().toString(36);
const ITEMS = [
  { only: 'km', other: 'en', slug: `khmer-only-${run}`, title: 'សេចក្តីថ្លែងការណ៍ជាភាសាខ្មែរតែប៉ុណ្ណោះ', body: 'អត្ថបទនេះមានតែជាភាសាខ្មែរ។' },
  { only: 'en', other: 'km', slug: `english-only-${run}`, title: `A statement in English only ${run}`, body: 'This text exists in English only.' },
] as const;

const shot = screenshotter('single-language');

let site: RunningSite;
let browser: Browser;

before(async () => {
  ({ site, browser } = await openSiteAndBrowser());
});

after(() => closeSiteAndBrowser(site, browser));

test('an editor publishes a Khmer-only and an English-only publication through the rich-text editor', { timeout: 180_000 }, async () => {
  const staff = await newContext(browser, { wide: true });
  const readers = await newContext(browser, { bypassCSP: true });
  const page = await staff.newPage();
  const reader = await readers.newPage();
  try {
    await setUpFirstAdmin(page, site.baseUrl, ADMIN);
    for (const item of ITEMS) {
      await page.goto(`${site.baseUrl}/admin/publications/new`);
      const form = page.locator('form.editor-form');
      const surface = (locale: string) => form.locator(`fieldset.editor-language[lang="${locale}"] .rich-text-editor__surface`);
      assert.equal(await surface(item.only).count(), 1, 'the body is edited in the rich-text editor');
      assert.equal(await surface(item.other).count(), 1, 'the other language has its (untouched) rich-text editor');
      await form.locator('input[name="slug"]').fill(item.slug);
      await form.locator(`input[name="${item.only}.title"]`).fill(item.title);
      await surface(item.only).click();
      await page.keyboard.insertText(item.body);

      const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/admin/publications');
      await submit(page, form.locator('button[name="intent"][value="publish"]'));
      const body = new URLSearchParams((await posted).postData() ?? '');
      assert.equal(body.get(`${item.other}.title`), '');
      assert.match(body.get(`${item.other}.bodyHtml`) ?? '', /^<p>(<br[^>]*>)?<\/p>$/, 'the untouched editor posts its empty paragraph');
      assert.match(new URL(page.url()).pathname, /^\/admin\/publications\/\d+$/, await page.locator('main').innerText());
      assert.equal(await page.locator('.field-error').count(), 0);
      assert.equal(await page.locator('.badge--published').count(), 1, 'the status shows published');
      await shot(page, `${item.only}-admin`);

      const path = `/publications/${item.slug}`;
      assert.equal(await openPage(reader, `${site.baseUrl}/${item.only}${path}`), 200);
      assert.equal(await reader.getAttribute('html', 'lang'), item.only);
      assert.equal((await reader.locator('h1').first().innerText()).trim(), item.title);
      assert.ok((await reader.locator('main').innerText()).includes(item.body));
      assert.equal(await reader.locator('.notice--language').count(), 0);
      assert.deepEqual(await runAxe(reader), []);
      await shot(reader, `${item.only}-public`);

      assert.equal(await openPage(reader, `${site.baseUrl}/${item.other}${path}`), 200);
      assert.equal(await reader.getAttribute('html', 'lang'), item.other);
      assert.equal(await reader.locator('.notice--language').count(), 1, 'the page says the item is in the other language only');
      assert.equal((await reader.locator('h1').first().innerText()).trim(), item.title);
      assert.deepEqual(await runAxe(reader), []);
      await shot(reader, `${item.other}-fallback-to-${item.only}`);
    }
  } finally {
    await staff.close();
    await readers.close();
  }
});
