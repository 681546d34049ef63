import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { FixtureItem } from '../../../test/fixtures/search/documents.js';
import { insertFixtureItem } from '../../../test/fixtures/search/load.js';
import { readQueuedPdfTexts } from '../../../test/helpers/file-texts.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { DbOrTx } from '../../db/database.js';
import { renderDemoPdf } from '../media/demo-pdf.js';
import { storeDocument } from '../media/images.js';
import { contentFiles, type FileStorage } from '../media/storage.js';
import { rebuildSearchIndex, reindexItem } from './search.indexer.js';
import { searchDocuments } from './search.repository.js';
import { searchTables } from './search.tables.js';

/** The item tables of each fixture type, for the edits an editor would make. */
const TABLES = {
  page: ['pages', 'pageTranslations'],
  project: ['projects', 'projectTranslations'],
  publication: ['publications', 'publicationTranslations'],
  news: ['newsPosts', 'newsPostTranslations'],
  event: ['events', 'eventTranslations'],
} as const;

for (const engine of testEngines()) {
  describe(`search index consistency (${engine})`, () => {
    let t: TestContext;
    let storage: FileStorage;
    before(async () => {
      t = await createTestApp(engine);
      storage = contentFiles(t.app.storage);
    });
    after(() => t.close());

    const found = async (q: string, now?: string) =>
      (await searchDocuments(t.db, { q, locale: 'en', page: 1, pageSize: 10, ...(now ? { now } : {}) })).hits.map(
        (h) => `${h.type}:${h.itemId}:${h.locale}`,
      );
    const inTransaction = <T>(work: (tx: DbOrTx) => Promise<T>) => t.db.transaction().execute(work);

    /** What the index holds, in a comparable form. */
    async function snapshot() {
      const sdb = searchTables(t.db);
      const docs = await sdb
        .selectFrom('searchDocuments as d')
        .innerJoin('searchDocumentTexts as x', 'x.id', 'd.id')
        .select(['d.type', 'd.itemId', 'd.locale', 'd.title', 'd.path', 'd.itemDate', 'd.year', 'x.titleTokens', 'x.bodyTokens', 'x.tags', 'x.bodyText'])
        .orderBy('d.type')
        .orderBy('d.itemId')
        .orderBy('d.locale')
        .execute();
      const orphans = await sdb.selectFrom('searchDocumentTexts').select('id').where('id', 'not in', sdb.selectFrom('searchDocuments').select('id')).execute();
      assert.deepEqual(orphans, [], 'every text belongs to a document');
      const terms = await sdb.selectFrom('searchTerms').select(['term', 'docCount']).orderBy('term').execute();
      if (engine !== 'postgres') return { docs, terms };
      // PostgreSQL: every document has its title row, and it says what the document says.
      const titles = await sdb
        .selectFrom('searchDocuments as d')
        .leftJoin('searchTitles as t', 't.id', 'd.id')
        .select(['d.type', 'd.itemId', 'd.locale', 't.locale as titleLocale', 't.type as titleType', 't.year', 't.publishedAt', 't.itemDate'])
        .select([sql<string>`t.vector::text`.as('vector'), sql<string>`t.syllables::text`.as('syllables'), sql<string>`d.title_vector::text`.as('titleVector')])
        .orderBy('d.type')
        .orderBy('d.itemId')
        .orderBy('d.locale')
        .execute();
      for (const row of titles) {
        assert.equal(row.titleLocale, row.locale, `${row.type} ${row.itemId} ${row.locale} has its title row`);
        assert.equal(row.vector, row.titleVector);
      }
      return { docs, terms, titles };
    }

    /**
     * The index after the edits must equal a rebuild from scratch, and (on SQLite) the
     * full-text table must agree with its content table.
     */
    async function assertIndexMatchesContent() {
      const incremental = await snapshot();
      if (engine === 'sqlite') {
        await sql`insert into search_fts (search_fts, rank) values ('integrity-check', 1)`.execute(t.db);
      }
      await rebuildSearchIndex(t.db, { storage });
      assert.deepEqual(incremental, await snapshot());
    }

    async function publishNew(item: FixtureItem) {
      return inTransaction(async (tx) => {
        const loaded = await insertFixtureItem(tx, storage, item);
        await reindexItem(tx, loaded.type, loaded.id, { storage });
        return loaded;
      });
    }

    it('follows a publication through publish, edit, unpublish and delete', async () => {
      const draft = await publishNew({
        type: 'publication',
        slug: 'heron-report',
        status: 'draft',
        publishedAt: '2024-03-01',
        en: { title: 'Herons of the Tonle Sap', body: 'The wetlands count fell by half.' },
        km: { title: 'សត្វក្រសាបឹងទន្លេសាប', body: 'ចំនួនសត្វនៅតំបន់ដីសើមបានធ្លាក់ចុះពាក់កណ្តាល។' },
      });
      assert.deepEqual(await found('herons'), [], 'a draft is not indexed');
      assert.equal((await snapshot()).docs.length, 0);

      await inTransaction(async (tx) => {
        await tx.updateTable('publications').set({ status: 'published' }).where('id', '=', draft.id).execute();
        await reindexItem(tx, 'publication', draft.id, { storage });
      });
      assert.deepEqual(await found('herons'), [`publication:${draft.id}:en`]);
      assert.deepEqual(await found('ក្រសា'), [`publication:${draft.id}:km`]);
      await assertIndexMatchesContent();

      await inTransaction(async (tx) => {
        await tx
          .updateTable('publicationTranslations')
          .set({ title: 'Storks of the Tonle Sap' })
          .where('itemId', '=', draft.id)
          .where('locale', '=', 'en')
          .execute();
        await tx.deleteFrom('publicationTranslations').where('itemId', '=', draft.id).where('locale', '=', 'km').execute();
        await reindexItem(tx, 'publication', draft.id, { storage });
      });
      assert.deepEqual(await found('herons'), [], 'the old title is gone');
      assert.deepEqual(await found('storks'), [`publication:${draft.id}:en`]);
      assert.deepEqual(await found('ក្រសា'), [], 'the removed translation is gone');
      await assertIndexMatchesContent();

      await inTransaction(async (tx) => {
        await tx.updateTable('publications').set({ status: 'draft' }).where('id', '=', draft.id).execute();
        await reindexItem(tx, 'publication', draft.id, { storage });
      });
      assert.deepEqual(await found('storks'), []);
      const unpublished = await snapshot();
      assert.equal(unpublished.docs.length, 0);
      assert.ok(!unpublished.terms.some((t) => t.term === 'stork'), 'its words leave the vocabulary');
      await assertIndexMatchesContent();

      await inTransaction(async (tx) => {
        await tx.updateTable('publications').set({ status: 'published' }).where('id', '=', draft.id).execute();
        await reindexItem(tx, 'publication', draft.id, { storage });
      });
      assert.deepEqual(await found('storks'), [`publication:${draft.id}:en`]);
      await inTransaction(async (tx) => {
        await tx.deleteFrom('publications').where('id', '=', draft.id).execute();
        await reindexItem(tx, 'publication', draft.id, { storage });
      });
      assert.deepEqual(await found('storks'), []);
      assert.equal((await snapshot()).docs.length, 0);
      await assertIndexMatchesContent();
    });

    if (engine === 'postgres') {
      it('gives a document written without its title row one when its item is indexed again', async () => {
        const item = await publishNew({
          type: 'news',
          slug: 'egret-note',
          status: 'published',
          publishedAt: '2024-04-01',
          en: { title: 'Egrets return to the wetlands', body: 'Counted in March.' },
        });
        // As a server that ran before search_titles existed would have left it.
        await searchTables(t.db).deleteFrom('searchTitles').execute();
        // Without its title row the document is not in the title tiers, only among the body matches.
        assert.deepEqual(await found('egrets'), [`news:${item.id}:en`], 'no title row, found through the body');
        await inTransaction((tx) => reindexItem(tx, 'news', item.id, { storage }));
        assert.deepEqual(await found('egrets'), [`news:${item.id}:en`]);
        await assertIndexMatchesContent();
      });
    }

    it('publishes, edits and deletes every content type the same way', async () => {
      for (const type of ['page', 'project', 'news', 'event'] as const) {
        const word = `kingfisher${type}`;
        const item = await publishNew({
          type,
          slug: `bird-${type}`,
          publishedAt: '2023-01-01',
          startsAt: '2023-02-01T02:00:00.000Z',
          en: { title: `Bird count (${type})`, body: `A ${word} was seen.` },
        });
        assert.deepEqual(await found(word), [`${type}:${item.id}:en`], type);
        const [items, translations] = TABLES[type];
        await inTransaction(async (tx) => {
          await tx.updateTable(translations).set({ bodyHtml: '<p>No birds today.</p>' }).where('itemId', '=', item.id).execute();
          await reindexItem(tx, type, item.id, { storage });
        });
        assert.deepEqual(await found(word), [], `${type}: edited away`);
        await inTransaction(async (tx) => {
          await tx.deleteFrom(items).where('id', '=', item.id).execute();
          await reindexItem(tx, type, item.id, { storage });
        });
        assert.deepEqual(await found('bird count'), [], `${type}: deleted`);
      }
      await assertIndexMatchesContent();
    });

    it('leaves the index untouched when the publishing transaction fails', async () => {
      await assert.rejects(
        inTransaction(async (tx) => {
          const item = await insertFixtureItem(tx, storage, {
            type: 'news',
            slug: 'rolled-back',
            publishedAt: '2023-01-01',
            en: { title: 'Never published', body: 'The word albatross appears here.' },
          });
          await reindexItem(tx, 'news', item.id, { storage });
          throw new Error('editor cancelled');
        }),
        /editor cancelled/,
      );
      assert.deepEqual(await found('albatross'), []);
      await assertIndexMatchesContent();
    });

    it('indexes the text of a PDF attached to a publication once the background job has read it', async () => {
      const item = await publishNew({
        type: 'publication',
        slug: 'wetland-survey',
        publishedAt: '2022-01-01',
        en: { title: 'Wetland survey', body: 'Summary only.' },
      });
      assert.deepEqual(await found('cormorants'), []);
      await inTransaction(async (tx) => {
        const pdf = await renderDemoPdf({ title: 'Survey', subtitle: '2022', paragraphs: ['Cormorants nest on the flooded forest.'] });
        const fileId = await storeDocument(tx, storage, pdf, 'survey.pdf', 'application/pdf');
        await tx.insertInto('publicationFiles').values({ publicationId: item.id, locale: 'en', fileId, label: null, sortOrder: 0 }).execute();
        await reindexItem(tx, 'publication', item.id, { storage });
      });
      // Indexing never reads a PDF itself: the words arrive with the background job.
      assert.deepEqual(await found('cormorants'), []);
      await readQueuedPdfTexts(t.db, storage);
      assert.deepEqual(await found('cormorants'), [`publication:${item.id}:en`]);
      const cached = await searchTables(t.db).selectFrom('searchFileTexts').select('text').execute();
      assert.ok(cached.some((c) => c.text?.includes('Cormorants')));
      await assertIndexMatchesContent();
    });

    it('shows an item published for a later date only from that date on, without reindexing', async () => {
      const item = await publishNew({
        type: 'news',
        slug: 'scheduled',
        publishedAt: '2099-06-01T00:00:00.000Z',
        en: { title: 'Scheduled statement', body: 'The pelicans return.' },
      });
      assert.deepEqual(await found('pelicans'), []);
      assert.deepEqual(await found('pelicans', '2099-06-01T00:00:01.000Z'), [`news:${item.id}:en`]);
    });
  });
}
