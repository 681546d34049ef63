import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../i18n/locales.js';
import { placeName, termLabel } from '../hrd-vocabularies/vocabularies.repository.js';
import type { CountRow, FilterDimension, RawStatistics, ReferenceData, ResolvedFilters } from './statistics.repository.js';
import { SUPPRESSION_THRESHOLD, type PortalQuery } from './statistics.schema.js';
import { statisticsMessages } from './statistics.messages.js';

/*
 * From raw counts to what the public may see. Small counts are suppressed here, once, and the
 * page, its charts, the map, the CSV and the JSON are all drawn from the result, so they can
 * never disagree or leak a number one of them hides.
 *
 * Suppression rule (documented on the page), with THRESHOLD = 3:
 *
 * 1. Primary: a count from 1 to THRESHOLD − 1 is shown as "fewer than THRESHOLD" (null here).
 *    Zeros are shown, so a reader knows every hidden cell holds at least 1.
 * 2. Complementary: year, act type, defender category and province each add up to the total
 *    (one of each per act), so the hidden cells of a breakdown add up to S = total − the shown
 *    cells, which anyone can work out. With k hidden cells that could all be below THRESHOLD,
 *    they are all determined when k = 1 (the cell is S), when S = k (every one is 1) or when
 *    S = k × (THRESHOLD − 1) (every one is 2); with values in a range, those extremes are the
 *    only sums that fix a cell (otherwise two cells can trade a unit), and S below THRESHOLD
 *    with k ≥ 2 is one of them. While the hidden cells are determined, the smallest shown
 *    non-zero count is hidden as well, in every cell that has it: choosing one of equal counts
 *    by vocabulary order would let a reader who knows this rule rule out the other ways the tie
 *    could have gone, and pin a hidden count down ([0, 3, 3, 2] published as [0, <3, 3, <3]
 *    with a total of 8: the last cell could only be 2). statistics.test.ts checks the rule
 *    against such a reader for every breakdown of up to 4 cells of 0–8 and of 5 cells of 0–4.
 *    Examples: [10, 1, 1] → all hidden (S = 2 = k; then 12 over 3 cells); [10, 2, 2] → all
 *    hidden (S = 4 = 2k); [10, 1, 2] → 10 shown (S = 3 is 1 + 2 or 2 + 1); [5, 1] → both hidden.
 *    Perpetrator kinds do not add up to the total (an act can have several, or none recorded),
 *    but the same rule is applied to them anyway: it only ever hides more.
 * 3. Withheld breakdown: if every non-zero cell is hidden and they are still determined (say
 *    [1, 1, 1] with a published total of 3), the breakdown is left out whole, zeros included,
 *    since which cells are zero is part of what would give the counts away.
 * 4. Small total: when 1 to THRESHOLD − 1 acts match, the page says only "fewer than
 *    THRESHOLD acts match"; every breakdown is withheld (no chart, map, table, number of cases
 *    or CSV/JSON cell), because even which cells are zero would tell the year, kind and
 *    province of those few acts. A total of 0 is shown as it is, with its zero breakdowns.
 *
 * Suppressed cells are ordered after the others by vocabulary order, never by their true count.
 *
 * 5. Differencing between filtered views: a filtered view's total is a cell (for a broader act
 *    type or a year range, a sum of cells) of the view with that filter removed, its "parent". So
 *    for each active filter of province, act type, perpetrator, right and year range, the parent
 *    (that filter removed, the others and the verification choice kept) is counted along that
 *    dimension and suppressed by rules 1–4, exactly as its page would be (rights are not a
 *    published breakdown, but they are suppressed as if they were, like perpetrators: it only
 *    hides more). If any non-zero cell the filtered view draws on is hidden there, or the parent
 *    withholds that breakdown or its whole total (then even a zero would tell), the filtered view
 *    is withheld whole, like a small total, with a note saying why; this takes precedence over
 *    rule 4, so the two notes cannot tell a small hidden cell from a larger one. For a year range
 *    every year inside it is checked, not only its ends: a range is published only when each of
 *    its years with acts is shown in the parent, so its total is a sum of published cells and no
 *    pair of ranges (2019–2021 against 2020–2021) can be subtracted to give a hidden year.
 *    Guaranteed: the total of a published view is never a hidden cell of, or worked out from
 *    hidden cells of, any view that has one filter fewer. Example: provinces [10, 1, 5] hide the
 *    1 and the 5; the view of the province with 5 is withheld, so 5, and the 1, stay hidden.
 *
 * What this still does not stop, and why it is bearable:
 *  - It compares totals with one filter fewer, not whole breakdowns or views further apart: a
 *    parent that is itself withheld is still used as if published. An act type's count in each
 *    province's view (shown there) can be added up over all provinces to a total the unfiltered
 *    view hides (acts without a province are the only part no filter isolates), and the
 *    breakdowns of a view and of a view nested in it (a range and a year inside it, a province and
 *    the same province with one act type) can be subtracted cell by cell.
 *  - Verification is not a filter checked here: "confirmed" against "confirmed and likely" can
 *    narrow a count down by subtraction ("likely" alone is one of the choices).
 *  - Perpetrator and right counts overlap, so their hidden cells are not tied to the total, but
 *    nothing beyond the rule above proves them safe against every combination.
 * The public figures are counts by year, province and kind only, never names, places below the
 * province or dates finer than a year, so what such a comparison reveals is a small number, not a
 * person; the year-only date filter exists to keep it that way.
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
  /** A withheld breakdown has no cells at all. */
  breakdowns: Record<BreakdownKey, Cell[]>;
  /** Breakdowns left out whole (rules 3 to 5 above), in BREAKDOWNS order. */
  withheld: BreakdownKey[];
  /** Withheld whole because the total would reveal a count hidden in a less filtered view (rule 5). */
  differencing: boolean;
}

/**
 * Rule 5 for one filter: whether the cells a filtered view is drawn from are all published in its
 * parent. `parent` is the parent's total and its non-zero counts along the filter's dimension;
 * `selected` tells which of those cells the filter keeps (a province, an act type and its
 * narrower ones, the years of a range).
 */
export function parentCellsPublished<K>(parent: { acts: number; rows: readonly CountRow<K>[] }, selected: (key: K) => boolean): boolean {
  if (parent.acts === 0) return true;
  if (isSmall(parent.acts)) return false;
  const published = suppressCounts(parent.rows.map((r) => r.count));
  if (!published) return false;
  return parent.rows.every((row, i) => !selected(row.key) || published[i] !== null);
}

/** The keys along a dimension that a filter keeps. */
export function filterSelection(f: ResolvedFilters, dimension: FilterDimension): (key: number | null) => boolean {
  switch (dimension) {
    case 'province':
      return (key) => key === f.provinceId;
    case 'actType':
      return (key) => key !== null && (f.actTypeIds ?? []).includes(key);
    case 'perpetratorType':
      return (key) => key === f.perpetratorTypeId;
    case 'right':
      return (key) => key === f.rightId;
    case 'year': {
      const from = f.fromDate ? Number(f.fromDate.slice(0, 4)) : -Infinity;
      const to = f.toDate ? Number(f.toDate.slice(0, 4)) : Infinity;
      return (key) => key !== null && key >= from && key <= to;
    }
  }
}

/** A view withheld whole by rule 5: nothing but the note. */
export function withheldForDifferencing(): PortalStatistics {
  return {
    acts: null,
    cases: null,
    breakdowns: { year: [], actType: [], perpetratorType: [], hrdCategory: [], province: [] },
    withheld: [...BREAKDOWNS],
    differencing: true,
  };
}

const isSmall = (count: number) => count > 0 && count < SUPPRESSION_THRESHOLD;

/** Whether hidden cells with these true counts could each be worked out from their sum. */
function determined(hidden: readonly number[]): boolean {
  const k = hidden.length;
  if (k === 0) return false;
  const sum = hidden.reduce((s, n) => s + n, 0);
  return k === 1 || sum < SUPPRESSION_THRESHOLD || sum === k || sum === k * (SUPPRESSION_THRESHOLD - 1);
}

/**
 * Suppression of one breakdown whose total is published (rules 1–3): the published count of each
 * cell (null: hidden), or null when the breakdown has to be withheld.
 */
export function suppressCounts(counts: readonly number[]): Array<number | null> | null {
  const hidden = counts.map((n) => isSmall(n));
  const hiddenCounts = () => counts.filter((_, i) => hidden[i]);
  while (determined(hiddenCounts())) {
    const shown = counts.filter((n, i) => !hidden[i] && n > 0);
    if (shown.length === 0) return null;
    // Every cell of the smallest shown count, not one of them: picking one of equal counts (by
    // vocabulary order, say) would tell a reader which way a tie went, and so the hidden values.
    const smallest = Math.min(...shown);
    counts.forEach((n, i) => {
      if (n === smallest) hidden[i] = true;
    });
  }
  return counts.map((n, i) => (hidden[i] ? null : n));
}

interface Draft extends Cell {
  trueCount: number;
  order: number;
}

/** Applies suppressCounts to cells; false when the breakdown has to be withheld. */
function suppress(cells: Draft[]): boolean {
  const published = suppressCounts(cells.map((c) => c.trueCount));
  if (!published) return false;
  cells.forEach((cell, i) => (cell.count = published[i]!));
  return true;
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

  const drafts: Record<BreakdownKey, Draft[]> = {
    year: yearCells,
    actType: termCells(raw.byActType),
    perpetratorType: termCells(raw.byPerpetratorType),
    hrdCategory: termCells(raw.byHrdCategory),
    province: provinceCells,
  };
  const withheld = BREAKDOWNS.filter((key) => totalHidden || !suppress(drafts[key]));
  const present = (key: BreakdownKey, sorted: boolean): Cell[] => {
    if (withheld.includes(key)) return [];
    return (sorted ? [...drafts[key]].sort(byCount) : drafts[key]).map(strip);
  };
  return {
    acts: totalHidden ? null : raw.acts,
    cases: totalHidden || isSmall(raw.cases) ? (raw.cases === 0 ? 0 : null) : raw.cases,
    breakdowns: {
      // Years and provinces keep their own order (a time series; the map's gazetteer order).
      year: present('year', false),
      actType: present('actType', true),
      perpetratorType: present('perpetratorType', true),
      hrdCategory: present('hrdCategory', true),
      province: present('province', false),
    },
    withheld,
    differencing: false,
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

// A spreadsheet runs a cell that starts with one of these as a formula (vocabulary labels are
// edited in the admin, so one could): such a cell gets a leading apostrophe, as in the
// subscribers export.
const FORMULA_START = /^[=+\-@\t\r]/;
export const guardCsvCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/**
 * The CSV: one row per published cell, in the page's language, with a byte-order mark so
 * spreadsheet programs read the Khmer as UTF-8. Counts are plain digits; a hidden count is
 * empty with a note. The first row after the header is the total; a withheld breakdown is one
 * row with an empty code and a note. Every text cell is guarded against formulas.
 */
export function statisticsCsv(stats: PortalStatistics, locale: Locale): string {
  const t = statisticsMessages[locale];
  const threshold = String(SUPPRESSION_THRESHOLD);
  const note = (count: number | null) => (count === null ? t.fewerThan(threshold) : '');
  const rows: string[][] = [[t.columnBreakdown, t.columnCode, t.columnLabel, t.columnCount, t.columnNote]];
  rows.push(['total', 'total', t.total, stats.acts === null ? '' : String(stats.acts), stats.differencing ? t.differencingShort : note(stats.acts)]);
  for (const key of BREAKDOWNS) {
    if (stats.withheld.includes(key)) {
      rows.push([key, '', '', '', stats.differencing ? t.differencingShort : t.withheldShort(threshold)]);
      continue;
    }
    for (const cell of stats.breakdowns[key]) {
      rows.push([key, cell.code, cell.label, cell.count === null ? '' : String(cell.count), note(cell.count)]);
    }
  }
  return `\uFEFF${stringify(
    rows.map((row) => row.map(guardCsvCell)),
    { record_delimiter: 'windows' },
  )}`;
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
      suppression: { threshold: SUPPRESSION_THRESHOLD, note: 'Counts from 1 to threshold - 1 are null, and so are others where they would give a hidden count away; a breakdown listed in "withheld" is left out whole (an empty list); withheldWhole says why everything is left out, if it is ("differencing": the total would reveal a count hidden in the figures with one filter fewer). See the portal page for the rule.' },
      total: { acts: stats.acts, cases: stats.cases },
      withheld: stats.withheld,
      // Why everything is left out, if it is: fewer than the threshold in all (rule 4), or a total that
      // would reveal a count hidden in the figures with one filter fewer (rule 5).
      withheldWhole: stats.differencing ? 'differencing' : stats.acts === null ? 'small-total' : null,
      breakdowns: Object.fromEntries(
        BREAKDOWNS.map((key) => [key, stats.breakdowns[key].map((c) => ({ code: c.code, label: c.label, count: c.count, ...(c.iso ? { iso: c.iso } : {}) }))]),
      ),
    },
    null,
    2,
  );
}
