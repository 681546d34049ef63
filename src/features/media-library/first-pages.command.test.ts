import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createDocument, attachDocument, testStorage } from '../../../test/factories/media.js';
import { runDove } from '../../../test/helpers/cli.js';
import { createPublication } from '../../../test/factories/publications.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { runFirstPagesCommand } from './first-pages.command.js';
import { storeDocument } from '../media/images.js';
import type { FileStorage } from '../media/storage.js';

const firstPagesOf = (t: TestContext, pdfId: number) =>
  t.db.selectFrom('files').select(['id', 'mime', 'width']).where('sourceFileId', '=', pdfId).execute();

for (const engine of testEngines()) {
  describe(`dove media covers: first pages of PDFs stored before covers existed (${engine})`, () => {
    let t: TestContext;
    let storage: FileStorage;
    let report: { id: number };
    let broken: number;

    before(async () => {
      t = await createTestApp(engine);
      storage = testStorage(t.config);
      // Stored as the database had them before covers: the document row only.
      report = await createDocument(t.db, storage, { originalName: 'annual-report-2019.pdf', title: 'Annual Report 2019' });
      broken = await storeDocument(t.db, storage, Buffer.from('%PDF-1.4\nthis is not really a PDF\n%%EOF\n'), 'damaged.pdf', 'application/pdf');
      const publication = await createPublication(t.db, { slug: 'annual-report-2019', translations: { en: { title: 'Annual Report 2019' } } });
      await attachDocument(t.db, publication.id, report.id);
    });
    after(() => t.close());

    it('draws the missing cover, reports the damaged PDF without stopping, and running servers show the cover', async () => {
      assert.deepEqual(await firstPagesOf(t, report.id), [], 'stored without a cover');
      const before = await t.app.inject('/en/publications/annual-report-2019');
      assert.equal(before.statusCode, 200);
      assert.doesNotMatch(before.body, /publication__cover/);

      const progress: string[] = [];
      const { summary, lines } = await runFirstPagesCommand(t.db, storage, (line) => progress.push(line));
      assert.equal(summary.made, 1);
      assert.equal(summary.skipped, 0);
      assert.equal(summary.failed.length, 1);
      assert.equal(summary.failed[0]!.fileId, broken);
      assert.match(summary.failed[0]!.reason, /^the PDF cannot be read \(.+\)$/);
      assert.equal(lines[0], 'First-page covers: 1 made, 0 already there, 1 failed.');
      assert.match(lines[1]!, /failed: damaged\.pdf \(file \d+\): the PDF cannot be read/);
      assert.equal(progress.length, 2, 'one progress line per PDF');

      const [cover, ...more] = await firstPagesOf(t, report.id);
      assert.equal(more.length, 0);
      assert.equal(cover!.mime, 'image/jpeg');
      assert.equal(cover!.width, 960);
      assert.deepEqual(await firstPagesOf(t, broken), []);
      const alts = await t.db.selectFrom('fileTranslations').select(['locale', 'alt']).where('itemId', '=', cover!.id).orderBy('locale').execute();
      assert.deepEqual(alts, [{ locale: 'en', alt: 'First page of the document' }, { locale: 'km', alt: 'ទំព័រទីមួយនៃឯកសារ' }]);
      const audit = await t.db.selectFrom('auditLog').select(['actor', 'subjectId']).where('action', '=', 'file.first_page').execute();
      assert.deepEqual(audit, [{ actor: 'system:cli', subjectId: String(cover!.id) }]);

      // The command announced the change: the page cached without a cover is dropped.
      const jpeg = await t.db.selectFrom('imageVariants').select('sha256').where('fileId', '=', cover!.id).where('format', '=', 'jpeg').executeTakeFirstOrThrow();
      let body = '';
      for (let i = 0; i < 50 && !body.includes(jpeg.sha256); i++) {
        if (i) await sleep(100);
        body = (await t.app.inject('/en/publications/annual-report-2019')).body;
      }
      assert.ok(body.includes(jpeg.sha256), 'the publication shows its first page once the servers have heard');
      assert.match(body, /<figure class="photo publication__cover">/);
    });

    it('changes nothing on a second run; the damaged PDF is reported again', async () => {
      const files = await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      const { summary, lines } = await runFirstPagesCommand(t.db, storage);
      assert.equal(summary.made, 0);
      assert.equal(summary.skipped, 1);
      assert.deepEqual(summary.failed.map((f) => f.fileId), [broken]);
      assert.equal(lines[0], 'First-page covers: 0 made, 1 already there, 1 failed.');
      const again = await t.db.selectFrom('files').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(again.n), Number(files.n));
      assert.equal(await t.db.selectFrom('auditLog').select('id').where('action', '=', 'file.first_page').execute().then((r) => r.length), 1);
    });

    it('reports a PDF whose bytes are missing from the storage', async () => {
      const now = new Date().toISOString();
      const lost = await t.db
        .insertInto('files')
        .values({ sha256: 'f'.repeat(64), mime: 'application/pdf', size: 10, originalName: 'lost.pdf', width: null, height: null, createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { summary } = await runFirstPagesCommand(t.db, storage);
      assert.equal(summary.made, 0);
      assert.deepEqual(
        summary.failed.map((f) => [f.fileId, f.reason]),
        [
          [broken, summary.failed[0]!.reason],
          [lost.id, 'its bytes are missing from the storage'],
        ],
      );
    });

    it('runs as `dove media covers`: the report on stdout, exit code 1 while a PDF has no cover', async () => {
      const res = await runDove(['media', 'covers'], { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl });
      assert.equal(res.code, 1, res.stderr);
      const lines = res.stdout.trim().split('\n');
      assert.equal(lines[0], 'First-page covers: 0 made, 1 already there, 2 failed.');
      assert.match(lines[1]!, /^ {2}failed: damaged\.pdf \(file \d+\): the PDF cannot be read/);
      assert.match(lines[2]!, /^ {2}failed: lost\.pdf \(file \d+\): its bytes are missing from the storage$/);
      assert.match(res.stderr, /damaged\.pdf \(file \d+\): no cover, the PDF cannot be read/);
    });
  });
}
