import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { launchBrowser, newContext, SCREENSHOT_DIR } from './support/browser.js';
import { openPage, runAxe } from './support/pages.js';
import { startDemoSite, type RunningSite } from './support/server.js';

/**
 * An editor who works in Khmer: the admin language is set to Khmer on the account page, then a
 * person's portrait is uploaded straight from the person's form (a PDF dropped on the portrait
 * field is refused in Khmer), the person is published and readers see the portrait on the
 * people page in both languages; then the main menu is reordered by the keyboard alone, each
 * step announced in Khmer, positions in Khmer digits.
 */

const ADMIN = { name: 'Srey Mom', email: 'srey.mom@example.org', password: 'lotus paddle mango sixty' };
const run = Date.now().toString(36);
const SLUG = `sok-dara-${run}`;
const NAME_KM = 'សុខ ដារ៉ា';
const ALT_EN = 'Sok Dara at the land rights forum';
const ALT_KM = 'សុខ ដារ៉ា នៅវេទិកាសិទ្ធិដីធ្លី';

const shot = screenshotter('khmer-editor');

let site: RunningSite;
let browser: Browser;
let staff: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

async function portraitJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 1000, channels: 3, background: '#7a4b2e' } }).jpeg({ quality: 90 }).toBuffer();
}

async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Not a portrait', { x: 50, y: 780, size: 18, font });
  return Buffer.from(await doc.save());
}

before(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  site = await startDemoSite();
  browser = await launchBrowser();
  staff = await newContext(browser, { wide: true });
  page = await staff.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await setUpFirstAdmin(page, site.baseUrl, ADMIN);
  await page.goto(`${site.baseUrl}/admin/account`);
  await page.selectOption('#field-locale', 'km');
  await submit(page, page.locator('form[action="/admin/account/language"] button[type="submit"]'));
  assert.equal(await page.locator('html').getAttribute('lang'), 'km', 'the admin speaks Khmer');
});

after(async () => {
  await staff?.close();
  await browser?.close();
  await site?.close();
});

test('a Khmer-speaking editor uploads a portrait from the person form, is refused a PDF in Khmer, and readers see the portrait', { timeout: 300_000 }, async () => {
  const readers = await newContext(browser, { bypassCSP: true });
  const reader = await readers.newPage();
  try {
    await page.goto(`${site.baseUrl}/admin/people/new`);
    const form = page.locator('form.editor-form');
    assert.equal((await form.locator('label[for="f-photoFileId"]').innerText()).trim(), 'រូបថតបុគ្គល');
    await form.locator('input[name="en.name"]').fill('Sok Dara');
    await form.locator('input[name="en.role"]').fill('Land rights monitor');
    await form.locator('input[name="km.name"]').fill(NAME_KM);
    await form.locator('input[name="km.role"]').fill('អ្នកតាមដានសិទ្ធិដីធ្លី');
    await form.locator('input[name="slug"]').fill(SLUG);

    const portrait = form.locator('[data-field-upload="f-photoFileId"]');
    assert.ok(await portrait.locator('input[type="file"]').isVisible(), 'the upload control is shown beside the picker');
    assert.equal((await portrait.locator(`label[for="f-photoFileId-upload"]`).innerText()).trim(), 'ឬផ្ទុករូបភាពថ្មីឡើង');

    // A PDF dropped on the portrait field is refused, in Khmer, and nothing is chosen.
    await portrait.locator('input[type="file"]').setInputFiles({ name: 'wrong.pdf', mimeType: 'application/pdf', buffer: await onePagePdf() });
    await portrait.locator('.field-upload__status--error').waitFor();
    assert.equal(
      (await portrait.locator('.field-upload__status').innerText()).trim(),
      'wrong.pdf៖ ប្រអប់នេះទទួលតែរូបភាព (JPEG, PNG, WebP, GIF ឬ AVIF) ប៉ុណ្ណោះ មិនមែនឯកសារទេ។',
    );
    assert.equal(await form.locator('#f-photoFileId').inputValue(), '');
    await shot(page, 'portrait-refused');

    await portrait.locator('input[data-alt-locale="en"]').fill(ALT_EN);
    await portrait.locator('input[data-alt-locale="km"]').fill(ALT_KM);
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/media/upload.json');
    await portrait.locator('input[type="file"]').setInputFiles({ name: 'sok-dara.jpg', mimeType: 'image/jpeg', buffer: await portraitJpeg() });
    assert.equal((await answer).status(), 200);
    await portrait.locator('.field-upload__status--done').waitFor();
    assert.equal(await portrait.locator('progress').evaluate((p) => (p as HTMLProgressElement).value), 100);
    assert.equal(
      (await portrait.locator('.field-upload__status').innerText()).trim(),
      'sok-dara.jpg ត្រូវបានផ្ទុកឡើង និងជ្រើសរើសរួចហើយ។ សូមរក្សាទុកធាតុនេះ ដើម្បីកុំឱ្យបាត់។ បានផ្ទុកឡើងឯកសារចំនួន ១។',
    );
    assert.equal((await form.locator('#f-photoFileId option:checked').innerText()).trim(), 'sok-dara.jpg');
    await shot(page, 'portrait-uploaded');

    await submit(page, form.locator('button[name="intent"][value="publish"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/people\/\d+$/, await page.locator('main').innerText());
    assert.equal(await page.locator('.field-error').count(), 0, await page.locator('main').innerText());
    assert.equal((await page.locator('#f-photoFileId option:checked').innerText()).trim(), 'sok-dara.jpg', 'the saved person keeps the portrait');

    for (const [locale, alt] of [['km', ALT_KM], ['en', ALT_EN]] as const) {
      assert.equal(await openPage(reader, `${site.baseUrl}/${locale}/about/people`), 200);
      const img = reader.locator(`main .person__photo img[alt="${alt}"]`);
      assert.equal(await img.count(), 1, `the portrait shows with its ${locale} alt text`);
      await img.scrollIntoViewIfNeeded();
      await reader.waitForFunction((a) => {
        const i = document.querySelector<HTMLImageElement>(`main .person__photo img[alt="${a}"]`);
        return Boolean(i && i.complete && i.naturalWidth > 0);
      }, alt);
      assert.deepEqual(await runAxe(reader), []);
      await shot(reader, `people-${locale}`);
    }

    // axe is injected as an inline script, which the admin's policy refuses: a context that
    // ignores the policy, on the person's form with the Khmer refusal shown.
    const audit = await newContext(browser, { wide: true, bypassCSP: true });
    try {
      await audit.addCookies(await staff.cookies());
      const check = await audit.newPage();
      await check.goto(page.url());
      const field = check.locator('[data-field-upload="f-photoFileId"]');
      await field.locator('input[type="file"]').setInputFiles({ name: 'wrong.pdf', mimeType: 'application/pdf', buffer: await onePagePdf() });
      await field.locator('.field-upload__status--error').waitFor();
      assert.deepEqual(await runAxe(check), []);
    } finally {
      await audit.close();
    }
  } finally {
    await readers.close();
  }
});

const TOP = 'section[aria-labelledby="menu-main"] > ol.menu-tree > li.menu-tree__item';
const topLabels = (p: Page) => p.locator(`${TOP} > .menu-tree__row .menu-tree__label`).allInnerTexts();
const handleOf = (p: Page, label: string) =>
  p.locator(TOP).filter({ has: p.locator(':scope > .menu-tree__row .menu-tree__label', { hasText: label }) }).locator(':scope > .menu-tree__row .menu-tree__handle');
const khmerDigits = (n: number) => String(n).replace(/[0-9]/g, (d) => '០១២៣៤៥៦៧៨៩'[Number(d)]!);

test('a Khmer-speaking editor reorders the main menu by keyboard, each step announced in Khmer', { timeout: 180_000 }, async () => {
  await page.goto(`${site.baseUrl}/admin/menus`);
  const start = await topLabels(page);
  assert.ok(start.length >= 3, `the main menu has items: ${start.join(', ')}`);
  assert.match(start[0]!, /[\u1780-\u17ff]/, 'the labels are the Khmer ones');
  const help = page.locator('#menu-order-help');
  assert.ok(await help.isVisible());
  assert.match(await help.innerText(), /^អូសធាតុមួយតាមដងរបស់វា/);
  const live = page.locator('#menu-order-live');
  const count = khmerDigits(start.length);

  const first = start[0]!;
  const handle = handleOf(page, first);
  assert.equal(await handle.getAttribute('aria-label'), `ប្តូរលំដាប់ «${first}»`);
  await handle.focus();
  await page.keyboard.press('Space');
  assert.equal(await handle.getAttribute('aria-pressed'), 'true');
  assert.equal(await live.innerText(), `បានលើក «${first}» នៅទីតាំងទី ១ ក្នុងចំណោម ${count}។ ប្រើគ្រាប់ចុចព្រួញដើម្បីផ្លាស់ទី Space ដើម្បីដាក់ចុះ Escape ដើម្បីបោះបង់។`);
  await page.keyboard.press('ArrowDown');
  assert.equal(await live.innerText(), `«${first}»៖ ទីតាំងទី ២ ក្នុងចំណោម ${count}។`);
  const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/menus/order');
  await page.keyboard.press('Space');
  assert.equal((await saved).status(), 200);
  await page.waitForFunction(() => document.getElementById('menu-order-live')?.textContent === 'លំដាប់ថ្មីត្រូវបានរក្សាទុក។');
  const moved = [start[1]!, first, ...start.slice(2)];
  assert.deepEqual(await topLabels(page), moved);

  // Escape puts the item back, and says so in Khmer.
  await handleOf(page, moved[0]!).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  assert.equal(await live.innerText(), `បានបោះបង់ការផ្លាស់ទី៖ «${moved[0]}» ត្រឡប់ទៅទីតាំងទី ១ ក្នុងចំណោម ${count} វិញ។`);
  assert.deepEqual(await topLabels(page), moved);
  await shot(page, 'menus-km');

  await page.reload();
  assert.deepEqual(await topLabels(page), moved, 'the keyboard order was saved');
  // The refused uploads of the first test are the expected failed requests.
  assert.deepEqual(consoleErrors.filter((m) => !/status of 400/.test(m)), [], 'no error, none from the content security policy');

  const audit = await newContext(browser, { wide: true, bypassCSP: true });
  try {
    await audit.addCookies(await staff.cookies());
    const check = await audit.newPage();
    await check.goto(`${site.baseUrl}/admin/menus`);
    await check.locator('.menu-tree__handle').first().focus();
    await check.keyboard.press('Space');
    assert.match(await check.locator('#menu-order-live').innerText(), /^បានលើក/);
    assert.deepEqual(await runAxe(check), []);
  } finally {
    await audit.close();
  }
});
