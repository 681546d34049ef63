import {
  containsKhmerWordPart,
  isKhmerWord,
  khmerClusterBoundaries,
  normalizeSearchText,
  segmentWords,
  truncateGraphemes,
} from '../../i18n/khmer.js';
import { englishWords } from './search.english-words.js';
import { equivalentKhmerSpellings } from './search.khmer-spellings.js';
import { isSyllableTerm, khmerSyllables, SYLLABLE_MARK } from './search.syllables.js';
import { damerauLevenshtein, ENGLISH_STOPWORDS, foldWord, isFunctionWord, isLatinTerm, isVocabularyTerm, syllablePairs, syllablesOfWord } from './search.text.js';

/**
 * From what a reader typed to what the index is asked. Nothing typed is ever search syntax:
 * quotes mark a phrase and everything else is words, so `*`, `NEAR`, `AND`, `-` or brackets
 * cannot break the engine's query; the engine query is written here from index words only.
 */

/** Longest query kept, after normalisation (in UTF-16 code units, cut between clusters). */
export const MAX_QUERY_CHARS = 200;
/** Input beyond this is not even normalised: the query is cut to MAX_QUERY_CHARS anyway. */
const MAX_INPUT_CHARS = 2_000;
const MAX_QUERY_PARTS = 10;
/** Variants accepted per misspelt English word, and indexed words tried per Khmer word. */
const MAX_SPELLING_VARIANTS = 5;
const MAX_KHMER_COMPOUNDS = 20;
/**
 * A Khmer word found on its own in this many documents is not looked for inside longer words
 * too: its own matches are plenty, and the longer words would cost more than they add.
 */
const MAX_DOCS_FOR_COMPOUNDS = 1_000;
/** Longer words are added only while the documents holding them stay under this many. */
const MAX_COMPOUND_DOCS = 5_000;
/** A Khmer word is split into indexed words only up to this many clusters (n² candidates). */
const MAX_CLUSTERS_TO_SPLIT = 24;

export type QueryPart =
  | {
      kind: 'word';
      token: string;
      /** Folded but not stemmed: typo tolerance compares it. */
      raw: string;
      /** As typed (normalised): what highlighting looks for in Khmer text. */
      typed: string;
      /**
       * A run of Khmer typed without a space is one word of the query, whatever the word
       * segmenter makes of it: these are the words it made, when more than one.
       */
      pieces?: string[] | undefined;
    }
  | { kind: 'phrase'; tokens: string[] };

export interface ParsedQuery {
  /** The query as it will be echoed: normalised and cut to MAX_QUERY_CHARS. */
  text: string;
  /** True when the input was longer than MAX_QUERY_CHARS and only its start was kept. */
  shortened: boolean;
  parts: QueryPart[];
}

interface TypedWord {
  token: string;
  raw: string;
  typed: string;
  pieces?: string[] | undefined;
}

const typedWord = (text: string): TypedWord => ({ token: foldWord(text), raw: foldWord(text, false), typed: text });

/** The words of a text as the segmenter splits them. */
function wordsOf(text: string): TypedWord[] {
  return segmentWords(text)
    .map((w) => typedWord(w.text))
    .filter((w) => w.token);
}

/**
 * The words of a text, each unspaced run of Khmer taken whole: the segmenter's split of a
 * query is no better a guess than its split of the documents, so the run is matched as typed
 * (and through its syllables), with the segmenter's words as one more way to match it.
 */
function queryWordsOf(text: string): TypedWord[] {
  const out: TypedWord[] = [];
  let run: Array<{ index: number; text: string }> = [];
  const endRun = () => {
    if (run.length === 0) return;
    const whole = typedWord(run.map((w) => w.text).join(''));
    if (run.length > 1) whole.pieces = run.map((w) => foldWord(w.text));
    if (whole.token) out.push(whole);
    run = [];
  };
  let hyphenated: Array<{ index: number; text: string }> = [];
  const endHyphenated = () => {
    if (hyphenated.length) out.push(...hyphenatedWords(hyphenated.map((w) => w.text)));
    hyphenated = [];
  };
  for (const w of segmentWords(text)) {
    const last = run[run.length - 1];
    if (!isKhmerWord(w.text) || /^[0-9\u17E0-\u17E9]/.test(w.text)) {
      endRun();
      const before = hyphenated[hyphenated.length - 1];
      if (!(before && text.slice(before.index + before.text.length, w.index) === '-')) endHyphenated();
      if (typedWord(w.text).token) hyphenated.push(w);
      continue;
    }
    endHyphenated();
    if (last && last.index + last.text.length !== w.index) endRun();
    run.push(w);
  }
  endRun();
  endHyphenated();
  return out;
}

/**
 * Words joined by hyphens (co-operation, e-mail) are one word of the query: the documents may
 * write them joined (cooperation, email) as well as hyphenated or spaced, so the joined word is
 * its own spelling and the parts side by side another (QueryPart.pieces).
 */
function hyphenatedWords(parts: readonly string[]): TypedWord[] {
  if (parts.length === 1) return [typedWord(parts[0]!)];
  // A range of numbers (2020-2023) is two numbers, not the number 20202023.
  if (parts.every((p) => /^\d+$/.test(typedWord(p).token))) return parts.map((p) => typedWord(p));
  return [hyphenatedWord(parts)];
}

function hyphenatedWord(parts: readonly string[]): TypedWord {
  return { ...typedWord(parts.join('')), pieces: parts.map((p) => foldWord(p)) };
}

/** Splits a query into words and quoted phrases; common English words drop out. */
export function parseQuery(input: string): ParsedQuery {
  const full = normalizeSearchText(input.slice(0, MAX_INPUT_CHARS)).replace(/\s+/g, ' ').trim();
  const text = truncateGraphemes(full, MAX_QUERY_CHARS);
  const parts: QueryPart[] = [];
  const seen = new Set<string>();
  const addWord = (w: TypedWord) => {
    if (seen.has(w.token)) return;
    seen.add(w.token);
    parts.push({ kind: 'word', ...w });
  };
  // Quotes come in pairs; a lone quote is just a character.
  const pieces = text.split('"');
  const closed = pieces.length % 2 === 1 ? pieces.length : pieces.length - 1;
  for (let i = 0; i < pieces.length; i++) {
    const words = wordsOf(pieces[i]!);
    // Quotes around one unspaced run of Khmer add nothing: the run is matched whole anyway, and
    // as a phrase of the segmenter's words it would miss text the segmenter cut otherwise.
    const oneKhmerRun = queryWordsOf(pieces[i]!).length === 1 && isKhmerWord(words[0]?.token ?? '');
    if (i % 2 === 1 && i < closed && words.length > 1 && !oneKhmerRun) {
      const tokens = words.map((w) => w.token);
      const key = tokens.join(' ');
      if (!seen.has(key)) parts.push({ kind: 'phrase', tokens });
      seen.add(key);
    } else {
      for (const w of queryWordsOf(pieces[i]!)) addWord(w);
    }
  }
  const meaningful = parts.filter((p) => p.kind === 'phrase' || !ENGLISH_STOPWORDS.has(p.token));
  return { text, shortened: text.length < full.length || input.length > MAX_INPUT_CHARS, parts: (meaningful.length ? meaningful : parts).slice(0, MAX_QUERY_PARTS) };
}

/** The index vocabulary, as the planner needs it (see search.repository.ts). */
export interface Vocabulary {
  /** Which of these words the index holds, with how many documents hold each. */
  lookup(terms: readonly string[]): Promise<Map<string, number>>;
  /** Indexed words beginning with this prefix (a few). */
  withPrefix(prefix: string): Promise<Array<{ term: string; docCount: number }>>;
  /** Indexed Khmer words containing this text, most frequent first. */
  khmerContaining(part: string): Promise<Array<{ term: string; docCount: number }>>;
  /**
   * Words of the documents as they were written (folded, not stemmed) that start with one of
   * these letters and are between `minLength` and `maxLength` letters long.
   */
  surfaceWords(initials: readonly string[], minLength: number, maxLength: number): Promise<Array<{ term: string; docCount: number }>>;
  /** The same, by their second letter: the words a typo in the first letter was meant as. */
  surfaceWordsBySecondLetter(letters: readonly string[], minLength: number, maxLength: number): Promise<Array<{ term: string; docCount: number }>>;
}

/** One way a part of the query can match: index words in sequence. */
export interface Alternative {
  words: string[];
  /**
   * The query's own word or phrase (or the indexed words that spell it exactly). Loose
   * alternatives (syllables, longer words, spelling variants, fuzzy syllables) rank below,
   * and do not count when the query falls back to most of its words.
   */
  exact: boolean;
}

export interface QueryGroup {
  alternatives: Alternative[];
  /** Counts among the query's words: not a number and not a function word. */
  meaningful: boolean;
  /** A word in Khmer script (not a phrase, not a Latin word or a number). */
  khmer?: boolean;
  /** The exact alternatives are in the index: some document can match them. */
  known: boolean;
  /**
   * Documents holding the query's own word, as the vocabulary counts them (scheduled ones
   * included): the group matches at least these, whatever its other alternatives add.
   */
  documents?: number | undefined;
  /**
   * Documents holding one of its other alternatives, when the vocabulary counted more of them
   * than results are counted (an unknown English word's commonest spelling variant): the group
   * matches at least these too.
   */
  alternativeDocuments?: number | undefined;
}

/** What results mark: whole words by their index form, and Khmer text as the reader typed it. */
export interface Highlight {
  words: Set<string>;
  /** Khmer words of two syllables or more, found in text at syllable boundaries. */
  khmer: string[];
}

export interface QueryPlan {
  groups: QueryGroup[];
  highlight: Highlight;
  /**
   * The query with its unknown words replaced by the nearest indexed words, when there are
   * such: given what the results hold, since a Khmer word respelt several ways is suggested
   * in the spelling the results show (see suggestionFor).
   */
  suggestion?: (found: (spelling: string) => boolean) => string | undefined;
}

/**
 * A condition on documents: any of its clauses; a clause is every one of its groups; a group
 * any of its alternatives; an alternative its words in sequence.
 */
export type MatchExpression = string[][][][];

/**
 * A run of syllables is looked for only when one of them is in at most this many documents.
 * Both engines find a phrase by intersecting its words' document lists and then checking
 * positions (PostgreSQL rereads each candidate's vector), so the rarest syllable bounds the
 * work; a word made only of syllables found everywhere (កា|រ|ពា|រ) would have every Khmer
 * document checked. Such words are nearly always indexed whole as well.
 */
const MAX_RAREST_SYLLABLE_DOCS = 1_000;

function isSelective(syllables: readonly string[], docCounts: ReadonlyMap<string, number>): boolean {
  const counts = syllables.map((s) => docCounts.get(s));
  return counts.every((c) => c !== undefined) && Math.min(...(counts as number[])) <= MAX_RAREST_SYLLABLE_DOCS;
}

/** Fuzzy matching stops at this length: longer "words" are not misspellings of anything. */
const MAX_FUZZY_LENGTH = 24;
/** English words from this length on may be two edits from the word meant; shorter, one. */
const TWO_EDITS_FROM_LENGTH = 7;
/** How far apart the two dialects' spellings of a word may be (plow / plough). */
const MAX_DIALECT_EDITS = 3;
/** Below this length a word is not corrected at all: too many real words are that close. */
const MIN_FUZZY_LENGTH = 4;

/** The letters a to z a word holds, one bit each (other characters are left out). */
function letterSet(word: string): number {
  let set = 0;
  for (let i = 0; i < word.length; i++) {
    const bit = word.charCodeAt(i) - 97;
    if (bit >= 0 && bit < 26) set |= 1 << bit;
  }
  return set;
}

/**
 * How many of these letters a word lacks: each needs an edit of its own (a letter added or
 * changed brings one), so a word lacking more than the edits allowed is not compared at all,
 * which is far cheaper than comparing it.
 */
function lettersMissing(letters: number, word: string): number {
  let missing = letters & ~letterSet(word);
  let count = 0;
  for (; missing; count++) missing &= missing - 1;
  return count;
}

/**
 * A real word is a slip for an indexed word only one edit away with the same first letter
 * ("trail" for "trial", "woman" where the documents say "women"). Two edits from a real word is
 * another word ("detonation" is not "detention"), and so is one that changes the first letter,
 * the letter least often mistyped ("retention" is not "detention").
 */
function isSlipOfRealWord(typed: string, candidate: { surface: string; edits: number }): boolean {
  return candidate.edits <= 1 && candidate.surface[0] === typed[0];
}

/**
 * Indexed English words a misspelt word may have meant, compared as written (Damerau-
 * Levenshtein over the documents' surface words, a swap of two neighbours counting as one
 * edit) and only then mapped to their stems: the stem of a misspelt word is no guide to the
 * stem of the word meant ("evictoins" stems to "evictoin"). Candidates share the first or
 * second letter with what was typed, as their first letter or, when none of those is near, as
 * their second: a first letter dropped ("victions"), changed ("rvictions") or added is caught
 * as well as any later edit. A
 * longer word that starts with what was typed counts as well ("Ratanak" → Ratanakiri). Returns
 * stems, nearest and most frequent first, and the best surface word for "did you mean".
 *
 * A word of the English word list (search.english-words.ts) is taken for a typo only of words
 * it is one slip from (isSlipOfRealWord); otherwise it is searched as typed and its nearest
 * indexed word is only offered ("detonation": did you mean detention?). The other dialect's
 * spelling of it is searched too (organization / organisation).
 */
async function spellingVariants(vocabulary: Vocabulary, token: string, raw: string): Promise<{ stems: string[]; best?: string; surfaceDocuments?: number }> {
  if (raw.length < MIN_FUZZY_LENGTH || raw.length > MAX_FUZZY_LENGTH) return { stems: [] };
  const maxEdits = raw.length >= TWO_EDITS_FROM_LENGTH ? 2 : 1;
  const letters = [...new Set([raw[0]!, raw[1]!])];
  const [near, longer, dictionary] = await Promise.all([
    vocabulary.surfaceWords(letters, raw.length - maxEdits, raw.length + maxEdits),
    raw.length >= 5 ? vocabulary.withPrefix(token) : Promise.resolve([]),
    englishWords(),
  ]);
  const scored: Array<{ surface: string; stem: string; edits: number; docCount: number }> = [];
  const typedLetters = letterSet(raw);
  const score = (words: ReadonlyArray<{ term: string; docCount: number }>) => {
    for (const { term, docCount } of words) {
      if (lettersMissing(typedLetters, term) > maxEdits) continue;
      const edits = damerauLevenshtein(raw, term, maxEdits);
      if (edits <= maxEdits) scored.push({ surface: term, stem: foldWord(term), edits, docCount });
    }
  };
  score(near);
  // The first letter is the one least often mistyped: words that differ there are compared only
  // when none that share it is near enough (a second pass over as many words). Their first
  // letter is one edit (dropped or changed: never added, or it would be one of the letters),
  // so what is left of the word is at most one letter shorter than what was typed.
  if (scored.length === 0) {
    const secondLetter = await vocabulary.surfaceWordsBySecondLetter(letters, raw.length - maxEdits + 1, raw.length + maxEdits);
    score(secondLetter.filter((w) => !letters.includes(w.term[0]!)));
  }
  for (const { term, docCount } of longer) if (isLatinTerm(term)) scored.push({ surface: term, stem: term, edits: maxEdits + 1, docCount });
  if (dictionary.has(raw) && !scored.some((s) => dictionary.otherDialect(raw, s.surface))) {
    // The other dialect's spelling can be further than a typo (plow / plough, three edits).
    const wider = await vocabulary.surfaceWords([raw[0]!], raw.length - MAX_DIALECT_EDITS, raw.length + MAX_DIALECT_EDITS);
    for (const { term, docCount } of wider) if (dictionary.otherDialect(raw, term)) scored.push({ surface: term, stem: foldWord(term), edits: maxEdits, docCount });
  }
  scored.sort((a, b) => a.edits - b.edits || b.docCount - a.docCount);
  const usable = scored.filter((s) => s.stem !== token && isLatinTerm(s.stem));
  const realWord = dictionary.has(raw);
  const searched = realWord ? usable.filter((s) => isSlipOfRealWord(raw, s) || (s.edits <= maxEdits && dictionary.otherDialect(raw, s.surface))) : usable;
  const stems = [...new Set(searched.map((s) => s.stem))].slice(0, MAX_SPELLING_VARIANTS);
  const best = (searched.find((s) => s.edits <= maxEdits) ?? usable.find((s) => s.edits <= maxEdits))?.surface;
  // A hint only: the documents of the commonest surface word (or longer word) behind the stems kept.
  const surfaceDocuments = Math.max(0, ...searched.filter((s) => stems.includes(s.stem)).map((s) => s.docCount));
  return best ? { stems, best, surfaceDocuments } : { stems, surfaceDocuments };
}

/** A word typed without its hyphen or space is looked for as two words from this length on. */
const MIN_JOINED_LENGTH = 5;
/** Each of the two words is at least this long (e-mail). */
const MIN_JOINED_PART = 1;
/** Ways of cutting a joined word kept. */
const MAX_JOINED_SPLITS = 2;

/**
 * An English word the index lacks, cut in two where both halves are indexed words, to be found
 * side by side: the documents may write it hyphenated or spaced (cooperation / co-operation,
 * landgrabbing / land grabbing). The cuts whose rarer half is in most documents come first.
 */
async function joinedWordSplits(vocabulary: Vocabulary, raw: string): Promise<string[][]> {
  if (raw.length < MIN_JOINED_LENGTH || raw.length > MAX_FUZZY_LENGTH || !/^[a-z]+$/.test(raw)) return [];
  const cuts: string[][] = [];
  for (let i = MIN_JOINED_PART; i <= raw.length - MIN_JOINED_PART; i++) cuts.push([foldWord(raw.slice(0, i)), foldWord(raw.slice(i))]);
  const known = await vocabulary.lookup([...new Set(cuts.flat())].filter(isVocabularyTerm));
  return cuts
    .filter((halves) => halves.every((h) => known.has(h)))
    .map((halves) => ({ halves, docs: Math.min(...halves.map((h) => known.get(h)!)) }))
    .sort((a, b) => b.docs - a.docs)
    .slice(0, MAX_JOINED_SPLITS)
    .map((c) => c.halves);
}

/**
 * Documents found through spelling variants are not counted when the vocabulary says one of the
 * stems alone is in more than this many (the count stops at MAX_COUNTED_RESULTS, 1,000, in
 * search.match.repository.ts): only then are the stems' own counts looked up.
 */
const VARIANT_COUNT_WORTH_LOOKING_UP = 1_000;

/**
 * A Khmer word the index never saw as a whole, rewritten as the fewest indexed words that
 * spell it in sequence (the segmenter may have split the document's text differently).
 */
async function splitIntoIndexedWords(vocabulary: Vocabulary, token: string): Promise<string[] | undefined> {
  const cuts = khmerClusterBoundaries(token);
  if (cuts.length - 1 < 2 || cuts.length - 1 > MAX_CLUSTERS_TO_SPLIT) return undefined;
  const candidates: string[] = [];
  for (let a = 0; a < cuts.length; a++) {
    for (let b = a + 1; b < cuts.length; b++) if (b - a < cuts.length - 1) candidates.push(token.slice(cuts[a], cuts[b]));
  }
  const known = await vocabulary.lookup(candidates);
  // Fewest pieces to reach each cut, and the piece that got there.
  const best: Array<{ pieces: number; from: number } | undefined> = [{ pieces: 0, from: -1 }];
  for (let b = 1; b < cuts.length; b++) {
    for (let a = 0; a < b; a++) {
      const before = best[a];
      if (!before || !known.has(token.slice(cuts[a], cuts[b]))) continue;
      if (!best[b] || before.pieces + 1 < best[b]!.pieces) best[b] = { pieces: before.pieces + 1, from: a };
    }
  }
  if (!best[cuts.length - 1]) return undefined;
  const pieces: string[] = [];
  for (let b = cuts.length - 1; b > 0; b = best[b]!.from) pieces.unshift(token.slice(cuts[best[b]!.from], cuts[b]));
  return pieces;
}

/** Indexed Khmer words holding the word whole, cluster-aligned: សិទ្ធិ finds សិទ្ធិមនុស្ស. */
async function khmerCompounds(vocabulary: Vocabulary, token: string, docCount: number): Promise<string[]> {
  if (khmerClusterBoundaries(token).length - 1 < 2 || docCount >= MAX_DOCS_FOR_COMPOUNDS) return [];
  const found = await vocabulary.khmerContaining(token);
  const out: string[] = [];
  let docs = 0;
  for (const f of found) {
    if (f.term === token || !containsKhmerWordPart(f.term, token)) continue;
    if (out.length === MAX_KHMER_COMPOUNDS || docs + f.docCount > MAX_COMPOUND_DOCS) break;
    out.push(f.term);
    docs += f.docCount;
  }
  return out;
}

/** Fuzzy syllable matching applies to unknown Khmer words of at least this many syllables. */
const MIN_FUZZY_SYLLABLES = 3;
/** Fuzzy alternatives per word, shared out among the syllables respelt. */
const MAX_FUZZY_ALTERNATIVES = 24;
/** Respellings weighed (read as words) before the best MAX_FUZZY_ALTERNATIVES are kept. */
const MAX_FUZZY_CANDIDATES = 64;
const KHMER_CONSONANTS = Array.from({ length: 0x17a3 - 0x1780 }, (_, i) => String.fromCharCode(0x1780 + i));
const KHMER_MARK_CHARS = /[\u17B6-\u17D1\u17D3\u17DD]/g;
const KHMER_SIGN_CHARS = /[\u17C6-\u17D1\u17D3\u17DD]/g;
const KHMER_MARKS = [...'\u17B6\u17B7\u17B8\u17B9\u17BA\u17BB\u17BC\u17BD\u17BE\u17BF\u17C0\u17C1\u17C2\u17C3\u17C4\u17C5\u17C6\u17C7\u17C8\u17C9\u17CA\u17CB\u17CD\u17D0'];
const isKhmerConsonant = (c: string) => c >= '\u1780' && c <= '\u17A2';

/**
 * Spellings one edit from a syllable: a mark left out, one letter or mark replaced by another
 * of its kind, a mark added at the end, or a subscript consonant left out or added (a doubled
 * letter written once or twice: ប័ណ / ប័ណ្ណ, មេគង / មេគង្គ). The syllable's base is never dropped.
 */
function syllableEdits(syllable: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < syllable.length; i++) {
    const c = syllable[i]!;
    const head = syllable.slice(0, i);
    const tail = syllable.slice(i + 1);
    const isConsonant = isKhmerConsonant(c);
    if (i > 0 && !(isConsonant && syllable[i - 1] === '\u17D2')) out.add(head + tail);
    if (i > 0 && c === '\u17D2') out.add(head + syllable.slice(i + 2));
    for (const r of isConsonant ? KHMER_CONSONANTS : KHMER_MARKS.includes(c) ? KHMER_MARKS : []) out.add(head + r + tail);
  }
  for (const m of KHMER_MARKS) out.add(syllable + m);
  // A subscript goes after the base and any subscripts it has (the order normalisation keeps).
  let at = 1;
  while (syllable[at] === '\u17D2' && isKhmerConsonant(syllable[at + 1] ?? '')) at += 2;
  for (const c of KHMER_CONSONANTS) out.add(syllable.slice(0, at) + '\u17D2' + c + syllable.slice(at));
  out.delete(syllable);
  return out;
}

/**
 * How likely an edit of a syllable is as a variant spelling: a sign added or left out (៍ ់ ៈ ំ)
 * first, then a changed vowel or a subscript added or left out, then a changed letter.
 */
function kindOfEdit(edit: string, syllable: string): number {
  const letters = (s: string) => s.replace(KHMER_MARK_CHARS, '');
  if (letters(edit) === letters(syllable)) return edit.replace(KHMER_SIGN_CHARS, '') === syllable.replace(KHMER_SIGN_CHARS, '') ? 0 : 1;
  const bases = (s: string) => letters(s).replace(/\u17D2./g, '');
  return bases(edit) === bases(syllable) ? 1 : 2;
}

/**
 * An unknown Khmer word of three syllables or more, matched with one syllable spelt one edit
 * differently, as the syllables the index holds: a variant spelling or a typo in a long word
 * (a place name, a loanword). When one of its syllables is not in the index at all, only that
 * one is respelt. The likeliest kinds of edit are tried first whichever syllable they touch;
 * within a kind, each syllable takes its turn, its commoner respellings first; and before all
 * of them, respellings the word segmenter reads as words the index holds (ក្រុមហ៊ុនអំពោ
 * respelt ក្រុមហ៊ុន|អំពៅ), fewest unknown words first.
 */
async function fuzzySyllables(vocabulary: Vocabulary, syllables: string[], knownSyllables: Map<string, number>): Promise<string[][]> {
  if (syllables.length < MIN_FUZZY_SYLLABLES) return [];
  const unknown = syllables.flatMap((s, i) => (knownSyllables.has(s) ? [] : [i]));
  if (unknown.length > 1) return [];
  const positions = unknown.length ? unknown : syllables.map((_, i) => i);
  const editsAt = positions.map((i) => [...syllableEdits(syllables[i]!.slice(SYLLABLE_MARK.length))].map((e) => SYLLABLE_MARK + e));
  const found = await vocabulary.lookup(editsAt.flat());
  const candidates = positions.flatMap((i, k) => {
    const turns = [0, 0, 0];
    return editsAt[k]!
      .filter((e) => found.has(e))
      .sort((a, b) => found.get(b)! - found.get(a)!)
      .map((edit) => {
        const kind = kindOfEdit(edit, syllables[i]!);
        return { i, edit, kind, turn: turns[kind]!++ };
      });
  });
  candidates.sort((a, b) => a.kind - b.kind || a.turn - b.turn);
  const docCounts = new Map([...knownSyllables, ...found]);
  const selective = candidates
    .slice(0, MAX_FUZZY_CANDIDATES)
    .map(({ i, edit }) => syllables.map((s, j) => (j === i ? edit : s)))
    .filter((respelt) => isSelective(respelt, docCounts));
  // Respellings whose text the segmenter reads as words the index holds come first: the
  // syllables alone say nothing of their neighbours, the words do.
  const wordsOf = selective.map((respelt) => segmentWords(respelt.map((s) => s.slice(SYLLABLE_MARK.length)).join('')).map((w) => foldWord(w.text)));
  const indexed = await vocabulary.lookup([...new Set(wordsOf.flat())]);
  const unknownWords = wordsOf.map((words) => words.filter((w) => !indexed.has(w)).length);
  return selective
    .map((respelt, n) => ({ respelt, n }))
    .sort((a, b) => unknownWords[a.n]! - unknownWords[b.n]! || a.n - b.n)
    .slice(0, MAX_FUZZY_ALTERNATIVES)
    .map((c) => c.respelt);
}

/** Respellings kept for an unknown Khmer word of two written syllables. */
const MAX_SHORT_RESPELLINGS = 2;
/**
 * Vowels typed for one another in short words: a short vowel and its long partner (ិ ី, ឹ ឺ,
 * ុ ូ), and the pairs drawn alike but for one stroke (េ ែ, ោ ៅ).
 */
const CONFUSED_VOWELS = new Map(['\u17B7\u17B8', '\u17B9\u17BA', '\u17BB\u17BC', '\u17C1\u17C2', '\u17C4\u17C5'].flatMap(([a, b]) => [[a!, b!], [b!, a!]]));
/** Signs that do not change the letters read, and are often left out or added: ់ ៍ ៈ ័. */
const OPTIONAL_SIGNS = ['\u17CB', '\u17CD', '\u17C8', '\u17D0'];

/** A syllable with one vowel swapped for its partner, or one optional sign left out or added. */
function confusedSpellings(syllable: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < syllable.length; i++) {
    const c = syllable[i]!;
    const partner = CONFUSED_VOWELS.get(c);
    if (partner) out.push(syllable.slice(0, i) + partner + syllable.slice(i + 1));
    if (OPTIONAL_SIGNS.includes(c)) out.push(syllable.slice(0, i) + syllable.slice(i + 1));
  }
  for (const sign of OPTIONAL_SIGNS) if (!syllable.includes(sign)) out.push(syllable + sign);
  return out;
}

/**
 * True when the word segmenter reads the text as one word. A weak sign that its dictionary holds
 * the word (it also leaves some unknown short runs whole), used only together with the index.
 */
const isOneSegment = (text: string) => segmentWords(text).length === 1;

/**
 * An unknown Khmer word of two written syllables (ក្រ|ចែះ), respelt with one vowel swapped for
 * the one it is typed for (CONFUSED_VOWELS) or one optional sign left out or added, its
 * consonants untouched. Short words are too near one another for the fuzzy syllables of longer
 * words: any other edit (a consonant, a subscript, another vowel) reaches another real word
 * nearly every time (ភូមា "Burma" is one vowel from ភូមិ "village"). So a respelling counts only
 * when it is a word: a word of the index, found as itself, or a run the word segmenter reads as
 * one word whose syllables the index holds, found through its syllables (the documents may have
 * it glued to its neighbours: ខេត្តក្រចេះ). The commonest respellings are kept. Returns the
 * alternatives to search, each with its spelling, for highlighting and "did you mean".
 */
async function shortWordRespellings(vocabulary: Vocabulary, token: string, syllables: string[]): Promise<Array<{ spelt: string; words: string[] }>> {
  if (syllables.length !== 2) return [];
  const [first, second] = syllables.map((s) => s.slice(SYLLABLE_MARK.length)) as [string, string];
  const candidates = [...new Set([...confusedSpellings(first).map((s) => s + second), ...confusedSpellings(second).map((s) => first + s)].map((c) => foldWord(c)))];
  const words = candidates.filter((c) => c !== token);
  const syllablesOf = new Map(words.map((w) => [w, syllablesOfWord(w)]));
  const found = await vocabulary.lookup([...words, ...[...syllablesOf.values()].flat()]);
  const out: Array<{ spelt: string; words: string[]; docCount: number }> = [];
  for (const word of words) {
    const indexed = found.get(word);
    const its = syllablesOf.get(word)!;
    if (indexed !== undefined) out.push({ spelt: word, words: [word], docCount: indexed });
    else if (isOneSegment(word) && isSelective(its, found)) out.push({ spelt: word, words: syllablePairs(its), docCount: Math.min(...its.map((s) => found.get(s)!)) });
  }
  return out
    .sort((a, b) => b.docCount - a.docCount || (a.spelt < b.spelt ? -1 : 1))
    .slice(0, MAX_SHORT_RESPELLINGS)
    .map(({ spelt, words: w }) => ({ spelt, words: w }));
}

/** Equivalent spellings kept for an unknown Khmer word. */
const MAX_EQUIVALENT_SPELLINGS = 4;

/**
 * An unknown Khmer word in the spellings read the same as it (search.khmer-spellings.ts), each
 * kept when it is a word of the index (searched as that word) or, for a word of more than one
 * spoken syllable, when its syllables are all in the index with one of them in at most 1,000
 * documents (searched through them: the documents may have it glued to its neighbours, or the
 * segmenter may cut it: ធា|រ៉ា). A word of one spoken syllable counts only as an indexed word,
 * as everywhere else. Commonest first.
 */
async function equivalentSpellingAlternatives(vocabulary: Vocabulary, token: string, oneSpokenSyllable: boolean): Promise<Array<{ spelt: string; words: string[] }>> {
  const spellings = equivalentKhmerSpellings(token);
  if (spellings.length === 0) return [];
  const syllablesOf = new Map(spellings.map((w) => [w, syllablesOfWord(w)]));
  const found = await vocabulary.lookup([...spellings, ...(oneSpokenSyllable ? [] : [...syllablesOf.values()].flat())]);
  const out: Array<{ spelt: string; words: string[]; docCount: number }> = [];
  for (const spelt of spellings) {
    const indexed = found.get(spelt);
    const its = syllablesOf.get(spelt)!;
    if (indexed !== undefined) out.push({ spelt, words: [spelt], docCount: indexed });
    else if (!oneSpokenSyllable && its.length >= 2 && isSelective(its, found)) out.push({ spelt, words: syllablePairs(its), docCount: Math.min(...its.map((s) => found.get(s)!)) });
  }
  return out
    .sort((a, b) => b.docCount - a.docCount || (a.spelt < b.spelt ? -1 : 1))
    .slice(0, MAX_EQUIVALENT_SPELLINGS)
    .map(({ spelt, words }) => ({ spelt, words }));
}

/**
 * Numbers and function words do not count among a query's words when it falls back (a year
 * alone would bring every document of that year); they are still searched as words.
 */
function isMeaningful(part: QueryPart): boolean {
  return part.kind === 'phrase' || (!/^\d+$/.test(part.token) && !isFunctionWord(part.token));
}

/** A dependent vowel, or samyok sannya ័, which a final consonant closes into one syllable as well (ទ័រ, ជ័យ). */
const DEPENDENT_VOWEL = /[\u17B6-\u17C5\u17D0]/;
/** A consonant alone, or with a sign a final consonant takes (bantoc ់, toandakhiat ៍). */
const FINAL_CONSONANT = /^[\u1780-\u17A2][\u17CB\u17CD]?$/;

/**
 * True for a word of one spoken syllable, from its written syllables (marked): one written
 * syllable, or a syllable with a dependent vowel or ័ closed by a final consonant (វែ|ង, អូ|រ, ចា|ន់, ទ័|រ).
 */
export function isOneSpokenSyllable(syllables: readonly string[]): boolean {
  if (syllables.length === 1) return true;
  if (syllables.length !== 2) return false;
  const [first, second] = syllables.map((s) => s.slice(SYLLABLE_MARK.length)) as [string, string];
  return DEPENDENT_VOWEL.test(first) && FINAL_CONSONANT.test(second);
}

/**
 * The alternatives of one Khmer word: itself, longer words, its pieces, its syllables, near
 * spellings. `indexedSplit` says that it is spelt by indexed words in sequence, so that its
 * exact alternatives can match although the word itself is in no document.
 */
async function khmerAlternatives(
  vocabulary: Vocabulary,
  { token, pieces }: { token: string; pieces?: string[] | undefined },
  docCount: number | undefined,
  highlight: Highlight,
): Promise<{ alternatives: Alternative[]; respellings?: string[] | undefined; indexedSplit?: boolean }> {
  const alternatives: Alternative[] = [{ words: [token], exact: true }];
  if (pieces) alternatives.push({ words: pieces, exact: true });
  const syllables = syllablesOfWord(token);
  const respellings: string[] = [];
  const oneSpokenSyllable = isOneSpokenSyllable(syllables);
  if (docCount === undefined) {
    for (const { spelt, words } of await equivalentSpellingAlternatives(vocabulary, token, oneSpokenSyllable)) {
      alternatives.push({ words, exact: false });
      highlight.khmer.push(spelt);
      respellings.push(spelt);
    }
  }
  // A word of one spoken syllable that no document has on its own is only a piece of longer
  // words there (វែង in a place name ព្រៃវែង): looking for it inside them finds names, not it.
  if (docCount === undefined && !pieces && oneSpokenSyllable) return { alternatives, respellings };
  for (const compound of await khmerCompounds(vocabulary, token, docCount ?? 0)) alternatives.push({ words: [compound], exact: false });
  let indexedSplit = false;
  if (docCount === undefined) {
    const indexed = await splitIntoIndexedWords(vocabulary, token);
    if (indexed && indexed.length > 1 && indexed.join(' ') !== pieces?.join(' ')) alternatives.push({ words: indexed, exact: true });
    indexedSplit = indexed !== undefined && indexed.length > 1;
  }
  // One syllable is too short to stand for a word inside others (ដី would be found in every ដីធ្លី).
  if (syllables.length < 2 || (docCount ?? 0) >= MAX_DOCS_FOR_COMPOUNDS) return { alternatives, respellings, indexedSplit };
  const knownSyllables = await vocabulary.lookup(syllables);
  if (isSelective(syllables, knownSyllables)) alternatives.push({ words: syllablePairs(syllables), exact: false });
  if (docCount === undefined) {
    for (const { spelt, words } of await shortWordRespellings(vocabulary, token, syllables)) {
      alternatives.push({ words, exact: false });
      highlight.khmer.push(spelt);
      respellings.push(spelt);
    }
    for (const near of await fuzzySyllables(vocabulary, syllables, knownSyllables)) {
      alternatives.push({ words: syllablePairs(near), exact: false });
      const spelt = near.map((s) => s.slice(SYLLABLE_MARK.length)).join('');
      highlight.khmer.push(spelt);
      respellings.push(spelt);
    }
  }
  return { alternatives, respellings, indexedSplit };
}

/** Turns the parsed query into groups of alternatives, consulting the index vocabulary. */
export async function planQuery(parsed: ParsedQuery, vocabulary: Vocabulary): Promise<QueryPlan> {
  const words = parsed.parts.flatMap((p) => (p.kind === 'word' ? [p.token, ...(p.pieces ?? [])] : p.tokens));
  const known = await vocabulary.lookup(words.filter(isVocabularyTerm));
  const isKnown = (w: string) => known.has(w) || !isVocabularyTerm(w);
  const highlight: Highlight = { words: new Set(), khmer: [] };
  let suggested = false;
  /** For each query word: the spellings to suggest for it, the first one the results hold. */
  const suggestionWords: string[][] = [];
  const groups = await Promise.all(
    parsed.parts.map(async (part, index): Promise<QueryGroup> => {
      const meaningful = isMeaningful(part);
      if (part.kind === 'phrase') {
        for (const t of part.tokens) highlight.words.add(t);
        return { alternatives: [{ words: part.tokens, exact: true }], meaningful, known: part.tokens.every(isKnown) };
      }
      const { token, raw, typed } = part;
      suggestionWords[index] = [typed];
      highlight.words.add(token);
      if (isKhmerWord(token)) {
        if (khmerSyllables(token).length >= 2) highlight.khmer.push(typed);
        const { alternatives, respellings, indexedSplit } = await khmerAlternatives(vocabulary, part, known.get(token), highlight);
        if (respellings?.length) {
          suggestionWords[index] = respellings;
          suggested = true;
        }
        return {
          alternatives,
          meaningful,
          khmer: true,
          known: known.has(token) || indexedSplit === true || alternatives.some((a) => a.exact && a.words.length > 1 && a.words.every(isKnown)),
          documents: known.get(token),
        };
      }
      const alternatives: Alternative[] = [{ words: [token], exact: true }];
      const pieces = part.pieces?.filter(isVocabularyTerm);
      const piecesKnown = pieces !== undefined && pieces.length > 0 && pieces.every((w) => known.has(w));
      if (part.pieces) {
        alternatives.push({ words: part.pieces, exact: true });
        for (const w of part.pieces) highlight.words.add(w);
      }
      let alternativeDocuments: number | undefined;
      if (isLatinTerm(token) && !known.has(token) && !piecesKnown) {
        const { stems, best, surfaceDocuments } = await spellingVariants(vocabulary, token, raw);
        for (const stem of stems) {
          alternatives.push({ words: [stem], exact: false });
          highlight.words.add(stem);
        }
        for (const halves of await joinedWordSplits(vocabulary, raw)) {
          alternatives.push({ words: halves, exact: false });
          for (const h of halves) highlight.words.add(h);
        }
        if (best) {
          suggestionWords[index] = [best];
          suggested = true;
        }
        // A stem is in at least the documents of any surface word folding to it; the vocabulary's
        // count of the stem itself is what is relied on.
        if (parsed.parts.length === 1 && (surfaceDocuments ?? 0) >= VARIANT_COUNT_WORTH_LOOKING_UP) {
          const counts = await vocabulary.lookup(stems);
          alternativeDocuments = Math.max(0, ...counts.values());
        }
      }
      return { alternatives, meaningful, known: isKnown(token) || piecesKnown, documents: known.get(token), ...(alternativeDocuments ? { alternativeDocuments } : {}) };
    }),
  );
  const plan: QueryPlan = { groups, highlight };
  if (suggested) {
    plan.suggestion = (found) => {
      let changed = false;
      const words = parsed.parts.map((p, i) => {
        if (p.kind === 'phrase') return `"${p.tokens.join(' ')}"`;
        const spellings = suggestionWords[i]!;
        // An English correction is an indexed word as written. A Khmer respelling only counts
        // when a result shows it (the others were ways to look, not words of the site), and
        // none does when the results show the word as typed.
        const word = isKhmerWord(spellings[0]!) ? [p.typed, ...spellings].find(found) : spellings[0];
        if (word === undefined || word === p.typed) return p.typed;
        changed = true;
        return word;
      });
      return changed ? words.join(' ') : undefined;
    };
  }
  return plan;
}

/**
 * How many documents the query matches at least, from the vocabulary alone: a query of one
 * word matches every document holding it, or holding one of its spelling variants (scheduled
 * ones still to be left out). Zero when the vocabulary cannot tell.
 */
export function matchesAtLeast(plan: QueryPlan): number {
  const group = plan.groups.length === 1 ? plan.groups[0]! : undefined;
  return group ? Math.max(group.documents ?? 0, group.alternativeDocuments ?? 0) : 0;
}

/** Documents with every group, through the query's own words only (the first tiers). */
export function exactExpression(plan: QueryPlan): MatchExpression {
  return [plan.groups.map((g) => g.alternatives.filter((a) => a.exact).map((a) => a.words))];
}

/**
 * Whether the query's own words can match a document: every group's exact alternatives are in
 * the vocabulary (QueryGroup.known). When some are not (a misspelt word), no document matches
 * exactExpression, and the loose alternatives alone are the first tiers.
 */
export function exactCanMatch(plan: QueryPlan): boolean {
  return plan.groups.every((g) => g.known);
}

/** Documents with every group, through any alternative. */
export function fullExpression(plan: QueryPlan): MatchExpression {
  return [plan.groups.map((g) => g.alternatives.map((a) => a.words))];
}

/** True when the plan has loose alternatives, which rank in tiers of their own. */
export function hasLooseAlternatives(plan: QueryPlan): boolean {
  return plan.groups.some((g) => g.alternatives.some((a) => !a.exact));
}

/** Meaningful words counted at most, when a query falls back to most of them (subsets grow fast). */
const MAX_FALLBACK_GROUPS = 6;

/**
 * When no document has every word: documents with most of the meaningful words (more than
 * half), each through its own exact form. Numbers, function words, and the spelling or
 * compound alternatives of a word do not count, so one common word, a year or a short word
 * inside a longer one no longer brings results on its own. Undefined when not enough of the
 * words are in the index for any document to qualify.
 */
export function mostWordsExpression(plan: QueryPlan): MatchExpression | undefined {
  const meaningful = plan.groups.filter((g) => g.meaningful);
  if (meaningful.length < 2) return undefined;
  const need = Math.floor(meaningful.length / 2) + 1;
  const candidates = meaningful.filter((g) => g.known).slice(0, MAX_FALLBACK_GROUPS);
  if (candidates.length < need) return undefined;
  const exact = (g: QueryGroup) => g.alternatives.filter((a) => a.exact).map((a) => a.words);
  const clauses: MatchExpression = [];
  const choose = (from: number, chosen: QueryGroup[]) => {
    if (chosen.length === need) return void clauses.push(chosen.map(exact));
    for (let i = from; i <= candidates.length - (need - chosen.length); i++) choose(i + 1, [...chosen, candidates[i]!]);
  };
  choose(0, []);
  clauses.push(...scriptClauses(meaningful));
  return clauses;
}

/**
 * A query that mixes Khmer and Latin words (CCHR របាយការណ៍, TikTok ញុះញង់) may be one reader's
 * words for a single item whose Khmer text writes the name in Khmer or leaves the acronym out,
 * and whose English text has the name but no Khmer: documents with all of its Khmer words, or
 * all of its Latin words, each through their own exact forms. Only when every meaningful word
 * is in the index, so that a word the site lacks is never what is dropped.
 */
function scriptClauses(meaningful: readonly QueryGroup[]): MatchExpression {
  if (!meaningful.every((g) => g.known)) return [];
  const khmer = meaningful.filter((g) => g.khmer);
  const other = meaningful.filter((g) => !g.khmer);
  if (khmer.length === 0 || other.length === 0) return [];
  const exact = (g: QueryGroup) => g.alternatives.filter((a) => a.exact).map((a) => a.words);
  return [khmer.map(exact), other.map(exact)];
}

const ftsString = (words: string[]) => `"${words.join(' ').replace(/"/g, '""')}"`;

/** An alternative of syllable pairs, asked of the syllable columns; any other, of the word columns. */
export const isSyllableAlternative = (words: readonly string[]) => words.length > 0 && isSyllableTerm(words[0]!);

/** The FTS5 columns an expression's words and syllable pairs are looked for in (a column filter each). */
export interface Fts5Columns {
  words: string;
  syllables: string;
}

/**
 * An FTS5 MATCH expression: any clause; in a clause every group, each any of its alternatives,
 * each alternative confined to the columns of its kind.
 */
export function toFts5Query(expression: MatchExpression, columns: Fts5Columns): string {
  const alternative = (words: string[]) => `${isSyllableAlternative(words) ? columns.syllables : columns.words} : ${ftsString(words)}`;
  const clause = (groups: string[][][]) => groups.map((g) => `(${g.map(alternative).join(' OR ')})`).join(' AND ');
  return expression.length === 1 ? clause(expression[0]!) : expression.map((c) => `(${clause(c)})`).join(' OR ');
}

export const tsLexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * A PostgreSQL tsquery of a list of alternatives (phrases with the followed-by operator), its
 * lexemes restricted to a weight when one is given (A: the title's syllables).
 */
export function alternativesTsQuery(alternatives: readonly string[][], weight = ''): string {
  const lexeme = (w: string) => tsLexeme(w) + (weight ? `:${weight}` : '');
  const alternative = (words: string[]) => (words.length === 1 ? lexeme(words[0]!) : `(${words.map(lexeme).join(' <-> ')})`);
  return alternatives.map(alternative).join(' | ');
}

/** The same as a PostgreSQL tsquery of the word columns (an expression without syllable pairs). */
export function toTsQuery(expression: MatchExpression): string {
  const clause = (groups: string[][][]) => groups.map((g) => `(${alternativesTsQuery(g)})`).join(' & ');
  return expression.length === 1 ? clause(expression[0]!) : expression.map((c) => `(${clause(c)})`).join(' | ');
}
