import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { insertDocuments } from './search-index.repository.js';
import { prepareDocument, type IndexRow } from './search.document.js';
import { searchDocuments } from './search.repository.js';
import { searchTables } from './search.tables.js';

/**
 * Enough documents sharing one word that SQLite ranks them tier by tier (more than it ranks in
 * one pass), built so that the expected order is known exactly: within each tier every
 * document has the same words, hence the same score, and only the dates differ.
 */
const TIERS = [
  { name: 'en-title', locale: 'en', count: 6, title: (i: number) => `Zebra crossing ${i}`, body: 'A quiet street.' },
  { name: 'en-body', locale: 'en', count: 1_000, title: (i: number) => `Street ${i}`, body: 'A zebra crossing.' },
  { name: 'km-title', locale: 'km', count: 6, title: (i: number) => `ផ្លូវ zebra ${i}`, body: 'ផ្លូវស្ងាត់។' },
  { name: 'km-body', locale: 'km', count: 500, title: (i: number) => `ផ្លូវ ${i}`, body: 'ផ្លូវ zebra ស្ងាត់។' },
] as const;

const dateOf = (i: number) => new Date(Date.UTC(2001, 0, 1) + i * 86_400_000).toISOString();

for (const engine of testEngines()) {
  describe(`search ranking over many matches (${engine})`, () => {
    let t: TestContext;
    /** Item ids in the order readers of each language must see them. */
    const expected: Record<'en' | 'km', number[]> = { en: [], km: [] };
    /** The same for phrases found in one language only, whatever the reader's. */
    const phraseOrder: Record<'en' | 'km', number[]> = { en: [], km: [] };

    before(async () => {
      t = await createTestApp(engine);
      const rows: IndexRow[] = [];
      const byTier = new Map<string, number[]>();
      let itemId = 0;
      for (const tier of TIERS) {
        const ids: number[] = [];
        for (let i = 0; i < tier.count; i++) {
          itemId += 1;
          ids.push(itemId);
          const date = dateOf(itemId);
          rows.push(
            prepareDocument('news', itemId, { locale: tier.locale, title: tier.title(i), body: [tier.body], path: `/news/${itemId}`, publishedAt: date, itemDate: date }),
          );
        }
        byTier.set(tier.name, ids.reverse()); // the newest first
      }
      await t.db.transaction().execute((tx) => insertDocuments(searchTables(tx), rows));
      const order = (names: string[]) => names.flatMap((n) => byTier.get(n)!);
      expected.en = order(['en-title', 'en-body', 'km-title', 'km-body']);
      expected.km = order(['km-title', 'km-body', 'en-title', 'en-body']);
      phraseOrder.en = order(['en-title', 'en-body']);
      phraseOrder.km = order(['km-title', 'km-body']);
    });
    after(() => t.close());

    for (const locale of ['en', 'km'] as const) {
      it(`orders by language, then title, then date, page after page (${locale})`, async () => {
        for (const page of [1, 2, 61, 62, 100]) {
          const r = await searchDocuments(t.db, { q: 'zebra', locale, page, pageSize: 10 });
          // 1,512 match; counting stops at 1,000, where the result pages stop too.
          assert.equal(r.total, 1_000);
          assert.equal(r.more, true);
          assert.deepEqual(
            r.hits.map((h) => h.itemId),
            expected[locale].slice((page - 1) * 10, page * 10),
            `page ${page}`,
          );
        }
      });
    }

    // A phrase's candidates are checked word position by word position. On PostgreSQL its body
    // tiers take the counted documents when all were counted (506 here), and are read through
    // the index when there are more (1,006): both ways give the same order as every other tier.
    for (const [q, language, total, pages] of [
      ['"zebra crossing"', 'en', 1_000, [1, 2, 61, 100]],
      ['"ផ្លូវ zebra"', 'km', 506, [1, 2, 51]],
    ] as const) {
      for (const locale of ['en', 'km'] as const) {
        it(`orders the matches of the phrase ${q} by title, then date, for ${locale} readers`, async () => {
          for (const page of pages) {
            const r = await searchDocuments(t.db, { q, locale, page, pageSize: 10 });
            assert.equal(r.total, total);
            assert.equal(r.more, total === 1_000);
            assert.deepEqual(r.hits.map((h) => h.itemId), phraseOrder[language].slice((page - 1) * 10, page * 10), `page ${page}`);
          }
        });
      }
    }

    it('says "more than 1,000" instead of counting every match', async () => {
      const en = await t.app.inject('/en/search?q=zebra');
      assert.match(en.body, /More than 1,000 results for “zebra”/);
      assert.match(en.body, /<a rel="next" href="\/en\/search\?q=zebra&amp;page=2">/);
      const km = await t.app.inject('/km/search?q=zebra');
      assert.match(km.body, /លទ្ធផលច្រើនជាង ១\.០០០ សម្រាប់ «zebra»/);
    });

    it('keeps the order when filtered by language', async () => {
      const r = await searchDocuments(t.db, { q: 'zebra', locale: 'en', language: 'km', page: 1, pageSize: 10 });
      assert.equal(r.total, 506);
      assert.equal(r.more, false);
      assert.deepEqual(r.hits.map((h) => h.itemId), expected.km.slice(0, 10));
    });
  });
}
