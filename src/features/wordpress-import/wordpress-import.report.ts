/** What an import did, object by object: printed as a table and written as JSON. */

export const OUTCOMES = ['imported', 'changed', 'unchanged', 'skipped'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const REPORTED_OBJECTS = ['post', 'page', 'attachment', 'topic', 'comment', 'other'] as const;
export type ReportedObject = (typeof REPORTED_OBJECTS)[number];

export interface ReportEntry {
  object: ReportedObject;
  wpId: string;
  title: string;
  outcome: Outcome;
  /** Why it was skipped, or what the reader should know (a missing image, a private post). */
  reason?: string;
  /** Where it is now, below the site's root (`/en/news/a-slug`). */
  address?: string;
}

export interface RedirectCounts {
  created: number;
  changed: number;
  unchanged: number;
  /** Old addresses an editor had already redirected elsewhere: theirs is kept. */
  keptEditors: number;
}

export interface ImportReport {
  file: string;
  source: string;
  wxrVersion: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  entries: ReportEntry[];
  redirects: RedirectCounts;
  /** What concerns the whole import rather than one object: an encoding read otherwise than declared, keys carried over. */
  notices: string[];
}

export function countOutcomes(report: ImportReport): Record<ReportedObject, Record<Outcome, number>> {
  const counts = Object.fromEntries(REPORTED_OBJECTS.map((o) => [o, Object.fromEntries(OUTCOMES.map((k) => [k, 0]))])) as Record<ReportedObject, Record<Outcome, number>>;
  for (const e of report.entries) counts[e.object][e.outcome] += 1;
  return counts;
}

/** The report for a terminal: a count per kind of object, then every object not simply imported or unchanged. */
export function formatReport(report: ImportReport): string {
  const counts = countOutcomes(report);
  const lines = [
    `${report.dryRun ? 'Dry run (nothing was written)' : 'Imported'}: ${report.file} (WXR ${report.wxrVersion}, ${report.source})`,
    '',
    `${'object'.padEnd(12)}${OUTCOMES.map((o) => o.padStart(11)).join('')}`,
    ...REPORTED_OBJECTS.filter((o) => OUTCOMES.some((k) => counts[o][k] > 0)).map(
      (o) => `${o.padEnd(12)}${OUTCOMES.map((k) => String(counts[o][k]).padStart(11)).join('')}`,
    ),
    '',
    `redirects: ${report.redirects.created} new, ${report.redirects.changed} changed, ${report.redirects.unchanged} unchanged, ${report.redirects.keptEditors} kept as an editor set them`,
  ];
  if (report.notices.length) lines.push('', ...report.notices.map((n) => `Note: ${n}`));
  const notable = report.entries.filter((e) => e.reason);
  if (notable.length) {
    lines.push('', 'Notes:');
    for (const e of notable) lines.push(`  ${e.outcome} ${e.object} ${e.wpId} "${e.title}": ${e.reason}`);
  }
  return lines.join('\n');
}
