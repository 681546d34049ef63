import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { findImagesMissingAltText } from './media-library.repository.js';

const BOUNDARY = '----dove-test-boundary';

/** A multipart body as a browser sends it: the CSRF token first, then the files. */
function multipart(csrf: string, files: Array<{ name: string; bytes: Buffer; type?: string }>) {
  const chunks: Buffer[] = [Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\ncontent-disposition: form-data; name="files"; filename="${f.name}"\r\ncontent-type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } })
    .jpeg()
    .withExifMerge({ IFD0: { Make: 'TestCam', Model: 'Secret' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 33/1 0/1' } })
    .toBuffer();
}

async function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#cc0000' } }).png().toBuffer();
}

async function realPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  return Buffer.from(await doc.save());
}

/** A PNG header claiming 50,000 × 50,000 pixels, a few hundred bytes long. */
async function hugeDimensionPng(): Promise<Buffer> {
  const png = await smallPng();
  const out = Buffer.from(png);
  out.writeUInt32BE(50_000, 16);
  out.writeUInt32BE(50_000, 20);
  return out;
}

for (const engine of testEngines()) {
  describe(`media library uploads (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    const countRows = async () => {
      const [files, variants] = await Promise.all([
        t.db.selectFrom('files').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        t.db.selectFrom('imageVariants').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return Number(files.n) + Number(variants.n);
    };
    const upload = (agent: StaffAgent, files: Array<{ name: string; bytes: Buffer }>) => {
      const body = multipart(agent.csrfToken, files);
      return t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: agent.cookie, 'content-type': body.contentType }, payload: body.payload });
    };

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    it('stores a photo without any EXIF or GPS in any variant', async () => {
      const res = await upload(editor, [{ name: 'field-visit.jpg', bytes: await photoWithGps() }]);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /1 file uploaded/);
      const file = await t.db.selectFrom('files').selectAll().where('originalName', '=', 'field-visit.jpg').executeTakeFirstOrThrow();
      const variants = await t.db.selectFrom('imageVariants').selectAll().where('fileId', '=', file.id).execute();
      assert.ok(variants.length >= 4);
      const storage = contentFiles(t.app.storage);
      for (const sha of [file.sha256, ...variants.map((v) => v.sha256)]) {
        const meta = await sharp((await storage.get(sha))!).metadata();
        assert.equal(meta.exif, undefined, `variant ${sha} has EXIF`);
        assert.equal(meta.xmp, undefined);
      }
      const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'file.upload').execute();
      assert.equal(audit.length, 1);
    });

    it('stores a real PDF and lists it under the PDF filter', async () => {
      const res = await upload(editor, [{ name: 'annual-report.pdf', bytes: await realPdf() }]);
      assert.equal(res.statusCode, 200, res.body);
      const list = await t.app.inject({ url: '/admin/media?type=pdf&q=annual', headers: { cookie: editor.cookie } });
      assert.match(list.body, /annual-report\.pdf/);
      assert.doesNotMatch(list.body, /field-visit\.jpg/);
    });

    const refusals: Array<[string, () => Promise<{ name: string; bytes: Buffer }>, RegExp]> = [
      ['a PNG named .pdf', async () => ({ name: 'report.pdf', bytes: await smallPng() }), /extension does not match/],
      ['a PDF named .jpg', async () => ({ name: 'photo.jpg', bytes: await realPdf() }), /extension does not match/],
      [
        'a GIF that also carries HTML and a PDF',
        async () => {
          const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer();
          return { name: 'funny.gif', bytes: Buffer.concat([gif, Buffer.from('<html><script>alert(1)</script>%PDF-1.4')]) };
        },
        /also contains another kind/,
      ],
      ['an image claiming 50,000 × 50,000 pixels', async () => ({ name: 'bomb.png', bytes: await hugeDimensionPng() }), /too many pixels/],
      [
        'a truncated JPEG',
        async () => {
          const jpeg = await photoWithGps();
          return { name: 'cut.jpg', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) };
        },
        /damaged or incomplete/,
      ],
      [
        'an SVG',
        async () => ({ name: 'logo.svg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }),
        /SVG images are refused/,
      ],
      [
        'a PDF without its end',
        async () => {
          const pdf = await realPdf();
          return { name: 'broken.pdf', bytes: pdf.subarray(0, pdf.length - 40) };
        },
        /PDF is damaged/,
      ],
      ['an image over 20 MB', async () => ({ name: 'big.png', bytes: Buffer.concat([await smallPng(), Buffer.alloc(21 * 1024 * 1024)]) }), /at most 20 MB/],
      ['a file over 50 MB', async () => ({ name: 'huge.pdf', bytes: Buffer.concat([await realPdf(), Buffer.alloc(51 * 1024 * 1024)]) }), /larger than 50 MB/],
    ];
    for (const [what, make, message] of refusals) {
      it(`refuses ${what} with a clear message and stores nothing`, async () => {
        const before = await countRows();
        const res = await upload(editor, [await make()]);
        assert.equal(res.statusCode, 400);
        assert.match(res.body, message);
        assert.equal(await countRows(), before);
      });
    }

    it('explains a refusal in Khmer to a Khmer-speaking staff member', async () => {
      const agent = await signInAs(t, 'author', { locale: 'km' });
      const res = await upload(agent, [{ name: 'logo.svg', bytes: Buffer.from('<svg></svg>') }]);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /រូបភាព SVG មិនត្រូវបានទទួលទេ/);
    });

    it('refuses an upload without the CSRF token', async () => {
      const body = multipart('forged', [{ name: 'a.png', bytes: await smallPng() }]);
      const before = await countRows();
      const res = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: editor.cookie, 'content-type': body.contentType }, payload: body.payload });
      assert.equal(res.statusCode, 403);
      assert.equal(await countRows(), before);
    });

    it('refuses a monitor with 403 and an audit row', async () => {
      const monitor = await signInAs(t, 'monitor');
      const res = await t.app.inject({ url: '/admin/media', headers: { cookie: monitor.cookie } });
      assert.equal(res.statusCode, 403);
      const denied = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'permission.denied').where('actor', '=', `user:${monitor.userId}`).execute();
      assert.equal(denied.length, 1);
    });

    it('saves alt text per language and reports images still lacking it', async () => {
      const file = await t.db.selectFrom('files').select('id').where('originalName', '=', 'field-visit.jpg').executeTakeFirstOrThrow();
      assert.deepEqual(await findImagesMissingAltText(t.db, [file.id], ['en', 'km']), [
        { fileId: file.id, locale: 'en' },
        { fileId: file.id, locale: 'km' },
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/media/${file.id}/alt`,
        headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: editor.csrfToken, alt_en: 'Staff meeting villagers', alt_km: '', caption_en: '' }).toString(),
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await findImagesMissingAltText(t.db, [file.id], ['en', 'km']), [{ fileId: file.id, locale: 'km' }]);
      const page = await t.app.inject({ url: `/admin/media/${file.id}`, headers: { cookie: editor.cookie } });
      assert.match(page.body, /Staff meeting villagers/);
    });

    it('refuses to delete a file in use, and deletes an unused one after confirmation', async () => {
      const file = await t.db.selectFrom('files').select('id').where('originalName', '=', 'field-visit.jpg').executeTakeFirstOrThrow();
      const org = await t.db.selectFrom('organisations').select('id').executeTakeFirst();
      const now = new Date().toISOString();
      const orgId =
        org?.id ??
        (await t.db
          .insertInto('organisations')
          .values({ slug: 'test-donor', kind: 'donor', status: 'published', url: null, logoFileId: null, inDonorsStrip: 0, sortOrder: 0, createdAt: now, updatedAt: now })
          .returning('id')
          .executeTakeFirstOrThrow()).id;
      await t.db.updateTable('organisations').set({ logoFileId: file.id }).where('id', '=', orgId).execute();
      const page = await t.app.inject({ url: `/admin/media/${file.id}`, headers: { cookie: editor.cookie } });
      assert.match(page.body, /Logo of organisation/);
      const refused = await t.app.inject({ method: 'POST', url: `/admin/media/${file.id}/delete`, headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: editor.csrfToken }).toString() });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /in use and cannot be deleted/);
      assert.ok(await t.db.selectFrom('files').select('id').where('id', '=', file.id).executeTakeFirst());

      await t.db.updateTable('organisations').set({ logoFileId: null }).where('id', '=', orgId).execute();
      const confirm = await t.app.inject({ url: `/admin/media/${file.id}/delete`, headers: { cookie: editor.cookie } });
      assert.match(confirm.body, /cannot be undone/);
      const done = await t.app.inject({ method: 'POST', url: `/admin/media/${file.id}/delete`, headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: editor.csrfToken }).toString() });
      assert.equal(done.statusCode, 303);
      assert.equal(await t.db.selectFrom('files').select('id').where('id', '=', file.id).executeTakeFirst(), undefined);
      const library = await t.app.inject({ url: String(done.headers.location), headers: { cookie: editor.cookie } });
      assert.match(library.body, /<div class="notice" role="status">\s*<p>The file was deleted\.<\/p>/, 'the library confirms the deletion');
    });

    it('does not let an author delete', async () => {
      const author = await signInAs(t, 'author');
      const file = await t.db.selectFrom('files').select('id').executeTakeFirstOrThrow();
      const res = await t.app.inject({ method: 'POST', url: `/admin/media/${file.id}/delete`, headers: { cookie: author.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: author.csrfToken }).toString() });
      assert.equal(res.statusCode, 403);
    });
  });
}
