import type { ExpressionBuilder } from 'kysely';
import type { Config } from '../config.js';
import type { Database, Db, DbOrTx } from '../db/database.js';
import { writeAudit } from '../features/audit/audit.repository.js';
import { CONTENT_TYPES } from '../features/editor/editor.types.js';
import { deleteRevisionsOfRange } from '../features/editor/revisions.repository.js';
import { ALERT_TYPE } from '../features/hrd-alerts/alert-type.js';
import { removeEvidenceFiles } from '../features/hrd-cases/evidence.store.js';
import { findDemoImport, recordDemoRemoval, type DemoImport } from '../features/instance/instance.repository.js';
import { contentFiles, type FileStorage } from '../features/media/storage.js';
import { withObjectStorage, type ObjectStorage } from '../storage/index.js';
import { rebuildSearchIndex } from '../features/search/search.indexer.js';
import { searchTables } from '../features/search/search.tables.js';
import { DEMO_ROOT_TABLES } from './demo-rows.js';

/*
 * `dove demo remove`: takes the demo organisation out of a database, in one transaction. The
 * demo's rows are those its import recorded (id ranges per table, see demo-rows.ts); deleting
 * those roots takes everything that cascades from them. Stored files go only after the commit,
 * so a removal that fails leaves every file a surviving row still names. Staff accounts,
 * subscribers, vocabularies, the gazetteer and the audit log stay.
 */

export const DEMO_REMOVE_ACTOR = 'system:cli';

/** Audit actions that record a look or a refusal, not a change. */
const NON_CHANGING_ACTIONS = ['case.read', 'case.export', 'evidence.download', 'permission.denied', 'publish.blocked'];
/** Subjects of audit rows that count as work on the site's content or the case records. */
const DEMO_SUBJECT_TYPES = [
  ...CONTENT_TYPES.map((t) => t.key),
  'settings', 'menuItem', 'file', 'hrd_case', 'hrd_fund_request', ALERT_TYPE,
];
/** How many staff changes a refusal lists before it only counts the rest. */
const LISTED_CHANGES = 20;

export class DemoRemovalRefused extends Error {}

export interface DemoRemovalOptions {
  /** Remove the demo even though staff worked on content or cases since it was imported. */
  force?: boolean;
  /** The site's object storage; by default one made from the configuration for this removal. */
  objects?: ObjectStorage;
}

export interface DemoRemovalSummary {
  /** Rows deleted per table (dependants cascade and are not counted). */
  rows: Record<string, number>;
  storedFiles: number;
  evidenceFiles: number;
  staffChanges: number;
}

export async function removeDemo(db: Db, config: Config, options: DemoRemovalOptions = {}): Promise<DemoRemovalSummary> {
  return withObjectStorage(config.storage, options.objects, (objects) => removeDemoWith(db, objects, options));
}

async function removeDemoWith(db: Db, objects: ObjectStorage, options: DemoRemovalOptions): Promise<DemoRemovalSummary> {
  const storage = contentFiles(objects);
  const removed = await db.transaction().execute(async (tx) => {
    const demo = await findDemoImport(tx);
    if (!demo) throw new DemoRemovalRefused('This database has no record of a demo import: there is nothing to remove.');
    const changes = await findStaffChanges(tx, demo.importedAt);
    if (changes.length > 0 && !options.force) throw new DemoRemovalRefused(refusal(changes));
    return deleteDemo(tx, demo, storage, changes.length);
  });
  // Only now: had the transaction failed, the rows naming these files would still be there.
  for (const sha256 of removed.shas) await storage.delete(sha256);
  await removeEvidenceFiles(objects, removed.evidenceKeys);
  return { rows: removed.rows, storedFiles: removed.shas.length, evidenceFiles: removed.evidenceKeys.length, staffChanges: removed.staffChanges };
}

export interface StaffChange {
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
}

/** Changes staff (any actor but `system:*`) made to content, settings, files, cases or alerts since the import. */
export function findStaffChanges(db: DbOrTx, since: string): Promise<StaffChange[]> {
  return db
    .selectFrom('auditLog')
    .select(['at', 'actor', 'action', 'subjectType', 'subjectId'])
    .where('at', '>=', since)
    .where('actor', 'not like', 'system:%')
    .where('subjectType', 'in', DEMO_SUBJECT_TYPES)
    .where('action', 'not in', NON_CHANGING_ACTIONS)
    .orderBy('id')
    .execute();
}

function refusal(changes: StaffChange[]): string {
  const lines = changes
    .slice(0, LISTED_CHANGES)
    .map((c) => `  ${c.at}  ${c.actor}  ${c.action}  ${c.subjectType}${c.subjectId === null ? '' : ` ${c.subjectId}`}`);
  if (changes.length > LISTED_CHANGES) lines.push(`  … and ${changes.length - LISTED_CHANGES} more`);
  return [
    `Staff have changed content or cases since the demo was imported (${changes.length} changes):`,
    ...lines,
    'Removing the demo deletes the demo items they changed. Items staff created are kept.',
    'Run `dove demo remove --force` to remove it anyway.',
  ].join('\n');
}

type Ranges = Array<[number, number]>;

/** `column` falls in one of the ranges. */
function inRanges<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, ranges: Ranges) {
  const ref = eb.ref(column as never);
  return eb.or(ranges.map(([first, last]) => eb.between(ref, first as never, last as never)));
}

async function deleteDemo(tx: DbOrTx, demo: DemoImport, storage: FileStorage, staffChanges: number) {
  const ranges = (table: string): Ranges => demo.rows[table] ?? [];
  const caseRanges = ranges('hrdCases');
  const evidenceKeys = caseRanges.length
    ? (await tx.selectFrom('hrdEvidence').select('storageKey').where((eb) => inRanges(eb, 'caseId', caseRanges)).execute()).map((r) => r.storageKey)
    : [];
  await deleteHistoryOf(tx, ranges);
  const rows: Record<string, number> = {};
  for (const table of DEMO_ROOT_TABLES) {
    if (table === 'files' || ranges(table).length === 0) continue;
    // Every root table has an id; naming one of them gives Kysely its type.
    const result = await tx.deleteFrom(table as 'pages').where((eb) => inRanges(eb, 'id', ranges(table))).executeTakeFirst();
    rows[table] = Number(result.numDeletedRows);
  }
  const files = await deleteDemoFiles(tx, ranges('files'));
  rows.files = files.count;
  // The site settings come from the import too (`dove seed --replace` deletes them the same way).
  rows.settings = Number((await tx.deleteFrom('settings').executeTakeFirst()).numDeletedRows);
  await rebuildSearchIndex(tx, { storage });
  const at = new Date().toISOString();
  await recordDemoRemoval(tx, at);
  await writeAudit(tx, {
    actor: DEMO_REMOVE_ACTOR,
    action: 'demo.remove',
    subjectType: 'site',
    subjectId: null,
    after: { rows, storedFiles: files.shas.length, evidenceFiles: evidenceKeys.length, staffChanges, importedAt: demo.importedAt },
  });
  return { rows, shas: files.shas, evidenceKeys, staffChanges };
}

/** Revisions and pending subscriber notices name items by type and id, without a foreign key. */
async function deleteHistoryOf(tx: DbOrTx, ranges: (table: string) => Ranges): Promise<void> {
  for (const type of CONTENT_TYPES) {
    const itemRanges = ranges(camelCase(type.table));
    if (itemRanges.length === 0) continue;
    for (const [first, last] of itemRanges) await deleteRevisionsOfRange(tx, type.key, first, last);
    await tx
      .deleteFrom('subscriberNotificationRequests')
      .where('contentType', '=', type.key)
      .where((eb) => inRanges(eb, 'itemId', itemRanges))
      .execute();
  }
}

/**
 * Deletes the demo's file rows that no surviving item uses (a staff item may have picked a demo
 * image), and returns the stored bytes no row names any more: a file and its renditions are
 * stored by content, and staff may have uploaded the very same bytes.
 */
async function deleteDemoFiles(tx: DbOrTx, fileRanges: Ranges): Promise<{ count: number; shas: string[] }> {
  if (fileRanges.length === 0) return { count: 0, shas: [] };
  const inUse = [...(await fileIdsInUse(tx))];
  const unused = (eb: ExpressionBuilder<Database, 'files'>) =>
    inUse.length ? eb.and([inRanges(eb, 'files.id', fileRanges), eb('files.id', 'not in', inUse)]) : inRanges(eb, 'files.id', fileRanges);
  const [masters, renditions] = await Promise.all([
    tx.selectFrom('files').select('sha256').where(unused).execute(),
    tx.selectFrom('imageVariants').innerJoin('files', 'files.id', 'imageVariants.fileId').select('imageVariants.sha256').where(unused).execute(),
  ]);
  const result = await tx.deleteFrom('files').where(unused).executeTakeFirst();
  const candidates = [...new Set([...masters, ...renditions].map((r) => r.sha256))];
  const shas = await withoutNamedBytes(tx, candidates);
  // The text extracted from a removed PDF, kept by its hash for reindexing.
  for (let i = 0; i < shas.length; i += SHA_BATCH) {
    await searchTables(tx).deleteFrom('searchFileTexts').where('sha256', 'in', shas.slice(i, i + SHA_BATCH)).execute();
  }
  return { count: Number(result.numDeletedRows), shas };
}

/** Every file id a content row still points to. */
async function fileIdsInUse(tx: DbOrTx): Promise<Set<number>> {
  const lists = [
    await tx.selectFrom('projects').select('coverFileId as id').execute(),
    await tx.selectFrom('publications').select('coverFileId as id').execute(),
    await tx.selectFrom('newsPosts').select('coverFileId as id').execute(),
    await tx.selectFrom('events').select('coverFileId as id').execute(),
    await tx.selectFrom('albums').select('coverFileId as id').execute(),
    await tx.selectFrom('people').select('photoFileId as id').execute(),
    await tx.selectFrom('organisations').select('logoFileId as id').execute(),
    await tx.selectFrom('publicationFiles').select('fileId as id').execute(),
    await tx.selectFrom('albumPhotos').select('fileId as id').execute(),
  ];
  return new Set(lists.flat().flatMap((r) => (r.id === null ? [] : [r.id])));
}

/** The hashes among `shas` that no remaining file or rendition row names. */
async function withoutNamedBytes(tx: DbOrTx, shas: string[]): Promise<string[]> {
  const named = new Set<string>();
  for (let i = 0; i < shas.length; i += SHA_BATCH) {
    const part = shas.slice(i, i + SHA_BATCH);
    const [files, variants] = await Promise.all([
      tx.selectFrom('files').select('sha256').where('sha256', 'in', part).execute(),
      tx.selectFrom('imageVariants').select('sha256').where('sha256', 'in', part).execute(),
    ]);
    for (const r of [...files, ...variants]) named.add(r.sha256);
  }
  return shas.filter((s) => !named.has(s));
}

/** Hashes per `in (…)` list: well under SQLite's and PostgreSQL's limits on bound parameters. */
const SHA_BATCH = 500;

function camelCase(snake: string): string {
  return snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}
