/**
 * Common Khmer spelling variants, folded to one form on both sides of a search (documents and
 * queries), after normalizeSearchText has put every syllable in one code point order. Unlike
 * normalisation these are different spellings, not different encodings: each pair is written
 * both ways in real text and readers do not distinguish them when searching. The table is kept
 * small on purpose: every fold merges words, so only variants with no meaning of their own
 * belong here.
 *
 * What the table is based on:
 * - The pairs are this project's own selection of spellings readers type for one another, each
 *   shown by an example in its note below (ឱកាស / អោកាស, ព័ត៌មាន / ព័ត៍មាន, ឲ្យ / អោយ). They
 *   are not taken from a published list of variants, and no dictionary is claimed for them: a
 *   dictionary gives the standard spelling, and search has to meet the others too.
 * - What each code point is comes from the Unicode Standard (chapter 16.4 "Khmer" and the
 *   character names of UnicodeData.txt): the independent vowels U+17A5–U+17B3, robat ៌
 *   (U+17CC) and toandakhiat ៍ (U+17CD).
 * - Background: Franklin E. Huffman, "Cambodian System of Writing and Beginning Reader" (Yale
 *   University Press, 1970) notes that Khmer spelling was long unstandardised and gives common
 *   alternative spellings for some words, following the Buddhist Institute's dictionary.
 */
const KHMER_VARIANT_FOLDS: ReadonlyArray<readonly [from: RegExp, to: string, note: string]> = [
  // The word "to give / so that": ឲ្យ and ឱ្យ (both in print) and អោយ (common) are one word.
  [/[\u17B1\u17B2]\u17D2\u1799/g, '\u17A2\u17C4\u1799', 'ឲ្យ, ឱ្យ → អោយ'],
  // Robat typed as the toandakhiat that looks like it, in loanwords: ព័ត៌មាន / ព័ត៍មាន, ធម៌ / ធម៍.
  [/\u17CC/g, '\u17CD', '៌ → ៍'],
  // Independent vowels and the same sounds spelt with អ and a dependent vowel: ឥឡូវ / អិឡូវ, ឱកាស / អោកាស.
  [/\u17A5/g, '\u17A2\u17B7', 'ឥ → អិ'],
  [/\u17A6/g, '\u17A2\u17B8', 'ឦ → អី'],
  [/\u17A7/g, '\u17A2\u17BB', 'ឧ → អុ'],
  [/\u17A9/g, '\u17A2\u17BC', 'ឩ → អូ'],
  [/\u17AA/g, '\u17A2\u17C5', 'ឪ → អៅ'],
  [/\u17AF/g, '\u17A2\u17C2', 'ឯ → អែ'],
  [/\u17B0/g, '\u17A2\u17C3', 'ឰ → អៃ'],
  [/[\u17B1\u17B2]/g, '\u17A2\u17C4', 'ឱ, ឲ → អោ'],
  [/\u17B3/g, '\u17A2\u17C5', 'ឳ → អៅ'],
  // The vocalic independent vowels and the consonant and vowel they are read as, typed for them
  // in everyday writing: ឮ / លឺ ("to hear"), ឬ / រឺ ("or"), ឫស្សី / រឹស្សី.
  [/\u17AB/g, '\u179A\u17B9', 'ឫ → រឹ'],
  [/\u17AC/g, '\u179A\u17BA', 'ឬ → រឺ'],
  [/\u17AD/g, '\u179B\u17B9', 'ឭ → លឹ'],
  [/\u17AE/g, '\u179B\u17BA', 'ឮ → លឺ'],
];

const HAS_VARIANT = /\u17A5|\u17A6|\u17A7|[\u17A9-\u17B3]|\u17CC/;

/** The one spelling search uses for each variant in the table above. */
export function foldKhmerVariants(text: string): string {
  if (!HAS_VARIANT.test(text)) return text;
  let out = text;
  for (const [from, to] of KHMER_VARIANT_FOLDS) out = out.replace(from, to);
  return out;
}


/** The multi-letter rule of the table (ឲ្យ, ឱ្យ → អោយ); every other rule replaces one letter. */
const GIVE_FOLDED = '\u17A2\u17C4\u1799';

/** What each letter of the table becomes on its own (by code unit), as foldKhmerVariants folds it. */
const LETTER_FOLDS = new Map<number, string>();
for (let cp = 0x17a5; cp <= 0x17cc; cp++) {
  const letter = String.fromCharCode(cp);
  const folded = foldKhmerVariants(letter);
  if (folded !== letter) LETTER_FOLDS.set(cp, folded);
}

/**
 * A text with its variants folded, as foldKhmerVariants folds it, and where each of its code
 * units came from in the text (one more entry for the end): highlighting looks for folded
 * spellings and marks the text as written. One pass over the text: a letter the table folds to
 * one letter keeps its position, a letter folded to two maps both to its own, and ឲ្យ / ឱ្យ map
 * letter by letter to the three they replace.
 */
export function foldKhmerVariantsWithOffsets(text: string): { folded: string; offsets: Uint32Array | undefined } {
  if (!HAS_VARIANT.test(text)) return { folded: text, offsets: undefined };
  const pieces: string[] = [];
  // A letter folds to at most two, and ឲ្យ to as many as it replaces.
  const offsets = new Uint32Array(2 * text.length + 1);
  let n = 0;
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    const piece = LETTER_FOLDS.get(cp);
    if (piece === undefined) {
      offsets[n++] = i;
      continue;
    }
    if (copiedTo < i) pieces.push(text.slice(copiedTo, i));
    if ((cp === 0x17b1 || cp === 0x17b2) && text.charCodeAt(i + 1) === 0x17d2 && text.charCodeAt(i + 2) === 0x1799) {
      pieces.push(GIVE_FOLDED);
      offsets[n++] = i;
      offsets[n++] = i + 1;
      offsets[n++] = i + 2;
      i += 2;
    } else {
      pieces.push(piece);
      for (let k = 0; k < piece.length; k++) offsets[n++] = i;
    }
    copiedTo = i + 1;
  }
  if (copiedTo < text.length) pieces.push(text.slice(copiedTo));
  offsets[n++] = text.length;
  return { folded: pieces.join(''), offsets: offsets.subarray(0, n) };
}
