import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { SEARCH_TYPES } from './search.sources.js';

/** Results on one page: each carries a snippet, so pages stay short on a slow connection. */
export const SEARCH_PAGE_SIZE = 10;
/** Deeper pages are refused: nobody reads them, and each costs a longer ranking. */
export const MAX_SEARCH_PAGE = 100;

/** The filter form sends `type=` for "All": an empty value means no filter, not a bad one. */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
/** `?q=a&q=b` arrives as a list; the first one is the query. */
const firstOfList = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/**
 * The search page's query string. `q` is free text of any length and content (the search
 * shortens and cleans it); the filters accept only their known values.
 */
export function searchQuery(locales: readonly Locale[]) {
  return z.object({
    q: z.preprocess(firstOfList, z.string().default('')),
    type: z.preprocess(blankToUndefined, z.enum(SEARCH_TYPES).optional()),
    year: z.preprocess(
      blankToUndefined,
      z.string().regex(/^\d{4}$/).transform(Number).pipe(z.number().int().min(1900).max(2200)).optional(),
    ),
    language: z.preprocess(blankToUndefined, z.enum(locales as [Locale, ...Locale[]]).optional()),
    page: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).default(1),
  });
}

export type SearchQuery = z.infer<ReturnType<typeof searchQuery>>;
