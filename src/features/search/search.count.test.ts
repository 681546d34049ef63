import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { insertDocuments, replaceVocabulary } from './search-index.repository.js';
import { countTerms, prepareDocument, type IndexRow } from './search.document.js';
import { MAX_COUNTED_RESULTS } from './search.match.repository.js';
import { searchDocuments } from './search.repository.js';
import { searchTables } from './search.tables.js';
import { foldWord, SURFACE_MARK } from './search.text.js';

/**
 * A one-word query's count can come from the vocabulary (how many documents hold the word)
 * without reading a thousand documents, but only while the scheduled documents, which the
 * vocabulary counts and search leaves out, cannot bring it under the cap.
 */
const NOW = '2030-01-01T00:00:00.000Z';
const FUTURE = '2031-01-01';
const SCHEDULED = 20;

const row = (itemId: number, publishedAt: string): IndexRow =>
  prepareDocument('news', itemId, { locale: 'en', title: `Report ${itemId}`, body: ['The harvest failed.'], path: `/news/${itemId}`, publishedAt, itemDate: '2024-01-01' });

for (const engine of testEngines()) {
  describe(`search result counts near the cap (${engine})`, () => {
    let t: TestContext;
    const store = async (rows: IndexRow[], all: IndexRow[]) =>
      t.db.transaction().execute(async (tx) => {
        await insertDocuments(searchTables(tx), rows);
        await replaceVocabulary(searchTables(tx), countTerms(all));
      });
    const search = (extra: { type?: string } = {}) => searchDocuments(t.db, { q: 'harvest', locale: 'en', page: 1, pageSize: 10, now: NOW, ...extra });
    const all: IndexRow[] = [];

    before(async () => {
      t = await createTestApp(engine);
      // 1,010 documents hold the word, 20 of them not yet published: 990 match.
      for (let i = 1; i <= MAX_COUNTED_RESULTS + 10; i++) all.push(row(i, i <= SCHEDULED ? FUTURE : '2024-01-01'));
      await store(all, all);
    });
    after(() => t.close());

    it('counts the documents when the scheduled ones bring the word under the cap', async () => {
      const r = await search();
      assert.equal(r.total, MAX_COUNTED_RESULTS + 10 - SCHEDULED);
      assert.equal(r.more, false);
    });

    it('counts a misspelt word through its spelling variant when the scheduled ones bring it under the cap', async () => {
      const r = await searchDocuments(t.db, { q: 'havrest', locale: 'en', page: 1, pageSize: 10, now: NOW });
      assert.equal(r.total, MAX_COUNTED_RESULTS + 10 - SCHEDULED);
      assert.equal(r.more, false);
    });

    it('knows the word is past the cap from the vocabulary once enough published documents hold it', async () => {
      const added = Array.from({ length: 100 }, (_, i) => row(MAX_COUNTED_RESULTS + 11 + i, '2024-01-01'));
      all.push(...added);
      await store(added, all);
      const r = await search();
      assert.equal(r.total, MAX_COUNTED_RESULTS);
      assert.equal(r.more, true);
      assert.equal(r.hits.length, 10);
    });

    it('counts a filtered search, which the vocabulary cannot tell', async () => {
      const r = await search({ type: 'page' });
      assert.equal(r.total, 0);
      assert.equal(r.more, false);
    });
  });
}

for (const engine of testEngines()) {
  describe(`search result counts of a misspelt word (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const rows = Array.from({ length: 5 }, (_, i) => row(i + 1, '2024-01-01'));
      // The vocabulary says the misspelt word's variant is in more documents than are counted:
      // the count is taken from it, as for the word itself, and the documents are not read.
      const counts = countTerms(rows);
      counts.set(foldWord('harvest'), MAX_COUNTED_RESULTS + 200);
      counts.set(SURFACE_MARK + foldWord('harvest', false), MAX_COUNTED_RESULTS + 200);
      await t.db.transaction().execute(async (tx) => {
        await insertDocuments(searchTables(tx), rows);
        await replaceVocabulary(searchTables(tx), counts);
      });
    });
    after(() => t.close());

    it('knows a one-word query is past the cap from the vocabulary count of its spelling variant', async () => {
      const r = await searchDocuments(t.db, { q: 'havrest', locale: 'en', page: 1, pageSize: 10, now: NOW });
      assert.equal(r.total, MAX_COUNTED_RESULTS);
      assert.equal(r.more, true);
      assert.equal(r.hits.length, 5);
    });

    it('still counts a misspelt word among others', async () => {
      const r = await searchDocuments(t.db, { q: 'havrest failed', locale: 'en', page: 1, pageSize: 10, now: NOW });
      assert.equal(r.total, 5);
      assert.equal(r.more, false);
    });
  });
}
