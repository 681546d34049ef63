import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertSearchFixture, type LoadedItem } from '../../../test/fixtures/search/load.js';
import { readQueuedPdfTexts } from '../../../test/helpers/file-texts.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { rebuildSearchIndex } from './search.indexer.js';
import { searchDocuments, type SearchResponse } from './search.repository.js';

const ZWSP = '\u200B';

interface RelevanceCase {
  q: string;
  /** Slug of the fixture item that must be among the first three results. */
  expect: string;
  /** What the case proves, when the query alone does not say. */
  why?: string;
  locale?: 'en' | 'km';
}

/** Queries over test/fixtures/search/documents.ts, each with the item a reader means. */
const CASES: RelevanceCase[] = [
  // English words, stemmed: plural, tense and case do not matter.
  { q: 'forced evictions', expect: 'land-evictions-kampot-2023' },
  { q: 'EVICTED', expect: 'land-evictions-kampot-2023', why: 'case folding and stemming' },
  { q: 'Kampot', expect: 'land-evictions-kampot-2023' },
  { q: 'land concession review', expect: 'land-evictions-kampot-2023' },
  { q: 'press freedom', expect: 'press-freedom-2024' },
  { q: 'journalists surveillance', expect: 'press-freedom-2024' },
  { q: 'floods rice harvest', expect: 'flood-relief-kampong-thom' },
  { q: 'Human Rights Day', expect: 'human-rights-day-2024' },
  { q: 'women candidates', expect: 'women-in-local-politics' },
  { q: 'garment wages', expect: 'garment-workers-wages' },
  { q: 'torture', expect: 'torture-in-detention' },
  { q: 'indigenous collective titles', expect: 'indigenous-land-titles' },
  { q: 'acid attack survivors', expect: 'acid-attack-survivors' },
  { q: 'legal aid Siem Reap', expect: 'legal-aid-clinic-siem-reap' },
  { q: 'cybercrime', expect: 'draft-cybercrime-law' },
  { q: 'interpreter', expect: 'trial-monitoring' },
  { q: 'monitoring trials', expect: 'trial-monitoring' },
  { q: 'young voters', expect: 'young-voters' },
  { q: 'LGBTIQ', expect: 'lgbtiq-equality' },
  { q: 'NGO law registration', expect: 'ngo-law-registration' },
  { q: 'peaceful assembly', expect: 'peaceful-assembly-workshop' },
  { q: 'illegal logging', expect: 'forest-defenders-prey-lang' },
  { q: 'KÂMPÓT', expect: 'land-evictions-kampot-2023', why: 'diacritics and case folded' },
  // Text that exists only inside an attached PDF.
  { q: 'mangrove', expect: 'coastal-communities-fact-sheet', why: 'only in the PDF' },
  { q: 'sand dredging Koh Kong', expect: 'coastal-communities-fact-sheet', why: 'only in the PDF' },
  // Misspelt or unfinished English.
  { q: 'evicton', expect: 'land-evictions-kampot-2023', why: 'a letter missing' },
  { q: 'tortrue', expect: 'torture-in-detention', why: 'two letters swapped' },
  { q: 'jounalists', expect: 'press-freedom-2024', why: 'a letter missing' },
  { q: 'cybercrme', expect: 'draft-cybercrime-law', why: 'a letter missing' },
  { q: 'mangorve', expect: 'coastal-communities-fact-sheet', why: 'swapped letters, in PDF text' },
  { q: 'indigneous', expect: 'indigenous-land-titles', why: 'swapped letters' },
  { q: 'Ratanak', expect: 'indigenous-land-titles', why: 'an unfinished word' },
  // Search syntax typed by a reader is only text.
  { q: '"forced evictions"', expect: 'land-evictions-kampot-2023', why: 'a quoted phrase' },
  { q: '(torture) AND -detention*', expect: 'torture-in-detention', why: 'brackets, AND, minus and star' },
  { q: 'cybercrime NEAR law OR', expect: 'draft-cybercrime-law', why: 'NEAR and OR' },
  // Khmer words, in unspaced text.
  { q: 'ដីធ្លី', expect: 'land-evictions-kampot-2023', locale: 'km' },
  { q: 'សេរីភាពសារព័ត៌មាន', expect: 'press-freedom-2024', locale: 'km', why: 'two words typed without a space' },
  { q: 'ទឹកជំនន់', expect: 'flood-relief-kampong-thom', locale: 'km', why: 'a word found only inside a long unspaced sentence' },
  { q: 'ការធ្វើទារុណកម្ម', expect: 'torture-in-detention', locale: 'km' },
  { q: 'ជនជាតិដើមភាគតិច', expect: 'indigenous-land-titles', locale: 'km' },
  { q: 'អាស៊ីត', expect: 'acid-attack-survivors', locale: 'km' },
  { q: 'ជំនួយផ្លូវច្បាប់', expect: 'legal-aid-clinic-siem-reap', locale: 'km' },
  { q: 'បទល្មើសបច្ចេកវិទ្យា', expect: 'draft-cybercrime-law', locale: 'km' },
  { q: 'សវនាការ', expect: 'trial-monitoring', locale: 'km' },
  { q: 'កម្មករកាត់ដេរ', expect: 'garment-workers-wages', locale: 'km' },
  { q: 'កំពត', expect: 'land-evictions-kampot-2023', locale: 'km', why: 'inside the longer word ខេត្តកំពត' },
  { q: 'ការពារ', expect: 'forest-defenders-prey-lang', locale: 'km', why: 'inside the longer word អ្នកការពារ' },
  { q: 'ព្រៃឈើ កសិករ', expect: 'indigenous-land-titles', locale: 'km', why: 'two words that are not adjacent' },
  { q: 'ប្រាក់ឈ្នួល អាហារ', expect: 'garment-workers-wages', locale: 'km', why: 'two words that are not adjacent' },
  { q: `សិទ្ធិ${ZWSP}មនុស្ស ទិវា`, expect: 'human-rights-day-2024', locale: 'km', why: 'a zero-width space in the query' },
  { q: `${ZWSP}ទឹក${ZWSP}ជំនន់${ZWSP}`, expect: 'flood-relief-kampong-thom', locale: 'km', why: 'zero-width spaces inside a word' },
  {
    q: 'ក\u17BB\u17D2\u179Aមប្រឹក្សាឃុំ',
    expect: 'women-in-local-politics',
    locale: 'km',
    why: 'vowel typed before the subscript, stored after it',
  },
  { q: 'ស\u17D2\u178F\u17D2\u179A\u17B8', expect: 'women-in-local-politics', locale: 'km', why: 'standard ស្ត្រី; stored with Ro first' },
  { q: 'ស\u17D2\u179A\u17D2\u178F\u17B8', expect: 'women-in-local-politics', locale: 'km', why: 'Ro typed first, as stored' },
  { q: 'បណ\u17D2\u178Fុះបណ\u17D2\u178Fាល', expect: 'young-voters', locale: 'km', why: 'subscript Ta typed; stored with Da' },
  { q: '២០២៤ សេរីភាព', expect: 'press-freedom-2024', locale: 'km', why: 'Khmer digits glued to a word in the text' },
  { q: 'LGBTIQ សមភាព', expect: 'lgbtiq-equality', locale: 'km', why: 'Khmer and English in one query' },
];

for (const engine of testEngines()) {
  describe(`search relevance (${engine})`, () => {
    let t: TestContext;
    let slugOf: (type: string, id: number) => string | undefined;
    const search = (q: string, locale: 'en' | 'km' = 'en', pageSize = 10) =>
      searchDocuments(t.db, { q, locale, page: 1, pageSize });
    const slugs = (r: SearchResponse) => r.hits.map((h) => slugOf(h.type, h.itemId));

    before(async () => {
      t = await createTestApp(engine);
      const storage = contentFiles(t.app.storage);
      const items = await insertSearchFixture(t.db, storage);
      const byKey = new Map([...items].map(([slug, item]: [string, LoadedItem]) => [`${item.type}:${item.id}`, slug]));
      slugOf = (type, id) => byKey.get(`${type}:${id}`);
      await rebuildSearchIndex(t.db, { storage });
      // The rebuild queued the fixture's PDFs; their text arrives with the background job.
      await readQueuedPdfTexts(t.db, storage);
    });
    after(() => t.close());

    it(`has at least 40 queries`, () => assert.ok(CASES.length >= 40, String(CASES.length)));

    for (const c of CASES) {
      it(`finds ${c.expect} in the top 3 for ${JSON.stringify(c.q)}${c.why ? ` (${c.why})` : ''}`, async () => {
        const found = slugs(await search(c.q, c.locale));
        assert.ok(found.slice(0, 3).includes(c.expect), `got ${found.join(', ') || 'nothing'}`);
      });
    }

    it('ranks a title match above a body match', async () => {
      const found = slugs(await search('election'));
      assert.ok(found.indexOf('young-voters') >= 0, found.join(', '));
      assert.ok(found.indexOf('young-voters') < found.indexOf('women-in-local-politics'), found.join(', '));
    });

    it('puts the newer of two equally relevant documents first', async () => {
      const found = slugs(await search('quarterly newsletter'));
      assert.deepEqual(found.slice(0, 2), ['quarterly-newsletter-2024', 'quarterly-newsletter-2023']);
      const km = slugs(await search('ព្រឹត្តិបត្រប្រចាំត្រីមាស', 'km'));
      assert.deepEqual(km.slice(0, 2), ['quarterly-newsletter-2024', 'quarterly-newsletter-2023']);
    });

    it("lists results in the visitor's language first", async () => {
      const en = await search('LGBTIQ', 'en');
      assert.deepEqual(en.hits.map((h) => h.locale), ['en', 'km']);
      const km = await search('LGBTIQ', 'km');
      assert.deepEqual(km.hits.map((h) => h.locale), ['km', 'en']);
    });

    it('pages through every tier without gaps or repeats', async () => {
      const q = 'monitors land ដី';
      const everything = (await searchDocuments(t.db, { q, locale: 'km', page: 1, pageSize: 100 })).hits.map((h) => `${h.type}:${h.itemId}:${h.locale}`);
      assert.ok(everything.length > 6, everything.join(', '));
      const paged: string[] = [];
      for (let page = 1; paged.length < everything.length; page++) {
        const r = await searchDocuments(t.db, { q, locale: 'km', page, pageSize: 3 });
        assert.equal(r.total, everything.length);
        paged.push(...r.hits.map((h) => `${h.type}:${h.itemId}:${h.locale}`));
        assert.ok(page < 50);
      }
      assert.deepEqual(paged, everything);
    });

    it('never finds drafts or items whose publication date has not come', async () => {
      for (const q of ['quixotry', 'Unreleased findings', 'អាថ៌កំបាំង', 'zeppelinite', 'Embargoed statement']) {
        const r = await search(q);
        assert.equal(r.total, 0, `${q}: ${slugs(r).join(', ')}`);
      }
    });

    it('marks the matched words in the title and the snippet', async () => {
      const [hit] = (await search('ទឹកជំនន់', 'km')).hits;
      assert.ok(hit);
      assert.deepEqual(hit.snippet.filter((p) => p.mark).map((p) => p.text), ['ទឹកជំនន់']);
      const [en] = (await search('mangrove')).hits;
      assert.ok(en?.snippet.some((p) => p.mark && p.text === 'mangrove'));
    });

    it('never matches a phrase across the end of the title and the start of the body', async () => {
      assert.equal((await search('"quarterly newsletter"')).total, 2);
      assert.equal((await search('"newsletter notes"')).total, 0);
    });

    it('shows documents with some of the words when none has all of them', async () => {
      const r = await search('torture zzyzxq');
      assert.equal(r.matchedAll, false);
      assert.equal(slugs(r)[0], 'torture-in-detention');
    });
  });
}
