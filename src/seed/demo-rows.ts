import type { DbOrTx } from '../db/database.js';
import {
  findDemoImport,
  recordInitialisation,
  saveDemoImport,
  type IdRanges,
} from '../features/instance/instance.repository.js';

/*
 * Which rows are the demo's. The import runs in one transaction and every table below has an
 * increasing id (SQLite AUTOINCREMENT, PostgreSQL identity; the HRD demo assigns ids past the
 * largest), so the rows it created are exactly those between each table's largest id before
 * and after it. Those ranges are recorded with the import. Rows staff add later get larger ids
 * and stay out of them, so removing the demo can never take an organisation's own work, and it
 * needs no "demo" column on any table. Every other demo row (translations, topics of an item,
 * a case's events, acts, victims, sources, timeline, interventions, evidence and fund requests,
 * an alert's translations and updates, a UPR recommendation's texts, themes and assessments,
 * a file's renditions) hangs off one of these by a
 * foreign key with ON DELETE CASCADE.
 */

/** Tables whose rows the demo import creates, in an order in which deleting them breaks no foreign key. */
export const DEMO_ROOT_TABLES = [
  'uprRecommendations', 'hrdAlerts', 'hrdCases',
  'menus', 'vacancies', 'organisations', 'people', 'albums', 'events', 'newsPosts', 'publications', 'projects', 'pages', 'topics',
  'files',
] as const;

export type DemoRootTable = (typeof DEMO_ROOT_TABLES)[number];

export type MaxIds = Record<DemoRootTable, number>;

/** The largest id in each demo table (0 when empty). */
export async function maxRowIds(db: DbOrTx): Promise<MaxIds> {
  const ids = {} as MaxIds;
  for (const table of DEMO_ROOT_TABLES) {
    // Every one of these tables has an integer id; naming one of them gives Kysely the column's type.
    const row = await db
      .selectFrom(table as 'files')
      .select((eb) => eb.fn.max<number | null>('id').as('max'))
      .executeTakeFirst();
    ids[table] = Number(row?.max ?? 0);
  }
  return ids;
}

/**
 * Records, in the import's transaction, the rows it created (added to any earlier import's, as
 * `dove seed --replace` leaves earlier files in place), and that the database is initialised.
 */
export async function recordDemoImport(db: DbOrTx, before: MaxIds, at: string): Promise<void> {
  const after = await maxRowIds(db);
  const earlier = await findDemoImport(db);
  const rows: IdRanges = { ...earlier?.rows };
  for (const table of DEMO_ROOT_TABLES) {
    if (after[table] > before[table]) rows[table] = [...(rows[table] ?? []), [before[table] + 1, after[table]]];
  }
  // The first import's time: staff work on the demo is looked for from then on.
  await saveDemoImport(db, { importedAt: earlier?.importedAt ?? at, rows });
  await recordInitialisation(db, { at, with: 'demo' });
}
