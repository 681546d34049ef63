import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSearchText } from '../../i18n/khmer.js';
import { documentTerms, prepareDocument } from './search.document.js';
import { khmerSyllables } from './search.syllables.js';
import { damerauLevenshtein, foldWord, isFunctionWord, surfaceTerms, syllablePairs, syllablePairTokens, syllableRuns } from './search.text.js';
import { foldKhmerVariants } from './search.variants.js';

describe('Khmer orthographic syllables', () => {
  const cut = (text: string) => khmerSyllables(normalizeSearchText(text)).join('|');

  it('cuts before every base that does not follow a coeng, a final consonant being a syllable of its own', () => {
    assert.equal(cut('កម្ពុជា'), 'ក|ម្ពុ|ជា');
    assert.equal(cut('មនុស្ស'), 'ម|នុ|ស្ស');
  });

  it('keeps subscripts (two of them too), the shifter, the vowel and the signs with their base', () => {
    assert.equal(cut('ស្ត្រី'), 'ស្ត្រី');
    assert.equal(cut('ប៊ីស្គីត'), 'ប៊ី|ស្គី|ត');
    assert.equal(cut('សំណង'), 'សំ|ណ|ង');
    assert.equal(cut('កោះ'), 'កោះ');
    assert.equal(cut('ព័ត៌មាន'), 'ព័|ត៌|មា|ន');
  });

  it('starts a syllable at an independent vowel, and skips digits, punctuation and other scripts', () => {
    assert.equal(cut('ឯកសារ'), 'ឯ|ក|សា|រ');
    assert.equal(cut('ឆ្នាំ២០២៤។ OK ដី'), 'ឆ្នាំ|ដី');
  });

  it('does not depend on how the word segmenter split the text', () => {
    assert.equal(cut('អ្នកប្រើប្រាស់'), cut('អ្នកប្រើ ប្រាស់'));
  });

  it('writes syllables as marked index words, variants folded first', () => {
    assert.deepEqual(syllableRuns('ឲ្យ'), [['\u00B7អោ', '\u00B7យ']]);
  });

  it('indexes neighbouring syllables in pairs, none across a break, and asks for the same pairs', () => {
    const M = '\u00B7';
    assert.deepEqual(syllablePairTokens(syllableRuns('កំពត ខេត្ត ក ២០ មនុស្ស')), [`${M}កំ${M}ព`, `${M}ព${M}ត`, M, `${M}ខេ${M}ត្ត`, M, `${M}ម${M}នុ`, `${M}នុ${M}ស្ស`]);
    assert.deepEqual(syllablePairs([`${M}ម`, `${M}នុ`, `${M}ស្ស`]), [`${M}ម${M}នុ`, `${M}នុ${M}ស្ស`]);
  });
});

describe('Khmer spelling variants', () => {
  it('folds robat typed as toandakhiat: ព័ត៍មាន and ព័ត៌មាន are one word', () => {
    assert.equal(foldWord('ព័ត៍មាន'), foldWord('ព័ត៌មាន'));
  });

  it('folds the spellings of ឲ្យ: ឲ្យ, ឱ្យ and អោយ', () => {
    assert.equal(foldWord('ឲ្យ'), foldWord('អោយ'));
    assert.equal(foldWord('ឱ្យ'), foldWord('អោយ'));
  });

  it('folds each independent vowel with its spelling as អ and a dependent vowel', () => {
    const pairs = [['ឥឡូវ', 'អិឡូវ'], ['ឦ', 'អី'], ['ឧត្តម', 'អុត្តម'], ['ឩ', 'អូ'], ['ឪពុក', 'អៅពុក'], ['ឯកសារ', 'អែកសារ'], ['ឰ', 'អៃ'], ['ឱកាស', 'អោកាស'], ['ឳ', 'អៅ']];
    for (const [independent, spelt] of pairs) assert.equal(foldKhmerVariants(independent!), foldKhmerVariants(spelt!), independent);
  });

  it('folds the vocalic vowels ឫ ឬ ឭ ឮ with the consonant and vowel typed for them', () => {
    const pairs = [['ឫស្សី', 'រឹស្សី'], ['ឬ', 'រឺ'], ['ឭ', 'លឹ'], ['បានឮសំឡេង', 'បានលឺសំឡេង']];
    for (const [independent, spelt] of pairs) assert.equal(foldKhmerVariants(independent!), foldKhmerVariants(spelt!), independent);
    assert.deepEqual(khmerSyllables(foldKhmerVariants('ឮសំឡេង')), ['លឺ', 'សំ', 'ឡេ', 'ង']);
  });

  it('leaves text without variants as it is', () => {
    assert.equal(foldKhmerVariants('សិទ្ធិមនុស្ស'), 'សិទ្ធិមនុស្ស');
  });
});

describe('English typo distance and surface words', () => {
  it('counts a swap of two neighbouring letters as one edit', () => {
    assert.equal(damerauLevenshtein('evictoins', 'evictions', 2), 1);
    assert.equal(damerauLevenshtein('survelance', 'surveillance', 2), 2);
    assert.equal(damerauLevenshtein('compnesaton', 'compensation', 2), 2);
  });

  it('stops beyond the bound', () => {
    assert.equal(damerauLevenshtein('tortoise', 'torture', 2), 3);
    assert.equal(damerauLevenshtein('a', 'abcdef', 2), 3);
  });

  it('lists the Latin words of a text as written (folded, unstemmed), marked', () => {
    assert.deepEqual([...surfaceTerms('Forced EVICTIONS in Kâmpot ដីធ្លី')], ['=forced', '=evictions', '=in', '=kampot']);
  });

  it('knows English and Khmer function words, which do not count when a query falls back', () => {
    assert.ok(isFunctionWord(foldWord('the')));
    assert.ok(isFunctionWord(foldWord('នៅ')));
    assert.ok(!isFunctionWord(foldWord('torture')));
    for (const common of ['ការ', 'មាន', 'ពេល', 'ត្រូវ']) assert.ok(!isFunctionWord(foldWord(common)), `${common} has a meaning of its own`);
  });
});

describe('vocabulary words of a document', () => {
  it('are gathered while preparing it exactly as they are read back from its stored columns', () => {
    const row = prepareDocument('news', 1, {
      locale: 'km',
      title: 'Forced evictions in ភ្នំពេញ ២០២៤',
      body: ['សិទ្ធិមនុស្ស​និង​ដីធ្លី។ Rights of 12 families, Kâmpot ព័ត៍មាន'],
      path: '/news/1',
      publishedAt: '2024-01-01T00:00:00.000Z',
      itemDate: '2024-01-01',
    });
    assert.deepEqual(new Set(row.terms), documentTerms(row));
    // Words, syllables and surface words; never the bare break mark, a number or a tag.
    assert.ok(row.terms.includes('evict') && row.terms.includes('·ភ្នំ') && row.terms.includes('=kampot'));
    assert.ok(!row.terms.includes('·') && !row.terms.includes('12') && !row.terms.includes('2024'));
    assert.equal(new Set(row.terms).size, row.terms.length);
  });
});
