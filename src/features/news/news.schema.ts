import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import { languageParam } from '../content-types/language-choice.js';
import type { NewsKind } from './news.tables.js';

/** News items on one list page. */
export const NEWS_PAGE_SIZE = 12;

/** What the organisation itself publishes, as opposed to coverage of it elsewhere. */
export const STATEMENT_KINDS = ['press_release', 'media_comment', 'letter', 'alert'] as const satisfies readonly NewsKind[];
export const IN_THE_NEWS_KINDS = ['in_the_news'] as const satisfies readonly NewsKind[];

/** The filter form sends `kind=` for "All": an empty value means no filter, not a bad one. */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

const pageParam = z.coerce.number().int().min(1).default(1);

export const pressReleasesQuery = z.object({
  page: pageParam,
  kind: z.preprocess(blankToUndefined, z.enum(STATEMENT_KINDS).optional()),
  language: languageParam(SUPPORTED_LOCALES),
});

export const inTheNewsQuery = z.object({ page: pageParam, language: languageParam(SUPPORTED_LOCALES) });
