/**
 * Khmer orthographic syllables: the second representation of Khmer text in the index, beside
 * the words of `Intl.Segmenter`. Word segmentation is a guess (ICU's dictionary), and a word
 * the dictionary glued to its neighbour in a document is not a word of that document's index.
 * Syllables are not a guess: they follow from how Khmer is written, so a query word, cut into
 * syllables the same way, is found as a run of consecutive syllables wherever it occurs,
 * whatever the word segmenter made of the text around it.
 *
 * The rules (The Unicode Standard, chapter 16.4 "Khmer", and its character names in
 * UnicodeData.txt; the same structure as the Khmer syllable of Microsoft's "Developing
 * OpenType fonts for Khmer script"), for text already normalised by normalizeSearchText:
 *
 *   syllable := base [robat] {coeng consonant} [shifter] {dependent vowel} {sign}
 *
 * - base: a consonant (U+1780–U+17A2) or an independent vowel (U+17A3–U+17B3);
 * - robat ៌ (U+17CC);
 * - subscripts: coeng ្ (U+17D2) followed by a consonant or independent vowel, any number
 *   (in practice one or two: ស្ត្រ);
 * - a register shifter: muusikatoan ៉ (U+17C9) or triisap ៊ (U+17CA);
 * - dependent vowels U+17B6–U+17C5 (normally one; ុ with ំ and ះ make the longer vowels);
 * - signs: nikahit ំ, reahmuk ះ, yuukaleapintu ៈ, bantoc ់, toandakhiat ៍, kakabat ៎,
 *   ahsda ៏, samyok sannya ័, viriam ៑, bathamasat ៓ and atthacan ៝ (U+17C6–U+17D1, U+17D3,
 *   U+17DD, less the shifters, robat and coeng above).
 *
 * A syllable ends where the next base starts that does not follow a coeng. These are written
 * syllables (the clusters a font draws), not spoken ones: a final consonant is a syllable of
 * its own (ម|នុ|ស្ស), which is what makes the cut unambiguous. Anything else (digits,
 * punctuation, other scripts, a mark with no base) ends the syllable and is not part of one.
 */

const COENG = 0x17d2;

const isBase = (cp: number) => cp >= 0x1780 && cp <= 0x17b3;
/** A mark that stays in the syllable of the base before it. */
const isMark = (cp: number) => (cp >= 0x17b6 && cp <= 0x17d1) || cp === 0x17d3 || cp === 0x17dd;

/** The orthographic syllables of a text, in order (non-Khmer text is skipped). */
export function khmerSyllables(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isBase(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === COENG && isBase(text.charCodeAt(j + 1))) j += 2;
      else if (isMark(c)) j += 1;
      else break;
    }
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/**
 * Syllables are index words of their own, told apart from whole words by this first
 * character: a word never starts with it (words start with a letter or digit), and the
 * FTS5 `ascii` tokenizer keeps every non-ASCII character inside its token.
 */
export const SYLLABLE_MARK = '\u00B7';

export const isSyllableTerm = (term: string) => term.startsWith(SYLLABLE_MARK);
