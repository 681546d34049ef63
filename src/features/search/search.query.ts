import {
  containsKhmerWordPart,
  isKhmerWord,
  khmerClusterBoundaries,
  normalizeSearchText,
  segmentWords,
  truncateGraphemes,
} from '../../i18n/khmer.js';
import { ENGLISH_STOPWORDS, foldWord, isLatinTerm, isVocabularyTerm } from './search.text.js';

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
  | { kind: 'word'; token: string; /** Folded but not stemmed: typo tolerance compares it. */ raw: string }
  | { kind: 'phrase'; tokens: string[] };

export interface ParsedQuery {
  /** The query as it will be echoed: normalised and cut to MAX_QUERY_CHARS. */
  text: string;
  /** True when the input was longer than MAX_QUERY_CHARS and only its start was kept. */
  shortened: boolean;
  parts: QueryPart[];
}

function wordsOf(text: string): Array<{ token: string; raw: string }> {
  return segmentWords(text)
    .map((w) => ({ token: foldWord(w.text), raw: foldWord(w.text, false) }))
    .filter((w) => w.token);
}

/** Splits a query into words and quoted phrases; common English words drop out. */
export function parseQuery(input: string): ParsedQuery {
  const full = normalizeSearchText(input.slice(0, MAX_INPUT_CHARS)).replace(/\s+/g, ' ').trim();
  const text = truncateGraphemes(full, MAX_QUERY_CHARS);
  const parts: QueryPart[] = [];
  const seen = new Set<string>();
  const addWord = (token: string, raw: string) => {
    if (seen.has(token)) return;
    seen.add(token);
    parts.push({ kind: 'word', token, raw });
  };
  // Quotes come in pairs; a lone quote is just a character.
  const pieces = text.split('"');
  const closed = pieces.length % 2 === 1 ? pieces.length : pieces.length - 1;
  for (let i = 0; i < pieces.length; i++) {
    const words = wordsOf(pieces[i]!);
    if (i % 2 === 1 && i < closed && words.length > 1) {
      const tokens = words.map((w) => w.token);
      const key = tokens.join(' ');
      if (!seen.has(key)) parts.push({ kind: 'phrase', tokens });
      seen.add(key);
    } else {
      for (const w of words) addWord(w.token, w.raw);
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
}

/** Words that match one part of the query: any alternative (a word, or words in sequence). */
export type QueryGroup = string[][];

export interface QueryPlan {
  groups: QueryGroup[];
  /** Every index word any alternative contains: these are highlighted in results. */
  highlight: Set<string>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Fuzzy matching stops at this length: longer "words" are not misspellings of anything. */
const MAX_FUZZY_LENGTH = 24;

/** Every string one edit away (delete, swap two neighbours, replace, insert a letter). */
function singleEdits(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return out;
}

/** Every string two deletions away: long words often lose two letters. */
function doubleDeletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    for (let j = i + 1; j < word.length; j++) out.add(word.slice(0, i) + word.slice(i + 1, j) + word.slice(j + 1));
  }
  return out;
}

/**
 * Indexed English words a misspelt or unfinished word may have meant: one edit from its stem
 * (two deletions in long words), a stem the typed word starts with ("educat" → educ), or a
 * word that starts with what was typed ("defen" → defend). The candidates are generated here
 * and looked up by key, so the cost does not grow with the vocabulary. The most frequent few
 * are kept.
 */
async function spellingVariants(vocabulary: Vocabulary, token: string, raw: string): Promise<string[]> {
  if (token.length < 4 || token.length > MAX_FUZZY_LENGTH) return [];
  const scoreOf = new Map<string, number>();
  for (const t of singleEdits(token)) scoreOf.set(t, 1);
  if (token.length >= 8) for (const t of doubleDeletions(token)) if (!scoreOf.has(t)) scoreOf.set(t, 2);
  for (let n = Math.max(4, raw.length - 3); n < raw.length; n++) if (!scoreOf.has(raw.slice(0, n))) scoreOf.set(raw.slice(0, n), 1);
  const [found, longer] = await Promise.all([vocabulary.lookup([...scoreOf.keys()]), vocabulary.withPrefix(token)]);
  const scored = [...found].map(([term, docCount]) => ({ term, docCount, score: scoreOf.get(term)! }));
  for (const { term, docCount } of longer) if (!found.has(term) && isLatinTerm(term)) scored.push({ term, docCount, score: 2 });
  scored.sort((a, b) => a.score - b.score || b.docCount - a.docCount);
  return scored.map((s) => s.term).filter((t) => t !== token && isLatinTerm(t)).slice(0, MAX_SPELLING_VARIANTS);
}

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

/** Turns the parsed query into groups of alternatives, consulting the index vocabulary. */
export async function planQuery(parsed: ParsedQuery, vocabulary: Vocabulary): Promise<QueryPlan> {
  const words = parsed.parts.flatMap((p) => (p.kind === 'word' ? [p.token] : []));
  const known = await vocabulary.lookup(words.filter(isVocabularyTerm));
  const groups = await Promise.all(
    parsed.parts.map(async (part): Promise<QueryGroup> => {
      if (part.kind === 'phrase') return [part.tokens];
      const { token, raw } = part;
      const alternatives: QueryGroup = [[token]];
      if (isKhmerWord(token)) {
        for (const compound of await khmerCompounds(vocabulary, token, known.get(token) ?? 0)) alternatives.push([compound]);
        if (!known.has(token)) {
          const pieces = await splitIntoIndexedWords(vocabulary, token);
          if (pieces && pieces.length > 1) alternatives.push(pieces);
        }
      } else if (isLatinTerm(token) && !known.has(token)) {
        for (const variant of await spellingVariants(vocabulary, token, raw)) alternatives.push([variant]);
      }
      return alternatives;
    }),
  );
  return { groups, highlight: new Set(groups.flat(2)) };
}

/** The same plan with every alternative of every group accepted on its own. */
export function anyOfPlan(plan: QueryPlan): QueryPlan {
  return { groups: [plan.groups.flat()], highlight: plan.highlight };
}

const ftsString = (words: string[]) => `"${words.join(' ').replace(/"/g, '""')}"`;

/** An FTS5 MATCH expression: every group, each any of its alternatives, phrases in order. */
export function toFts5Query(plan: QueryPlan): string {
  return plan.groups.map((g) => `(${g.map(ftsString).join(' OR ')})`).join(' AND ');
}

export const tsLexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The same as a PostgreSQL tsquery, phrases with the followed-by operator. */
export function toTsQuery(plan: QueryPlan): string {
  const alternative = (words: string[]) => (words.length === 1 ? tsLexeme(words[0]!) : `(${words.map(tsLexeme).join(' <-> ')})`);
  return plan.groups.map((g) => `(${g.map(alternative).join(' | ')})`).join(' & ');
}
