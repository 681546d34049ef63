import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertSearchFixture } from '../../../test/fixtures/search/load.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { finishBulkLoad, removeAllDocuments, startBulkLoad } from './search-index.repository.js';
import { tsvectorLiteral } from './search.document.js';
import { searchDocuments } from './search.repository.js';
import { rebuildSearchIndex, writeInBulk, type BulkBatch } from './search.indexer.js';
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

    it('writes every batch while preparing the next, and waits for the write in flight when preparing fails', async () => {
      const doc = (n: number, title: string) => ({
        type: 'publication',
        itemId: 900_000 + n,
        doc: { locale: 'en', title, body: ['bulk pipeline text'], path: `/bulk/${n}`, publishedAt: '2024-01-01', itemDate: '2024-01-01' },
      });
      const bulkRows = async () => (await searchTables(t.db).selectFrom('searchDocuments').select('id').where('itemId', '>', 900_000).execute()).length;
      const batches: BulkBatch[] = [[doc(1, 'zanzibar one'), doc(2, 'zanzibar two')], [doc(3, 'zanzibar three')]];
      const written = await t.db.transaction().execute((tx) => writeInBulk(searchTables(tx), batches));
      assert.equal(written.documents, 3);
      assert.equal(written.counts.get('zanzibar'), 3);
      assert.equal(await bulkRows(), 3);
      await removeAllDocuments(searchTables(t.db));
      await rebuildSearchIndex(t.db, ctx());

      // The second batch cannot be prepared (no body): the error comes out once the first batch is written.
      const broken = [[doc(4, 'zanzibar four')], [{ ...doc(5, 'broken'), doc: { ...doc(5, 'broken').doc, body: undefined as unknown as string[] } }]];
      await assert.rejects(
        t.db.transaction().execute((tx) => writeInBulk(searchTables(tx), broken)),
        TypeError,
      );
      assert.equal(await bulkRows(), 0);
    });

    it('prepares documents in threads to the same rows and vocabulary as in this thread', async () => {
      const docs = [
        ['en', "Press freedom's day", 'Journalists and human rights defenders met in Phnom Penh in 2024.'],
        ['km', 'សិទ្ធិដីធ្លី', 'គ្រួសារត្រូវបានបណ្តេញចេញពីដីរបស់ពួកគេនៅខេត្តកោះកុង។ ប៊ីស្គីត ២០២៤ ព័ត៌មាន'],
        ['en', 'Land rights', "Families evicted from their land in Koh Kong ask for a fair settlement; it's 'quoted' \\ text."],
      ].map(([locale, title, body], i) => ({
        type: 'news',
        itemId: 800_000 + i,
        // A path is stored as given: tabs, newlines and backslashes must reach the row as they are.
        doc: { locale: locale!, title: title!, body: [body!], path: `/threads/${i}\t\\n\\\n`, publishedAt: '2024-01-01', itemDate: '2024-01-01' },
      }));
      const stored = async () => {
        const rows = await searchTables(t.db)
          .selectFrom('searchDocuments as d')
          .innerJoin('searchDocumentTexts as x', 'x.id', 'd.id')
          .selectAll('x')
          .select(['d.type', 'd.itemId', 'd.locale', 'd.title', 'd.path', 'd.year'])
          .$if(engine === 'postgres', (q) =>
            q.select([
              sql<string>`d.vector::text || d.title_vector::text || d.syllable_vector::text`.as('vectors'),
              sql<string>`(select row(t.locale, t.type, t.year, t.published_at, t.item_date, t.vector, t.syllables)::text from search_titles t where t.id = d.id)`.as('titleRow'),
            ]),
          )
          .where('d.itemId', '>=', 800_000)
          .orderBy('d.itemId')
          .execute();
        return rows.map(({ id: _id, ...row }) => row);
      };
      const build = async (threads: number) => {
        const written = await t.db.transaction().execute((tx) => writeInBulk(searchTables(tx), [docs.slice(0, 2), docs.slice(2)], { threads }));
        const rows = await stored();
        await searchTables(t.db).deleteFrom('searchDocumentTexts').where('id', 'in', (q) => q.selectFrom('searchDocuments').select('id').where('itemId', '>=', 800_000)).execute();
        if (engine === 'postgres') await sql`delete from search_titles where id in (select id from search_documents where item_id >= 800000)`.execute(t.db);
        await searchTables(t.db).deleteFrom('searchDocuments').where('itemId', '>=', 800_000).execute();
        return { documents: written.documents, counts: [...written.counts].sort(), rows };
      };
      const inThisThread = await build(0);
      assert.equal(inThisThread.rows.length, 3);
      assert.equal((inThisThread.rows[0] as { path: string }).path, '/threads/0\t\\n\\\n');
      if (engine === 'postgres') assert.ok(inThisThread.rows.every((r) => (r as { titleRow?: string }).titleRow));
      assert.deepEqual(await build(2), inThisThread);
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

    if (engine === 'sqlite') {
      it('indexes the rows in one pass when the load ends, and puts back the triggers and full-text settings, also when the load fails', async () => {
        const triggers = async () => (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by name`.execute(t.db)).rows;
        const automerge = async () => (await sql<{ v: number }>`select v from search_fts_config where k = 'automerge'`.execute(t.db)).rows[0]?.v;
        const matches = async (db: typeof t.db, word: string) =>
          Number((await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${word}`.execute(db)).rows[0]!.n);
        const doc = (n: number, title: string) => ({
          type: 'news',
          itemId: 600_000 + n,
          doc: { locale: 'en', title, body: ['bulk load text'], path: `/fts/${n}`, publishedAt: '2024-01-01', itemDate: '2024-01-01' },
        });
        const before = await triggers();
        assert.ok(before.some((r) => r.name === 'search_document_texts_ai'));
        await sql`insert into search_fts (search_fts, rank) values ('automerge', 2)`.execute(t.db);

        await t.db.transaction().execute(async (tx) => {
          const load = await startBulkLoad(searchTables(tx));
          await writeInBulk(searchTables(tx), [[doc(1, 'quokka one')]]);
          // Written, not yet in the full-text index: it is indexed with all the others at the end.
          assert.equal(await matches(tx, 'quokka'), 0);
          await finishBulkLoad(searchTables(tx), load);
          assert.equal(await matches(tx, 'quokka'), 1);
        });
        assert.deepEqual(await triggers(), before);
        assert.equal(await automerge(), 2);
        await sql`insert into search_fts (search_fts, rank) values ('integrity-check', 1)`.execute(t.db);

        await assert.rejects(
          t.db.transaction().execute(async (tx) => {
            await startBulkLoad(searchTables(tx));
            await removeAllDocuments(searchTables(tx));
            throw new Error('the load failed');
          }),
          /the load failed/,
        );
        assert.deepEqual(await triggers(), before);
        // Outside a load the triggers index each row as it is written.
        await t.db.transaction().execute((tx) => writeInBulk(searchTables(tx), [[doc(2, 'quokka two')]]));
        assert.equal(await matches(t.db, 'quokka'), 2);
        assert.ok((await found('press freedom')) > 0);
        await sql`insert into search_fts (search_fts, rank) values ('automerge', 4)`.execute(t.db);
        await removeAllDocuments(searchTables(t.db));
        await rebuildSearchIndex(t.db, ctx());
      });
    }

    if (engine === 'postgres') {
      it('writes vectors PostgreSQL reads as each word once with its positions', async () => {
        const stored = async (parts: Parameters<typeof tsvectorLiteral>[0]) =>
          (await sql<{ v: string }>`select cast(${tsvectorLiteral(parts)} as tsvector)::text as v`.execute(t.db)).rows[0]!.v;
        assert.equal(await stored([{ tokens: 'right  land right', weight: 'A' }, { tokens: 'land', weight: 'B' }, { tokens: '_lang_en', weight: 'D' }]), "'_lang_en':7 'land':2A,5B 'right':1A,3A");
        assert.equal(await stored([{ tokens: "it's a\\b" }]), "'a\\\\b':2 'it''s':1");
        // The first 256 positions of a word, and positions past 16,383 set on it (once a word).
        const many = Array.from({ length: 300 }, () => 'again').join(' ');
        assert.equal(await stored([{ tokens: many }]), `'again':${Array.from({ length: 256 }, (_, i) => i + 1).join(',')}`);
        const long = `${Array.from({ length: 16_400 }, () => 'x').join(' ')} tail tail`;
        assert.match(await stored([{ tokens: long, weight: 'B' }, { tokens: 'tail', weight: 'D' }]), /^'tail':16383B 'x':1B,2B,/);
      });

      it('writes a text whose words come to 1 MB, counting repeats, in a form PostgreSQL accepts', async () => {
        // A long Khmer report: three bytes a letter. Written once per occurrence, PostgreSQL
        // would refuse it ("string is too long for tsvector").
        const long = Array.from({ length: 60_000 }, (_, i) => (i % 2 ? 'សិទ្ធិមនុស្ស' : 'ការពារ')).join(' ');
        assert.ok(Buffer.byteLength(long) > 1 << 20);
        const [row] = (
          await sql<{ v: string }>`select cast(${tsvectorLiteral([{ tokens: long, weight: 'B' }])} as tsvector)::text as v`.execute(t.db)
        ).rows;
        const positions = (word: string) => new RegExp(`'${word}':([0-9B,]+)`).exec(row!.v)?.[1]?.split(',');
        assert.deepEqual(positions('ការពារ')?.slice(0, 3), ['1B', '3B', '5B']);
        assert.equal(positions('ការពារ')?.length, 256);
        assert.deepEqual(positions('សិទ្ធិមនុស្ស')?.slice(0, 2), ['2B', '4B']);
      });

      it('compresses the values it stores out of line with lz4 during the load, and only then', async () => {
        const long = Array.from({ length: 4_000 }, (_, i) => `word${i % 50}`).join(' ');
        const doc = { type: 'news', itemId: 700_000, doc: { locale: 'en', title: 'lz4', body: [long], path: '/lz4', publishedAt: '2024-01-01', itemDate: '2024-01-01' } };
        const [during, after] = await t.db.transaction().execute(async (tx) => {
          const load = await startBulkLoad(searchTables(tx));
          await writeInBulk(searchTables(tx), [[doc]]);
          const method = (await sql<{ m: string }>`select pg_column_compression(t.body_text) as m from search_document_texts t join search_documents d on d.id = t.id where d.item_id = 700000`.execute(tx)).rows[0]!.m;
          await finishBulkLoad(searchTables(tx), load);
          const setting = (await sql<{ v: string }>`select current_setting('default_toast_compression') as v`.execute(tx)).rows[0]!.v;
          throw Object.assign(new Error('roll back'), { result: [method, setting] });
        }).catch((error: { result?: string[] }) => error.result ?? []);
        assert.equal(during, 'lz4');
        assert.equal(after, 'pglz');
      });

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
