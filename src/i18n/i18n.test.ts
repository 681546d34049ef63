import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, formatDateTime, formatNumber, formatYear, todayIn } from './format.js';
import { slugFromTitle, slugify, uniqueSlug } from './slug.js';
import { languageName } from './language-names.js';
import { groupByItem, localesWithTranslation, pickText, pickTranslation, textIn } from './translation.js';

describe('Khmer and English dates', () => {
  it('writes Khmer dates with Khmer digits and month names, as the organisation does', () => {
    assert.equal(formatDate('2024-07-19', 'km', 'Asia/Phnom_Penh'), '១៩ កក្កដា ២០២៤');
    assert.equal(formatDate('2024-10-10', 'km', 'Asia/Phnom_Penh'), '១០ តុលា ២០២៤');
  });

  it('writes English dates day-month-year', () => {
    assert.equal(formatDate('2024-07-19', 'en', 'Asia/Phnom_Penh'), '19 July 2024');
  });

  it('reads a timestamp in the site time zone, not the server one', () => {
    // 20:00 UTC on 18 July is already 19 July in Phnom Penh (UTC+7).
    assert.equal(formatDate('2024-07-18T20:00:00Z', 'en', 'Asia/Phnom_Penh'), '19 July 2024');
    assert.equal(formatDate('2024-07-18T20:00:00Z', 'en', 'UTC'), '18 July 2024');
  });

  it('keeps a bare date on its calendar day whatever the zone', () => {
    assert.equal(formatDate('2024-01-01', 'en', 'America/Los_Angeles'), '1 January 2024');
  });

  it('gives times of day in Khmer digits', () => {
    assert.match(formatDateTime('2024-12-10T02:00:00Z', 'km', 'Asia/Phnom_Penh'), /១០ ធ្នូ ២០២៤.*៩:០០/);
  });

  it('writes numbers and years in the locale digits, years without grouping', () => {
    assert.equal(formatYear(2024, 'km'), '២០២៤');
    assert.equal(formatYear(2024, 'en'), '2024');
    assert.equal(formatNumber(275, 'km'), '២៧៥');
  });

  it('tells the calendar day in the site time zone', () => {
    assert.equal(todayIn('Asia/Phnom_Penh', new Date('2026-11-20T18:30:00Z')), '2026-11-21');
  });
});

describe('slugs', () => {
  it('makes readable ASCII slugs from English titles', () => {
    assert.equal(slugify('Forced Evictions in Cambodia', 'x'), 'forced-evictions-in-cambodia');
    assert.equal(slugify('Joint Submission_4th UPR_Land & Natural Resources', 'x'), 'joint-submission-4th-upr-land-and-natural-resources');
    assert.equal(slugify('Café “Rights” – 2024', 'x'), 'cafe-rights-2024');
    assert.equal(slugify("Women's Political Representation", 'x'), 'womens-political-representation');
  });

  it('falls back for titles with no Latin letters, such as Khmer ones', () => {
    assert.equal(slugify('ភាពធន់', 'publication-7'), 'publication-7');
  });

  it('spells Khmer titles in Latin letters for editors\' slugs, a word per segment, Khmer digits as ASCII', () => {
    assert.equal(slugFromTitle('កម្ពុជា', 'x'), 'kampuchea');
    assert.equal(slugFromTitle('ភ្នំពេញ', 'x'), 'phnompenh');
    assert.equal(slugFromTitle('របាយការណ៍តាមដានវិវាទដីធ្លី', 'x'), 'robaykar-tamdan-viveat-deithli');
    assert.equal(slugFromTitle('សេចក្ដីថ្លែងការណ៍ ២០២៤', 'x'), 'sechkdeithlaeng-kar-2024');
    assert.equal(slugFromTitle('UPR ការរំលោភបំពាន', 'x'), 'upr-karromloph-bampean');
    assert.equal(slugFromTitle('ភាពធន់', 'x'), 'pheap-thon');
    assert.equal(slugFromTitle('Forced Evictions in Cambodia', 'x'), 'forced-evictions-in-cambodia');
    assert.equal(slugFromTitle('។ – ?', 'publication-7'), 'publication-7');
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('word '.repeat(60), 'x');
    assert.ok(slug.length <= 80);
    assert.ok(!slug.endsWith('-'));
  });

  it('adds a number until the slug is free', async () => {
    const taken = new Set(['report', 'report-2']);
    assert.equal(await uniqueSlug('report', async (s) => taken.has(s)), 'report-3');
  });
});

describe('language fallback', () => {
  const rows = [
    { itemId: 1, locale: 'km', title: 'ភាពធន់' },
    { itemId: 2, locale: 'en', title: 'Resilience' },
    { itemId: 2, locale: 'km', title: 'ភាពធន់' },
  ];

  it('picks the visitor language when the item has it', () => {
    const t = pickTranslation(rows.filter((r) => r.itemId === 2), 'en', ['en', 'km']);
    assert.deepEqual([t?.value.title, t?.locale, t?.isFallback], ['Resilience', 'en', false]);
  });

  it('falls back to the language the item exists in, and says so', () => {
    const t = pickTranslation(rows.filter((r) => r.itemId === 1), 'en', ['en', 'km']);
    assert.deepEqual([t?.value.title, t?.locale, t?.isFallback], ['ភាពធន់', 'km', true]);
  });

  it('finds nothing for an item with no translation at all', () => {
    assert.equal(pickTranslation([], 'en', ['en', 'km']), undefined);
  });

  it('lists the languages an item exists in, in the configured order', () => {
    assert.deepEqual(localesWithTranslation(rows.filter((r) => r.itemId === 2), ['km', 'en']), ['km', 'en']);
    assert.deepEqual(localesWithTranslation(rows.filter((r) => r.itemId === 1), ['en', 'km']), ['km']);
  });

  it('groups translation rows by item', () => {
    const grouped = groupByItem(rows);
    assert.equal(grouped.get(2)?.length, 2);
    assert.equal(grouped.get(1)?.[0]?.title, 'ភាពធន់');
  });
});

describe('language names', () => {
  it('names each language in the interface language', () => {
    assert.equal(languageName('km', 'en'), 'Khmer');
    assert.equal(languageName('en', 'km'), 'អង់គ្លេស');
  });

  it('gives the code of a language it has no name for', () => {
    assert.equal(languageName('xx', 'en'), 'xx');
  });
});

describe('text fallback for labels and names', () => {
  const names = [
    { locale: 'en', text: 'Kep' },
    { locale: 'km', text: '' },
  ];

  it('takes an empty text as missing and falls back, saying so', () => {
    assert.deepEqual(pickText(names, 'km', ['en', 'km']), { value: 'Kep', locale: 'en', isFallback: true });
    assert.equal(textIn(names, 'km'), '');
  });
});
