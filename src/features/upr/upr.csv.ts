import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { unguardCsvCell } from '../../web/csv-guard.js';
import { findRegionalGroup, findResponse, findTheme, normalizeName, type RegionalGroup, type ThemeCode } from './upr.vocabulary.js';
import type { UprResponse } from './upr.tables.js';

/*
 * Recommendations from a CSV in the layout of UPR Info's database export (docs/upr.md): one row
 * per recommendation, a header row naming the columns in any order and case. The file is read
 * whole before anything is stored: any bad row rejects it, and each problem names its line.
 */

/** The columns read, each with the header names accepted for it (compared after `normalizeName`). */
export const CSV_COLUMNS = {
  id: ['recommendation id', 'id', 'reference'],
  text: ['recommendation', 'recommendation en', 'recommendation english'],
  textKm: ['recommendation km', 'recommendation khmer', 'khmer'],
  state: ['recommending state', 'recommending states', 'state'],
  region: ['regional group', 'region'],
  response: ['response', 'position'],
  themes: ['issues', 'issue', 'themes', 'issues themes', 'theme'],
  cycle: ['cycle'],
  session: ['session'],
  sdgs: ['sdgs', 'sdg', 'sdg targets'],
} as const;
type Column = keyof typeof CSV_COLUMNS;
const REQUIRED: readonly Column[] = ['text', 'state', 'region', 'response', 'cycle'];

/** A file larger than this is refused unread, in bytes. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
/** A file with more rows than this is refused whole. */
export const MAX_IMPORT_ROWS = 5_000;
/** Longest recommendation text kept, in characters (the longest in the UN's records is well under). */
const MAX_TEXT = 4_000;
const MAX_STATE = 120;
/** Problems listed before the rest are summed up as "and more". */
export const MAX_PROBLEMS_SHOWN = 20;

export interface ImportedRecommendation {
  line: number;
  matchKey: string;
  reference: string | null;
  cycle: number;
  session: string | null;
  state: string;
  region: RegionalGroup;
  response: UprResponse;
  themes: ThemeCode[];
  sdgTargets: string[];
  text: string;
  textKm: string | null;
}

export type FileProblem = 'notUtf8' | 'notCsv' | 'empty' | 'tooManyRows' | 'missingColumn';
export type RowProblem =
  | 'textMissing' | 'textTooLong' | 'stateMissing' | 'stateTooLong' | 'regionUnknown' | 'responseUnknown'
  | 'cycleInvalid' | 'themeUnknown' | 'sdgInvalid' | 'duplicate';

export type ImportProblem =
  | { line: 0; problem: FileProblem; detail?: string }
  | { line: number; problem: RowProblem; detail?: string };

export type ParseResult = { ok: true; rows: ImportedRecommendation[] } | { ok: false; problems: ImportProblem[] };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const SDG_TARGET = /^(\d{1,2})(?:\.([0-9]{1,2}|[a-c]))?$/;
const CYCLE = /^(?:cycle\s*)?(\d{1,2})(?:st|nd|rd|th)?(?:\s*cycle)?$/i;

/** The key that finds the same recommendation on a later import. */
export function matchKeyOf(id: string, cycle: number, state: string, text: string): string {
  if (id) return `id:${id.trim()}`;
  const digest = createHash('sha256').update(normalizeName(text)).digest('hex').slice(0, 32);
  return `c${cycle}:${normalizeName(state)}:${digest}`;
}

function headerMap(header: string[]): Map<Column, number> {
  const found = new Map<Column, number>();
  header.forEach((name, index) => {
    const normal = normalizeName(name);
    for (const [column, names] of Object.entries(CSV_COLUMNS) as Array<[Column, readonly string[]]>) {
      if (!found.has(column) && (names as readonly string[]).includes(normal)) found.set(column, index);
    }
  });
  return found;
}

function readRecords(bytes: Buffer): { ok: true; header: string[]; records: Array<{ cells: string[]; line: number }> } | { ok: false; problem: FileProblem } {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'notUtf8' };
  }
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, max_record_size: 64 * 1024 }) as unknown as typeof parsed;
  } catch {
    return { ok: false, problem: 'notCsv' };
  }
  const [head, ...rest] = parsed;
  if (!head || rest.length === 0) return { ok: false, problem: 'empty' };
  if (rest.length > MAX_IMPORT_ROWS) return { ok: false, problem: 'tooManyRows' };
  return { ok: true, header: head.record, records: rest.map((r) => ({ cells: r.record, line: r.info.lines })) };
}

function parseSdgs(value: string): string[] | undefined {
  const targets = value.split(/[;,|\s]+/).map((v) => v.replace(/^sdg/i, '').trim()).filter(Boolean);
  for (const target of targets) {
    const match = SDG_TARGET.exec(target);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > 17) return undefined;
  }
  return [...new Set(targets)];
}

/** One row, or the problems it has. */
function readRow(cell: (c: Column) => string, line: number): { row?: ImportedRecommendation; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const fail = (problem: RowProblem, detail?: string) => problems.push({ line, problem, ...(detail ? { detail } : {}) });
  const text = cell('text');
  if (!text) fail('textMissing');
  else if (text.length > MAX_TEXT) fail('textTooLong');
  const state = cell('state');
  if (!state) fail('stateMissing');
  else if (state.length > MAX_STATE) fail('stateTooLong');
  const region = findRegionalGroup(cell('region'));
  if (!region) fail('regionUnknown', cell('region'));
  const response = findResponse(cell('response'));
  if (!response) fail('responseUnknown', cell('response'));
  const cycleMatch = CYCLE.exec(cell('cycle'));
  const cycle = cycleMatch ? Number(cycleMatch[1]) : 0;
  if (cycle < 1) fail('cycleInvalid', cell('cycle'));
  const themes: ThemeCode[] = [];
  for (const name of cell('themes').split(/[;|,]/).map((n) => n.trim()).filter(Boolean)) {
    const theme = findTheme(name);
    if (!theme) fail('themeUnknown', name);
    else if (!themes.includes(theme)) themes.push(theme);
  }
  const sdgTargets = parseSdgs(cell('sdgs'));
  if (!sdgTargets) fail('sdgInvalid', cell('sdgs'));
  if (problems.length) return { problems };
  const id = cell('id');
  return {
    problems,
    row: {
      line,
      matchKey: matchKeyOf(id, cycle, state, text),
      reference: id || null,
      cycle,
      session: cell('session').replace(/\s*(?:st|nd|rd|th)?\s*session$/i, '') || null,
      state,
      region: region!,
      response: response!,
      themes,
      sdgTargets: sdgTargets!,
      text,
      textKm: cell('textKm') || null,
    },
  };
}

/** Reads a whole file; any problem rejects it. */
export function parseRecommendationsCsv(bytes: Buffer): ParseResult {
  const read = readRecords(bytes);
  if (!read.ok) return { ok: false, problems: [{ line: 0, problem: read.problem }] };
  const columns = headerMap(read.header);
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length) return { ok: false, problems: missing.map((c) => ({ line: 0 as const, problem: 'missingColumn' as const, detail: CSV_COLUMNS[c][0] })) };
  const problems: ImportProblem[] = [];
  const rows: ImportedRecommendation[] = [];
  const seen = new Map<string, number>();
  for (const { cells, line } of read.records) {
    const cell = (c: Column) => {
      const index = columns.get(c);
      return index === undefined ? '' : unguardCsvCell((cells[index] ?? '').normalize('NFC').trim());
    };
    const { row, problems: found } = readRow(cell, line);
    problems.push(...found);
    if (!row) continue;
    const earlier = seen.get(row.matchKey);
    if (earlier !== undefined) problems.push({ line, problem: 'duplicate', detail: String(earlier) });
    seen.set(row.matchKey, line);
    rows.push(row);
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
