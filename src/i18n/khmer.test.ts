import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clusterBoundaryAtOrBefore,
  containsKhmerWordPart,
  khmerClusterBoundaries,
  normalizeSearchText,
  segmentWords,
  truncateGraphemes,
} from './khmer.js';

/** Builds a string from code points, so each test shows exactly which order it types. */
const cps = (...points: number[]) => String.fromCodePoint(...points);
const codes = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(16).toUpperCase());
const words = (text: string) => segmentWords(normalizeSearchText(text)).map((w) => w.text);

const KA = 0x1780;
const RO = 0x179a;
const MO = 0x1798;
const SO = 0x179f;
const TA = 0x178f;
const DA = 0x178a;
const NO = 0x1793;
const COENG = 0x17d2;

describe('Khmer normalisation for search', () => {
  it('composes to NFC', () => {
    assert.equal(normalizeSearchText('cafe\u0301'), 'café');
  });

  it('removes zero-width spaces, joiners and non-joiners', () => {
    assert.equal(normalizeSearchText('សិទ្ធិ\u200Bមនុស្ស'), 'សិទ្ធិមនុស្ស');
    assert.equal(normalizeSearchText('ក\u200Cម្ពុ\u200Dជា\uFEFF'), 'កម្ពុជា');
    assert.equal(normalizeSearchText('a\u2060b'), 'ab');
  });

  it('puts a vowel typed before the subscript consonant after it: ក្រុម', () => {
    const standard = cps(KA, COENG, RO, 0x17bb, MO); // ក ្រ ុ ម
    const vowelFirst = cps(KA, 0x17bb, COENG, RO, MO); // ក ុ ្រ ម
    assert.deepEqual(codes(normalizeSearchText(vowelFirst)), codes(standard));
    assert.equal(normalizeSearchText(standard), standard);
  });

  it('types subscript Ro after the other subscript: ស្ត្រី', () => {
    const standard = cps(SO, COENG, TA, COENG, RO, 0x17b8); // ស ្ត ្រ ី
    const roFirst = cps(SO, COENG, RO, COENG, TA, 0x17b8); // ស ្រ ្ត ី
    assert.deepEqual(codes(normalizeSearchText(roFirst)), codes(standard));
    assert.equal(normalizeSearchText(standard), standard);
  });

  it('treats subscript Da as subscript Ta, which looks the same: បណ្ដាល / បណ្តាល', () => {
    const withTa = cps(0x1794, 0x178e, COENG, TA, 0x17b6, 0x179b);
    const withDa = cps(0x1794, 0x178e, COENG, DA, 0x17b6, 0x179b);
    assert.equal(normalizeSearchText(withDa), withTa);
  });

  it('puts a register shifter before the vowel: ប៊ី', () => {
    const standard = cps(0x1794, 0x17ca, 0x17b8);
    assert.equal(normalizeSearchText(cps(0x1794, 0x17b8, 0x17ca)), standard);
    assert.equal(normalizeSearchText(standard), standard);
  });

  it('puts signs after the vowel: ជុំ and កោះ', () => {
    const jum = cps(0x1787, 0x17bb, 0x17c6);
    assert.equal(normalizeSearchText(cps(0x1787, 0x17c6, 0x17bb)), jum);
    const kaoh = cps(KA, 0x17c4, 0x17c7);
    assert.equal(normalizeSearchText(cps(KA, 0x17c7, 0x17c4)), kaoh);
  });

  it('writes two-part vowels as the single vowel they draw: ដើម, កោះ', () => {
    assert.equal(normalizeSearchText(cps(DA, 0x17c1, 0x17b8, MO)), cps(DA, 0x17be, MO));
    assert.equal(normalizeSearchText(cps(KA, 0x17c1, 0x17b6, 0x17c7)), cps(KA, 0x17c4, 0x17c7));
  });

  it('replaces deprecated letters and drops the invisible inherent vowels', () => {
    assert.equal(normalizeSearchText(cps(0x17a3, NO)), cps(0x17a2, NO));
    assert.equal(normalizeSearchText(cps(0x17a4)), cps(0x17a2, 0x17b6));
    assert.equal(normalizeSearchText(cps(KA, 0x17b4)), cps(KA));
  });

  it('restores the shifter typed as ុ before an upper vowel: ប៊ី, ម៉ឺន', () => {
    // First-series ប takes triisap ៊; second-series ម takes muusikatoan ៉.
    assert.equal(normalizeSearchText(cps(0x1794, 0x17bb, 0x17b8)), cps(0x1794, 0x17ca, 0x17b8));
    assert.equal(normalizeSearchText(cps(MO, 0x17bb, 0x17ba, NO)), cps(MO, 0x17c9, 0x17ba, NO));
    // The two vowels typed the other way round, and a subscript between base and vowels.
    assert.equal(normalizeSearchText(cps(SO, 0x17b7, 0x17bb)), cps(SO, 0x17ca, 0x17b7));
    assert.equal(normalizeSearchText(cps(SO, COENG, TA, 0x17bb, 0x17b9)), cps(SO, COENG, TA, 0x17ca, 0x17b9));
    // ុ on its own, or with a vowel that is not above the letter, is a real vowel.
    assert.equal(normalizeSearchText(cps(KA, COENG, RO, 0x17bb, MO)), cps(KA, COENG, RO, 0x17bb, MO));
    assert.equal(normalizeSearchText(cps(0x1787, 0x17bb, 0x17c6)), cps(0x1787, 0x17bb, 0x17c6));
  });

  it('writes either shifter before an upper vowel as the one its consonant takes: ស៉ីម is ស៊ីម', () => {
    // Both shifters are drawn as a small ុ under the letter before ិ ី ឹ ឺ, so they look alike there.
    assert.equal(normalizeSearchText(cps(SO, 0x17c9, 0x17b8, MO)), cps(SO, 0x17ca, 0x17b8, MO));
    assert.equal(normalizeSearchText(cps(MO, 0x17ca, 0x17ba, NO)), cps(MO, 0x17c9, 0x17ba, NO));
    // Typed after the vowel, it is first put before it.
    assert.equal(normalizeSearchText(cps(SO, 0x17b8, 0x17c9, MO)), cps(SO, 0x17ca, 0x17b8, MO));
    // Elsewhere the shifter changes the sound and is drawn as itself: ប៉ (pa) and ប៊ូ stay.
    assert.equal(normalizeSearchText(cps(0x1794, 0x17c9, 0x17bc)), cps(0x1794, 0x17c9, 0x17bc));
    assert.equal(normalizeSearchText(cps(0x1794, 0x17ca, 0x17bb)), cps(0x1794, 0x17ca, 0x17bb));
  });

  it('replaces the obsolete ligatures ឨ and ៘ with the letters they stand for', () => {
    assert.equal(normalizeSearchText(cps(0x17a8)), cps(0x17a7, KA));
    assert.equal(normalizeSearchText(cps(KA, 0x17d8)), cps(KA, 0x17d4, 0x179b, 0x17d4));
  });

  it('counts a mark typed twice in a row once', () => {
    assert.equal(normalizeSearchText(cps(KA, 0x17bb, 0x17bb)), cps(KA, 0x17bb));
    assert.equal(normalizeSearchText(cps(KA, 0x17b6, 0x17c6, 0x17c6)), cps(KA, 0x17b6, 0x17c6));
    // Apart, with another mark between them, too.
    assert.equal(normalizeSearchText(cps(0x1787, 0x17bb, 0x17c6, 0x17bb)), cps(0x1787, 0x17bb, 0x17c6));
  });

  it('leaves text without Khmer, and Khmer already in order, as it is', () => {
    assert.equal(normalizeSearchText('Human Rights 2024'), 'Human Rights 2024');
    const text = 'មជ្ឈមណ្ឌលសិទ្ធិមនុស្សកម្ពុជា';
    assert.equal(normalizeSearchText(text), text);
  });
});

describe('Khmer word segmentation', () => {
  it('finds the words of unspaced Khmer text', () => {
    const found = words('ការពារសិទ្ធិមនុស្សនៅកម្ពុជា');
    assert.ok(found.includes('កម្ពុជា'), found.join('|'));
    assert.ok(found.includes('នៅ'), found.join('|'));
    assert.equal(found.join(''), 'ការពារសិទ្ធិមនុស្សនៅកម្ពុជា');
  });

  it('finds a word inside a long unspaced sentence', () => {
    assert.ok(words('ក្រោយទឹកជំនន់ធំនៅខេត្តកំពង់ធំកសិករជាច្រើនបានបាត់បង់ស្រូវ').includes('ទឹកជំនន់'));
  });

  it('splits mixed Khmer and English, leaving out punctuation', () => {
    assert.deepEqual(words('របាយការណ៍ 2024: Human Rights។'), ['របាយការណ៍', '2024', 'Human', 'Rights']);
  });

  it('separates Khmer digits from the word they follow, so a year is a word of its own', () => {
    assert.deepEqual(words('កម្ពុជាឆ្នាំ២០២៤'), ['កម្ពុជា', 'ឆ្នាំ', '២០២៤']);
  });

  it('gives word positions in the text', () => {
    const text = 'Land ដីធ្លី';
    for (const w of segmentWords(text)) assert.equal(text.slice(w.index, w.index + w.text.length), w.text);
  });

  it('segments very long unspaced text completely, window by window', () => {
    const sentence = 'ការការពារសិទ្ធិមនុស្សនៅកម្ពុជាគឺជាការងាររបស់យើង';
    const long = sentence.repeat(200);
    const found = segmentWords(long);
    assert.equal(found.map((w) => w.text).join(''), long);
    assert.ok(found.filter((w) => w.text === 'កម្ពុជា').length >= 190);
  });

  it('reads ZWSP-separated text as the same words as unspaced text', () => {
    assert.deepEqual(words('សេរីភាព\u200Bសារព័ត៌មាន'), words('សេរីភាពសារព័ត៌មាន'));
  });
});

describe('Khmer clusters', () => {
  it('knows where a Khmer word may be split: never after a coeng', () => {
    const word = 'សិទ្ធិមនុស្ស';
    assert.deepEqual(khmerClusterBoundaries(word), [0, 2, 6, 7, 9, 12]);
    assert.equal(containsKhmerWordPart(word, 'មនុស្ស'), true);
    assert.equal(containsKhmerWordPart(word, 'សិទ្ធិ'), true);
    // Both would end inside the cluster ស្ស, leaving its subscript behind.
    assert.equal(containsKhmerWordPart(word, 'នុស'), false);
    assert.equal(containsKhmerWordPart(word, 'ស'), false);
  });

  it('never cuts inside a grapheme cluster', () => {
    const text = 'មនុស្ស';
    // Cutting at 5 would leave the coeng of ស្ស behind.
    assert.equal(truncateGraphemes(text, 5), 'មនុ');
    assert.equal(truncateGraphemes(text, 6), text);
    assert.equal(clusterBoundaryAtOrBefore(text, 4), 3);
    assert.equal(truncateGraphemes('abcdef', 3), 'abc');
  });
});
