import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it, mock } from 'node:test';
import sharp from 'sharp';
import { storeDocument } from '../../src/features/media/images.js';
import { contentFiles, fileKey } from '../../src/features/media/storage.js';
import { evidenceObjectKey } from '../../src/features/hrd-cases/evidence.store.js';
import type { ByteRange, ObjectStorage } from '../../src/storage/index.js';
import { buildCaseThroughForms } from '../factories/hrd-cases.js';
import { attachDocument } from '../factories/media.js';
import { createPublication } from '../factories/publications.js';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { signInAs } from '../helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

/*
 * The same uploads and downloads on both storage backends: files under DATA_DIR, and an S3
 * bucket (s3rver on loopback). Downloads must stream from the storage, never read whole.
 */

/** Large enough that reading it whole would show, small enough for a test: 24 MiB. */
const LARGE_DOCUMENT_BYTES = 24 * 1024 * 1024;
/** The largest chunk a streamed download may hand over at once (streams use 64 KiB; S3 bodies up to a socket read). */
const MAX_STREAM_CHUNK_BYTES = 1024 * 1024;
const BOUNDARY = '----dove-storage-test';

function libraryUpload(csrf: string, name: string, type: string, bytes: Buffer) {
  const payload = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="files"; filename="${name}"\r\ncontent-type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Counts what the storage is asked for and what its streams hand over. */
function spyOnReads(storage: ObjectStorage) {
  const seen = { wholeReads: 0, streams: 0, streamedBytes: 0, largestChunk: 0 };
  const open = storage.createReadStream.bind(storage);
  const get = mock.method(storage, 'get');
  const stream = mock.method(storage, 'createReadStream', async (key: string, range?: ByteRange) => {
    const opened = await open(key, range);
    if (opened) {
      seen.streams += 1;
      (opened.body as Readable).on('data', (chunk: Buffer) => {
        seen.streamedBytes += chunk.length;
        seen.largestChunk = Math.max(seen.largestChunk, chunk.length);
      });
    }
    return opened;
  });
  return {
    seen: () => ({ ...seen, wholeReads: get.mock.callCount() }),
    restore() {
      get.mock.restore();
      stream.mock.restore();
    },
  };
}

for (const engine of testEngines()) for (const backend of ['disk', 's3'] as const) {
  describe(`files through the object storage (${engine}, ${backend})`, () => {
    let t: TestContext;
    let s3: S3TestServer | undefined;
    let large: { sha256: string; bytes: Buffer };

    before(async () => {
      if (backend === 's3') s3 = await startS3Server();
      t = await createTestApp(engine, { env: s3?.env ?? {} });
      const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(LARGE_DOCUMENT_BYTES - 9)]);
      const publication = await createPublication(t.db, { slug: 'annual-report' });
      const id = await storeDocument(t.db, contentFiles(t.app.storage), bytes, 'annual-report.pdf', 'application/pdf');
      await attachDocument(t.db, publication.id, id);
      large = { sha256: sha256(bytes), bytes };
    });
    after(async () => {
      await t.close();
      await s3?.close();
    });

    it('stores an uploaded image with its renditions, and serves each rendition', async () => {
      const editor = await signInAs(t, 'editor');
      const photo = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#2a7f62' } }).jpeg().toBuffer();
      const upload = libraryUpload(editor.csrfToken, 'river.jpg', 'image/jpeg', photo);
      const res = await t.app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: editor.cookie, ...upload.headers }, payload: upload.payload });
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      const file = await t.db.selectFrom('files').select(['id', 'sha256']).where('originalName', '=', 'river.jpg').executeTakeFirstOrThrow();
      const variants = await t.db.selectFrom('imageVariants').select(['sha256', 'format', 'size']).where('fileId', '=', file.id).execute();
      assert.ok(variants.length >= 6);
      assert.ok(await t.app.storage.head(fileKey(file.sha256)), 'the master is stored');
      for (const v of variants) {
        const ext = v.format === 'jpeg' ? 'jpg' : v.format;
        const served = await t.app.inject({ method: 'GET', url: `/media/${v.sha256}.${ext}` });
        assert.equal(served.statusCode, 200, `${v.format}`);
        assert.equal(Number(served.headers['content-length']), v.size);
        assert.equal(sha256(served.rawPayload), v.sha256);
      }
      // On S3 nothing of it lands on the server's own disk.
      assert.equal(fs.existsSync(path.join(t.config.dataDir, 'files')), backend === 'disk');
    });

    it('streams a large document download from the storage, never reading it whole', async () => {
      const spy = spyOnReads(t.app.storage);
      let res;
      try {
        res = await t.app.inject({ method: 'GET', url: `/files/${large.sha256}/annual-report.pdf` });
      } finally {
        spy.restore();
      }
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-length'], String(LARGE_DOCUMENT_BYTES));
      assert.equal(res.headers.etag, `"${large.sha256}"`);
      assert.equal(res.headers['accept-ranges'], 'bytes');
      assert.equal(sha256(res.rawPayload), large.sha256);
      const seen = spy.seen();
      assert.equal(seen.wholeReads, 0, 'the download never asks for the whole file');
      assert.equal(seen.streams, 1);
      assert.equal(seen.streamedBytes, LARGE_DOCUMENT_BYTES);
      assert.ok(seen.largestChunk <= MAX_STREAM_CHUNK_BYTES, `chunks of at most 1 MiB, got ${seen.largestChunk}`);
    });

    it('answers a range with 206 and reads only that range from the storage', async () => {
      const spy = spyOnReads(t.app.storage);
      let res;
      let suffix;
      let beyond;
      try {
        res = await t.app.inject({ method: 'GET', url: `/files/${large.sha256}/a.pdf`, headers: { range: 'bytes=1000000-1000999' } });
        suffix = await t.app.inject({ method: 'GET', url: `/files/${large.sha256}/a.pdf`, headers: { range: 'bytes=-10' } });
        beyond = await t.app.inject({ method: 'GET', url: `/files/${large.sha256}/a.pdf`, headers: { range: `bytes=${LARGE_DOCUMENT_BYTES}-` } });
      } finally {
        spy.restore();
      }
      assert.equal(res.statusCode, 206);
      assert.equal(res.headers['content-range'], `bytes 1000000-1000999/${LARGE_DOCUMENT_BYTES}`);
      assert.equal(res.headers['content-length'], '1000');
      assert.ok(res.rawPayload.equals(large.bytes.subarray(1_000_000, 1_001_000)));
      assert.equal(suffix.statusCode, 206);
      assert.ok(suffix.rawPayload.equals(large.bytes.subarray(-10)));
      assert.equal(beyond.statusCode, 416);
      assert.equal(beyond.headers['content-range'], `bytes */${LARGE_DOCUMENT_BYTES}`);
      assert.equal(spy.seen().streamedBytes, 1010, 'only the ranges asked for were read');
    });

    it('answers a conditional request with 304 without opening the file', async () => {
      const spy = spyOnReads(t.app.storage);
      let res;
      try {
        res = await t.app.inject({ method: 'GET', url: `/files/${large.sha256}/a.pdf`, headers: { 'if-none-match': `"${large.sha256}"` } });
      } finally {
        spy.restore();
      }
      assert.equal(res.statusCode, 304);
      assert.equal(spy.seen().streams, 0);
    });

    it('keeps evidence sealed in the storage and gives the original back to a monitor', async () => {
      const monitor = await signInAs(t, 'monitor');
      const caseId = await buildCaseThroughForms(t, monitor, 'STORE');
      const row = await t.db.selectFrom('hrdEvidence').select(['id', 'storageKey']).where('caseId', '=', caseId).executeTakeFirstOrThrow();
      const sealed = await t.app.storage.get(evidenceObjectKey(row.storageKey));
      assert.ok(sealed, 'the sealed file is in the storage');
      assert.equal(sealed.includes(Buffer.from('STORE-file-content')), false, 'only ciphertext leaves the server');
      const res = await t.app.inject({ method: 'GET', url: `/admin/cases/${caseId}/evidence/${row.id}`, headers: { cookie: monitor.cookie } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, 'STORE-file-content');
      assert.equal(fs.existsSync(path.join(t.config.dataDir, 'evidence')), backend === 'disk');
    });

    it('answers not found, never a 500, when an evidence file is missing from the storage', async () => {
      const monitor = await signInAs(t, 'monitor');
      const row = await t.db.selectFrom('hrdEvidence').select(['id', 'caseId', 'storageKey']).executeTakeFirstOrThrow();
      const sealed = (await t.app.storage.get(evidenceObjectKey(row.storageKey)))!;
      await t.app.storage.delete(evidenceObjectKey(row.storageKey));
      try {
        const res = await t.app.inject({ method: 'GET', url: `/admin/cases/${row.caseId}/evidence/${row.id}`, headers: { cookie: monitor.cookie } });
        assert.equal(res.statusCode, 404);
      } finally {
        await t.app.storage.put(evidenceObjectKey(row.storageKey), sealed);
      }
    });
  });
}
