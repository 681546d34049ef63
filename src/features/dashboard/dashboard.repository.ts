import type { DbOrTx } from '../../db/database.js';
import { CONTENT_TYPES, type ContentTypeKey } from '../content-types/content-types.js';

/** The types with an editorial workflow: their drafts, items in review and scheduled items. */
const DASHBOARD_TYPES = CONTENT_TYPES.filter((t) => t.workflow === 'full');
export const DASHBOARD_STATUSES = ['draft', 'in_review', 'scheduled'] as const;
export type DashboardStatus = (typeof DASHBOARD_STATUSES)[number];
/** Items per status shown on the dashboard; the count tells how many more there are. */
export const DASHBOARD_LIST_LENGTH = 5;

export interface DashboardItem {
  type: ContentTypeKey;
  id: number;
  slug: string;
  updatedAt: string;
}

export interface WorkInProgress {
  counts: Record<DashboardStatus, number>;
  recent: Record<DashboardStatus, DashboardItem[]>;
}

/** Counts and the latest items not yet published, over every content type. */
export async function findWorkInProgress(db: DbOrTx): Promise<WorkInProgress> {
  const counts = { draft: 0, in_review: 0, scheduled: 0 } as Record<DashboardStatus, number>;
  const recent = { draft: [], in_review: [], scheduled: [] } as Record<DashboardStatus, DashboardItem[]>;
  for (const { key, table: sqlTable } of DASHBOARD_TYPES) {
    // The tables share the workflow columns; the query is typed through one of them.
    const table = sqlTable as 'pages';
    const grouped = await db
      .selectFrom(table)
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', DASHBOARD_STATUSES)
      .groupBy('status')
      .execute();
    for (const g of grouped) counts[g.status as DashboardStatus] += Number(g.n);
    const rows = await db
      .selectFrom(table)
      .select(['id', 'slug', 'status', 'updatedAt'])
      .where('status', 'in', DASHBOARD_STATUSES)
      .orderBy('updatedAt', 'desc')
      .limit(DASHBOARD_LIST_LENGTH * DASHBOARD_STATUSES.length)
      .execute();
    for (const r of rows) recent[r.status as DashboardStatus].push({ type: key, id: r.id, slug: r.slug, updatedAt: r.updatedAt });
  }
  for (const status of DASHBOARD_STATUSES) {
    recent[status] = recent[status].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, DASHBOARD_LIST_LENGTH);
  }
  return { counts, recent };
}
