import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createFreshDatabase, testEngines, type FreshDatabase } from '../../../test/helpers/test-app.js';
import { migrateTo, migrateToLatest } from '../../db/migrate.js';
import { up as keepVectorsInRow } from '../../db/migrations/0033-search-vector-storage.js';
import { insertDocuments, replaceVocabulary } from './search-index.repository.js';
import { countTerms, prepareDocument } from './search.document.js';
import { searchDocuments } from './search.repository.js';
import { searchTables } from './search.tables.js';

/**
 * Migration 0025 moves the syllables out of the word columns: an index written before it keeps
 * answering word searches until the rebuild, and documents written after it are found through
 * their syllable pairs.
 */
for (const engine of testEngines()) {
  describe(`search migration 0025 (${engine})`, () => {
    let fresh: FreshDatabase;
    before(async () => {
      fresh = await createFreshDatabase(engine, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dove-search-migration-')) });
      await migrateTo(fresh.db, '0023-upr');
      // A document as the index held it before: words and syllables in one column.
      const id = engine === 'postgres' ? sql`default` : sql`${2 ** 40 + 1}`;
      const vector = engine === 'postgres' ? sql`, vector` : sql``;
      const vectorValue = engine === 'postgres' ? sql`, cast(${"'evict':1B '·កំ':2B"} as tsvector)` : sql``;
      await sql`insert into search_documents (id, type, item_id, locale, title, path, published_at, item_date, year${vector})
        values (${id}, 'news', 1, 'en', 'Old', '/news/1', '2020-01-01', '2020-01-01', 2020${vectorValue})`.execute(fresh.db);
      await sql`insert into search_document_texts (id, title_tokens, body_tokens, tags, body_text)
        select id, 'old', 'evict ·កំ', 'news 2020', 'Evictions' from search_documents`.execute(fresh.db);
      await sql`insert into search_terms (term, doc_count) values ('evict', 1), ('old', 1)`.execute(fresh.db);
      await migrateToLatest(fresh.db);
    });
    after(() => fresh.drop());

    it('keeps an index written before it answering word searches', async () => {
      const r = await searchDocuments(fresh.db, { q: 'evictions', locale: 'en', page: 1, pageSize: 10 });
      assert.deepEqual(r.hits.map((h) => h.itemId), [1]);
    });

    it('finds a Khmer word glued to its neighbours through the syllable pairs of the new columns', async () => {
      const rows = [prepareDocument('news', 2, { locale: 'km', title: 'ព័ត៌មាន', body: ['ខេត្តកំពតថ្មី'], path: '/news/2', publishedAt: '2021-01-01', itemDate: '2021-01-01' })];
      assert.ok(rows[0]!.bodySyllables.includes('·កំ·ព'));
      assert.ok(!rows[0]!.bodyTokens.includes('·'), 'the word column holds no syllables');
      const sdb = searchTables(fresh.db);
      await insertDocuments(sdb, rows);
      await replaceVocabulary(sdb, countTerms(rows));
      const r = await searchDocuments(fresh.db, { q: 'កំពត', locale: 'km', page: 1, pageSize: 10 });
      assert.deepEqual(r.hits.map((h) => h.itemId), [2]);
    });
  });
}

/**
 * Migration 0033 keeps PostgreSQL's word vectors inside the row (storage MAIN), so ranking a
 * document no longer reads TOAST; the rows already there are written again and still match.
 */
for (const engine of testEngines().filter((e) => e === 'postgres')) {
  describe(`search migration 0033 (${engine})`, () => {
    let fresh: FreshDatabase;
    let written = '';
    before(async () => {
      fresh = await createFreshDatabase(engine, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dove-search-migration-')) });
      await migrateTo(fresh.db, '0031-search-titles');
      const rows = [prepareDocument('news', 1, { locale: 'km', title: 'ព័ត៌មាន', body: ['ខេត្តកំពតថ្មី '.repeat(300)], path: '/news/1', publishedAt: '2021-01-01', itemDate: '2021-01-01' })];
      const sdb = searchTables(fresh.db);
      await insertDocuments(sdb, rows);
      await replaceVocabulary(sdb, countTerms(rows));
      written = (await sql<{ vector: string }>`select cast(vector as text) as vector from search_documents`.execute(fresh.db)).rows[0]!.vector;
      await migrateToLatest(fresh.db);
    });
    after(() => fresh.drop());

    it('stores the word vectors in the row, and the rows written before still match', async () => {
      const storage = await sql<{ attname: string; attstorage: string }>`select attname, attstorage from pg_attribute
        where attrelid = 'search_documents'::regclass and attname in ('vector', 'title_vector', 'syllable_vector') order by attname`.execute(fresh.db);
      assert.deepEqual(
        storage.rows.map((r) => `${r.attname}:${r.attstorage}`),
        ['syllable_vector:x', 'title_vector:m', 'vector:m'],
      );
      const { rows } = await sql<{ vector: string }>`select cast(vector as text) as vector from search_documents`.execute(fresh.db);
      assert.deepEqual(rows, [{ vector: written }], 'the same vector, written again');
      const r = await searchDocuments(fresh.db, { q: 'កំពត', locale: 'km', page: 1, pageSize: 10 });
      assert.deepEqual(r.hits.map((h) => h.itemId), [1]);
    });

    it('runs without the statement timeout a server start sets, however long it writes', async () => {
      await fresh.db.transaction().execute(async (trx) => {
        // As the pool's statement_timeout, shortened: a statement of the migration that takes
        // longer than it (here a sleep, for writing a large index again) is not cancelled.
        await sql`set local statement_timeout = 100`.execute(trx);
        await keepVectorsInRow(trx as unknown as Kysely<unknown>);
        await sql`select pg_sleep(0.3)`.execute(trx);
      });
    });
  });
}
