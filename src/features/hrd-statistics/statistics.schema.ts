import { z } from 'zod';

/*
 * The public filters of the human rights portal. Everything arrives as a GET query string from a
 * plain form; an empty value means "no filter". Term filters name a vocabulary code, the province
 * filter the gazetteer code; whether a code exists is checked against the database afterwards.
 */

export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

/**
 * Years are chosen as one year or one fixed period of PERIOD_YEARS years starting at a multiple of
 * PERIOD_YEARS (2020–2024), never as a free range: any two choices are then either apart or one
 * inside the other, so a year can be singled out by few comparisons, not by dozens of overlapping
 * ranges whose rounding could be averaged away (see statistics.cell-key.ts).
 */
export const PERIOD_YEARS = 5;

/** The fixed period a year belongs to. */
export function periodOf(year: number): { from: number; to: number } {
  const from = year - (year % PERIOD_YEARS);
  return { from, to: from + PERIOD_YEARS - 1 };
}

/** `2021` or `2020-2024` (a fixed period) as a span of years; anything else is undefined. */
export function parseYears(text: string): { from: number; to: number } | undefined {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(text);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < FIRST_YEAR || to > LAST_YEAR) return undefined;
  if (from === to) return { from, to };
  const period = periodOf(from);
  return period.from === from && period.to === to ? period : undefined;
}

/** The query value of a span of years. */
export const yearsValue = (from: number, to: number): string => (from === to ? String(from) : `${from}-${to}`);

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
const years = z.preprocess(
  blank,
  z
    .string()
    .max(9)
    .transform((text, ctx) => {
      const span = parseYears(text);
      if (!span) ctx.addIssue({ code: 'custom', message: 'years' });
      return span ?? { from: 0, to: 0 };
    })
    .optional(),
);

export const portalQuery = z.object({
  years,
  right: code,
  act: code,
  perpetrator: code,
  province: z.preprocess(blank, z.string().regex(/^\d{2}$/).optional()),
  status: z.preprocess(blank, z.enum(STATUS_CHOICE_KEYS as [StatusChoice, ...StatusChoice[]]).optional()),
});

export type PortalQuery = z.infer<typeof portalQuery>;
export const FILTER_KEYS = ['years', 'right', 'act', 'perpetrator', 'province', 'status'] as const;
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
    if (value === undefined || value === '') continue;
    params.set(key, typeof value === 'object' ? yearsValue(value.from, value.to) : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
