import { stemmer } from 'stemmer';
import { isKhmerWord, normalizeSearchText, segmentWords } from '../../i18n/khmer.js';

/**
 * Text → index words, the same way for documents and queries: Khmer normalised and segmented
 * into words (src/i18n/khmer.ts); other words lower-cased, stripped of diacritics and, for
 * English, reduced to their Porter stem, so that "rights", "Right" and "right's" are one word.
 */

/** Longer words are cut: no real word is this long, and the index should not grow with junk. */
export const MAX_TOKEN_LENGTH = 64;

const KHMER_DIGIT = /[\u17E0-\u17E9]/g;
const APOSTROPHES = /['’]/g;
const NON_SPACING_MARKS = /\p{Mn}/gu;
const ASCII_WORD = /^[a-z]+$/;

/** Folded words remembered: text repeats its words, and stemming is the costly part of folding. */
const FOLD_CACHE_WORDS = 50_000;
const foldCache = new Map<string, string>();
const unstemmedCache = new Map<string, string>();

function computeFold(word: string, stem: boolean): string {
  if (isKhmerWord(word)) {
    return word
      .replace(KHMER_DIGIT, (d) => String(d.charCodeAt(0) - 0x17e0))
      .replace(/\u17B2/g, '\u17B1')
      .slice(0, MAX_TOKEN_LENGTH);
  }
  let folded = word.toLowerCase();
  // Only non-ASCII letters can carry diacritics.
  if (/[^\x20-\x7E]/.test(folded)) folded = folded.normalize('NFD').replace(NON_SPACING_MARKS, '').normalize('NFC');
  folded = folded.replace(APOSTROPHES, '');
  if (stem && ASCII_WORD.test(folded)) folded = stemmer(folded);
  return folded.slice(0, MAX_TOKEN_LENGTH);
}

/**
 * The index form of one word. Khmer digits become ASCII digits (២០២៤ finds 2024), and the
 * two shapes of the letter "ao" in ឲ្យ/ឱ្យ (the same word, spelt both ways) become one.
 */
export function foldWord(word: string, stem = true): string {
  const cache = stem ? foldCache : unstemmedCache;
  let folded = cache.get(word);
  if (folded === undefined) {
    folded = computeFold(word, stem);
    if (cache.size >= FOLD_CACHE_WORDS) cache.clear();
    cache.set(word, folded);
  }
  return folded;
}

/** The index words of a text, in order (repeats kept: positions matter for phrases). */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeSearchText(text));
}

/** As `tokenize`, for text that has been through normalizeSearchText already. */
export function tokenizeNormalized(text: string): string[] {
  const out: string[] = [];
  for (const word of segmentWords(text)) {
    const token = foldWord(word.text);
    if (token) out.push(token);
  }
  return out;
}

/** Words worth a vocabulary entry: anything with a letter in it (numbers are matched exactly). */
export function isVocabularyTerm(term: string): boolean {
  return /\p{L}/u.test(term);
}

/** True for words of Latin letters: the ones typo tolerance applies to. */
export function isLatinTerm(term: string): boolean {
  return /^[a-z][a-z0-9]*$/.test(term) && /[a-z]{2}/.test(term);
}

/**
 * English words too common to narrow a search. A query drops them when it has other words
 * (they still count inside a quoted phrase); documents keep them, so phrases still match.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  [
    'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'have', 'in', 'is', 'it', 'its',
    'of', 'on', 'or', 'that', 'the', 'this', 'to', 'was', 'were', 'will', 'with', 'near', 'not',
  ].map((w) => foldWord(w)),
);
