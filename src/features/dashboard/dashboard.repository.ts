import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { CONTENT_TYPES, type ContentTypeKey } from '../content-types/content-types.js';

/** The types with an editorial workflow: their drafts, items in review and scheduled items. */
const DASHBOARD_TYPES = CONTENT_TYPES.filter((t) => t.workflow === 'full');
/** The panels of work, in the order the dashboard shows them: the user's own drafts first. */
export const WORK_PANELS = ['mine', 'in_review', 'scheduled'] as const;
export type WorkPanel = (typeof WORK_PANELS)[number];
/** Items per panel shown on the dashboard; the count tells how many more there are. */
export const DASHBOARD_LIST_LENGTH = 5;

export interface DashboardItem {
  type: ContentTypeKey;
  id: number;
  /** The item's title in each language it is written in. */
  titles: Record<string, string>;
  updatedAt: string;
  publishedAt: string | null;
}

export interface WorkInProgress {
  counts: Record<WorkPanel, number>;
  recent: Record<WorkPanel, DashboardItem[]>;
}

/**
 * The rows of one panel in one type's table. An item's owner is the author of its first
 * revision (as the editor's policy has it), so "mine" joins the revisions on version 1.
 */
function panelQuery(db: DbOrTx, table: string, typeKey: ContentTypeKey, panel: WorkPanel, userId: number) {
  // The tables share the workflow columns; the query is typed through one of them.
  const base = db.selectFrom(`${table} as i` as 'pages as i');
  if (panel !== 'mine') return base.where('i.status', '=', panel);
  return base.where('i.status', '=', 'draft').where(({ exists, selectFrom }) =>
    exists(
      selectFrom(sql`revisions`.as('r'))
        .select(sql`1`.as('one'))
        .where(sql<boolean>`r.content_type = ${typeKey} and r.item_id = i.id and r.version = 1 and r.author_id = ${userId}`),
    ),
  );
}

/** The user's drafts, the items waiting for review and the scheduled ones, over every content type, with titles. */
export async function findWorkInProgress(db: DbOrTx, userId: number): Promise<WorkInProgress> {
  const counts = { mine: 0, in_review: 0, scheduled: 0 } as Record<WorkPanel, number>;
  const recent = { mine: [], in_review: [], scheduled: [] } as Record<WorkPanel, DashboardItem[]>;
  for (const { key, table, translationsTable } of DASHBOARD_TYPES) {
    for (const panel of WORK_PANELS) {
      const counted = await panelQuery(db, table, key, panel, userId).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      counts[panel] += Number(counted.n);
      if (Number(counted.n) === 0) continue;
      const rows = await panelQuery(db, table, key, panel, userId)
        .select(['i.id', 'i.updatedAt', 'i.publishedAt'])
        .orderBy(panel === 'scheduled' ? 'i.publishedAt' : 'i.updatedAt', panel === 'scheduled' ? 'asc' : 'desc')
        .limit(DASHBOARD_LIST_LENGTH)
        .execute();
      const titles = await db
        .selectFrom(translationsTable as 'pageTranslations')
        .select(['itemId', 'locale', 'title'])
        .where('itemId', 'in', rows.map((r) => r.id))
        .execute();
      for (const r of rows) {
        const own = titles.filter((x) => x.itemId === r.id);
        recent[panel].push({ type: key, id: r.id, updatedAt: r.updatedAt, publishedAt: r.publishedAt, titles: Object.fromEntries(own.map((x) => [x.locale, x.title])) });
      }
    }
  }
  for (const panel of WORK_PANELS) {
    // Scheduled items come soonest first; the others most recently changed first.
    const key = (i: DashboardItem) => (panel === 'scheduled' ? (i.publishedAt ?? '') : i.updatedAt);
    recent[panel] = recent[panel]
      .sort((a, b) => (panel === 'scheduled' ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a))))
      .slice(0, DASHBOARD_LIST_LENGTH);
  }
  return { counts, recent };
}
