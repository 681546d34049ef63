import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runDove } from '../../test/helpers/cli.js';
import { createUser } from '../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../test/helpers/test-app.js';
import type { Database, DbOrTx } from '../db/database.js';
import { writeAudit } from '../features/audit/audit.repository.js';
import { findDemoImport, findInitialisation } from '../features/instance/instance.repository.js';
import { insertSubscriber } from '../features/subscribers/subscribers.repository.js';
import { initialiseDatabase } from './demo.js';
import { DemoRemovalRefused, removeDemo } from './demo-removal.js';

const DEMO_SITE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/demo-site');
/** A few fictional cases are enough to see every part of a case removed; the full 320 take long. */
const DEMO_OPTIONS = { contentDir: DEMO_SITE_DIR, hrdDemo: true, hrdDemoCases: 8 };
const quiet = () => {};

async function count(db: DbOrTx, table: keyof Database): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function storedFiles(dataDir: string): number {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

for (const engine of testEngines()) {
  describe(`a production start (${engine})`, () => {
    let t: TestContext;
    before(async () => (t = await createTestApp(engine, { contentDir: false, env: { NODE_ENV: 'production' } })));
    after(() => t.close());

    it('leaves an empty database empty, records that it was initialised, and has no demo to remove', async () => {
      const line = await initialiseDatabase(t.db, t.config, quiet, DEMO_OPTIONS);
      assert.match(line, /initialised empty \(NODE_ENV=production\)/);
      for (const table of ['publications', 'hrdCases', 'hrdAlerts', 'files', 'settings'] as const) assert.equal(await count(t.db, table), 0, table);
      assert.equal((await findInitialisation(t.db))?.with, 'empty');
      assert.match(await initialiseDatabase(t.db, t.config, quiet, DEMO_OPTIONS), /nothing to import/);
      assert.equal(await count(t.db, 'hrdCases'), 0);
      await assert.rejects(removeDemo(t.db, t.config), (e: Error) => e instanceof DemoRemovalRefused && /no record of a demo import/.test(e.message));
    });
  });

  describe(`the demo organisation (${engine})`, () => {
    let t: TestContext;
    let staffPageId: number;
    before(async () => (t = await createTestApp(engine, { contentDir: false })));
    after(() => t.close());

    it('is imported by the first start of a development database, and recorded with its rows', async () => {
      assert.match(await initialiseDatabase(t.db, t.config, quiet, DEMO_OPTIONS), /^Imported the demo: .*8 fictional HRD cases/);
      assert.equal(await count(t.db, 'publications'), 1);
      assert.equal(await count(t.db, 'hrdCases'), 8);
      assert.ok((await count(t.db, 'hrdAlerts')) > 0, 'demo alerts');
      assert.ok(storedFiles(t.config.dataDir) > 2, 'the cover, its renditions and the PDF are stored');
      const pdf = await t.db.selectFrom('files').select('id').where('mime', '=', 'application/pdf').executeTakeFirstOrThrow();
      const firstPage = await t.db.selectFrom('files').select('mime').where('sourceFileId', '=', pdf.id).execute();
      assert.deepEqual(firstPage, [{ mime: 'image/jpeg' }], "the demo PDF's first page is drawn as its cover");
      assert.equal((await findInitialisation(t.db))?.with, 'demo');
      assert.deepEqual((await findDemoImport(t.db))?.rows.hrdCases, [[1, 8]]);
      assert.match(await initialiseDatabase(t.db, t.config, quiet, DEMO_OPTIONS), /nothing to import/);
      assert.equal(await count(t.db, 'hrdCases'), 8, 'a second start imports nothing');
    });

    it('is not removed while staff have changed it, and the refusal lists the changes', async () => {
      const editor = await createUser(t, { role: 'editor' });
      await insertSubscriber(t.db, { email: 'reader@example.org', name: null, locale: 'en', status: 'active', consentSource: 'form', sourceNote: null, consentedAt: new Date().toISOString(), topics: ['news'] });
      const publication = await t.db.selectFrom('publications').select('id').executeTakeFirstOrThrow();
      await writeAudit(t.db, { actor: editor.email, action: 'update', subjectType: 'publication', subjectId: String(publication.id) });
      staffPageId = await createStaffPage(t, editor.email);
      await assert.rejects(
        removeDemo(t.db, t.config),
        (e: Error) => e instanceof DemoRemovalRefused && e.message.includes(`${editor.email}  update  publication ${publication.id}`) && /--force/.test(e.message),
      );
      assert.equal(await count(t.db, 'hrdCases'), 8, 'nothing was removed');
    });

    it('is removed with --force: content, files, cases and alerts go; staff, subscribers, their page and the audit log stay', async () => {
      const auditRows = await count(t.db, 'auditLog');
      if (engine === 'sqlite') {
        const res = await runDove(['demo', 'remove', '--force'], { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl });
        assert.equal(res.code, 0, res.stderr);
        assert.match(res.stdout, /Removed the demo: .*8 hrdCases/);
      } else {
        // The child process cannot join this test's PostgreSQL schema; the CLI runs on SQLite above.
        assert.equal((await removeDemo(t.db, t.config, { force: true })).rows.hrdCases, 8);
      }
      for (const table of [
        'publications', 'publicationFiles', 'topics', 'menus', 'menuItems', 'people', 'organisations', 'settings',
        'files', 'imageVariants', 'hrdCases', 'hrdEvents', 'hrdVictims', 'hrdActs', 'hrdSources', 'hrdTimelineEntries',
        'hrdInterventions', 'hrdFundRequests', 'hrdAlerts', 'hrdAlertTranslations', 'hrdAlertUpdates',
      ] as const) {
        assert.equal(await count(t.db, table), 0, table);
      }
      assert.equal(storedFiles(t.config.dataDir), 0, 'stored files of the demo');
      assert.equal(await count(t.db, 'users'), 1);
      assert.equal(await count(t.db, 'subscribers'), 1);
      assert.deepEqual(await t.db.selectFrom('pages').select('id').execute(), [{ id: staffPageId }]);
      assert.ok((await count(t.db, 'vocabularyTerms')) > 0 && (await count(t.db, 'places')) > 0, 'vocabularies and gazetteer');
      assert.equal(await count(t.db, 'auditLog'), auditRows + 1);
      const removal = await t.db.selectFrom('auditLog').select(['actor', 'after']).where('action', '=', 'demo.remove').executeTakeFirstOrThrow();
      assert.equal(removal.actor, 'system:cli');
      assert.equal(JSON.parse(removal.after!).staffChanges, 2);
    });

    it('is never imported again, though the database is now empty of content', async () => {
      assert.match(await initialiseDatabase(t.db, t.config, quiet, DEMO_OPTIONS), /nothing to import/);
      assert.equal(await count(t.db, 'hrdCases'), 0);
      assert.equal(await count(t.db, 'publications'), 0);
      await assert.rejects(removeDemo(t.db, t.config), DemoRemovalRefused);
    });
  });
}

/** A page an editor wrote after the import: its id lies above the demo's, so it must survive. */
async function createStaffPage(t: TestContext, actor: string): Promise<number> {
  const now = new Date().toISOString();
  const page = await t.db
    .insertInto('pages')
    .values({ slug: 'our-own-page', status: 'draft', publishedAt: null, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('pageTranslations').values({ itemId: page.id, locale: 'en', title: 'Our own page', summary: null, bodyHtml: '<p>Ours.</p>' }).execute();
  await writeAudit(t.db, { actor, action: 'create', subjectType: 'page', subjectId: String(page.id) });
  return page.id;
}
