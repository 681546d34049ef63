import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it, mock } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { startS3Server } from '../../../test/helpers/s3-server.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';

const BOUNDARY = '----dove-storage-boundary';

function multipart(csrf: string, name: string, bytes: Buffer) {
  const payload = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="files"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => fs.statSync(path.join(dir, n)).isFile());
}

/** Every write into storage leaves half a file, then fails the way a full or read-only disk does. */
function failWrites(code: string) {
  const original = fs.createWriteStream;
  return mock.method(fs, 'createWriteStream', (file: string, options: object) => {
    const real = original(file, options);
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        real.end(chunk.subarray(0, 16), () => done(Object.assign(new Error(`${code}: simulated`), { code })));
      },
    });
  });
}

for (const engine of testEngines()) {
  describe(`media library uploads on storage that refuses writes (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let khmerEditor: StaffAgent;
    const upload = async (agent: StaffAgent, name: string, bytes: Buffer) => {
      const body = multipart(agent.csrfToken, name, bytes);
      return t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: agent.cookie, 'content-type': body.contentType }, payload: body.payload });
    };
    const fileRows = async () => Number((await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await createTestApp(engine);
      editor = await signInAs(t, 'editor');
      khmerEditor = await signInAs(t, 'editor', { locale: 'km' });
    });
    after(() => t.close());

    it('says the disk is full, not that the image is damaged, and leaves no row or partial file', async () => {
      const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#228833' } }).jpeg().toBuffer();
      const rowsBefore = await fileRows();
      const filesBefore = filesUnder(path.join(t.config.dataDir, 'files'));
      const writes = failWrites('ENOSPC');
      let res;
      try {
        res = await upload(editor, 'full-disk.jpg', photo);
      } finally {
        writes.mock.restore();
      }
      assert.ok(writes.mock.callCount() > 0, 'the upload reached storage');
      assert.equal(res.statusCode, 507);
      assert.match(res.body, /full-disk\.jpg: The server’s storage is full, so the file was not saved/);
      assert.doesNotMatch(res.body, /damaged|could not be read/i);
      assert.equal(await fileRows(), rowsBefore);
      assert.deepEqual(filesUnder(path.join(t.config.dataDir, 'files')), filesBefore, 'no temporary file stays behind');
    });

    it('tells a Khmer-speaking editor in Khmer when storage is read-only, for a PDF too', async () => {
      const doc = await PDFDocument.create();
      doc.addPage([200, 200]);
      const pdf = Buffer.from(await doc.save());
      const rowsBefore = await fileRows();
      const writes = failWrites('EROFS');
      let res;
      try {
        res = await upload(khmerEditor, 'report.pdf', pdf);
      } finally {
        writes.mock.restore();
      }
      assert.ok(writes.mock.callCount() > 0, 'the upload reached storage');
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /ទំហំផ្ទុករបស់ម៉ាស៊ីនមេអាចត្រឹមតែអានបានប៉ុណ្ណោះ/);
      assert.equal(await fileRows(), rowsBefore);
    });
  });

  describe(`media library uploads when the object storage cannot be reached (${engine})`, () => {
    it('says the storage could not be reached, in the editor’s language, and stores no row', async () => {
      const s3 = await startS3Server();
      const t = await createTestApp(engine, { env: s3.env });
      try {
        const editor = await signInAs(t, 'editor', { locale: 'km' });
        await s3.close();
        const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#883322' } }).jpeg().toBuffer();
        const body = multipart(editor.csrfToken, 'offline.jpg', photo);
        const res = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: editor.cookie, 'content-type': body.contentType }, payload: body.payload });
        assert.equal(res.statusCode, 503);
        assert.match(res.body, /ម៉ាស៊ីនមេមិនអាចភ្ជាប់ទៅកាន់កន្លែងផ្ទុកឯកសាររបស់ខ្លួនបានទេ/);
        assert.equal(await t.db.selectFrom('files').select('id').where('originalName', '=', 'offline.jpg').executeTakeFirst(), undefined);
      } finally {
        await t.close();
      }
    });
  });
}
