import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../i18n/locales.js';
import { placeName, termLabel } from '../hrd-vocabularies/vocabularies.repository.js';
import type { CountRow, RawStatistics, ReferenceData } from './statistics.repository.js';
import { SUPPRESSION_THRESHOLD, type PortalQuery } from './statistics.schema.js';
import { statisticsMessages } from './statistics.messages.js';

/*
 * From raw counts to what the public may see. Small counts are suppressed here, once, and the
 * page, its charts, the map, the CSV and the JSON are all drawn from the result, so they can
 * never disagree or leak a number one of them hides.
 *
 * Suppression rule (documented on the page): a count from 1 to THRESHOLD − 1 is shown as
 * "fewer than THRESHOLD" (null here). Each breakdown adds up to the total (one year, one act
 * type, one defender category, one province per act), so when exactly one cell of a breakdown
 * is hidden, the smallest other non-zero cell is hidden as well, or subtraction from the total
 * would give it away. A total under the threshold hides everything. Suppressed cells are
 * ordered after the others by vocabulary order, never by their true count.
 *
 * What this does not stop: comparing two filtered views (say, "confirmed" against "confirmed
 * and likely") can still narrow a hidden count down. The public figures are counts by year,
 * province and kind only, never names, places below the province or dates finer than a year, so
 * what such a comparison reveals is a small number, not a person; the year-only date filter
 * exists to keep it that way.
 */

export const BREAKDOWNS = ['year', 'actType', 'perpetratorType', 'hrdCategory', 'province'] as const;
export type BreakdownKey = (typeof BREAKDOWNS)[number];

export interface Cell {
  /** Stable across languages: a year, a vocabulary code, a gazetteer code, or "none". */
  code: string;
  label: string;
  /** Null when suppressed. */
  count: number | null;
  /** ISO 3166-2, for provinces (joins the map). */
  iso?: string;
}

export interface PortalStatistics {
  /** Null when suppressed. */
  acts: number | null;
  cases: number | null;
  breakdowns: Record<BreakdownKey, Cell[]>;
}

const isSmall = (count: number) => count > 0 && count < SUPPRESSION_THRESHOLD;

interface Draft extends Cell {
  trueCount: number;
  order: number;
}

function suppress(cells: Draft[], totalHidden: boolean): Draft[] {
  for (const cell of cells) if (totalHidden || isSmall(cell.trueCount)) cell.count = cell.trueCount === 0 ? 0 : null;
  if (!totalHidden && cells.filter((c) => c.count === null).length === 1) {
    const next = cells
      .filter((c) => c.count !== null && c.count > 0)
      .sort((a, b) => a.trueCount - b.trueCount || a.order - b.order)[0];
    if (next) next.count = null;
  }
  return cells;
}

/** Published counts first, largest first; hidden ones after, in vocabulary order. */
function byCount(a: Draft, b: Draft): number {
  if (a.count === null || b.count === null) return a.count === null && b.count === null ? a.order - b.order : a.count === null ? 1 : -1;
  return b.count - a.count || a.order - b.order;
}

const strip = ({ trueCount: _t, order: _o, ...cell }: Draft): Cell => cell;

export function presentStatistics(
  raw: RawStatistics,
  ref: ReferenceData,
  locale: Locale,
  years: { first: number; last: number } | undefined,
): PortalStatistics {
  const t = statisticsMessages[locale];
  const totalHidden = isSmall(raw.acts);
  const termOrder = new Map(ref.terms.map((term, i) => [term.id, i]));
  const termById = new Map(ref.terms.map((term) => [term.id, term]));

  const termCells = (rows: CountRow<number | null>[]): Draft[] =>
    rows
      .filter((r) => r.count > 0)
      .map((r) => {
        const term = r.key === null ? undefined : termById.get(r.key);
        return {
          code: term?.code ?? 'none',
          label: term ? termLabel(term, locale) : t.notRecorded,
          count: r.count,
          trueCount: r.count,
          order: term ? termOrder.get(term.id)! : Number.MAX_SAFE_INTEGER,
        };
      });

  // Every year of the range, zeros included, so the time series has no gaps.
  const yearCounts = new Map(raw.byYear.map((r) => [r.key, r.count]));
  const yearCells: Draft[] = [];
  if (years) {
    for (let y = years.first; y <= years.last; y += 1) {
      const count = yearCounts.get(y) ?? 0;
      yearCells.push({ code: String(y), label: String(y), count, trueCount: count, order: y });
    }
  }

  // Every province, for the map; an act without a province is "not recorded".
  const provinceCounts = new Map(raw.byProvince.map((r) => [r.key, r.count]));
  const provinceCells: Draft[] = ref.provinces.map((p, i) => {
    const count = provinceCounts.get(p.id) ?? 0;
    return { code: p.code, label: placeName(p, locale), count, trueCount: count, order: i, iso: p.iso ?? '' };
  });
  const unplaced = provinceCounts.get(null) ?? 0;
  if (unplaced > 0) provinceCells.push({ code: 'none', label: t.notRecorded, count: unplaced, trueCount: unplaced, order: Number.MAX_SAFE_INTEGER });

  const years_ = suppress(yearCells, totalHidden).map(strip);
  const provinces = suppress(provinceCells, totalHidden).map(strip);
  return {
    acts: totalHidden ? null : raw.acts,
    cases: totalHidden || isSmall(raw.cases) ? (raw.cases === 0 ? 0 : null) : raw.cases,
    breakdowns: {
      year: years_,
      actType: suppress(termCells(raw.byActType), totalHidden).sort(byCount).map(strip),
      perpetratorType: suppress(termCells(raw.byPerpetratorType), totalHidden).sort(byCount).map(strip),
      hrdCategory: suppress(termCells(raw.byHrdCategory), totalHidden).sort(byCount).map(strip),
      province: provinces,
    },
  };
}

/** Provinces in the table: by count like the other breakdowns (the map keeps gazetteer order). */
export function provinceTableCells(cells: Cell[]): Cell[] {
  const order = new Map(cells.map((c, i) => [c, i]));
  return [...cells].sort((a, b) => {
    if (a.count === null || b.count === null) return a.count === null && b.count === null ? order.get(a)! - order.get(b)! : a.count === null ? 1 : -1;
    return b.count - a.count || order.get(a)! - order.get(b)!;
  });
}

// ---------------------------------------------------------------------------------------------
// Map shading

/** Sequential classes: 0, hidden (1 to threshold − 1), then ranges. The last is open-ended. */
export const MAP_CLASSES = [
  { min: 0, max: 0 },
  { min: 1, max: SUPPRESSION_THRESHOLD - 1 },
  { min: SUPPRESSION_THRESHOLD, max: 9 },
  { min: 10, max: 24 },
  { min: 25, max: 49 },
  { min: 50, max: Infinity },
] as const;

/** The shading class (0–5) of a published count; a hidden count is class 1. */
export function mapClass(count: number | null): number {
  if (count === null) return 1;
  return MAP_CLASSES.findIndex((c) => count >= c.min && count <= c.max);
}

// ---------------------------------------------------------------------------------------------
// Downloads

export const BREAKDOWN_TITLES: Record<BreakdownKey, 'byYear' | 'byActType' | 'byPerpetratorType' | 'byHrdCategory' | 'byProvince'> = {
  year: 'byYear',
  actType: 'byActType',
  perpetratorType: 'byPerpetratorType',
  hrdCategory: 'byHrdCategory',
  province: 'byProvince',
};

/**
 * The CSV: one row per published cell, in the page's language, with a byte-order mark so
 * spreadsheet programs read the Khmer as UTF-8. Counts are plain digits; a hidden count is
 * empty with a note. The first row after the header is the total.
 */
export function statisticsCsv(stats: PortalStatistics, locale: Locale): string {
  const t = statisticsMessages[locale];
  const threshold = String(SUPPRESSION_THRESHOLD);
  const note = (count: number | null) => (count === null ? t.fewerThan(threshold) : '');
  const rows: string[][] = [[t.columnBreakdown, t.columnCode, t.columnLabel, t.columnCount, t.columnNote]];
  rows.push(['total', 'total', t.total, stats.acts === null ? '' : String(stats.acts), note(stats.acts)]);
  for (const key of BREAKDOWNS) {
    for (const cell of stats.breakdowns[key]) {
      rows.push([key, cell.code, cell.label, cell.count === null ? '' : String(cell.count), note(cell.count)]);
    }
  }
  return `\uFEFF${stringify(rows, { record_delimiter: 'windows' })}`;
}

/** The JSON: the same cells, with the filters and the rules that shaped them. */
export function statisticsJson(stats: PortalStatistics, query: PortalQuery, locale: Locale, statusCodes: readonly string[]): string {
  return JSON.stringify(
    {
      unit: 'act',
      locale,
      filters: {
        fromYear: query.from ?? null,
        toYear: query.to ?? null,
        right: query.right ?? null,
        act: query.act ?? null,
        perpetrator: query.perpetrator ?? null,
        province: query.province ?? null,
        verification: statusCodes,
      },
      suppression: { threshold: SUPPRESSION_THRESHOLD, note: 'Counts from 1 to threshold - 1 are null; see the portal page for the rule.' },
      total: { acts: stats.acts, cases: stats.cases },
      breakdowns: Object.fromEntries(
        BREAKDOWNS.map((key) => [key, stats.breakdowns[key].map((c) => ({ code: c.code, label: c.label, count: c.count, ...(c.iso ? { iso: c.iso } : {}) }))]),
      ),
    },
    null,
    2,
  );
}
