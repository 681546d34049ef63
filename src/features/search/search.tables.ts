import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import { engineOfDb, type Engine } from '../../db/connection.js';
import type { Database, Db, DbOrTx } from '../../db/database.js';

/** One public item in one language, as search sees it. */
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
  /** Normalised words, space-separated: what the full-text index holds. */
  titleTokens: string;
  bodyTokens: string;
  /** Normalised plain text of the body (and attached documents), for snippets. */
  bodyText: string;
  /** PostgreSQL only: the weighted tsvector of the same words, written by the indexer. */
  vector: ColumnType<string, string | undefined, string>;
}

export interface SearchTermTable {
  term: string;
  docCount: number;
}

export interface SearchFileTextTable {
  sha256: string;
  text: string;
  extractedAt: string;
}

// A type alias, not an interface: withTables() wants an indexable record type.
export type SearchTables = {
  searchDocuments: SearchDocumentTable;
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
