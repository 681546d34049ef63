import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type pg from 'pg';
import { driverOf } from '../../db/connection.js';
import { segmentWords } from '../../i18n/khmer.js';
import { insertDocuments, replaceVocabulary } from './search-index.repository.js';
import { countTerms, prepareDocument } from './search.document.js';
import { inlineParameters, waysThrough } from './search.match.repository.js';
import { searchDocuments } from './search.repository.js';
import { searchTables } from './search.tables.js';

/**
 * One document with the word on its own, older and mentioning it once; one where the word
 * segmenter glued it to the word before, newer and mentioning it three times; one with the
 * word's syllables only apart. The whole word ranks first, and the marks show what was typed.
 */
const WORD = 'កំពត';
const DOCS = [
  { itemId: 1, body: `គ្រួសារនៅខេត្ត ${WORD} ។`, date: '2020-01-01' },
  { itemId: 2, body: `ខេត្ត${WORD}។ ខេត្ត${WORD}។ ខេត្ត${WORD}។`, date: '2024-01-01' },
  { itemId: 3, body: 'កំ ពត', date: '2024-06-01' },
];

describe('PostgreSQL conditions with syllable alternatives', () => {
  it('takes every group with syllables apart: by its words, or by its syllables, the word-only groups in every way', () => {
    const plain = [['ប្រភេទ']];
    const first = [['លីម'], ['រលីម'], ['·លី·ម']];
    const second = [['·កំ·ព', '·ព·ត']];
    assert.deepEqual(waysThrough([plain], [first, second]), [
      { words: [plain, [['លីម'], ['រលីម']]], syllables: [[['·កំ·ព', '·ព·ត']]] },
      { words: [plain], syllables: [[['·លី·ម']], [['·កំ·ព', '·ព·ត']]] },
    ]);
  });
});

for (const engine of testEngines()) {
  describe(`search tiers of whole words and syllables (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      t = await createTestApp(engine);
      const rows = DOCS.map((d) => prepareDocument('news', d.itemId, { locale: 'km', title: 'ព័ត៌មាន', body: [d.body], path: `/news/${d.itemId}`, publishedAt: d.date, itemDate: d.date }));
      await t.db.transaction().execute(async (tx) => {
        await insertDocuments(searchTables(tx), rows);
        await replaceVocabulary(searchTables(tx), countTerms(rows));
      });
    });
    after(() => t.close());

    it('the test text is segmented as it claims', () => {
      assert.ok(!segmentWords(DOCS[1]!.body).some((w) => w.text === WORD));
    });

    it('ranks a whole-word match above a match inside a longer word, whatever the date or count', async () => {
      const r = await searchDocuments(t.db, { q: WORD, locale: 'km', page: 1, pageSize: 10 });
      assert.deepEqual(r.hits.map((h) => h.itemId).slice(0, 2), [1, 2]);
    });

    it('marks the typed word once, never the syllables of another word', async () => {
      const r = await searchDocuments(t.db, { q: WORD, locale: 'km', page: 1, pageSize: 10 });
      const marks = (id: number) => r.hits.find((h) => h.itemId === id)!.snippet.filter((p) => p.mark).map((p) => p.text);
      assert.deepEqual(marks(1), [WORD]);
      assert.deepEqual(marks(2), [WORD, WORD, WORD]);
      assert.equal(r.hits.some((h) => h.itemId === 3), false, 'syllables apart are not the word');
    });

    if (engine === 'postgres') {
      it('plans the page statement of a word query once per connection, and one with syllable alternatives for its words', async () => {
        const driver = driverOf(t.db);
        assert.equal(driver.engine, 'postgres');
        const prepared = async () => {
          const client = await driver.pool.connect();
          try {
            const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_prepared_statements where name like 'dove_search_%'`);
            return rows[0]!.n;
          } finally {
            client.release();
          }
        };
        const before = await prepared();
        await searchDocuments(t.db, { q: 'report', locale: 'km', page: 1, pageSize: 10 });
        await searchDocuments(t.db, { q: 'reports', locale: 'km', page: 1, pageSize: 10 });
        assert.equal(await prepared(), before + 1, 'one statement for both word queries');
        const r = await searchDocuments(t.db, { q: WORD, locale: 'km', page: 1, pageSize: 10 });
        assert.deepEqual(r.hits.map((h) => h.itemId).slice(0, 2), [1, 2]);
        assert.equal(await prepared(), before + 1, 'no statement kept for a query with syllable alternatives');
      });

      it('asks for a page in one message: the transaction, its settings, the statement and the commit', async () => {
        const driver = driverOf(t.db);
        assert.equal(driver.engine, 'postgres');
        const messages: string[] = [];
        const wrapped = new Set<pg.PoolClient>();
        const connect = driver.pool.connect.bind(driver.pool) as () => Promise<pg.PoolClient>;
        driver.pool.connect = (async () => {
          const client = await connect();
          if (wrapped.has(client)) return client;
          const query = client.query.bind(client) as (text: unknown, ...rest: unknown[]) => unknown;
          client.query = ((text: unknown, ...rest: unknown[]) => {
            messages.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
            return query(text, ...rest);
          }) as typeof client.query;
          wrapped.add(client);
          return client;
        }) as typeof driver.pool.connect;
        try {
          for (const q of ['report', WORD]) {
            messages.length = 0;
            const r = await searchDocuments(t.db, { q, locale: 'km', page: 1, pageSize: 10 });
            if (q === WORD) assert.deepEqual(r.hits.map((h) => h.itemId).slice(0, 2), [1, 2]);
            const page = messages.filter((m) => m.startsWith('begin'));
            assert.equal(page.length, 1, `one transaction for the page of ${q}`);
            assert.match(page[0]!, /search_titles|execute dove_search_/);
            assert.match(page[0]!, /; commit$/);
            const apart = messages.filter((m) => m !== page[0] && (/search_titles|dove_search_/.test(m) || /^(commit|set local)/.test(m)));
            assert.deepEqual(apart, [], 'nothing of the page sent apart');
          }
        } finally {
          delete (driver.pool as { connect?: unknown }).connect;
          for (const client of wrapped) delete (client as { query?: unknown }).query;
        }
      });

      it('writes parameters into the statement as the literals the server would have read them as', async () => {
        const text = inlineParameters('select $1, $10, $2 where x = $1', ['it\'s', 7, null, 4, 5, 6, 7, 8, 9, 'a\\b']);
        assert.equal(text, `select 'it''s',  E'a\\\\b', '7' where x = 'it''s'`);
        assert.throws(() => inlineParameters('select $1', [{}]));
      });

      it('refuses to write parameters into a statement with a string literal, a comment or a dollar-quoted body', () => {
        for (const text of ["select '$1', $1", 'select $1 -- $2', 'select /* $1 */ $1', 'select $$ $1 $$']) {
          assert.throws(() => inlineParameters(text, ['x', 'y']), /search statement/, text);
        }
      });
    }
  });
}
