import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import { guardCsvCell } from '../../web/csv-guard.js';
import type { Cell } from '../hrd-statistics/statistics.presenter.js';
import { labelOf, uprMessages } from './upr.messages.js';
import type { Assessment, RecommendationRow } from './upr.repository.js';
import { ASSESSMENT_STATUSES, RESPONSES, type AssessmentStatus } from './upr.tables.js';
import { THEME_CODES } from './upr.vocabulary.js';
import { UPR_PATH } from './upr.schema.js';

/** Where a recommendation's page is, below the locale prefix. */
export const recommendationPath = (id: number): string => `${UPR_PATH}/${id}`;

export interface RecommendationView {
  id: number;
  href: string;
  cycle: number;
  reference: string | null;
  state: string;
  region: string;
  response: string;
  responseCode: string;
  status: string;
  statusCode: string;
  themes: string[];
  sdgTargets: string[];
  text: string;
  textLocale: Locale;
  isFallback: boolean;
  sample: boolean;
}

export function presentRecommendation(row: RecommendationRow, locale: Locale, order: readonly Locale[]): RecommendationView {
  const text = pickTranslation(row.texts, locale, order);
  return {
    id: row.id,
    href: recommendationPath(row.id),
    cycle: row.cycle,
    reference: row.reference,
    state: row.recommendingState,
    region: labelOf('region', row.regionalGroup, locale),
    response: labelOf('response', row.response, locale),
    responseCode: row.response,
    status: labelOf('status', row.currentStatus, locale),
    statusCode: row.currentStatus,
    themes: row.themes.map((t) => labelOf('theme', t, locale)),
    sdgTargets: row.sdgTargets.split(' ').filter(Boolean),
    text: text?.value.text ?? '',
    textLocale: text?.locale ?? locale,
    isFallback: text?.isFallback ?? false,
    sample: row.sample === 1,
  };
}

export interface AssessmentView {
  id: number;
  status: string;
  statusCode: AssessmentStatus;
  assessedOn: string;
  note: string | null;
  noteLocale: Locale;
  links: string[];
}

export function presentAssessment(a: Assessment, locale: Locale, order: readonly Locale[]): AssessmentView {
  const note = pickTranslation(a.notes, locale, order);
  return {
    id: a.id,
    status: labelOf('status', a.status, locale),
    statusCode: a.status,
    assessedOn: a.assessedOn,
    note: note?.value.note ?? null,
    noteLocale: note?.locale ?? locale,
    links: a.links.split('\n').filter(Boolean),
  };
}

/** Counts by response and by theme (a recommendation counts under each of its themes). */
export function countCells(rows: readonly RecommendationRow[], locale: Locale): { byResponse: Cell[]; byTheme: Cell[] } {
  const byResponse = RESPONSES.map((code) => ({ code, label: labelOf('response', code, locale), count: rows.filter((r) => r.response === code).length }));
  const byTheme = THEME_CODES.map((code) => ({ code, label: labelOf('theme', code, locale), count: rows.filter((r) => r.themes.includes(code)).length }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
  return { byResponse, byTheme };
}

export interface StatusYear {
  year: number;
  counts: Record<AssessmentStatus, number>;
}

/**
 * For each year from the first assessment to `lastYear`, the recommendations by the status of
 * their newest assessment made by the end of that year (those not yet assessed are left out).
 */
export function statusOverTime(assessments: readonly Pick<Assessment, 'recommendationId' | 'status' | 'assessedOn' | 'id'>[], lastYear: number): StatusYear[] {
  if (assessments.length === 0) return [];
  const firstYear = Math.min(...assessments.map((a) => Number(a.assessedOn.slice(0, 4))));
  const years: StatusYear[] = [];
  for (let year = firstYear; year <= Math.max(firstYear, lastYear); year += 1) {
    const end = `${year}-12-31`;
    const newest = new Map<number, { on: string; id: number; status: AssessmentStatus }>();
    for (const a of assessments) {
      if (a.assessedOn > end) continue;
      const known = newest.get(a.recommendationId);
      if (!known || a.assessedOn > known.on || (a.assessedOn === known.on && a.id > known.id)) newest.set(a.recommendationId, { on: a.assessedOn, id: a.id, status: a.status });
    }
    const counts = Object.fromEntries(ASSESSMENT_STATUSES.map((s) => [s, 0])) as Record<AssessmentStatus, number>;
    for (const { status } of newest.values()) counts[status] += 1;
    years.push({ year, counts });
  }
  return years;
}

/** One row of a download: codes for machines, labels and text for people, in the page's language. */
export function exportRow(row: RecommendationRow, locale: Locale, order: readonly Locale[], publicUrl: string) {
  const view = presentRecommendation(row, locale, order);
  const textIn = (l: string) => row.texts.find((t) => t.locale === l)?.text ?? '';
  return {
    id: row.id,
    url: new URL(`/${locale}${view.href}`, publicUrl).href,
    cycle: row.cycle,
    reference: row.reference ?? '',
    recommending_state: row.recommendingState,
    regional_group: row.regionalGroup,
    response: row.response,
    status: row.currentStatus,
    themes: row.themes.join(';'),
    sdg_targets: row.sdgTargets.split(' ').filter(Boolean).join(';'),
    text_en: textIn('en'),
    text_km: textIn('km'),
    sample: row.sample === 1,
  };
}

export function recommendationsCsv(rows: ReturnType<typeof exportRow>[]): string {
  const columns = ['id', 'url', 'cycle', 'reference', 'recommending_state', 'regional_group', 'response', 'status', 'themes', 'sdg_targets', 'text_en', 'text_km', 'sample'];
  return `\ufeff${stringify(
    rows.map((r) => columns.map((c) => guardCsvCell(String(r[c as keyof typeof r])))),
    { header: true, columns, record_delimiter: '\r\n' },
  )}`;
}

export function recommendationsJson(rows: ReturnType<typeof exportRow>[], filters: Record<string, string | undefined>, locale: Locale): string {
  return JSON.stringify({ title: uprMessages[locale].title, filters, count: rows.length, recommendations: rows }, null, 2);
}
