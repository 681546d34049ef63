import { z } from 'zod';

/*
 * The public filters of the human rights portal. Everything arrives as a GET query string from a
 * plain form; an empty value means "no filter". Term filters name a vocabulary code, the province
 * filter the gazetteer code; whether a code exists is checked against the database afterwards.
 */

/** Counts from 1 to THRESHOLD − 1 are never published (see statistics.presenter.ts). */
export const SUPPRESSION_THRESHOLD = 3;

export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

/**
 * The verification levels the public may choose, and what each includes. `unlikely` and
 * `unknown` are never published: the organisation does not stand behind those acts.
 * The default shows only confirmed and likely acts.
 */
export const STATUS_CHOICES = {
  default: ['confirmed', 'likely'],
  confirmed: ['confirmed'],
  likely: ['likely'],
  possible: ['possible'],
  reported: ['confirmed', 'likely', 'possible'],
} as const satisfies Record<string, readonly string[]>;
export type StatusChoice = keyof typeof STATUS_CHOICES;
export const STATUS_CHOICE_KEYS = Object.keys(STATUS_CHOICES) as StatusChoice[];

const blank = (value: unknown) => (value === '' ? undefined : value);
const code = z.preprocess(blank, z.string().max(60).regex(/^[a-z0-9_]+$/).optional());
const year = z.preprocess(
  blank,
  z.string().regex(/^\d{4}$/).transform(Number).pipe(z.number().int().min(FIRST_YEAR).max(LAST_YEAR)).optional(),
);

export const portalQuery = z
  .object({
    from: year,
    to: year,
    right: code,
    act: code,
    perpetrator: code,
    province: z.preprocess(blank, z.string().regex(/^\d{2}$/).optional()),
    status: z.preprocess(blank, z.enum(STATUS_CHOICE_KEYS as [StatusChoice, ...StatusChoice[]]).optional()),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'range' });

export type PortalQuery = z.infer<typeof portalQuery>;
export const FILTER_KEYS = ['from', 'to', 'right', 'act', 'perpetrator', 'province', 'status'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The raw values as sent, for re-filling the form after an error. */
export type RawFilters = Partial<Record<FilterKey, string>>;

/**
 * Reads the query: a repeated parameter or a value of the wrong shape is an error, reported per
 * field. Parameters the form does not send (tracking tags and the like) are ignored.
 */
export function parsePortalQuery(
  query: Record<string, unknown>,
): { ok: true; value: PortalQuery; raw: RawFilters } | { ok: false; errors: FilterKey[]; raw: RawFilters } {
  const raw: RawFilters = {};
  const errors = new Set<FilterKey>();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      errors.add(key);
      raw[key] = Array.isArray(value) ? String(value[0] ?? '').slice(0, 100) : '';
      continue;
    }
    raw[key] = value.slice(0, 100);
  }
  const parsed = portalQuery.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) errors.add(issue.path[0] as FilterKey);
  if (errors.size > 0 || !parsed.success) return { ok: false, errors: [...errors], raw };
  return { ok: true, value: parsed.data, raw };
}

/** The query string for these filters (empty ones left out), in a stable order for the page cache. */
export function filtersQueryString(filters: RawFilters | PortalQuery): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
