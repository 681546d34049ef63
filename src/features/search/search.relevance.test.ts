import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertSearchFixture, type LoadedItem } from '../../../test/fixtures/search/load.js';
import { readQueuedPdfTexts } from '../../../test/helpers/file-texts.js';
import { percent, recallByClass, RELEVANCE_TARGETS } from '../../../test/helpers/recall.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { rebuildSearchIndex } from './search.indexer.js';
import { searchDocuments, type SearchResponse } from './search.repository.js';

const ZWSP = '\u200B';

/** The kinds of query the relevance set covers; recall@10 is reported for each. */
type QueryClass = 'english' | 'pdf' | 'typo' | 'syntax' | 'khmer' | 'encoding' | 'segmented' | 'shifter' | 'variant';

interface RelevanceCase {
  q: string;
  class: QueryClass;
  /** Slug of the fixture item that must be among the first `top` results (3 unless told). */
  expect: string;
  top?: number;
  /** What the case proves, when the query alone does not say. */
  why?: string;
  locale?: 'en' | 'km';
}

/** Queries over test/fixtures/search/documents.ts, each with the item a reader means. */
const CASES: RelevanceCase[] = [
  // English words, stemmed: plural, tense and case do not matter.
  { class: 'english', q: 'forced evictions', expect: 'land-evictions-kampot-2023' },
  { class: 'english', q: 'EVICTED', expect: 'land-evictions-kampot-2023', why: 'case folding and stemming' },
  { class: 'english', q: 'Kampot', expect: 'land-evictions-kampot-2023' },
  { class: 'english', q: 'land concession review', expect: 'land-evictions-kampot-2023' },
  { class: 'english', q: 'press freedom', expect: 'press-freedom-2024' },
  { class: 'english', q: 'journalists surveillance', expect: 'press-freedom-2024' },
  { class: 'english', q: 'floods rice harvest', expect: 'flood-relief-kampong-thom' },
  { class: 'english', q: 'Human Rights Day', expect: 'human-rights-day-2024' },
  { class: 'english', q: 'women candidates', expect: 'women-in-local-politics' },
  { class: 'english', q: 'garment wages', expect: 'garment-workers-wages' },
  { class: 'english', q: 'torture', expect: 'torture-in-detention' },
  { class: 'english', q: 'indigenous collective titles', expect: 'indigenous-land-titles' },
  { class: 'english', q: 'acid attack survivors', expect: 'acid-attack-survivors' },
  { class: 'english', q: 'legal aid Siem Reap', expect: 'legal-aid-clinic-siem-reap' },
  { class: 'english', q: 'cybercrime', expect: 'draft-cybercrime-law' },
  { class: 'english', q: 'interpreter', expect: 'trial-monitoring' },
  { class: 'english', q: 'monitoring trials', expect: 'trial-monitoring' },
  { class: 'english', q: 'young voters', expect: 'young-voters' },
  { class: 'english', q: 'LGBTIQ', expect: 'lgbtiq-equality' },
  { class: 'english', q: 'NGO law registration', expect: 'ngo-law-registration' },
  { class: 'english', q: 'peaceful assembly', expect: 'peaceful-assembly-workshop' },
  { class: 'english', q: 'illegal logging', expect: 'forest-defenders-prey-lang' },
  { class: 'english', q: 'KÂMPÓT', expect: 'land-evictions-kampot-2023', why: 'diacritics and case folded' },
  // Text that exists only inside an attached PDF.
  { class: 'pdf', q: 'mangrove', expect: 'coastal-communities-fact-sheet', why: 'only in the PDF' },
  { class: 'pdf', q: 'sand dredging Koh Kong', expect: 'coastal-communities-fact-sheet', why: 'only in the PDF' },
  // Misspelt or unfinished English.
  { class: 'typo', q: 'evicton', expect: 'land-evictions-kampot-2023', why: 'a letter missing' },
  { class: 'typo', q: 'tortrue', expect: 'torture-in-detention', why: 'two letters swapped' },
  { class: 'typo', q: 'jounalists', expect: 'press-freedom-2024', why: 'a letter missing' },
  { class: 'typo', q: 'cybercrme', expect: 'draft-cybercrime-law', why: 'a letter missing' },
  { class: 'typo', q: 'mangorve', expect: 'coastal-communities-fact-sheet', why: 'swapped letters, in PDF text' },
  { class: 'typo', q: 'indigneous', expect: 'indigenous-land-titles', why: 'swapped letters' },
  { class: 'typo', q: 'Ratanak', expect: 'indigenous-land-titles', why: 'an unfinished word' },
  // Search syntax typed by a reader is only text.
  { class: 'syntax', q: '"forced evictions"', expect: 'land-evictions-kampot-2023', why: 'a quoted phrase' },
  { class: 'syntax', q: '(torture) AND -detention*', expect: 'torture-in-detention', why: 'brackets, AND, minus and star' },
  { class: 'syntax', q: 'cybercrime NEAR law OR', expect: 'draft-cybercrime-law', why: 'NEAR and OR' },
  // Khmer words, in unspaced text.
  { class: 'khmer', q: 'ដីធ្លី', expect: 'land-evictions-kampot-2023', locale: 'km' },
  { class: 'khmer', q: 'សេរីភាពសារព័ត៌មាន', expect: 'press-freedom-2024', locale: 'km', why: 'two words typed without a space' },
  { class: 'khmer', q: 'ទឹកជំនន់', expect: 'flood-relief-kampong-thom', locale: 'km', why: 'a word found only inside a long unspaced sentence' },
  { class: 'khmer', q: 'ការធ្វើទារុណកម្ម', expect: 'torture-in-detention', locale: 'km' },
  { class: 'khmer', q: 'ជនជាតិដើមភាគតិច', expect: 'indigenous-land-titles', locale: 'km' },
  { class: 'khmer', q: 'អាស៊ីត', expect: 'acid-attack-survivors', locale: 'km' },
  { class: 'khmer', q: 'ជំនួយផ្លូវច្បាប់', expect: 'legal-aid-clinic-siem-reap', locale: 'km' },
  { class: 'khmer', q: 'បទល្មើសបច្ចេកវិទ្យា', expect: 'draft-cybercrime-law', locale: 'km' },
  { class: 'khmer', q: 'សវនាការ', expect: 'trial-monitoring', locale: 'km' },
  { class: 'khmer', q: 'កម្មករកាត់ដេរ', expect: 'garment-workers-wages', locale: 'km' },
  { class: 'segmented', q: 'កំពត', expect: 'land-evictions-kampot-2023', locale: 'km', why: 'inside the longer word ខេត្តកំពត' },
  { class: 'segmented', q: 'ការពារ', expect: 'forest-defenders-prey-lang', locale: 'km', why: 'inside the longer word អ្នកការពារ' },
  { class: 'khmer', q: 'ព្រៃឈើ កសិករ', expect: 'indigenous-land-titles', locale: 'km', why: 'two words that are not adjacent' },
  { class: 'khmer', q: 'ប្រាក់ឈ្នួល អាហារ', expect: 'garment-workers-wages', locale: 'km', why: 'two words that are not adjacent' },
  { class: 'encoding', q: `សិទ្ធិ${ZWSP}មនុស្ស ទិវា`, expect: 'human-rights-day-2024', locale: 'km', why: 'a zero-width space in the query' },
  { class: 'encoding', q: `${ZWSP}ទឹក${ZWSP}ជំនន់${ZWSP}`, expect: 'flood-relief-kampong-thom', locale: 'km', why: 'zero-width spaces inside a word' },
  {
    class: 'encoding',
    q: 'ក\u17BB\u17D2\u179Aមប្រឹក្សាឃុំ',
    expect: 'women-in-local-politics',
    locale: 'km',
    why: 'vowel typed before the subscript, stored after it',
  },
  { class: 'encoding', q: 'ស\u17D2\u178F\u17D2\u179A\u17B8', expect: 'women-in-local-politics', locale: 'km', why: 'standard ស្ត្រី; stored with Ro first' },
  { class: 'encoding', q: 'ស\u17D2\u179A\u17D2\u178F\u17B8', expect: 'women-in-local-politics', locale: 'km', why: 'Ro typed first, as stored' },
  { class: 'encoding', q: 'បណ\u17D2\u178Fុះបណ\u17D2\u178Fាល', expect: 'young-voters', locale: 'km', why: 'subscript Ta typed; stored with Da' },
  { class: 'khmer', q: '២០២៤ សេរីភាព', expect: 'press-freedom-2024', locale: 'km', why: 'Khmer digits glued to a word in the text' },
  { class: 'khmer', q: 'LGBTIQ សមភាព', expect: 'lgbtiq-equality', locale: 'km', why: 'Khmer and English in one query' },
  // Words the word segmenter cut differently in the document: found through syllables.
  { class: 'segmented', q: 'ប្រើប្រាស់', expect: 'internet-shutdown-warning', locale: 'km', top: 10, why: 'the text was cut អ្នកប្រើ|ប្រាស់' },
  { class: 'segmented', q: 'រតនគិរី', expect: 'internet-shutdown-warning', locale: 'km', top: 10, why: 'glued into ខេត្តរតនគិរី' },
  { class: 'segmented', q: 'មណ្ឌលគិរី', expect: 'internet-shutdown-warning', locale: 'km', top: 10, why: 'glued into ខេត្តមណ្ឌលគិរី' },
  { class: 'segmented', q: 'អង្គរវត្ត', expect: 'angkor-vendors-relocated', locale: 'km', top: 10, why: 'glued into ប្រាសាទអង្គរវត្ត' },
  { class: 'segmented', q: 'បាត់ដំបង', expect: 'battambang-fishing-communities', locale: 'km', top: 10, why: 'glued into ខេត្តបាត់ដំបង' },
  { class: 'segmented', q: 'ធម៌សម្រាប់ការ', expect: 'dhamma-walk-for-peace', locale: 'km', top: 10, why: 'across សូត្រធម៌|សម្រាប់|ការផ្សះផ្សា' },
  { class: 'segmented', q: 'មាត់ទន្លេ សូត្រ', expect: 'dhamma-walk-for-peace', locale: 'km', top: 10 },
  // The shifter typed as ុ before an upper vowel (it looks the same).
  { class: 'shifter', q: 'សង្គមស\u17BB\u17B8វិល', expect: 'internet-shutdown-warning', locale: 'km', top: 10 },
  { class: 'shifter', q: 'អ\u17BB\u17B8នធឺណិត', expect: 'internet-shutdown-warning', locale: 'km', top: 10 },
  { class: 'shifter', q: 'ពីរម\u17BB\u17BAន', expect: 'internet-shutdown-warning', locale: 'km', top: 10 },
  { class: 'shifter', q: 'ស\u17B8\u17BBវិល', expect: 'internet-shutdown-warning', locale: 'km', top: 10, why: 'the vowels the other way round' },
  // Variant spellings: the fold table, and one syllable spelt differently.
  { class: 'variant', q: 'ព័ត៍មាន ជលផល', expect: 'battambang-fishing-communities', locale: 'km', top: 10, why: '៍ for ៌' },
  { class: 'variant', q: 'សូត្រធម៍', expect: 'dhamma-walk-for-peace', locale: 'km', top: 10, why: '៍ for ៌' },
  { class: 'variant', q: 'អោកាសចូលរួម', expect: 'battambang-fishing-communities', locale: 'km', top: 10, why: 'អោ for ឱ' },
  { class: 'variant', q: 'រុនតាអែក', expect: 'angkor-vendors-relocated', locale: 'km', top: 10, why: 'អែ for ឯ' },
  { class: 'variant', q: 'ធ្វើអោយ ម៉ឺន', expect: 'internet-shutdown-warning', locale: 'km', top: 10, why: 'អោយ for ឲ្យ' },
  { class: 'variant', q: 'សៀមរៀប ប្រាសាទ', expect: 'angkor-vendors-relocated', locale: 'km', top: 10, why: 'a vowel spelt differently' },
  { class: 'variant', q: 'បាត់តំបង', expect: 'battambang-fishing-communities', locale: 'km', top: 10, why: 'ត for ដ' },
  { class: 'variant', q: 'មណ្ឌលគីរី', expect: 'internet-shutdown-warning', locale: 'km', top: 10, why: 'ី for ិ' },
  { class: 'variant', q: 'រតនៈគិរី', expect: 'internet-shutdown-warning', locale: 'km', top: 10, why: 'with ៈ' },
  { class: 'variant', q: 'អនុស្សាវរីយ', expect: 'angkor-vendors-relocated', locale: 'km', top: 10, why: 'without ៍' },
  // English: letters swapped, and two edits in longer words.
  { class: 'typo', q: 'evictoins', expect: 'land-evictions-kampot-2023', top: 10, why: 'a swap' },
  { class: 'typo', q: 'civil socitey', expect: 'internet-shutdown-warning', top: 10, why: 'a swap' },
  { class: 'typo', q: 'fishreies', expect: 'battambang-fishing-communities', top: 10, why: 'a swap' },
  { class: 'typo', q: 'survelance', expect: 'press-freedom-2024', top: 10, why: 'two letters missing' },
  { class: 'typo', q: 'compnesaton', expect: 'land-evictions-kampot-2023', top: 10, why: 'a swap and a letter missing' },
  { class: 'typo', q: 'relocatd vendros', expect: 'angkor-vendors-relocated', top: 10, why: 'an edit in each word' },
  { class: 'typo', q: 'Mondolkiri', expect: 'internet-shutdown-warning', top: 10, why: 'one letter replaced' },
  { class: 'typo', q: 'recociliation', expect: 'dhamma-walk-for-peace', top: 10, why: 'a letter missing' },
  { class: 'typo', q: 'shutdwons', expect: 'internet-shutdown-warning', top: 10, why: 'a swap' },
];

/**
 * Queries that should find nothing: words the site lacks, alone or beside a common word, a
 * number or a function word, and a short Khmer word that only occurs inside longer ones.
 */
const NO_ANSWER = [
  'earthquake relief',
  'cryptocurrency',
  'football',
  'rights spaceship',
  'tsunami 2024',
  'mango harvest',
  'ផ្កាយរណប',
  'រថភ្លើង',
  'ឡានក្រុង ភ្នំពេញ',
  'ទា',
  'ដំរី នៅ',
  'volcano ដី',
];

/** Targets of the relevance set: recall@10 overall and on the hard classes, and false positives. */
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

    /** Rank (1-based) of each case's expected item, or 0 when it is not in the first ten. */
    const ranks = new Map<RelevanceCase, number>();
    for (const c of CASES) {
      const top = c.top ?? 3;
      it(`[${c.class}] finds ${c.expect} in the top ${top} for ${JSON.stringify(c.q)}${c.why ? ` (${c.why})` : ''}`, async () => {
        const found = slugs(await search(c.q, c.locale));
        ranks.set(c, found.slice(0, 10).indexOf(c.expect) + 1);
        assert.ok(found.slice(0, top).includes(c.expect), `got ${found.join(', ') || 'nothing'}`);
      });
    }

    it('reports recall@10 per class and meets the targets, with at most two no-answer queries showing results', async (t) => {
      const { byClass, total } = recallByClass(CASES, (c) => (ranks.get(c) ?? 0) > 0);
      const showing: string[] = [];
      for (const q of NO_ANSWER) {
        for (const locale of ['en', 'km'] as const) {
          const r = await search(q, locale);
          if (r.total > 0) showing.push(`${q} (${locale}): ${slugs(r).join(', ')}`);
        }
      }
      for (const [name, e] of byClass) t.diagnostic(`recall@10 ${name}: ${percent(e)}`);
      t.diagnostic(`recall@10 overall: ${percent(total)}`);
      t.diagnostic(`no-answer queries showing results: ${showing.length} of ${NO_ANSWER.length * 2}${showing.length ? `: ${showing.join('; ')}` : ''}`);
      assert.equal(ranks.size, CASES.length, 'every case ran first');
      assert.ok(total.found / total.all >= RELEVANCE_TARGETS.recall, percent(total));
      for (const name of RELEVANCE_TARGETS.hardClasses) {
        const e = byClass.get(name)!;
        assert.ok(e.found / e.all >= RELEVANCE_TARGETS.hardClassRecall, `${name}: ${percent(e)}`);
      }
      assert.ok(showing.length <= RELEVANCE_TARGETS.noAnswerShowingResults, showing.join('; '));
    });

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
      const q = 'ការ';
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

    it('shows documents with most of the words when none has all of them', async () => {
      const r = await search('torture detention zzyzxq');
      assert.equal(r.matchedAll, false);
      assert.equal(slugs(r)[0], 'torture-in-detention');
    });

    it('needs more than one of two meaningful words, and never counts a number or a function word', async () => {
      assert.equal((await search('torture zzyzxq')).total, 0);
      assert.equal((await search('zzyzxq 2024')).total, 0);
      assert.equal((await search('ទារុណកម្មខ្មៅ នៅ')).total, 0);
    });
  });
}
