import type { Db, DbOrTx } from '../../db/database.js';
import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { writeAudit } from '../audit/audit.repository.js';
import { uprAdminMessages } from './upr.admin.messages.js';
import { MAX_PROBLEMS_SHOWN, parseRecommendationsCsv, type ImportProblem } from './upr.csv.js';
import { importRecommendations, type ImportCounts } from './upr.repository.js';

export type ImportOutcome = { ok: true; counts: ImportCounts; ids: number[] } | { ok: false; problems: ImportProblem[] };

/**
 * Reads the whole file, then stores it in one transaction with its audit row: a file with any
 * bad row stores nothing. `afterStore` runs inside the transaction (the search index).
 */
export async function importRecommendationsFile(
  db: Db,
  bytes: Buffer,
  actor: string,
  afterStore?: (tx: DbOrTx, ids: number[]) => Promise<void>,
): Promise<ImportOutcome> {
  const parsed = parseRecommendationsCsv(bytes);
  if (!parsed.ok) return parsed;
  const now = new Date().toISOString();
  return db.transaction().execute(async (tx) => {
    const { ids, ...counts } = await importRecommendations(tx, parsed.rows, now);
    await writeAudit(tx, { actor, action: 'upr.import', subjectType: 'upr', subjectId: null, after: { ...counts, rows: parsed.rows.length } });
    await afterStore?.(tx, ids);
    return { ok: true as const, counts, ids };
  });
}

/** One problem as a sentence in `locale`, naming its line. */
export function describeProblem(problem: ImportProblem, locale: Locale): string {
  const t = uprAdminMessages[locale];
  const detail = problem.detail ?? '';
  const text = (() => {
    switch (problem.problem) {
      case 'missingColumn':
        return t.missingColumn(detail);
      case 'regionUnknown':
      case 'responseUnknown':
      case 'cycleInvalid':
      case 'themeUnknown':
      case 'sdgInvalid':
        return t[problem.problem](detail);
      case 'duplicate':
        return t.duplicate(formatNumber(Number(detail), locale, { useGrouping: false }));
      default:
        return t[problem.problem];
    }
  })();
  return problem.line === 0 ? text : t.lineProblem(formatNumber(problem.line, locale, { useGrouping: false }), text);
}

/** The problems as lines, the first `MAX_PROBLEMS_SHOWN` of them. */
export function describeProblems(problems: readonly ImportProblem[], locale: Locale): string[] {
  const lines = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => describeProblem(p, locale));
  if (problems.length > MAX_PROBLEMS_SHOWN) lines.push(uprAdminMessages[locale].moreProblems(formatNumber(problems.length - MAX_PROBLEMS_SHOWN, locale)));
  return lines;
}
