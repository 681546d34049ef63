/**
 * Khmer words in Latin letters, for addresses (slugs) made from Khmer titles. This follows the
 * common Cambodian way of writing names (Phnom Penh, Kampuchea) closely enough to be read and
 * typed, not a scholarly transcription: each orthographic syllable becomes its consonants and
 * vowel, the vowel read by the consonant's series, and a consonant that closes a syllable is
 * written bare.
 */

/** Consonants: letters, and whether they belong to the second (o-) series. */
const CONSONANTS: Record<string, [string, 1 | 2]> = {
  ក: ['k', 1], ខ: ['kh', 1], គ: ['k', 2], ឃ: ['kh', 2], ង: ['ng', 2],
  ច: ['ch', 1], ឆ: ['chh', 1], ជ: ['ch', 2], ឈ: ['chh', 2], ញ: ['nh', 2],
  ដ: ['d', 1], ឋ: ['th', 1], ឌ: ['d', 2], ឍ: ['th', 2], ណ: ['n', 1],
  ត: ['t', 1], ថ: ['th', 1], ទ: ['t', 2], ធ: ['th', 2], ន: ['n', 2],
  ប: ['b', 1], ផ: ['ph', 1], ព: ['p', 2], ភ: ['ph', 2], ម: ['m', 2],
  យ: ['y', 2], រ: ['r', 2], ល: ['l', 2], វ: ['v', 2], ឝ: ['s', 1], ឞ: ['s', 1],
  ស: ['s', 1], ហ: ['h', 1], ឡ: ['l', 1], អ: ['', 1],
};
/** A consonant closing a syllable, where it reads differently. */
const FINALS: Record<string, string> = { ប: 'p', គ: 'k', ឌ: 't', ដ: 't', ទ: 't' };
/** Dependent vowels and signs after a first- and a second-series consonant. */
const VOWELS: Record<string, [string, string]> = {
  '\u17B6': ['a', 'ea'], '\u17B7': ['e', 'i'], '\u17B8': ['ei', 'i'], '\u17B9': ['oe', 'oe'], '\u17BA': ['eu', 'eu'],
  '\u17BB': ['o', 'u'], '\u17BC': ['ou', 'u'], '\u17BD': ['uo', 'uo'], '\u17BE': ['aeu', 'eu'], '\u17BF': ['oea', 'oea'],
  '\u17C0': ['ie', 'ie'], '\u17C1': ['e', 'e'], '\u17C2': ['ae', 'ae'], '\u17C3': ['ai', 'ey'], '\u17C4': ['ao', 'o'],
  '\u17C5': ['au', 'ov'], '\u17C6': ['am', 'om'], '\u17C7': ['ah', 'eah'],
};
const INDEPENDENT_VOWELS: Record<string, string> = {
  ឥ: 'e', ឦ: 'ei', ឧ: 'u', ឨ: 'ok', ឩ: 'u', ឪ: 'ov', ឫ: 'rue', ឬ: 'rue', ឭ: 'lue', ឮ: 'lue', ឯ: 'ae', ឰ: 'ai', ឱ: 'ao', ឲ: 'ao', ឳ: 'au',
};
const INHERENT: [string, string] = ['a', 'o'];
const COENG = '\u17D2';
const TO_FIRST_SERIES = '\u17C9';
const TO_SECOND_SERIES = '\u17CA';
/** Toandakhiat: the consonant it sits on is not pronounced. */
const SILENT = '\u17CD';
const ROBAT = '\u17CC';

interface Syllable {
  /** The syllable's first consonant letter, whose sound may differ as a final. */
  letter: string;
  consonants: string[];
  series: 1 | 2;
  vowel?: string;
  silent: boolean;
}

/** Splits one Khmer word into orthographic syllables; other characters come back as strings. */
function syllablesOf(word: string): Array<Syllable | string> {
  const out: Array<Syllable | string> = [];
  const chars = [...word];
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i]!;
    const consonant = CONSONANTS[c];
    if (!consonant) {
      out.push(INDEPENDENT_VOWELS[c] ?? (/[\u17E0-\u17E9]/.test(c) ? String(c.charCodeAt(0) - 0x17e0) : /[\u1780-\u17FF]/.test(c) ? '' : c));
      continue;
    }
    const syllable: Syllable = { letter: c, consonants: [consonant[0]], series: consonant[1], silent: false };
    while (i + 1 < chars.length) {
      const next = chars[i + 1]!;
      if (next === COENG && CONSONANTS[chars[i + 2] ?? '']) {
        syllable.consonants.push(CONSONANTS[chars[i + 2]!]![0]);
        i += 2;
      } else if (next === TO_FIRST_SERIES || next === TO_SECOND_SERIES) {
        syllable.series = next === TO_FIRST_SERIES ? 1 : 2;
        i += 1;
      } else if (VOWELS[next]) {
        syllable.vowel = (syllable.vowel ?? '') + VOWELS[next][syllable.series - 1];
        i += 1;
      } else if (next === SILENT) {
        syllable.silent = true;
        i += 1;
      } else if (next === ROBAT) {
        syllable.vowel = `${syllable.vowel ?? INHERENT[syllable.series - 1]}r`;
        i += 1;
      } else if (/[\u17CB-\u17D1\u17D3\u17DD]/.test(next)) {
        i += 1; // Other signs change the sound slightly; the letters stay as they are.
      } else break;
    }
    out.push(syllable);
  }
  return out;
}

/** One Khmer word in Latin letters. */
function romanizeWord(word: string): string {
  const parts = syllablesOf(word);
  let text = '';
  let previousHadVowel = false;
  parts.forEach((part, index) => {
    if (typeof part === 'string') {
      text += part;
      previousHadVowel = false;
      return;
    }
    if (part.silent) return;
    const isLast = index === parts.length - 1 || typeof parts[index + 1] === 'string';
    if (part.vowel !== undefined) {
      text += part.consonants.join('') + part.vowel;
      previousHadVowel = true;
    } else if (isLast || previousHadVowel) {
      // A consonant that closes the syllable before it.
      const [first, ...rest] = part.consonants;
      text += (rest.length === 0 ? (FINALS[part.letter] ?? first) : first) + rest.join('');
      previousHadVowel = false;
    } else {
      text += part.consonants.join('') + INHERENT[part.series - 1];
      previousHadVowel = false;
    }
  });
  return text;
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('km', { granularity: 'word' }) : undefined;

/**
 * Khmer text with each Khmer word in Latin letters and separated by spaces (Khmer writes no
 * spaces between words: the segmenter finds them); other text is left as it is.
 */
export function romanizeKhmer(text: string): string {
  const clean = text.normalize('NFC').replace(/[\u200B-\u200D\uFEFF]/g, '');
  const words = segmenter ? [...segmenter.segment(clean)].map((s) => s.segment) : clean.split(/(\s+)/);
  return words
    .map((word) => {
      if (!/[\u1780-\u17FF]/.test(word)) return word;
      return ` ${romanizeWord(word)} `;
    })
    .join('')
    .replace(/[\u17D4-\u17DA]/g, ' ');
}
