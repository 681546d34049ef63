import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { screenshotter, setUpFirstAdmin, submit } from './support/actions.js';
import { newContext } from './support/browser.js';
import { openPage, runAxe } from './support/pages.js';
import type { RunningSite } from './support/server.js';
import { closeSiteAndBrowser, openSiteAndBrowser } from './support/site-and-browser.js';

/**
 * A communications officer adds a publication's cover and its PDF straight from the item's
 * form, as in WordPress: each file goes up with a progress bar, is chosen in its picker, and
 * after publishing the public page shows the cover (with the alt text typed beside it) and
 * offers the PDF. A PDF offered as the cover is refused in the form. Without scripts the
 * picker stays, with a pointer to the media library.
 */

const ADMIN = { name: 'Sokha Admin', email: 'sokha.admin@example.org', password: 'river lantern mango forty' };
const run = Date.now().toString(36);
const SLUG = `uploaded-from-form-${run}`;
const TITLE = `Report with an uploaded cover ${run}`;
const ALT_EN = 'Women farmers holding land titles';
const ALT_KM = 'ស្ត្រីកសិករកាន់ប័ណ្ណកម្មសិទ្ធិដីធ្លី';

const shot = screenshotter('upload-from-form');

let site: RunningSite;
let browser: Browser;

async function coverJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#2e6b4f' } }).jpeg({ quality: 90 }).toBuffer();
}

async function reportPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < 3; i += 1) doc.addPage([595, 842]).drawText(`Land rights report, page ${i + 1}`, { x: 50, y: 780, size: 18, font });
  return Buffer.from(await doc.save());
}

before(async () => {
  ({ site, browser } = await openSiteAndBrowser());
});

after(() => closeSiteAndBrowser(site, browser));

test('an editor uploads a cover and a PDF from the publication form, publishes, and readers get both', { timeout: 180_000 }, async () => {
  const staff = await newContext(browser, { wide: true });
  const readers = await newContext(browser, { bypassCSP: true });
  const page = await staff.newPage();
  const reader = await readers.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  try {
    await setUpFirstAdmin(page, site.baseUrl, ADMIN);
    await page.goto(`${site.baseUrl}/admin/publications/new`);
    const form = page.locator('form.editor-form');
    await form.locator('input[name="en.title"]').fill(TITLE);
    await form.locator('input[name="slug"]').fill(SLUG);

    const cover = form.locator('[data-field-upload="f-coverFileId"]');
    assert.equal(await cover.locator('.field-upload__fallback').count(), 0, 'the no-script pointer is gone once the control works');
    assert.ok(await cover.locator('input[type="file"]').isVisible());

    // A PDF is not a cover: the refusal is shown in the form, and the picker keeps its choice.
    await cover.locator('input[type="file"]').setInputFiles({ name: 'wrong.pdf', mimeType: 'application/pdf', buffer: await reportPdf() });
    await cover.locator('.field-upload__status--error').waitFor();
    assert.match(await cover.locator('.field-upload__status').innerText(), /this field takes an image/);
    assert.equal(await form.locator('#f-coverFileId').inputValue(), '');

    await cover.locator('input[data-alt-locale="en"]').fill(ALT_EN);
    await cover.locator('input[data-alt-locale="km"]').fill(ALT_KM);
    const coverAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/media/upload.json');
    await cover.locator('input[type="file"]').setInputFiles({ name: 'land-titles.jpg', mimeType: 'image/jpeg', buffer: await coverJpeg() });
    assert.equal((await coverAnswer).status(), 200);
    await cover.locator('.field-upload__status--done').waitFor();
    assert.equal(await cover.locator('progress').isVisible(), true, 'the progress bar stays, full, when done');
    assert.equal(await cover.locator('progress').evaluate((p) => (p as HTMLProgressElement).value), 100);
    assert.match(await cover.locator('.field-upload__status').innerText(), /land-titles\.jpg is uploaded and chosen/);
    const coverSelect = form.locator('#f-coverFileId');
    assert.notEqual(await coverSelect.inputValue(), '');
    assert.equal((await coverSelect.locator('option:checked').innerText()).trim(), 'land-titles.jpg');

    const document = form.locator('[data-field-upload="f-document_en"]');
    // The bar fills as the bytes go up: its value is read at each upload progress event.
    await document.locator('input[type="file"]').setInputFiles({ name: 'land-report.pdf', mimeType: 'application/pdf', buffer: await reportPdf() });
    await document.locator('.field-upload__status--done').waitFor();
    assert.equal(await document.locator('progress').evaluate((p) => (p as HTMLProgressElement).value), 100);
    assert.match(await document.locator('.field-upload__status').innerText(), /without their document information/);
    assert.equal((await form.locator('#f-document_en option:checked').innerText()).trim(), 'land-report.pdf');
    await shot(page, 'form-after-uploads');

    await submit(page, form.locator('button[name="intent"][value="publish"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/publications\/\d+$/, await page.locator('main').innerText());
    assert.equal(await page.locator('.field-error').count(), 0, await page.locator('main').innerText());
    assert.equal(await page.locator('.badge--published').count(), 1);

    for (const [locale, alt] of [['en', ALT_EN], ['km', ALT_KM]] as const) {
      assert.equal(await openPage(reader, `${site.baseUrl}/${locale}/publications/${SLUG}`), 200);
      const img = reader.locator(`main img[alt="${alt}"]`);
      assert.ok((await img.count()) >= 1, `the cover shows with its ${locale} alt text`);
      assert.ok(await img.first().evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0), 'the cover loads');
      const download = reader.locator('main a[download][type="application/pdf"]').first();
      const href = await download.getAttribute('href');
      assert.ok(href, 'the PDF is offered');
      const pdf = await readers.request.get(new URL(href, site.baseUrl).toString());
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      assert.deepEqual(await runAxe(reader), []);
      await shot(reader, `public-${locale}`);
    }
    // The refused upload above is the one expected failed request.
    const unexpected = consoleErrors.filter((m) => !/status of 400/.test(m));
    assert.deepEqual(unexpected, [], 'the editor page logs no error (none from the content security policy)');

    // axe is injected as an inline script, which the admin's policy refuses: it runs in a
    // context that ignores the policy, on the saved item's form with a refused upload shown.
    const itemUrl = page.url();
    const audit = await newContext(browser, { wide: true, bypassCSP: true });
    try {
      await audit.addCookies(await staff.cookies());
      const check = await audit.newPage();
      await check.goto(itemUrl);
      const field = check.locator('[data-field-upload="f-coverFileId"]');
      await field.locator('input[type="file"]').setInputFiles({ name: 'wrong.pdf', mimeType: 'application/pdf', buffer: await reportPdf() });
      await field.locator('.field-upload__status--error').waitFor();
      assert.deepEqual(await runAxe(check), []);
    } finally {
      await audit.close();
    }

    // The same editor, without scripts: the picker stays, with a pointer to the media library.
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      await noScript.addCookies(await staff.cookies());
      const plain = await noScript.newPage();
      await plain.goto(`${site.baseUrl}/admin/publications/new`);
      const fallback = plain.locator('[data-field-upload="f-coverFileId"]');
      assert.ok(await fallback.locator('.field-upload__fallback a[href="/admin/media"]').isVisible());
      assert.equal(await fallback.locator('input[type="file"]').isVisible(), false, 'no file input the url-encoded form could not send');
      assert.ok(await plain.locator('#f-coverFileId').isVisible(), 'the picker of library images stays');
      assert.ok((await plain.locator('#f-coverFileId option').allInnerTexts()).includes('land-titles.jpg'));
    } finally {
      await noScript.close();
    }
  } finally {
    await staff.close();
    await readers.close();
  }
});
