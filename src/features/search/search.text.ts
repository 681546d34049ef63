import { stemmer } from 'stemmer';
import { isKhmerWord, normalizeSearchText, segmentWords } from '../../i18n/khmer.js';
import { khmerSyllables, SYLLABLE_MARK } from './search.syllables.js';
import { foldKhmerVariants } from './search.variants.js';

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
    return foldKhmerVariants(word.replace(KHMER_DIGIT, (d) => String(d.charCodeAt(0) - 0x17e0))).slice(0, MAX_TOKEN_LENGTH);
  }
  let folded = word.toLowerCase();
  // Only non-ASCII letters can carry diacritics.
  if (/[^\x20-\x7E]/.test(folded)) folded = folded.normalize('NFD').replace(NON_SPACING_MARKS, '').normalize('NFC');
  folded = folded.replace(APOSTROPHES, '');
  if (stem && ASCII_WORD.test(folded)) folded = stemmer(folded);
  return folded.slice(0, MAX_TOKEN_LENGTH);
}

/**
 * The index form of one word. Khmer digits become ASCII digits (២០២៤ finds 2024), and Khmer
 * spelling variants become one spelling (search.variants.ts).
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

/** Khmer letters and marks without a break: syllables of one run may form a phrase. */
const KHMER_LETTER_RUN = /[\u1780-\u17D3\u17DD]+/g;

/**
 * The Khmer syllables of a normalised text, in order, one array per run of Khmer letters (a
 * space, punctuation, a digit or another script ends a run). Variants are folded in the text
 * first, so a word and its syllables fold alike.
 */
export function syllableRuns(text: string): string[][] {
  const runs: string[][] = [];
  for (const [run] of foldKhmerVariants(text).matchAll(KHMER_LETTER_RUN)) runs.push(khmerSyllables(run).map(markedSyllable));
  return runs;
}

/**
 * The syllable index words of a normalised text: every two neighbouring syllables of a run as
 * one word (search.syllables.ts, "Syllable pairs"). A bare mark stands between runs, which no
 * query asks for, so a word is never found across a break; a run of one syllable has no pair.
 */
export function syllablePairTokens(runs: readonly string[][]): string[] {
  const out: string[] = [];
  for (const run of runs) {
    if (run.length < 2) continue;
    if (out.length) out.push(SYLLABLE_MARK);
    for (let i = 1; i < run.length; i++) out.push(run[i - 1]! + run[i]!);
  }
  return out;
}

/**
 * Marked syllables remembered, as folded words are: a text repeats its syllables, and handing
 * out the same string each time spares building it and hashing it again wherever it is counted.
 */
const SYLLABLE_CACHE_SIZE = 50_000;
const syllableCache = new Map<string, string>();

function markedSyllable(syllable: string): string {
  let marked = syllableCache.get(syllable);
  if (marked === undefined) {
    marked = SYLLABLE_MARK + syllable;
    if (syllableCache.size >= SYLLABLE_CACHE_SIZE) syllableCache.clear();
    syllableCache.set(syllable, marked);
  }
  return marked;
}

/** The marked syllables of one folded Khmer word: what the vocabulary counts. */
export function syllablesOfWord(token: string): string[] {
  return khmerSyllables(token).map((s) => SYLLABLE_MARK + s);
}

/**
 * What the index is asked for a run of marked syllables (two or more): its neighbouring pairs
 * in sequence, the same index words syllablePairTokens makes of the documents.
 */
export function syllablePairs(syllables: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < syllables.length; i++) out.push(syllables[i - 1]! + syllables[i]!);
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

/**
 * Khmer function words: particles, prepositions, conjunctions, pronouns and grammatical markers
 * that say nothing about a subject. Words with a meaning of their own are left out although
 * they are common (ការ "work, the act of", មាន "have", ពេល "time", ត្រូវ "must, right"): alone,
 * they are searched. Function words still match as words; they do not count among "most of
 * the words" when a query falls back (see mostWordsExpression), and alone they show nothing.
 */
const KHMER_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  [
    'នៅ', 'និង', 'ដែល', 'របស់', 'ក្នុង', 'ជា', 'បាន', 'ពី', 'ទៅ', 'នេះ', 'នោះ', 'ឲ្យ', 'ដើម្បី', 'លើ', 'ថា',
    'ហើយ', 'ក៏', 'ដោយ', 'គឺ', 'សម្រាប់', 'ចំពោះ', 'ឬ', 'ទេ', 'មិន', 'នឹង', 'ផង', 'ដល់',
    'តាម', 'ជាមួយ', 'អំពី', 'ទាំង', 'ទៀត', 'ខ្លះ', 'គេ', 'យើង', 'ខ្ញុំ', 'ពួក', 'ៗ',
  ].map((w) => foldWord(w)),
);

/** English stopwords and Khmer function words. */
export function isFunctionWord(token: string): boolean {
  return ENGLISH_STOPWORDS.has(token) || KHMER_FUNCTION_WORDS.has(token);
}

/**
 * Surface words are vocabulary entries of their own, marked with this first character: the
 * Latin words of the documents as written (folded, not stemmed), for typo tolerance.
 */
export const SURFACE_MARK = '=';

/** Surface words longer than this are not kept: typo tolerance stops there too. */
const MAX_FUZZY_WORD_LENGTH = 24;

const LATIN_WORDS = /[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z\u00C0-\u024F]+)*/g;

/** The distinct Latin surface words of a text, marked, as vocabulary entries. */
export function surfaceTerms(text: string, into = new Set<string>()): Set<string> {
  for (const [word] of text.matchAll(LATIN_WORDS)) {
    const folded = foldWord(word, false);
    if (isLatinTerm(folded) && folded.length <= MAX_FUZZY_WORD_LENGTH) into.add(SURFACE_MARK + folded);
  }
  return into;
}

/**
 * The optimal-string-alignment form of the Damerau-Levenshtein distance (insert, delete,
 * replace, or swap two neighbouring letters, each one edit), stopping early: any result above
 * `max` is reported as `max + 1`.
 */
export function damerauLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rows, reused for every pair: typo tolerance compares one word with thousands.
  const width = b.length + 1;
  if (rows.length < width * 3) rows = new Int32Array(width * 3 * 2);
  let previous2 = 0;
  let previous = width;
  let current = width * 2;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, rows[previous2 + j - 2]! + 1);
      rows[current + j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return Math.min(rows[previous + b.length]!, max + 1);
}

let rows = new Int32Array(3 * 32);
