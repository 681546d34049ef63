import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../content-types/slug.js';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { PUBLICATION_TYPES } from './publications.tables.js';

/** Publications on one list page. */
export const PUBLICATIONS_PAGE_SIZE = 12;

/** Lowercase ASCII words joined by hyphens, as editors' slugs are. */

/** The filter form sends `type=` for "All": an empty value means no filter, not a bad one. */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const pageParam = z.coerce.number().int().min(1).default(1);
export const slugParam = z.string().max(MAX_SLUG_LENGTH).regex(SLUG_PATTERN);

/** The list's query string; `language` accepts only the configured locales. */
export function publicationListQuery(locales: readonly Locale[]) {
  return z.object({
    page: pageParam,
    type: z.preprocess(blankToUndefined, z.enum(PUBLICATION_TYPES).optional()),
    topic: z.preprocess(blankToUndefined, slugParam.optional()),
    year: z.preprocess(
      blankToUndefined,
      z.string().regex(/^\d{4}$/).transform(Number).pipe(z.number().int().min(1990).max(2100)).optional(),
    ),
    language: z.preprocess(blankToUndefined, z.enum(locales as [Locale, ...Locale[]]).optional()),
  });
}

export type PublicationListQuery = z.infer<ReturnType<typeof publicationListQuery>>;
