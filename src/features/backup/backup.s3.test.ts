import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCaseThroughForms } from '../../../test/factories/hrd-cases.js';
import { createImage, testStorage } from '../../../test/factories/media.js';
import { startS3Server, type S3TestServer } from '../../../test/helpers/s3-server.js';
import { signInAs } from '../../../test/helpers/staff.js';
import { createFreshDatabase, createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { buildApp } from '../../app.js';
import { keyFilePath } from '../../crypto/envelope.js';
import { createObjectStorage, sha256Hex } from '../../storage/index.js';
import { createBackup } from './backup.command.js';
import { readArchive } from './backup-archive.js';
import { restoreBackup, RestoreError } from './restore.command.js';

/** The entries of an archive, read whole (small test archives). */
async function archiveEntries(file: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  for await (const entry of readArchive(file, () => true)) {
    const chunks: Buffer[] = [];
    for await (const c of entry.body) chunks.push(c);
    entries.set(entry.name, Buffer.concat(chunks));
  }
  return entries;
}

for (const engine of testEngines()) {
  describe(`backup and restore with files in S3 (${engine})`, () => {
    let sourceBucket: S3TestServer;
    let targetBucket: S3TestServer;
    let source: TestContext;
    let caseId: number;
    let archive: string;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-s3-archives-'));

    before(async () => {
      [sourceBucket, targetBucket] = await Promise.all([startS3Server({ bucket: 'dove-site' }), startS3Server({ bucket: 'dove-restored' })]);
      source = await createTestApp(engine, { env: sourceBucket.env });
      await createImage(source.db, testStorage(source.config), { width: 64 });
      caseId = await buildCaseThroughForms(source, await signInAs(source, 'monitor'), 'S3BAK');
      archive = path.join(work, 'site.tar');
      await createBackup(source.db, source.config, archive);
    });
    after(async () => {
      await source.close();
      await Promise.all([sourceBucket.close(), targetBucket.close()]);
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('streams the files of the bucket into the archive, each with its checksum', async () => {
      const entries = await archiveEntries(archive);
      const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as { entries: Array<{ path: string; sha256: string; size: number }> };
      const stored = manifest.entries.filter((e) => /^(files|evidence)\//.test(e.path));
      assert.ok(stored.some((e) => e.path.startsWith('files/')) && stored.some((e) => e.path.startsWith('evidence/')));
      const bucket = createObjectStorage(sourceBucket.settings);
      try {
        for (const e of stored) {
          const bytes = entries.get(e.path)!;
          assert.equal(sha256Hex(bytes), e.sha256, e.path);
          assert.ok((await bucket.get(e.path))?.equals(bytes), `${e.path} is the bucket's object`);
        }
      } finally {
        await bucket.close();
      }
      assert.equal(fs.existsSync(path.join(source.config.dataDir, 'files')), false, 'the source kept no files on its disk');
    });

    it('restores the files into the configured bucket, and the restored site serves them', async () => {
      const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-s3-restore-'));
      const target = await createFreshDatabase(engine, { dataDir: path.join(parent, 'data'), removeDir: parent, env: targetBucket.env });
      try {
        fs.mkdirSync(target.config.dataDir, { recursive: true, mode: 0o700 });
        fs.copyFileSync(keyFilePath(source.config.dataDir), keyFilePath(target.config.dataDir));
        const result = await restoreBackup(target.db, target.config, archive);
        assert.equal(result.key, 'checked');
        assert.deepEqual(fs.readdirSync(target.config.dataDir).filter((n) => !/^dove\.sqlite/.test(n)).sort(), ['encryption-key', 'session-secret']);

        const app = await buildApp({ config: target.config, db: target.db, logger: false });
        await app.ready();
        try {
          const variant = await target.db.selectFrom('imageVariants').select(['sha256', 'format']).where('format', '=', 'webp').executeTakeFirstOrThrow();
          assert.equal((await app.inject(`/media/${variant.sha256}.webp`)).statusCode, 200);
          const evidence = await target.db.selectFrom('hrdEvidence').select('id').where('caseId', '=', caseId).executeTakeFirstOrThrow();
          const monitor = await signInAs({ app, db: target.db, config: target.config, engine, close: async () => {} } as TestContext, 'monitor');
          const res = await app.inject({ method: 'GET', url: `/admin/cases/${caseId}/evidence/${evidence.id}`, headers: { cookie: monitor.cookie } });
          assert.equal(res.statusCode, 200);
          assert.equal(res.body, 'S3BAK-file-content');
        } finally {
          await app.close();
        }

        // A second restore into the same, now full, bucket is refused before anything is written.
        const again = await createFreshDatabase(engine, { dataDir: path.join(parent, 'again'), env: targetBucket.env });
        try {
          fs.mkdirSync(again.config.dataDir, { recursive: true, mode: 0o700 });
          fs.copyFileSync(keyFilePath(source.config.dataDir), keyFilePath(again.config.dataDir));
          await assert.rejects(restoreBackup(again.db, again.config, archive), (err: Error) => err instanceof RestoreError && /already holds files .*new, empty bucket.*Nothing was restored/.test(err.message));
        } finally {
          await again.drop();
        }
      } finally {
        await target.drop();
      }
    });
  });
}
