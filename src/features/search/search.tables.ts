import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import { engineOfDb, type Engine } from '../../db/connection.js';
import type { Database, Db, DbOrTx } from '../../db/database.js';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';

/** One public item in one language, as search sees it: what ranking and result lists read. */
export interface SearchDocumentTable {
  id: Generated<number>;
  /** A registered content type: `publication`, `news`, … (see search.sources.ts). */
  type: string;
  itemId: number;
  locale: string;
  title: string;
  /** The item's path below the locale prefix. */
  path: string;
  /** The item is public from this moment on; search never returns it earlier. */
  publishedAt: string;
  /** The date readers see and results are ordered by (an event's start, else publication). */
  itemDate: string;
  year: number;
  /** PostgreSQL only: the weighted tsvector of the document's words, written by the indexer. */
  vector: ColumnType<string, string | undefined, string>;
  /** PostgreSQL only: the title's words alone. */
  titleVector: ColumnType<string, string | undefined, string>;
  /** PostgreSQL only: the Khmer syllable pairs, of the title (weight A) and the body (B). */
  syllableVector: ColumnType<string, string | undefined, string>;
}

/**
 * PostgreSQL only: a search document's title, in a narrow row with what the title tiers of a
 * search filter and rank on (0031-search-titles): ranking a common word's thousands of titles
 * reads these rows, never the wide ones of search_documents.
 */
export interface SearchTitleTable {
  /** The id of its search_documents row. */
  id: number;
  locale: string;
  type: string;
  year: number;
  publishedAt: string;
  itemDate: string;
  /** The title's words (no weight). */
  vector: ColumnType<string, string | undefined, string>;
  /** The title's Khmer syllable pairs (weight A, as in search_documents.syllable_vector). */
  syllables: ColumnType<string, string | undefined, string>;
}

/** The text of a search document, kept apart so that the rows ranking reads stay small. */
export interface SearchDocumentTextTable {
  /** The id of its search_documents row. */
  id: number;
  /** Normalised words, space-separated: what the full-text index holds. */
  titleTokens: string;
  bodyTokens: string;
  /** Pairs of neighbouring Khmer syllables, space-separated: the syllable index words. */
  titleSyllables: string;
  bodySyllables: string;
  /** The filter values as words: type, language and year. */
  tags: string;
  /** Normalised plain text of the body (and attached documents), for snippets. */
  bodyText: string;
}

export interface SearchTermTable {
  term: string;
  docCount: number;
}

/** Where a file's text extraction stands (see file-texts.job.ts). */
export type FileTextState = 'pending' | 'done' | 'unreadable';

/** Why a PDF's text could not be read: too slow, too much memory (a decompression bomb), or damaged. */
export type UnreadableReason = 'timeout' | 'memory' | 'damaged';

/** The text of an uploaded PDF, by the SHA-256 of the file, and where its extraction stands. */
export interface SearchFileTextTable {
  sha256: string;
  state: FileTextState;
  /** Set once `done`; empty when the PDF has no text layer (a scan). */
  text: string | null;
  reason: UnreadableReason | null;
  queuedAt: string;
  /** A server reading the file holds it until this moment (ISO); then another may take it over. */
  claimedUntil: string | null;
  extractedAt: string | null;
}

// A type alias, not an interface: withTables() wants an indexable record type.
export type SearchTables = {
  searchDocuments: SearchDocumentTable;
  searchDocumentTexts: SearchDocumentTextTable;
  searchTitles: SearchTitleTable;
  searchTerms: SearchTermTable;
  searchFileTexts: SearchFileTextTable;
};

export type SearchDatabase = Database & SearchTables;
export type SearchDb = Kysely<SearchDatabase> | Transaction<SearchDatabase>;

/**
 * The same connection (or transaction), typed with the search tables. They are declared here
 * rather than in the shared Database type so that the feature stays in its own folder.
 */
export function searchTables(db: DbOrTx): SearchDb {
  return db.withTables<SearchTables>() as SearchDb;
}

/** The engine behind a search connection (the check only reads the dialect's adapter). */
export function engineOfSearchDb(db: SearchDb): Engine {
  return engineOfDb(db as unknown as Db);
}

/**
 * On SQLite a document's id tells its language: each supported locale owns a range of ids this
 * wide. FTS5 can narrow a search to a rowid range without reading anything else, so searching
 * one language costs no more than searching a smaller index; a filter on a column would read
 * every matching document first. PostgreSQL keeps its own ids and filters on the locale column.
 */
export const LOCALE_ID_SPAN = 2 ** 40;

/** The ids of a locale's documents on SQLite: from `first` to before `end`. */
export function localeIdRange(locale: string): { first: number; end: number } {
  const index = (SUPPORTED_LOCALES as readonly string[]).indexOf(locale);
  const slot = index === -1 ? SUPPORTED_LOCALES.length : index;
  return { first: slot * LOCALE_ID_SPAN + 1, end: (slot + 1) * LOCALE_ID_SPAN };
}

/**
 * PostgreSQL: a document's type, year and language as extra words of its vector (weight D,
 * which ranking ignores), so that the GIN index answers filtered searches by itself. The
 * underscore keeps them apart from real words, which never contain one.
 */
export function pgTagLexeme(kind: 'type' | 'year' | 'lang', value: string | number): string {
  return `_${kind}_${value}`;
}
