import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { findImagesMissingAltText } from './media-library.repository.js';

const BOUNDARY = '----dove-field-upload';

/** A multipart body as the editor script sends it: alt texts first, then the one file. */
function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

const photoWithGps = () =>
  sharp({ create: { width: 900, height: 600, channels: 3, background: '#336699' } })
    .jpeg()
    .withExifMerge({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 33/1 0/1' } })
    .toBuffer();

async function realPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  return Buffer.from(await doc.save());
}

for (const engine of testEngines()) {
  describe(`upload from an item's form (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    const fileCount = async () => Number((await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
    const send = (agent: StaffAgent, accept: string, body: ReturnType<typeof multipart>, csrf: string | undefined = agent.csrfToken) =>
      t.app.inject({
        method: 'POST',
        url: `/admin/media/upload.json?accept=${accept}`,
        headers: { cookie: agent.cookie, 'content-type': body.contentType, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        payload: body.payload,
      });

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
    });
    after(() => t.close());

    it('stores a cover with its alt texts and without its EXIF, and answers the file to select', async () => {
      const res = await send(editor, 'image', multipart({ alt_en: 'Villagers at a meeting', alt_km: 'អ្នកភូមិនៅក្នុងកិច្ចប្រជុំ' }, { name: 'meeting.jpg', bytes: await photoWithGps() }));
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json() as { ok: boolean; id: number; label: string; kind: string; message: string };
      assert.equal(answer.ok, true);
      assert.equal(answer.kind, 'image');
      assert.equal(answer.label, 'meeting.jpg');
      assert.match(answer.message, /1 file uploaded/);
      const file = await t.db.selectFrom('files').selectAll().where('id', '=', answer.id).executeTakeFirstOrThrow();
      assert.equal((await sharp((await contentFiles(t.app.storage).get(file.sha256))!).metadata()).exif, undefined);
      assert.deepEqual(await findImagesMissingAltText(t.db, [answer.id], ['en', 'km']), []);
      const audit = await t.db.selectFrom('auditLog').select('subjectId').where('action', '=', 'file.upload').execute();
      assert.deepEqual(audit.map((a) => a.subjectId), [String(answer.id)]);
    });

    it('stores a document as a cleaned PDF', async () => {
      const res = await send(editor, 'document', multipart({}, { name: 'annual-report.pdf', bytes: await realPdf() }));
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json() as { id: number; kind: string; message: string };
      assert.equal(answer.kind, 'pdf');
      assert.match(answer.message, /without their document information/);
      const file = await t.db.selectFrom('files').select('mime').where('id', '=', answer.id).executeTakeFirstOrThrow();
      assert.equal(file.mime, 'application/pdf');
    });

    it('refuses a PDF in an image field, in the editor’s language, and stores nothing', async () => {
      const khmer = await signInAs(t, 'author', { locale: 'km' });
      const before = await fileCount();
      const res = await send(khmer, 'image', multipart({}, { name: 'other-report.pdf', bytes: Buffer.concat([await realPdf(), Buffer.from('\n')]) }));
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { ok: false, message: 'other-report.pdf៖ ប្រអប់នេះទទួលតែរូបភាព (JPEG, PNG, WebP, GIF ឬ AVIF) ប៉ុណ្ណោះ មិនមែនឯកសារទេ។' });
      assert.equal(await fileCount(), before);
    });

    it('refuses a file whose content does not match its name, and a request with no file', async () => {
      const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c00' } }).png().toBuffer();
      const mismatch = await send(editor, 'document', multipart({}, { name: 'report.pdf', bytes: png }));
      assert.equal(mismatch.statusCode, 400);
      assert.match((mismatch.json() as { message: string }).message, /extension does not match/);
      const none = await send(editor, 'image', multipart({ alt_en: 'x' }));
      assert.equal(none.statusCode, 400);
      assert.deepEqual(none.json(), { ok: false, message: 'Choose at least one file.' });
    });

    it('refuses an upload without the CSRF token, and one by a monitor', async () => {
      const before = await fileCount();
      const body = multipart({}, { name: 'x.pdf', bytes: await realPdf() });
      const noToken = await send(editor, 'document', body, '');
      assert.equal(noToken.statusCode, 403);
      const monitor = await signInAs(t, 'monitor');
      const refused = await send(monitor, 'document', multipart({}, { name: 'x.pdf', bytes: await realPdf() }));
      assert.equal(refused.statusCode, 403);
      assert.equal(await fileCount(), before);
    });

    it('refuses an unknown accept value', async () => {
      const res = await send(editor, 'zip', multipart({}, { name: 'x.pdf', bytes: await realPdf() }));
      assert.equal(res.statusCode, 400);
    });
  });
}
