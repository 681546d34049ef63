import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TOTP } from 'otpauth';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { screenshotter, submit } from './support/actions.js';
import { newContext } from './support/browser.js';
import type { RunningSite } from './support/server.js';
import { closeSiteAndBrowser, openSiteAndBrowser } from './support/site-and-browser.js';

/**
 * The editors' path from the first start to a publication readers can see: the one-time setup,
 * two-step verification, uploads, alt text, a bilingual publication scheduled a minute or two
 * ahead, the scheduler publishing it, and the public pages and feeds in both languages.
 */

const SITE_TIME_ZONE = 'Asia/Phnom_Penh';
const ADMIN = { name: 'Sokha Admin', email: 'sokha.admin@example.org', password: 'river lantern mango seventeen' };
const SLUG = `workspace-report-${Date.now().toString(36)}`;
const TEXT = {
  en: { title: 'Monitoring Report on Land Disputes', summary: 'Findings from three provinces.', body: 'The monitors visited twelve communities.', alt: 'Villagers meeting under a tree' },
  km: { title: 'របាយការណ៍តាមដានវិវាទដីធ្លី', summary: 'លទ្ធផលពីខេត្តបី។', body: 'អ្នកតាមដានបានចុះទៅសហគមន៍ដប់ពីរ។', alt: 'អ្នកភូមិប្រជុំនៅក្រោមដើមឈើ' },
} as const;
const DOCUMENT_LABEL = 'Full report (PDF)';

const shot = screenshotter('admin');

let site: RunningSite;
let browser: Browser;

before(async () => {
  ({ site, browser } = await openSiteAndBrowser());
});

after(() => closeSiteAndBrowser(site, browser));

/** A photo with GPS coordinates in its EXIF, as a phone would take it. */
async function makePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 40, g: 120, b: 90 } } })
    .composite([{ input: Buffer.from('<svg width="1600" height="1000"><circle cx="800" cy="500" r="300" fill="#e0b040"/></svg>') }])
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 33/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 55/1 0/1' } })
    .toBuffer();
}

async function makePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Monitoring report: land disputes', { x: 50, y: 780, size: 18, font });
  return Buffer.from(await doc.save());
}

/** The wall-clock value of a `datetime-local` input on the site's clock. */
function localInputValue(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The widest JPEG in an `<img srcset>`. */
function widestCandidate(srcset: string): string {
  const candidates = srcset.split(',').map((entry) => {
    const [url, width] = entry.trim().split(/\s+/);
    return { url: url!, width: Number.parseInt(width ?? '0', 10) };
  });
  candidates.sort((a, b) => b.width - a.width);
  return candidates[0]!.url;
}

test('an editor signs in with two steps, schedules a bilingual publication and readers see it', { timeout: 240_000 }, async (t) => {
  const context = await newContext(browser, { wide: true });
  const page = await context.newPage();
  try {
    // 1. First admin through the one-time setup page, then two-step verification.
    await page.goto(`${site.baseUrl}/admin/setup`);
    await page.fill('input[name="name"]', ADMIN.name);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.fill('input[name="password2"]', ADMIN.password);
    await shot(page, 'setup');
    await submit(page, page.locator('form[action="/admin/setup"] button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/account\/two-factor$/);

    const secret = (await page.locator('.totp-secret').innerText()).replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]+=*$/);
    const totp = new TOTP({ secret });
    await page.fill('form[action="/admin/account/two-factor"] input[name="code"]', totp.generate());
    await shot(page, 'two-factor-enrol');
    await submit(page, page.locator('form[action="/admin/account/two-factor"] button[type="submit"]'));
    assert.equal(await page.locator('.recovery-codes li').count(), 10);
    await shot(page, 'recovery-codes');

    await submit(page, page.locator('form[action="/admin/sign-out"] button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/admin/sign-in');
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await submit(page, page.locator('form[action="/admin/sign-in"] button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/admin/sign-in/two-factor');
    // The enrolment used this step's code, and a code counts once: take the next step's (inside the window).
    await page.fill('input[name="code"]', totp.generate({ timestamp: Date.now() + 30_000 }));
    await shot(page, 'sign-in-two-factor');
    await submit(page, page.locator('form[action="/admin/sign-in/two-factor"] button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, '/admin');

    // 2. A photo (with GPS in its EXIF) and a PDF through the plain file input; alt text in both languages.
    const photo = await makePhoto();
    assert.ok((await sharp(photo).metadata()).exif, 'the test photo carries EXIF');
    await page.goto(`${site.baseUrl}/admin/media`);
    await page.setInputFiles('.upload-form input[type="file"][name="files"]', [
      { name: 'land-meeting.jpg', mimeType: 'image/jpeg', buffer: photo },
      { name: 'land-report.pdf', mimeType: 'application/pdf', buffer: await makePdf() },
    ]);
    await submit(page, page.locator('.upload-form button[type="submit"]'));
    assert.equal(await page.locator('.notice--error').count(), 0, await page.locator('main').innerText());
    await shot(page, 'media-uploaded');
    const photoHref = await page.locator('.media-grid__item a', { hasText: 'land-meeting.jpg' }).getAttribute('href');
    const pdfHref = await page.locator('.media-grid__item a', { hasText: 'land-report.pdf' }).getAttribute('href');
    const photoId = /\/admin\/media\/(\d+)$/.exec(photoHref ?? '')?.[1];
    const pdfId = /\/admin\/media\/(\d+)$/.exec(pdfHref ?? '')?.[1];
    assert.ok(photoId && pdfId, 'both uploads are listed');

    await page.goto(`${site.baseUrl}/admin/media/${photoId}`);
    await page.fill('textarea[name="alt_en"]', TEXT.en.alt);
    await page.fill('textarea[name="alt_km"]', TEXT.km.alt);
    await submit(page, page.locator(`form[action="/admin/media/${photoId}/alt"] button[type="submit"]`));
    assert.equal(await page.locator('.notice--error, .field-error').count(), 0);
    assert.equal(await page.locator('textarea[name="alt_km"]').inputValue(), TEXT.km.alt);
    await shot(page, 'media-alt-text');

    // 3. The publication in both languages, cover and document, dated a minute or two ahead.
    await page.goto(`${site.baseUrl}/admin/publications/new`);
    const form = page.locator('form.editor-form');
    await form.locator('input[name="slug"]').fill(SLUG);
    const due = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
    await form.locator('input[name="publishedAt"]').fill(localInputValue(due, SITE_TIME_ZONE));
    await form.locator('select[name="coverFileId"]').selectOption(photoId);
    for (const locale of ['en', 'km'] as const) {
      await form.locator(`input[name="${locale}.title"]`).fill(TEXT[locale].title);
      await form.locator(`textarea[name="${locale}.summary"]`).fill(TEXT[locale].summary);
      const language = form.locator(`fieldset.editor-language[lang="${locale}"]`);
      const surface = language.locator('.rich-text-editor__surface');
      if ((await surface.count()) > 0) {
        await surface.click();
        await page.keyboard.insertText(TEXT[locale].body);
      } else {
        await form.locator(`textarea[name="${locale}.bodyHtml"]`).fill(`<p>${TEXT[locale].body}</p>`);
      }
    }
    // Documents are being added to the form: attach one when the field is there.
    const documentSelect = form.locator('select[name="document_en"]');
    const hasDocument = (await documentSelect.count()) > 0;
    t.diagnostic(hasDocument ? 'the form has document_en: the PDF is attached' : 'the form has no document_en yet: no document checked');
    t.diagnostic((await form.locator('.rich-text-editor__surface').count()) > 0 ? 'body typed into the rich-text editor' : 'body typed into the plain textarea');
    if (hasDocument) {
      await documentSelect.selectOption(pdfId);
      await form.locator('input[name="document_en_label"]').fill(DOCUMENT_LABEL);
    }
    await shot(page, 'publication-form');
    await submit(page, form.locator('button[name="intent"][value="publish"]'));
    assert.match(new URL(page.url()).pathname, /^\/admin\/publications\/\d+$/, await page.locator('main').innerText());
    assert.equal(await page.locator('.badge--scheduled').count(), 1, 'the status shows scheduled');
    await shot(page, 'publication-scheduled');

    // 4. The scheduler publishes it (checked every 30 s): poll the public page, bounded.
    const publicPath = `/publications/${SLUG}`;
    const deadline = due.getTime() + 75_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await fetch(`${site.baseUrl}/en${publicPath}`)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    assert.equal(status, 200, `published by ${new Date(deadline).toISOString()} (due ${due.toISOString()})`);

    let widestJpeg = '';
    for (const locale of ['en', 'km'] as const) {
      const response = await page.goto(`${site.baseUrl}/${locale}${publicPath}`);
      assert.equal(response?.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      assert.equal((await page.locator('h1').first().innerText()).trim(), TEXT[locale].title);
      const cover = page.locator(`main img[alt="${TEXT[locale].alt}"]`);
      assert.equal(await cover.count(), 1, `the cover with its ${locale} alt text`);
      widestJpeg = widestCandidate((await cover.getAttribute('srcset')) ?? (await cover.getAttribute('src')) ?? '');
      if (hasDocument && locale === 'en') {
        // The download button under the title, before the text (the documents are listed again after it).
        const link = page.locator('main .publication__download a', { hasText: DOCUMENT_LABEL });
        assert.equal(await link.count(), 1, 'the document link');
        const pdf = await fetch(new URL((await link.getAttribute('href'))!, site.baseUrl));
        assert.equal(pdf.status, 200);
      }
    }

    const rss = await (await fetch(`${site.baseUrl}/en/feeds/publications.rss`)).text();
    assert.ok(rss.includes(TEXT.en.title) && rss.includes(`/en${publicPath}`), 'in the English RSS feed');
    const atom = await (await fetch(`${site.baseUrl}/km/feeds/publications.atom`)).text();
    assert.ok(atom.includes(TEXT.km.title) && atom.includes(`/km${publicPath}`), 'in the Khmer Atom feed');

    // Readers get the picture without where it was taken.
    const variant = await fetch(new URL(widestJpeg, site.baseUrl));
    assert.equal(variant.status, 200);
    const meta = await sharp(Buffer.from(await variant.arrayBuffer())).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.exif, undefined, 'no EXIF in the served variant');
  } finally {
    await context.close();
  }
});
