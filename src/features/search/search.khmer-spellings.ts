import { normalizeSearchText } from '../../i18n/khmer.js';
import { foldWord } from './search.text.js';

/**
 * Spellings of one Khmer word that are read the same, which writers use side by side and the
 * index does not fold (the fold table of search.variants.ts is part of the stored index format;
 * these are tried from the query instead, and count only when the index holds what they spell):
 *
 * - nikahit before a consonant and ម with that consonant subscript: សំរោង / សម្រោង, កំចាត់ / កម្ចាត់;
 * - a final ុំ and ុម, which sound alike: អ៊ុំ / អ៊ុម;
 * - a register shifter (៉ ៊) written or left out, as names are spelt both ways: ធារ៉ា / ធារា;
 * - a silent last letter with its cancelling sign ៍ written or left out: បៀវត្សរ៍ / បៀវត្ស;
 * - a silent final រ after a vowel written or left out, inside a word: អូរយ៉ាដាវ / អូយ៉ាដាវ.
 *
 * Each spelling changes one place of the word; the word itself is not among them.
 */
export function equivalentKhmerSpellings(word: string): string[] {
  const out = new Set<string>();
  const add = (spelt: string) => {
    const folded = foldWord(normalizeSearchText(spelt));
    if (folded && folded !== word) out.add(folded);
  };
  for (const [pattern, replacement] of RESPELLINGS) {
    for (const m of word.matchAll(pattern)) add(word.slice(0, m.index) + replacement(m[0]) + word.slice(m.index + m[0].length));
  }
  return [...out];
}

const CONSONANT = '[\\u1780-\\u17A2]';
const NIKAHIT = '\u17C6';
const COENG = '\u17D2';
const MO = '\u1798';
const RO = '\u179A';
/** Consonants of the second series that ៉ moves to the first, and of the first that ៊ moves to the second. */
const TAKES_MUSIKATOAN = '\u1784\u1789\u1798\u1799\u179A\u179C\u1794';
const TAKES_TRIISAP = '\u179F\u17A0\u17A2\u1794';
/** Vowels a silent final រ is written after (អូរ, ការ, ពោរ): a vowel written as one mark. */
const LONG_VOWELS = '\u17B6\u17BC\u17C4\u17C5\u17C0';
/** What follows a consonant that begins a syllable rather than closes one: a subscript, a shifter or a vowel. */
const SYLLABLE_GOES_ON = '(?=[\\u17B6-\\u17C5\\u17C9\\u17CA\\u17D2])';

const RESPELLINGS: Array<[RegExp, (found: string) => string]> = [
  [new RegExp(`${NIKAHIT}(?=${CONSONANT})`, 'gu'), () => MO + COENG],
  [new RegExp(`(?<=${CONSONANT}[\\u17B6-\\u17C5]?)${MO}${COENG}(?=${CONSONANT})`, 'gu'), () => NIKAHIT],
  [/\u17BB\u17C6$/gu, () => '\u17BB' + MO],
  [/\u17BB\u1798$/gu, () => '\u17BB' + NIKAHIT],
  [/[\u17C9\u17CA]/gu, () => ''],
  [new RegExp(`[${TAKES_MUSIKATOAN}](?=[\\u17B6-\\u17C5])`, 'gu'), (c) => c + '\u17C9'],
  [new RegExp(`[${TAKES_TRIISAP}](?=[\\u17B6-\\u17C5])`, 'gu'), (c) => c + '\u17CA'],
  [new RegExp(`(?<=${CONSONANT}.*)${CONSONANT}\u17CD$`, 'gu'), () => ''],
  [new RegExp(`(?<=[${LONG_VOWELS}])${RO}(?=${CONSONANT}${SYLLABLE_GOES_ON})`, 'gu'), () => ''],
  [new RegExp(`(?<=${CONSONANT}[${LONG_VOWELS}])(?=[^${RO}\\u17A3-\\u17FF]${SYLLABLE_GOES_ON})`, 'gu'), () => RO],
];
