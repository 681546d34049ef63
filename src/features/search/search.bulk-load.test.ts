import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertSearchFixture } from '../../../test/fixtures/search/load.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { removeAllDocuments } from './search-index.repository.js';
import { searchDocuments } from './search.repository.js';
import { rebuildSearchIndex } from './search.indexer.js';
import { searchTables } from './search.tables.js';

for (const engine of testEngines()) {
  describe(`search index bulk load (${engine})`, () => {
    let t: TestContext;
    const ctx = () => ({ storage: contentFiles(t.app.storage) });
    /** The GIN indexes of search_documents by name, with their object ids (a rebuilt index gets a new one). */
    const ginIndexes = async () =>
      (
        await sql<{ name: string; oid: number }>`select c.relname as name, c.oid::int as oid from pg_index i
          join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
          where i.indrelid in ('search_documents'::regclass, 'search_titles'::regclass) and a.amname = 'gin' order by c.relname`.execute(t.db)
      ).rows;
    const found = async (q: string) => (await searchDocuments(t.db, { q, locale: 'en', page: 1, pageSize: 10 })).total;

    before(async () => {
      t = await createTestApp(engine);
      await insertSearchFixture(t.db, ctx().storage);
      await rebuildSearchIndex(t.db, ctx());
    });
    after(() => t.close());

    it('builds an empty index and rebuilds a full one to the same results', async () => {
      const fromFull = await found('press freedom');
      assert.ok(fromFull > 0);
      await removeAllDocuments(searchTables(t.db));
      await rebuildSearchIndex(t.db, ctx());
      assert.equal(await found('press freedom'), fromFull);
    });

    if (engine === 'sqlite') {
      it("puts the connection's page cache setting back after the load", async () => {
        const cacheSize = async () => Object.values((await sql<Record<string, number>>`pragma cache_size`.execute(t.db)).rows[0]!)[0];
        await sql.raw('pragma cache_size = -3000').execute(t.db);
        await removeAllDocuments(searchTables(t.db));
        await rebuildSearchIndex(t.db, ctx());
        assert.equal(await cacheSize(), -3000);
        assert.ok((await found('press freedom')) > 0);
      });
    }

    if (engine === 'postgres') {
      it('makes the GIN indexes after the rows when the index was empty, and keeps them when it was not', async () => {
        const before = await ginIndexes();
        assert.deepEqual(before.map((i) => i.name), ['search_documents_syllable_vector', 'search_documents_vector', 'search_titles_syllables', 'search_titles_vector']);
        // Full: searches may be reading it, so its indexes stay (dropping one would lock the table).
        await rebuildSearchIndex(t.db, ctx());
        assert.deepEqual(await ginIndexes(), before);
        // Empty: nothing to read, so the indexes are dropped and built again over all the rows.
        await removeAllDocuments(searchTables(t.db));
        await rebuildSearchIndex(t.db, ctx());
        const after = await ginIndexes();
        assert.deepEqual(after.map((i) => i.name), before.map((i) => i.name));
        for (const [i, index] of after.entries()) assert.notEqual(index.oid, before[i]!.oid, `${index.name} was built again`);
        assert.ok((await found('press freedom')) > 0);
      });
    }
  });
}
