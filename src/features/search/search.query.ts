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
  /** Which of these words the index holds. */
  known(terms: readonly string[]): Promise<Set<string>>;
  /** Indexed Latin words of about this length sharing its first letter, with document counts. */
  latinNeighbours(term: string, minLength: number, maxLength: number): Promise<Array<{ term: string; docCount: number }>>;
  /** Indexed Latin words beginning with this prefix. */
  latinWithPrefix(prefix: string): Promise<Array<{ term: string; docCount: number }>>;
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

/** Damerau–Levenshtein distance (adjacent swaps count one), giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Edits tolerated in an English word of this length: none in short words, where any is a new word. */
function allowedEdits(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * Indexed English words a misspelt or unfinished word may have meant: within a small edit
 * distance of its stem, a stem the typed word starts with ("educat" → educ), or a word
 * that starts with what was typed ("defen" → defend). The most frequent few are kept.
 */
async function spellingVariants(vocabulary: Vocabulary, token: string, raw: string): Promise<string[]> {
  const edits = allowedEdits(token.length);
  const length = Math.max(token.length, raw.length);
  const [near, longer] = await Promise.all([
    vocabulary.latinNeighbours(token, Math.max(2, Math.min(token.length, raw.length) - 3), length + 2),
    token.length >= 4 ? vocabulary.latinWithPrefix(token) : Promise.resolve([]),
  ]);
  const scored: Array<{ term: string; score: number; docCount: number }> = [];
  for (const { term, docCount } of [...near, ...longer]) {
    if (term === token || !isLatinTerm(term)) continue;
    const distance = editDistance(token, term, edits);
    if (distance <= edits) scored.push({ term, score: distance, docCount });
    else if (term.length >= 4 && term.length >= raw.length - 3 && raw.startsWith(term)) scored.push({ term, score: 1, docCount });
    else if (token.length >= 4 && term.startsWith(token)) scored.push({ term, score: 2, docCount });
  }
  scored.sort((a, b) => a.score - b.score || b.docCount - a.docCount);
  return [...new Set(scored.map((s) => s.term))].slice(0, MAX_SPELLING_VARIANTS);
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
  const known = await vocabulary.known(candidates);
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
async function khmerCompounds(vocabulary: Vocabulary, token: string): Promise<string[]> {
  if (khmerClusterBoundaries(token).length - 1 < 2) return [];
  const found = await vocabulary.khmerContaining(token);
  return found
    .filter((f) => f.term !== token && containsKhmerWordPart(f.term, token))
    .slice(0, MAX_KHMER_COMPOUNDS)
    .map((f) => f.term);
}

/** Turns the parsed query into groups of alternatives, consulting the index vocabulary. */
export async function planQuery(parsed: ParsedQuery, vocabulary: Vocabulary): Promise<QueryPlan> {
  const words = parsed.parts.flatMap((p) => (p.kind === 'word' ? [p.token] : []));
  const known = await vocabulary.known(words.filter(isVocabularyTerm));
  const groups = await Promise.all(
    parsed.parts.map(async (part): Promise<QueryGroup> => {
      if (part.kind === 'phrase') return [part.tokens];
      const { token, raw } = part;
      const alternatives: QueryGroup = [[token]];
      if (isKhmerWord(token)) {
        for (const compound of await khmerCompounds(vocabulary, token)) alternatives.push([compound]);
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

const tsLexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The same as a PostgreSQL tsquery, phrases with the followed-by operator. */
export function toTsQuery(plan: QueryPlan): string {
  const alternative = (words: string[]) => (words.length === 1 ? tsLexeme(words[0]!) : `(${words.map(tsLexeme).join(' <-> ')})`);
  return plan.groups.map((g) => `(${g.map(alternative).join(' | ')})`).join(' & ');
}
