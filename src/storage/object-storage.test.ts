import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startS3Server, type S3TestServer } from '../../test/helpers/s3-server.js';
import { createObjectStorage, hashObject, probeObjectStorage, sha256Hex, STORAGE_UNAVAILABLE, type ObjectStorage } from './index.js';

/** More than one part of a streamed S3 upload (8 MiB), so the multipart path is taken. */
const LARGE_BYTES = 19 * 1024 * 1024 + 17;

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function keysOf(storage: ObjectStorage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of storage.list(prefix)) keys.push(info.key);
  return keys.sort();
}

for (const backend of ['disk', 's3'] as const) {
  describe(`object storage on ${backend}`, () => {
    let s3: S3TestServer | undefined;
    let dataDir: string;
    let storage: ObjectStorage;

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-storage-'));
      if (backend === 's3') s3 = await startS3Server();
      storage = createObjectStorage(s3 ? s3.settings : { kind: 'disk', root: dataDir });
    });
    after(async () => {
      await storage.close();
      await s3?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps a buffer under its key and gives it back, with its size and SHA-256', async () => {
      const bytes = Buffer.from('ស្វាគមន៍ welcome');
      const stored = await storage.put('files/aa/bb/one', bytes, { contentType: 'text/plain' });
      assert.deepEqual(stored, { size: bytes.length, sha256: sha256Hex(bytes) });
      assert.deepEqual(await storage.get('files/aa/bb/one'), bytes);
      const head = await storage.head('files/aa/bb/one');
      assert.equal(head?.size, bytes.length);
      if (backend === 's3') assert.equal(head?.sha256, sha256Hex(bytes), 'S3 objects carry their SHA-256');
    });

    it('streams a large body in and out without changing a byte', async () => {
      const bytes = randomBytes(LARGE_BYTES);
      const stored = await storage.put('files/large', Readable.from([bytes.subarray(0, 5_000_000), bytes.subarray(5_000_000)]));
      assert.deepEqual(stored, { size: LARGE_BYTES, sha256: sha256Hex(bytes) });
      const opened = await storage.createReadStream('files/large');
      assert.equal(opened?.size, LARGE_BYTES);
      assert.ok((await collect(opened!.body)).equals(bytes));
      assert.deepEqual(await hashObject(storage, 'files/large'), stored);
    });

    it('reads a byte range and reports the size of the whole object', async () => {
      const bytes = Buffer.from('0123456789abcdefghij');
      await storage.put('files/range', bytes);
      const opened = await storage.createReadStream('files/range', { start: 5, end: 9 });
      assert.equal(opened?.size, bytes.length);
      assert.equal((await collect(opened!.body)).toString(), '56789');
    });

    it('answers undefined for a missing object, and deleting one is no error', async () => {
      assert.equal(await storage.get('files/none'), undefined);
      assert.equal(await storage.head('files/none'), undefined);
      assert.equal(await storage.createReadStream('files/none'), undefined);
      await storage.delete('files/none');
      await storage.put('files/gone', Buffer.from('x'));
      await storage.delete('files/gone');
      assert.equal(await storage.head('files/gone'), undefined);
    });

    it('lists the objects under a prefix, and nothing else', async () => {
      await storage.put('evidence/k1', Buffer.from('1'));
      await storage.put('evidence/k2', Buffer.from('22'));
      await storage.put('evidencex/other', Buffer.from('3'));
      if (backend === 'disk') fs.writeFileSync(path.join(dataDir, 'evidence', '.k3.abc.partial'), 'half');
      assert.deepEqual(await keysOf(storage, 'evidence/'), ['evidence/k1', 'evidence/k2']);
      assert.deepEqual(await keysOf(storage, 'nothing-here/'), []);
    });

    it('refuses a body that does not match the SHA-256 announced, and stores nothing', async () => {
      const bytes = Buffer.from('announced');
      const wrong = sha256Hex(Buffer.from('something else'));
      await assert.rejects(storage.put('files/checked', bytes, { sha256: wrong }), /not [0-9a-f]{64} as announced/);
      await assert.rejects(storage.put('files/checked', Readable.from([bytes]), { sha256: wrong }), /as announced/);
      assert.equal(await storage.head('files/checked'), undefined);
    });

    it('refuses keys that could leave their place', async () => {
      for (const key of ['../escape', 'files/../../x', '/abs', 'files//double', 'files/.hidden', '']) {
        await assert.rejects(storage.put(key, Buffer.from('x')), /Not a storage key/, key);
      }
    });
  });
}

describe('object storage failures on S3', () => {
  it('probes a usable bucket without leaving anything, and names a missing bucket and refused credentials', async () => {
    const s3 = await startS3Server();
    const stores = [createObjectStorage(s3.settings), createObjectStorage({ ...s3.settings, bucket: 'no-such-bucket' }), createObjectStorage({ ...s3.settings, accessKeyId: 'NOT-A-KEY' })];
    try {
      const [usable, missing, denied] = stores as [ObjectStorage, ObjectStorage, ObjectStorage];
      await probeObjectStorage(usable);
      assert.deepEqual(await keysOf(usable, ''), [], 'the probe object is removed');
      await assert.rejects(probeObjectStorage(missing), /s3:\/\/no-such-bucket .*cannot keep files: .*the bucket no-such-bucket does not exist/);
      await assert.rejects(probeObjectStorage(denied), /cannot keep files: .*(HTTP 403).*Check STORAGE and the S3_\* settings/);
    } finally {
      for (const storage of stores) await storage.close();
      await s3.close();
    }
  });

  it('says a server that cannot be reached is unavailable, and wrong credentials are refused', async () => {
    const s3 = await startS3Server();
    const denied = createObjectStorage({ ...s3.settings, accessKeyId: 'NOT-A-KEY' });
    try {
      await assert.rejects(denied.put('files/x', Buffer.from('x')), (err: NodeJS.ErrnoException) => err.code === 'EACCES');
    } finally {
      await denied.close();
      await s3.close();
    }
    const gone = createObjectStorage(s3.settings);
    try {
      await assert.rejects(gone.put('files/x', Buffer.from('x')), (err: NodeJS.ErrnoException) => err.code === STORAGE_UNAVAILABLE);
    } finally {
      await gone.close();
    }
  });
});
