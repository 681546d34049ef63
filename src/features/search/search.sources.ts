import { CONTENT_TYPES, type ContentType, type SearchableKey } from '../content-types/content-types.js';
import { alertsSearchSource } from './hrd-alerts.source.js';
import type { SearchSource } from './search-source.js';
import { contentSource } from './search.sources.repository.js';
import { uprSearchSource } from './upr.source.js';

// The indexer takes what indexing needs from here, beside the list of sources.
export type { IndexContext } from './search-source.js';

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
