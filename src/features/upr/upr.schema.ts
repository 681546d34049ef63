import { isRegionalGroup, isTheme } from './upr.vocabulary.js';
import { CURRENT_STATUSES, RESPONSES, type CurrentStatus, type UprResponse } from './upr.tables.js';
import type { RecommendationFilters } from './upr.repository.js';

/** The public list's filters, in the order of the form and of the query string. */
export const FILTER_KEYS = ['cycle', 'state', 'region', 'theme', 'response', 'status'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type RawFilters = Partial<Record<FilterKey, string>>;

export const UPR_PATH = '/upr';
export const UPR_PAGE_SIZE = 50;
const MAX_VALUE = 200;
const MAX_PAGE = 10_000;

export type FilterOutcome =
  | { ok: true; raw: RawFilters; filters: RecommendationFilters; page: number }
  | { ok: false; raw: RawFilters; errors: FilterKey[] };

const single = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, MAX_VALUE) : undefined;
};

/**
 * Reads the filters from a query: each must be one of the list's values (a cycle entered, a
 * State named, a code), else it is named as wrong; an empty one means "any".
 */
export function parseFilters(query: Record<string, unknown>, known: { cycles: readonly number[]; states: readonly string[] }): FilterOutcome {
  const raw: RawFilters = {};
  for (const key of FILTER_KEYS) {
    const value = single(query[key]);
    if (value !== undefined) raw[key] = value;
  }
  const errors: FilterKey[] = [];
  const filters: RecommendationFilters = {};
  if (raw.cycle !== undefined) {
    const n = /^\d{1,2}$/.test(raw.cycle) ? Number(raw.cycle) : NaN;
    if (known.cycles.includes(n)) filters.cycle = n;
    else errors.push('cycle');
  }
  if (raw.state !== undefined) {
    if (known.states.includes(raw.state)) filters.state = raw.state;
    else errors.push('state');
  }
  if (raw.region !== undefined) {
    if (isRegionalGroup(raw.region)) filters.region = raw.region;
    else errors.push('region');
  }
  if (raw.theme !== undefined) {
    if (isTheme(raw.theme)) filters.theme = raw.theme;
    else errors.push('theme');
  }
  if (raw.response !== undefined) {
    if ((RESPONSES as readonly string[]).includes(raw.response)) filters.response = raw.response as UprResponse;
    else errors.push('response');
  }
  if (raw.status !== undefined) {
    if ((CURRENT_STATUSES as readonly string[]).includes(raw.status)) filters.status = raw.status as CurrentStatus;
    else errors.push('status');
  }
  const pageText = single(query.page);
  const page = pageText === undefined ? 1 : /^\d{1,5}$/.test(pageText) ? Number(pageText) : NaN;
  if (errors.length) return { ok: false, raw, errors };
  if (!(page >= 1 && page <= MAX_PAGE)) return { ok: false, raw, errors: [] };
  return { ok: true, raw, filters, page };
}

/** The query string of a filtered view (`?cycle=4&theme=land`), in the form's order. */
export function filtersQuery(raw: RawFilters, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const key of FILTER_KEYS) if (raw[key]) q.set(key, raw[key]!);
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
