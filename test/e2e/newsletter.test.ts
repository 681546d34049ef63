import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { newContext } from './support/browser.js';
import { openPage, runAxe } from './support/pages.js';
import type { RunningSite } from './support/server.js';
import { closeSiteAndBrowser, openSiteAndBrowser } from './support/site-and-browser.js';

/**
 * A communications officer builds a newsletter as in WordPress: a greeting typed in the rich-text
 * editor, then "Add recent items", which puts the latest news and publications of each language
 * under it as links the officer can still edit; the draft is saved with them, and each link
 * leads to the item it names.
 */

const ADMIN = { name: 'Sophea Admin', email: 'sophea.admin@example.org', password: 'lotus harbour mango ninety' };
const GREETING = { en: 'Dear readers, here is our news of the month.', km: 'ជម្រាបសួរអ្នកអានទាំងអស់។' } as const;
const HEADING = { en: 'Latest news and publications', km: 'ព័ត៌មាន និងឯកសារបោះពុម្ពផ្សាយថ្មីៗ' } as const;

const shot = screenshotter('newsletter');

let site: RunningSite;
let browser: Browser;

before(async () => {
  ({ site, browser } = await openSiteAndBrowser());
});

after(() => closeSiteAndBrowser(site, browser));

test('an editor builds a newsletter from recent items in the rich-text editor, in both languages, and saves it', { timeout: 180_000 }, async () => {
  const staff = await newContext(browser, { wide: true, bypassCSP: true });
  const readers = await newContext(browser, { bypassCSP: true });
  const page = await staff.newPage();
  const reader = await readers.newPage();
  try {
    await setUpFirstAdmin(page, site.baseUrl, ADMIN);
    await page.goto(`${site.baseUrl}/admin/mailings/new`);
    const surface = (locale: 'en' | 'km') => page.locator(`form.mailing-form fieldset[lang="${locale}"] .rich-text-editor__surface`);
    for (const locale of ['en', 'km'] as const) {
      await page.locator(`input[name="subject_${locale}"]`).fill(locale === 'en' ? 'Our month' : 'ខែនេះ');
      await surface(locale).click();
      await page.keyboard.insertText(GREETING[locale]);
    }
    await submit(page, page.locator('form.mailing-form button[name="addRecent"]'));

    // Nothing is saved yet: the same form, with the items under each greeting, in the editor.
    assert.equal(new URL(page.url()).pathname, '/admin/mailings');
    const links: Record<string, Array<{ href: string; text: string }>> = {};
    for (const locale of ['en', 'km'] as const) {
      const editor = surface(locale);
      assert.ok((await editor.innerText()).includes(GREETING[locale]), `the ${locale} greeting is kept`);
      assert.equal((await editor.locator('h2').innerText()).trim(), HEADING[locale]);
      links[locale] = await editor.locator('li a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: (a.textContent ?? '').trim() })));
      assert.ok(links[locale]!.length >= 2, `${locale}: recent items added`);
      for (const link of links[locale]!) assert.match(link.href, new RegExp(`^${site.baseUrl}/${locale}/(news|publications)/[^/]+$`));
    }
    assert.deepEqual(await runAxe(page), []);
    await shot(page, 'recent-items-added');

    await submit(page, page.locator('form.mailing-form button[type="submit"]:not([name])'));
    const saved = new URL(page.url()).pathname;
    assert.match(saved, /^\/admin\/mailings\/\d+$/, await page.locator('main').innerText());

    for (const locale of ['en', 'km'] as const) {
      // The draft kept the items: its preview lists the same links, and each leads to its item.
      assert.equal(await openPage(page, `${site.baseUrl}${saved}/preview/${locale}`), 200);
      const previewed = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const link of links[locale]!) assert.ok(previewed.includes(link.href), `${locale} preview links ${link.href}`);
      const first = links[locale]![0]!;
      assert.equal(await openPage(reader, first.href), 200);
      // The page shows a title typed in capitals or with underscores in readable form.
      const plain = (text: string) => text.toLowerCase().replace(/[_\s]+/g, ' ').trim();
      assert.equal(plain(await reader.locator('h1').first().innerText()), plain(first.text));
    }
  } finally {
    await staff.close();
    await readers.close();
  }
});
