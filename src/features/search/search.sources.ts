import type { DbOrTx } from '../../db/database.js';
import { CONTENT_TYPES, type ContentType, type SearchableKey } from '../content-types/content-types.js';
import { alertsSearchSource } from './hrd-alerts.source.js';
import { uprSearchSource } from './upr.source.js';
import type { FileStorage } from '../media/storage.js';
import { contentSource } from './search.sources.repository.js';

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

/**
 * Every type search covers: the content types whose registry entry has `search`, HRD alerts
 * and UPR recommendations. A type's key is its filter value and needs a label in search.messages.ts.
 */
const searchable = (type: ContentType): type is ContentType & { key: SearchableKey; search: object } => type.search !== undefined;

export const searchSources: ReadonlyArray<SearchSource & { type: SearchType }> = [
  ...CONTENT_TYPES.filter(searchable).map((type) => contentSource(type)),
  alertsSearchSource,
  uprSearchSource,
];

export type SearchType = SearchableKey | 'hrd-alert' | 'upr-recommendation';
export const SEARCH_TYPES = searchSources.map((s) => s.type) as [SearchType, ...SearchType[]];

export function findSearchSource(type: string): SearchSource | undefined {
  return searchSources.find((s) => s.type === type);
}
