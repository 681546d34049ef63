import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertFixtureItem } from '../../../test/fixtures/search/load.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { insertDocuments, replaceVocabulary } from './search-index.repository.js';
import { countTerms, prepareDocument } from './search.document.js';
import { reindexItem } from './search.indexer.js';
import { searchDocuments } from './search.repository.js';
import { searchTables } from './search.tables.js';
import { SYLLABLE_MARK } from './search.syllables.js';
import { SURFACE_MARK } from './search.text.js';

for (const engine of testEngines()) {
  describe(`typo tolerance's words kept in memory (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
    });
    after(() => t.close());

    const suggestion = async (q: string) => (await searchDocuments(t.db, { q, locale: 'en', page: 1, pageSize: 10 })).suggestion;

    it('finds a word indexed after the words were first kept', async () => {
      assert.equal(await suggestion('cormorrants'), undefined);
      await t.db.transaction().execute(async (tx) => {
        const item = await insertFixtureItem(tx, contentFiles(t.app.storage), {
          type: 'news',
          slug: 'cormorant-count',
          status: 'published',
          publishedAt: '2024-05-01',
          en: { title: 'Cormorants counted on the lake', body: 'A survey of nesting birds.' },
        });
        await reindexItem(tx, 'news', item.id, { storage: contentFiles(t.app.storage) });
      });
      assert.equal(await suggestion('cormorrants'), 'cormorants');
      const found = await searchDocuments(t.db, { q: 'cormorrants', locale: 'en', page: 1, pageSize: 10 });
      assert.equal(found.total, 1);
    });

    // A real race needs a second connection while the reindex waits: PostgreSQL's pool has one.
    it('forgets the words a search kept while a reindex was writing, once it has committed', { skip: engine !== 'postgres' }, async () => {
      const storage = contentFiles(t.app.storage);
      const item = await insertFixtureItem(t.db, storage, {
        type: 'news',
        slug: 'heron-count',
        status: 'published',
        publishedAt: '2024-05-02',
        en: { title: 'Herons counted on the river', body: 'Wading birds seen at dawn.' },
      });
      assert.equal(await suggestion('hetons'), undefined);
      let reindexed: Promise<void> | undefined;
      const rolledBack = new Error('rolled back');
      const blocker = t.db.transaction().execute(async (tx) => {
        // A row of a word the item has, written and not committed: the reindex waits on it after
        // it has started writing the vocabulary and before it commits. Rolled back at the end.
        await searchTables(tx).insertInto('searchTerms').values({ term: `${SURFACE_MARK}herons`, docCount: 1 }).execute();
        reindexed = reindexItem(t.db, 'news', item.id, { storage });
        // Another session waiting on this transaction can only be the reindex.
        const waiting = async () =>
          Number((await sql<{ n: number | string }>`select count(*) as n from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))`.execute(tx)).rows[0]!.n) > 0;
        for (let tries = 0; !(await waiting()); tries++) {
          assert.ok(tries < 500, 'the reindex never waited on the held word');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // A search in between keeps the vocabulary as it was.
        assert.equal(await suggestion('hetons'), undefined);
        throw rolledBack;
      });
      await assert.rejects(blocker, rolledBack);
      await reindexed;
      assert.equal(await suggestion('hetons'), 'herons');
    });

    it('reads the vocabulary again when another server or a command changed the content', async () => {
      assert.equal(await suggestion('pelicanns'), undefined);
      // Written as another process would: not through this process's index writers.
      await searchTables(t.db).insertInto('searchTerms').values({ term: `${SURFACE_MARK}pelicans`, docCount: 1 }).execute();
      assert.equal(await suggestion('pelicanns'), undefined, 'the words kept are used until told otherwise');
      t.app.contentChanged();
      assert.equal(await suggestion('pelicanns'), 'pelicans');
    });

    it('finds a word whose first letter was mistyped, from memory and inside a transaction alike', async () => {
      await searchTables(t.db).insertInto('searchTerms').values({ term: `${SURFACE_MARK}flamingos`, docCount: 1 }).execute();
      t.app.contentChanged();
      // The first letter changed (its neighbour on the keyboard), then dropped.
      for (const typo of ['glamingos', 'lamingos']) {
        assert.equal(await suggestion(typo), 'flamingos', typo);
        const inTransaction = await t.db.transaction().execute((tx) => searchDocuments(tx, { q: typo, locale: 'en', page: 1, pageSize: 10 }));
        assert.equal(inTransaction.suggestion, 'flamingos', `${typo} (in a transaction)`);
      }
    });

    it('keeps the Khmer words a rare word is looked for inside until the vocabulary changes', async () => {
      // ជួបជុំ (to gather) is indexed only inside ជួបជុំគ្នា: a content word of two syllables, which a
      // query alone still looks for inside longer words (a function word alone, such as ជាមួយ, finds nothing).
      const compound = 'ជួបជុំគ្នា';
      const row = prepareDocument('news', 900, {
        locale: 'km',
        title: 'របាយការណ៍',
        body: ['កសិករបានជួបជុំគ្នានៅវាលស្រែ ហើយការប្រមូលផលស្រូវបានល្អ។'],
        path: '/news/900',
        publishedAt: '2024-01-01',
        itemDate: '2024-01-01',
      });
      assert.ok(row.terms.includes(compound));
      // The vocabulary without the longer word (nor the syllables, which would find it too).
      const counts = countTerms([row]);
      for (const term of counts.keys()) if (term === compound || term.startsWith(SYLLABLE_MARK)) counts.delete(term);
      await t.db.transaction().execute(async (tx) => {
        await insertDocuments(searchTables(tx), [row]);
        await replaceVocabulary(searchTables(tx), counts);
      });
      const total = async () => (await searchDocuments(t.db, { q: 'ជួបជុំ', locale: 'km', page: 1, pageSize: 10 })).total;
      assert.equal(await total(), 0);
      // Written as another process would: not through this process's index writers.
      await searchTables(t.db).insertInto('searchTerms').values({ term: compound, docCount: 1 }).execute();
      assert.equal(await total(), 0, 'the words kept are used until told otherwise');
      t.app.contentChanged();
      assert.equal(await total(), 1);
    });
  });
}
