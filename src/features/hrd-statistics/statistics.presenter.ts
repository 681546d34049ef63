import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../i18n/locales.js';
import { placeName, termLabel } from '../hrd-vocabularies/vocabularies.repository.js';
import { perturb, ROUNDING_BASE, type CellKeys } from './statistics.cell-key.js';
import type { ActRow, PerpetratorRow, ReferenceData } from './statistics.repository.js';
import { PERIOD_YEARS, type PortalQuery } from './statistics.schema.js';
import { statisticsMessages } from './statistics.messages.js';
import { guardCsvCell } from '../../web/csv-guard.js';

/*
 * From acts to what the public may see. Every number is rounded here, once, by the cell key
 * method (statistics.cell-key.ts), and the page, its charts, the map, the CSV and the JSON are all
 * drawn from the result, so they can never disagree or show a number one of them rounds.
 *
 * - Every published number is a cell of its own: the total, the number of cases, each year, kind
 *   of act, kind of perpetrator, kind of defender and province. Each is rounded from its own true
 *   count and its own cell key, so a breakdown need not add up to the published total (the page
 *   says so); rounding totals from rounded cells instead would add their errors up.
 * - A cell is the set of acts in it, whatever the query: the same acts reached through another
 *   filter give the same cell key and so the same number.
 * - A kind (of act, perpetrator or defender) is listed only when its published count is above 0,
 *   so a listed kind tells no more than its number. Years and provinces are all listed, zeros
 *   included (the time series and the map need them).
 * - Order is by published count, then vocabulary order, never by the true count.
 */

export const BREAKDOWNS = ['year', 'actType', 'perpetratorType', 'hrdCategory', 'province'] as const;
export type BreakdownKey = (typeof BREAKDOWNS)[number];

/** A true count and the key of the records in it; `key` names the cell (a term, province or year). */
export interface CountCell<K> {
  key: K;
  count: number;
  cellKey: number;
}

export interface Tabulation {
  acts: CountCell<null>;
  cases: CountCell<null>;
  byYear: CountCell<number>[];
  byActType: CountCell<number>[];
  byPerpetratorType: CountCell<number>[];
  byHrdCategory: CountCell<number | null>[];
  byProvince: CountCell<number | null>[];
}

/** The acts of each key (a Map keeps the order first seen). */
function groupIds<K>(pairs: Iterable<[K, number]>): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  for (const [key, id] of pairs) {
    const ids = groups.get(key);
    if (ids) ids.push(id);
    else groups.set(key, [id]);
  }
  return groups;
}

/** True counts and cell keys of every cell of these acts. */
export function tabulate(acts: readonly ActRow[], perpetrators: readonly PerpetratorRow[], keys: CellKeys): Tabulation {
  const cells = <K>(pairs: Iterable<[K, number]>): CountCell<K>[] =>
    [...groupIds(pairs)].map(([key, ids]) => ({ key, count: ids.length, cellKey: keys.cellKey('act', ids) }));
  const caseIds = [...new Set(acts.map((a) => a.caseId))];
  return {
    acts: { key: null, count: acts.length, cellKey: keys.cellKey('act', acts.map((a) => a.id)) },
    cases: { key: null, count: caseIds.length, cellKey: keys.cellKey('case', caseIds) },
    byYear: cells(acts.map((a) => [a.year, a.id])),
    byActType: cells(acts.map((a) => [a.actTypeId, a.id])),
    byPerpetratorType: cells(perpetrators.map((p) => [p.perpetratorTypeId, p.actId])),
    byHrdCategory: cells(acts.map((a) => [a.hrdCategoryId, a.id])),
    byProvince: cells(acts.map((a) => [a.provinceId, a.id])),
  };
}

/** The published value of a cell; a cell with no acts is 0. */
const published = (cell: CountCell<unknown> | undefined): number => (cell ? perturb(cell.count, cell.cellKey) : 0);

export interface Cell {
  /** Stable across languages: a year, a vocabulary code, a gazetteer code, or "none". */
  code: string;
  label: string;
  /** Published (rounded) count. */
  count: number;
  /** ISO 3166-2, for provinces (joins the map). */
  iso?: string;
}

export interface PortalStatistics {
  /** Published (rounded) numbers of acts and cases. */
  acts: number;
  cases: number;
  breakdowns: Record<BreakdownKey, Cell[]>;
}

interface Draft extends Cell {
  order: number;
}

/** Largest published count first; equal ones in vocabulary order. */
const byCount = (a: Draft, b: Draft): number => b.count - a.count || a.order - b.order;
const strip = ({ order: _o, ...cell }: Draft): Cell => cell;

export function presentStatistics(tab: Tabulation, ref: ReferenceData, locale: Locale, years: { first: number; last: number } | undefined): PortalStatistics {
  const t = statisticsMessages[locale];
  const termOrder = new Map(ref.terms.map((term, i) => [term.id, i]));
  const termById = new Map(ref.terms.map((term) => [term.id, term]));

  const termCells = (rows: CountCell<number | null>[]): Cell[] =>
    rows
      .map((r): Draft => {
        const term = r.key === null ? undefined : termById.get(r.key);
        return {
          code: term?.code ?? 'none',
          label: term ? termLabel(term, locale) : t.notRecorded,
          count: published(r),
          order: term ? termOrder.get(term.id)! : Number.MAX_SAFE_INTEGER,
        };
      })
      .filter((c) => c.count > 0)
      .sort(byCount)
      .map(strip);

  // Every year of the range, zeros included, so the time series has no gaps.
  const yearCells = new Map(tab.byYear.map((r) => [r.key, r]));
  const year: Cell[] = [];
  if (years) for (let y = years.first; y <= years.last; y += 1) year.push({ code: String(y), label: String(y), count: published(yearCells.get(y)) });

  // Every province, for the map; acts without a province are "not recorded".
  const provinceCells = new Map(tab.byProvince.map((r) => [r.key, r]));
  const province: Cell[] = ref.provinces.map((p) => ({ code: p.code, label: placeName(p, locale), count: published(provinceCells.get(p.id)), iso: p.iso ?? '' }));
  const unplaced = published(provinceCells.get(null));
  if (unplaced > 0) province.push({ code: 'none', label: t.notRecorded, count: unplaced });

  return {
    acts: published(tab.acts),
    cases: published(tab.cases),
    breakdowns: {
      year,
      actType: termCells(tab.byActType),
      perpetratorType: termCells(tab.byPerpetratorType),
      hrdCategory: termCells(tab.byHrdCategory),
      // Gazetteer order, for the map; the table sorts its own copy.
      province,
    },
  };
}

/** Provinces in the table: by count like the other breakdowns (the map keeps gazetteer order). */
export function provinceTableCells(cells: Cell[]): Cell[] {
  const order = new Map(cells.map((c, i) => [c, i]));
  return [...cells].sort((a, b) => b.count - a.count || order.get(a)! - order.get(b)!);
}

// ---------------------------------------------------------------------------------------------
// Map shading

/** Sequential classes of published counts (all multiples of 3). The last is open-ended. */
export const MAP_CLASSES = [
  { min: 0, max: 0 },
  { min: 1, max: 5 },
  { min: 6, max: 14 },
  { min: 15, max: 29 },
  { min: 30, max: 59 },
  { min: 60, max: Infinity },
] as const;

/** The shading class (0–5) of a published count. */
export function mapClass(count: number): number {
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
 * spreadsheet programs read the Khmer as UTF-8. Counts are plain digits. The first row after the
 * header is the total, whose note explains the rounding. Every text cell is guarded against formulas.
 */
export function statisticsCsv(stats: PortalStatistics, locale: Locale): string {
  const t = statisticsMessages[locale];
  const rows: string[][] = [[t.columnBreakdown, t.columnCode, t.columnLabel, t.columnCount, t.columnNote]];
  rows.push(['total', 'total', t.total, String(stats.acts), t.roundedNote(String(ROUNDING_BASE))]);
  rows.push(['cases', 'cases', t.cases, String(stats.cases), '']);
  for (const key of BREAKDOWNS) {
    for (const cell of stats.breakdowns[key]) rows.push([key, cell.code, cell.label, String(cell.count), '']);
  }
  return `\uFEFF${stringify(
    rows.map((row) => row.map(guardCsvCell)),
    { record_delimiter: 'windows' },
  )}`;
}

/** How the numbers were made, for the JSON (in English, like its keys). */
export const DISCLOSURE_NOTE =
  'Every count is rounded to a multiple of 3 by the cell key method: each act has a fixed secret random key, a cell’s key is the sum of its acts’ keys, and the key decides whether a count is rounded down or up (up with probability remainder / 3, so rounding is unbiased). The same acts always give the same number, whichever filters reach them. Counts of 1 and 2 are published as 0 or 3. Each number, totals included, is rounded on its own, so breakdowns need not add up to the total. Years are chosen as one year or one fixed period.';

/** The JSON: the same cells, with the filters and the rule that shaped them. */
export function statisticsJson(stats: PortalStatistics, query: PortalQuery, locale: Locale, statusCodes: readonly string[]): string {
  return JSON.stringify(
    {
      unit: 'act',
      locale,
      filters: {
        fromYear: query.years?.from ?? null,
        toYear: query.years?.to ?? null,
        right: query.right ?? null,
        act: query.act ?? null,
        perpetrator: query.perpetrator ?? null,
        province: query.province ?? null,
        verification: statusCodes,
      },
      disclosureControl: { method: 'cell-key-random-rounding', roundingBase: ROUNDING_BASE, periodYears: PERIOD_YEARS, additive: false, note: DISCLOSURE_NOTE },
      total: { acts: stats.acts, cases: stats.cases },
      breakdowns: Object.fromEntries(
        BREAKDOWNS.map((key) => [key, stats.breakdowns[key].map((c) => ({ code: c.code, label: c.label, count: c.count, ...(c.iso ? { iso: c.iso } : {}) }))]),
      ),
    },
    null,
    2,
  );
}
