import { isLocale, type Locale } from '../../i18n/locales.js';
import type { SearchHit, SearchResponse } from './search.repository.js';
import type { SearchType } from './search.sources.js';
import type { TextPart } from './search.snippet.js';

export interface SearchHitView {
  type: SearchType;
  /** Link to the item in the language the result is in. */
  href: string;
  locale: Locale;
  date: string;
  title: TextPart[];
  snippet: TextPart[];
}

/** What the page says above the results. */
export type SearchNotice = 'emptyQuery' | 'noWords' | 'noResults' | 'noMoreResults' | 'partialMatch' | 'fewResults' | undefined;

export interface SearchPageView {
  query: string;
  shortened: boolean;
  notice: SearchNotice;
  total: number;
  /** More documents match than `total` (which is then the most that is counted). */
  more: boolean;
  hits: SearchHitView[];
  page: number;
  totalPages: number;
  /** "Did you mean": a nearer spelling of the query, when few documents match. */
  suggestion?: { query: string; href: string; lang?: Locale } | undefined;
}

function presentHit(hit: SearchHit, locales: readonly Locale[], types: readonly string[], hrefFor: (l: Locale, p: string) => string): SearchHitView | undefined {
  // The index only holds configured languages and registered types; anything else is skipped.
  if (!isLocale(hit.locale, locales) || !types.includes(hit.type)) return undefined;
  return {
    type: hit.type as SearchType,
    href: hrefFor(hit.locale, hit.path),
    locale: hit.locale,
    date: hit.itemDate,
    title: hit.title,
    snippet: hit.snippet,
  };
}

interface PresentOptions {
  input: string;
  page: number;
  pageSize: number;
  locales: readonly Locale[];
  types: readonly string[];
  hrefFor: (locale: Locale, path: string) => string;
  /** The link to the search for another query, with the same filters. */
  searchHrefFor: (query: string) => string;
}

export function presentSearch(response: SearchResponse, o: PresentOptions): SearchPageView {
  const totalPages = Math.ceil(response.total / o.pageSize);
  let notice: SearchNotice;
  if (response.status === 'empty') notice = o.input.trim() ? 'noWords' : 'emptyQuery';
  else if (response.total === 0) notice = 'noResults';
  else if (o.page > totalPages) notice = 'noMoreResults';
  else if (!response.matchedAll) notice = 'partialMatch';
  else if (response.suggestion) notice = 'fewResults';
  return {
    query: response.query,
    shortened: response.shortened,
    notice,
    total: response.total,
    more: response.more,
    hits: response.hits.flatMap((h) => presentHit(h, o.locales, o.types, o.hrefFor) ?? []),
    page: o.page,
    totalPages,
    suggestion: response.suggestion
      ? { query: response.suggestion, href: o.searchHrefFor(response.suggestion), ...(/[\u1780-\u17FF]/.test(response.suggestion) ? { lang: 'km' as Locale } : {}) }
      : undefined,
  };
}
