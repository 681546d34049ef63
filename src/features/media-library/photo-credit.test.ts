import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { attachDocument, createImage, testStorage } from '../../../test/factories/media.js';
import { createNewsPost } from '../../../test/factories/news.js';
import { createPublication } from '../../../test/factories/publications.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { renderFirstPage } from '../media/pdf-cover.js';

const BOUNDARY = '----dove-credit-boundary';

function multipart(csrf: string, name: string, bytes: Buffer) {
  const payload = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="files"; filename="${name}"\r\ncontent-type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/** A real report: a red title band on a white A4 page, with an author in its metadata. */
async function reportPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  page.drawRectangle({ x: 0, y: 600, width: 595, height: 242, color: rgb(0.7, 0.1, 0.1) });
  page.drawText('Annual Report', { x: 50, y: 700, size: 40, font, color: rgb(1, 1, 1) });
  doc.addPage([595, 842]);
  doc.setAuthor('Secret Author');
  doc.setTitle('Annual Report');
  return Buffer.from(await doc.save());
}

for (const engine of testEngines()) {
  describe(`photo credits and document covers (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let photoId: number;
    const saveCredit = (agent: StaffAgent, fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/admin/media/${photoId}/alt`,
        headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: agent.csrfToken, alt_en: 'Villagers at the forum', alt_km: 'អ្នកភូមិនៅវេទិកា', ...fields }).toString(),
      });

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      photoId = await createImage(t.db, testStorage(t.config), { alts: [] });
    });
    after(() => t.close());

    it('saves a photo\'s caption, credit and licence from its file page, with an audit row', async () => {
      const res = await saveCredit(editor, { caption_en: 'The forum in Kampong Cham', credit: '  Sok Dara / CCHR ', licence: 'CC-BY-4.0' });
      assert.equal(res.statusCode, 200);
      const row = await t.db.selectFrom('files').select(['credit', 'licence']).where('id', '=', photoId).executeTakeFirstOrThrow();
      assert.deepEqual(row, { credit: 'Sok Dara / CCHR', licence: 'CC-BY-4.0' });
      assert.match(res.body, /<input type="text" name="credit" value="Sok Dara \/ CCHR"/);
      assert.match(res.body, /<option value="CC-BY-4.0" selected lang="en">/);
      const audit = await t.db.selectFrom('auditLog').select(['before', 'after']).where('action', '=', 'file.alt.update').where('subjectId', '=', String(photoId)).executeTakeFirstOrThrow();
      assert.match(String(audit.after), /Sok Dara \/ CCHR/);
      assert.match(String(audit.after), /CC-BY-4.0/);
    });

    it('refuses an unknown licence or a credit too long in the staff member\'s language, keeping what was typed and storing nothing', async () => {
      const bad = await saveCredit(editor, { credit: 'Another name', licence: 'public-domain-ish' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Choose a licence from the list\./);
      assert.match(bad.body, /value="Another name"/);
      const khmer = await signInAs(t, 'editor', { locale: 'km' });
      const long = await saveCredit(khmer, { credit: 'x'.repeat(201), licence: '' });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /មិនលើសពី ២០០ តួអក្សរ។/);
      const row = await t.db.selectFrom('files').select(['credit', 'licence']).where('id', '=', photoId).executeTakeFirstOrThrow();
      assert.deepEqual(row, { credit: 'Sok Dara / CCHR', licence: 'CC-BY-4.0' });
    });

    it('shows the caption and credit line with the licence under a news post\'s cover', async () => {
      const post = await createNewsPost(t.db, { slug: 'forum-news', translations: { en: { title: 'Forum held' } } });
      await t.db.updateTable('newsPosts').set({ coverFileId: photoId }).where('id', '=', post.id).execute();
      t.app.contentChanged();
      const page = await t.app.inject('/en/news/forum-news');
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<figure class="photo news-post__cover"><picture>.*<\/picture><figcaption><span lang="en">The forum in Kampong Cham<\/span><small class="photo__credit" lang="en">Photo: Sok Dara \/ CCHR · <a rel="license" href="https:\/\/creativecommons.org\/licenses\/by\/4.0\/" lang="en"[^>]*>CC BY 4.0<\/a><\/small><\/figcaption><\/figure>/s,
      );
      const km = await t.app.inject('/km/news/forum-news');
      assert.match(km.body, /<small class="photo__credit" lang="km">រូបថត៖ Sok Dara \/ CCHR/);
    });

    it('draws the first page of a real PDF as an image', async () => {
      const png = await renderFirstPage(await reportPdf());
      assert.ok(png);
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      assert.equal(info.width, 960);
      // The top of the page is the red band, the bottom is white paper.
      const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
      const [r, g, b] = pixel(10, 10);
      assert.ok(r! > 150 && g! < 60 && b! < 60, `red band, got ${[r, g, b]}`);
      assert.deepEqual(pixel(10, info.height - 10), [255, 255, 255]);
      assert.equal(await renderFirstPage(Buffer.from('%PDF-1.4 not really')), undefined);
    });

    it('makes an uploaded PDF\'s first page the cover of a publication without one, with no metadata in any rendition', async () => {
      const body = multipart(editor.csrfToken, 'annual-report.pdf', await reportPdf());
      const upload = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: editor.cookie, 'content-type': body.contentType }, payload: body.payload });
      assert.ok(upload.statusCode < 400, `upload answered ${upload.statusCode}`);
      const pdf = await t.db.selectFrom('files').select('id').where('originalName', '=', 'annual-report.pdf').executeTakeFirstOrThrow();
      const firstPage = await t.db.selectFrom('files').select(['id', 'mime', 'width']).where('sourceFileId', '=', pdf.id).executeTakeFirstOrThrow();
      assert.equal(firstPage.mime, 'image/jpeg');
      assert.equal(firstPage.width, 960);
      const variants = await t.db.selectFrom('imageVariants').select(['sha256', 'format']).where('fileId', '=', firstPage.id).execute();
      assert.ok(variants.length >= 3);
      const storage = testStorage(t.config);
      for (const v of variants) {
        const meta = await sharp((await storage.get(v.sha256))!).metadata();
        assert.equal(meta.exif, undefined);
        assert.equal(meta.xmp, undefined);
      }

      const withoutCover = await createPublication(t.db, { slug: 'annual-report', translations: { en: { title: 'Annual Report' } } });
      await attachDocument(t.db, withoutCover.id, pdf.id);
      const withCover = await createPublication(t.db, { slug: 'with-cover', coverFileId: photoId, translations: { en: { title: 'Chosen cover' } } });
      await attachDocument(t.db, withCover.id, pdf.id);
      t.app.contentChanged();

      const firstPageJpeg = variants.find((v) => v.format === 'jpeg')!.sha256;
      const page = await t.app.inject('/en/publications/annual-report');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<figure class="photo publication__cover">/);
      assert.ok(page.body.includes(firstPageJpeg), 'the publication shows its first page');
      assert.match(page.body, /alt="First page of the document"/);
      const list = await t.app.inject('/en/publications');
      assert.ok(list.body.includes(firstPageJpeg), 'the list card shows the first page too');
      const chosen = await t.app.inject('/en/publications/with-cover');
      assert.ok(!chosen.body.includes(firstPageJpeg), 'an editor\'s cover wins over the first page');
    });
  });
}
