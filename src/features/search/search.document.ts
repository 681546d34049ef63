import { normalizeSearchText, truncateGraphemes } from '../../i18n/khmer.js';
import { isVocabularyTerm, surfaceTerms, syllablePairTokens, syllableRuns, tokenizeNormalized } from './search.text.js';
import type { SourceDocument } from './search-source.js';
import { pgTagLexeme } from './search.tables.js';

/** Body text indexed per document; the rest of a very long report is left out. */
export const MAX_INDEXED_BODY_CHARS = 500_000;
/** PostgreSQL keeps word positions up to this value, and at most this many per word. */
const PG_MAX_POSITION = 16_383;
const PG_MAX_POSITIONS_PER_WORD = 256;
/**
 * PostgreSQL refuses a tsvector literal whose words come to 1 MB, counting every time a word is
 * written ("string is too long for tsvector"), before it merges repeats.
 */
const PG_MAX_VECTOR_WORD_BYTES = 1 << 20;

/** A document as stored in `search_documents`. */
export interface IndexRow {
  type: string;
  itemId: number;
  locale: string;
  title: string;
  path: string;
  publishedAt: string;
  itemDate: string;
  year: number;
  titleTokens: string;
  bodyTokens: string;
  /** Pairs of neighbouring Khmer syllables, space-separated (see syllablePairTokens). */
  titleSyllables: string;
  bodySyllables: string;
  bodyText: string;
  /**
   * Its distinct vocabulary words (see documentTerms), gathered while the words are made:
   * counting them again from the joined columns costs as much as preparing the document.
   */
  terms: string[];
}

/**
 * PostgreSQL: the tsvector literals of a prepared document (see pgVectorLiterals), made where it
 * was prepared, so that a rebuild's preparation threads hand the writing thread finished text.
 */
export interface PgVectorLiterals {
  /** search_documents.vector: title words A, body words B, filter tags D. */
  vector: string;
  /** search_documents.title_vector and search_titles.vector: the title's words, no weight. */
  titleVector: string;
  /** search_documents.syllable_vector: title pairs A, body pairs B, filter tags D. */
  syllableVector: string;
  /** search_titles.syllables: the title's pairs, weight A. */
  titleSyllables: string;
}

/** A prepared document as a rebuild writes it: its vocabulary counted apart, its PostgreSQL literals made. */
export type PreparedRow = Omit<IndexRow, 'terms'> & { pg?: PgVectorLiterals };

/** The PostgreSQL filter tags of a document: its type, year and language, as words of weight D. */
export const pgTagsOf = (row: Pick<IndexRow, 'type' | 'year' | 'locale'>) =>
  [pgTagLexeme('type', row.type), pgTagLexeme('year', row.year), pgTagLexeme('lang', row.locale)].join(' ');

/** The four tsvector literals PostgreSQL stores for a prepared document. */
export function pgVectorLiterals(row: Omit<IndexRow, 'terms'>): PgVectorLiterals {
  const tags = pgTagsOf(row);
  return {
    vector: tsvectorLiteral([
      { tokens: row.titleTokens, weight: 'A' },
      { tokens: row.bodyTokens, weight: 'B' },
      { tokens: tags, weight: 'D' },
    ]),
    titleVector: tsvectorLiteral([{ tokens: row.titleTokens }]),
    syllableVector: tsvectorLiteral([
      { tokens: row.titleSyllables, weight: 'A' },
      { tokens: row.bodySyllables, weight: 'B' },
      // The filter tags too, so that a search through syllables is narrowed by its own index scan.
      { tokens: tags, weight: 'D' },
    ]),
    titleSyllables: tsvectorLiteral([{ tokens: row.titleSyllables, weight: 'A' }]),
  };
}

/** A text's index words (search.text.ts), its distinct vocabulary words added to `terms`. */
function indexWords(text: string, terms: Set<string>): string {
  const words = tokenizeNormalized(text);
  for (const word of new Set(words)) if (isVocabularyTerm(word)) terms.add(word);
  return words.join(' ');
}

/**
 * A text's syllable index words: pairs of neighbouring syllables (search.syllables.ts), kept in
 * columns of their own so that the word columns, which ranking reads, stay small. The single
 * syllables go to the vocabulary only: the planner asks how common each one is.
 */
function indexSyllables(text: string, terms: Set<string>): string {
  const runs = syllableRuns(text);
  for (const run of runs) for (const syllable of run) terms.add(syllable);
  return syllablePairTokens(runs).join(' ');
}

/** Splits a source document into index words; the stored texts are normalised the same way. */
export function prepareDocument(type: string, itemId: number, doc: SourceDocument): IndexRow {
  const title = normalizeSearchText(doc.title).replace(/\s+/g, ' ').trim();
  const body = truncateGraphemes(normalizeSearchText(doc.body.join(' ')).replace(/\s+/g, ' ').trim(), MAX_INDEXED_BODY_CHARS);
  const year = Number(doc.itemDate.slice(0, 4));
  const terms = new Set<string>();
  const titleTokens = indexWords(title, terms);
  const bodyTokens = indexWords(body, terms);
  const titleSyllables = indexSyllables(title, terms);
  const bodySyllables = indexSyllables(body, terms);
  surfaceTerms(title, terms);
  surfaceTerms(body, terms);
  return {
    type,
    itemId,
    locale: doc.locale,
    title,
    path: doc.path,
    publishedAt: doc.publishedAt,
    itemDate: doc.itemDate,
    year: Number.isInteger(year) ? year : Number(doc.publishedAt.slice(0, 4)),
    titleTokens,
    bodyTokens,
    titleSyllables,
    bodySyllables,
    bodyText: body,
    terms: [...terms],
  };
}

/** What the vocabulary is counted from: a document's index words and its texts. */
export type TermSource = Pick<IndexRow, 'title' | 'titleTokens' | 'bodyTokens' | 'bodyText'>;

/**
 * The distinct vocabulary words of a stored document: its index words (stems, Khmer words), the
 * syllables of its texts, and the surface forms of its Latin words, which typo tolerance
 * compares against. The same words prepareDocument gathers.
 */
export function documentTerms(row: TermSource): Set<string> {
  const terms = new Set<string>();
  for (const column of [row.titleTokens, row.bodyTokens]) {
    for (const term of column.split(' ')) if (term && isVocabularyTerm(term)) terms.add(term);
  }
  indexSyllables(row.title, terms);
  indexSyllables(row.bodyText, terms);
  surfaceTerms(row.title, terms);
  surfaceTerms(row.bodyText, terms);
  return terms;
}

/** Counts, over the given prepared documents, how many hold each vocabulary word. */
export function countTerms(rows: Iterable<Pick<IndexRow, 'terms'>>, into = new Map<string, number>()) {
  for (const row of rows) for (const term of row.terms) into.set(term, (into.get(term) ?? 0) + 1);
  return into;
}

/**
 * A tsvector literal, written here so that PostgreSQL's parser never re-splits the words:
 * each word with its position and a weight (A title, B body, D tags). Each part starts two
 * positions after the last, so no phrase runs from the title into the body.
 *
 * Every occurrence is written as it comes ('word':3B 'other':4B 'word':5B): PostgreSQL merges a
 * word's occurrences itself, in the order of their positions, keeping the first 256 and the
 * highest weight on a shared position, and sets positions past 16,383 on 16,383; the stored
 * vector is the same as when each word is written once with its list of positions. Grouping
 * the words here cost the client twice to three times as much (a bulk load writes five
 * vectors a document), and the server no more to read. Only a text whose words come to 1 MB
 * (a long Khmer report: three bytes a letter) is written grouped, since PostgreSQL counts each
 * repeat towards that limit.
 */
export function tsvectorLiteral(parts: VectorParts): string {
  let wordBytes = 0;
  for (const { tokens } of parts) wordBytes += Buffer.byteLength(tokens);
  return wordBytes < PG_MAX_VECTOR_WORD_BYTES ? occurrencesLiteral(parts) : groupedLiteral(parts);
}

type VectorParts = Array<{ tokens: string; weight?: 'A' | 'B' | 'D' }>;

function occurrencesLiteral(parts: VectorParts): string {
  let out = '';
  let position = -1;
  for (const { tokens, weight = '' } of parts) {
    position += 1;
    // Quotes and backslashes are rare in index words: the part is checked once, not each word.
    const escape = tokens.includes("'") || tokens.includes('\\');
    for (let start = 0; start < tokens.length; ) {
      const space = tokens.indexOf(' ', start);
      const end = space === -1 ? tokens.length : space;
      if (end > start) {
        position = Math.min(position + 1, PG_MAX_POSITION);
        const token = tokens.slice(start, end);
        out += `${out ? ' ' : ''}'${escape ? escapeLexeme(token) : token}':${position}${weight}`;
      }
      start = end + 1;
    }
  }
  return out;
}

/** Each word once with its positions (the first 256; past the last position, that one once). */
function groupedLiteral(parts: VectorParts): string {
  const positions = new Map<string, { list: string; count: number; last: number }>();
  let position = -1;
  for (const { tokens, weight = '' } of parts) {
    position += 1;
    for (const token of tokens.split(' ')) {
      if (!token) continue;
      position = Math.min(position + 1, PG_MAX_POSITION);
      const entry = positions.get(token);
      if (!entry) positions.set(token, { list: `${position}${weight}`, count: 1, last: position });
      else if (entry.count < PG_MAX_POSITIONS_PER_WORD && entry.last !== position) {
        entry.list += `,${position}${weight}`;
        entry.count += 1;
        entry.last = position;
      }
    }
  }
  let out = '';
  for (const [token, { list }] of positions) out += `${out ? ' ' : ''}'${escapeLexeme(token)}':${list}`;
  return out;
}

/** A word of a tsvector literal without its quotes: backslashes and quotes escaped. */
function escapeLexeme(token: string): string {
  return token.replace(/\\/g, '\\\\').replace(/'/g, "''");
}

/** The filter values of a document as index words, so SQLite can filter inside the full-text index. */
export function tagsOf(row: Pick<IndexRow, 'type' | 'year'>): string {
  return `${row.type} ${row.year}`;
}

