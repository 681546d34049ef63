import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDove } from '../../../test/helpers/cli.js';
import { startS3Server, type S3TestServer } from '../../../test/helpers/s3-server.js';
import { createObjectStorage, sha256Hex, type ObjectStorage } from '../../storage/index.js';
import { fileKey } from '../media/storage.js';
import { copyStorage } from './storage-copy.command.js';

/** A site's stored files: content-addressed uploads and (opaque, already sealed) evidence. */
async function fillSite(storage: ObjectStorage): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for (let i = 0; i < 5; i++) {
    const bytes = randomBytes(1000 + i * 5000);
    objects.set(fileKey(sha256Hex(bytes)), bytes);
  }
  objects.set('evidence/0123456789abcdef0123456789abcdef', randomBytes(3000));
  // One file larger than a part of a streamed S3 upload.
  const big = randomBytes(9 * 1024 * 1024);
  objects.set(fileKey(sha256Hex(big)), big);
  for (const [key, bytes] of objects) await storage.put(key, bytes);
  return objects;
}

async function assertHolds(storage: ObjectStorage, objects: Map<string, Buffer>) {
  for (const [key, bytes] of objects) assert.ok((await storage.get(key))?.equals(bytes), `${key} is there, unchanged`);
}

const silent = () => {};

describe('dove storage copy', () => {
  let s3: S3TestServer;
  let dataDir: string;
  let disk: ObjectStorage;
  let bucket: ObjectStorage;
  let objects: Map<string, Buffer>;

  before(async () => {
    s3 = await startS3Server();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-copy-'));
    disk = createObjectStorage({ kind: 'disk', root: dataDir });
    bucket = createObjectStorage(s3.settings);
    objects = await fillSite(disk);
    // Not stored files: the database and the key stay where they are.
    fs.writeFileSync(path.join(dataDir, 'encryption-key'), 'not copied');
  });
  after(async () => {
    await bucket.close();
    await s3.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies every stored file to S3, checked by SHA-256, and skips them all when run again', async () => {
    const first = await copyStorage(disk, bucket, silent);
    assert.deepEqual({ ...first, failures: first.failures.length }, { total: 7, copied: 7, skipped: 0, copiedBytes: [...objects.values()].reduce((n, b) => n + b.length, 0), failures: 0 });
    await assertHolds(bucket, objects);
    assert.equal(await bucket.head('encryption-key'), undefined);
    const again = await copyStorage(disk, bucket, silent);
    assert.equal(again.copied, 0);
    assert.equal(again.skipped, 7);
  });

  it('resumes: copies what is missing and replaces a copy whose checksum differs', async () => {
    const [missing, damaged] = [...objects.keys()];
    await bucket.delete(missing!);
    const wrong = Buffer.from(objects.get(damaged!)!);
    wrong[0] = wrong[0]! ^ 0xff;
    await bucket.put(damaged!, wrong);
    const resumed = await copyStorage(disk, bucket, silent);
    assert.equal(resumed.copied, 2);
    assert.equal(resumed.skipped, 5);
    assert.deepEqual(resumed.failures, []);
    await assertHolds(bucket, objects);
  });

  it('refuses a damaged source file, names it, and copies the rest', async () => {
    const key = [...objects.keys()][1]!;
    const file = path.join(dataDir, ...key.split('/'));
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([original.subarray(0, 10), Buffer.from('damage'), original.subarray(16)]));
    await bucket.delete(key);
    try {
      const summary = await copyStorage(disk, bucket, silent);
      assert.equal(summary.failures.length, 1);
      assert.equal(summary.failures[0]!.key, key);
      assert.match(summary.failures[0]!.reason, /damaged/);
      assert.equal(await bucket.head(key), undefined, 'the damaged bytes were not copied');
      assert.equal(summary.skipped, 6);
    } finally {
      fs.writeFileSync(file, original);
      await bucket.put(key, original);
    }
  });

  it('copies the bucket back to a disk, byte for byte', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-copy-back-'));
    try {
      const back = createObjectStorage({ kind: 'disk', root: otherDir });
      await copyStorage(bucket, disk, silent);
      const summary = await copyStorage(bucket, back, silent);
      assert.equal(summary.copied, 7);
      assert.deepEqual(summary.failures, []);
      await assertHolds(back, objects);
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('runs from the command line with a summary line and an exit code', async () => {
    const env = { ...s3.env, STORAGE: 'disk', DATA_DIR: dataDir };
    const done = await runDove(['storage', 'copy', '--to', 's3'], env);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /^7 files: 0 copied \(0\.0 MiB, each read back and checked by SHA-256\), 7 already in s3 with the same SHA-256, 0 failed\. Done\.$/m);
    assert.match(done.stderr, /Copying stored files from disk .* to s3 s3:\/\/dove-test at http:\/\/127\.0\.0\.1:\d+/);

    const key = [...objects.keys()][2]!;
    const file = path.join(dataDir, ...key.split('/'));
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.from('not the original'));
    await bucket.delete(key);
    try {
      const failed = await runDove(['storage', 'copy', '--to', 's3'], env);
      assert.equal(failed.code, 1);
      assert.match(failed.stdout, /1 failed\.\n.*damaged.*\nRun the command again/s);
    } finally {
      fs.writeFileSync(file, original);
      await bucket.put(key, original);
    }

    const wrong = await runDove(['storage', 'copy', '--to', 'tape'], env);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--to must be s3 or disk/);
    const unset = await runDove(['storage', 'copy', '--to', 's3'], { DATA_DIR: dataDir, S3_BUCKET: '' });
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /Set S3_BUCKET/);
  });
});
