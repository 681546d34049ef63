import type { DbOrTx } from '../../db/database.js';
import type { FileStorage } from '../media/storage.js';

/**
 * What a search source is: the shape each type's reader of documents has (the content types'
 * in search.sources.repository.ts, HRD alerts', UPR recommendations'). It imports none of them,
 * so they can implement it while search.sources.ts lists them.
 */

/** What indexing needs besides the database: the file store, for the text of attached PDFs. */
export interface IndexContext {
  storage: FileStorage;
}

/** The searchable text of one item in one language, before it is split into words. */
export interface SourceDocument {
  locale: string;
  title: string;
  /** Plain-text pieces of the body: summary, body, place, attached documents. */
  body: string[];
  /** Path below the locale prefix. */
  path: string;
  publishedAt: string;
  itemDate: string;
}

/** A content type search knows: how to read the public documents of its items. */
export interface SearchSource {
  type: string;
  /**
   * The documents (one per language) of those of `ids` that are published, or of every
   * published item when `ids` is undefined. An item missing from the map is not public.
   */
  loadPublished(db: DbOrTx, ids: readonly number[] | undefined, ctx: IndexContext): Promise<Map<number, SourceDocument[]>>;
  /** Ids of the published items, for rebuilding the index batch by batch. */
  listPublishedIds(db: DbOrTx): Promise<number[]>;
  /** Items whose documents include the text of this file: re-indexed when its text arrives. */
  idsUsingFile?(db: DbOrTx, sha256: string): Promise<number[]>;
}
