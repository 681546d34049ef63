import type { DbOrTx } from '../../db/database.js';
import { engineOfSearchDb, searchTables, type FileTextState, type UnreadableReason } from './search.tables.js';

export interface FileTextRow {
  state: FileTextState;
  text: string | null;
  reason: UnreadableReason | null;
}

/** Queues a PDF for text extraction; a file already queued or read keeps its row. */
export async function queueFileText(db: DbOrTx, sha256: string, now = new Date()): Promise<void> {
  await searchTables(db)
    .insertInto('searchFileTexts')
    .values({ sha256, state: 'pending', text: null, reason: null, queuedAt: now.toISOString(), claimedUntil: null, extractedAt: null })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/**
 * A file's extraction state and text. On PostgreSQL the row is share-locked until the caller's
 * transaction ends: the job that stores the text waits for an indexing transaction that read
 * `pending`, then re-indexes the items it committed (see recordFileText), so no item keeps an
 * index without the text. SQLite runs one writing transaction at a time and needs no lock.
 */
export async function findFileText(db: DbOrTx, sha256: string): Promise<FileTextRow | undefined> {
  const sdb = searchTables(db);
  const query = sdb.selectFrom('searchFileTexts').select(['state', 'text', 'reason']).where('sha256', '=', sha256);
  return (db.isTransaction && engineOfSearchDb(sdb) === 'postgres' ? query.forShare() : query).executeTakeFirst();
}

/** The states of these files' texts, by SHA-256; a file missing from the map was never queued. */
export async function findFileTextStates(db: DbOrTx, sha256s: readonly string[]): Promise<Map<string, FileTextRow>> {
  if (!sha256s.length) return new Map();
  const rows = await searchTables(db)
    .selectFrom('searchFileTexts')
    .select(['sha256', 'state', 'reason'])
    .where('sha256', 'in', [...new Set(sha256s)])
    .execute();
  return new Map(rows.map((r) => [r.sha256, { state: r.state, reason: r.reason, text: null }]));
}

/** Pending files no live claim holds, oldest first. */
export async function listClaimableFileTexts(db: DbOrTx, now: Date, limit: number): Promise<string[]> {
  const rows = await searchTables(db)
    .selectFrom('searchFileTexts')
    .select('sha256')
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now.toISOString())]))
    .orderBy('queuedAt')
    .orderBy('sha256')
    .limit(limit)
    .execute();
  return rows.map((r) => r.sha256);
}

/**
 * Takes a pending file for `leaseMs`. One UPDATE whose condition is checked again under the
 * row's lock, so of several servers (or runs) trying at once exactly one gets it, on both engines.
 */
export async function claimFileText(db: DbOrTx, sha256: string, now: Date, leaseMs: number): Promise<boolean> {
  const result = await searchTables(db)
    .updateTable('searchFileTexts')
    .set({ claimedUntil: new Date(now.getTime() + leaseMs).toISOString() })
    .where('sha256', '=', sha256)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claimed file back, so the next run takes it at once (the server is stopping). */
export async function releaseFileText(db: DbOrTx, sha256: string): Promise<void> {
  await searchTables(db).updateTable('searchFileTexts').set({ claimedUntil: null }).where('sha256', '=', sha256).where('state', '=', 'pending').execute();
}

/** Stores the outcome of an extraction; false when the file was no longer pending. */
export async function recordFileText(
  db: DbOrTx,
  sha256: string,
  outcome: { text: string } | { reason: UnreadableReason },
  now = new Date(),
): Promise<boolean> {
  const values = 'text' in outcome ? { state: 'done' as const, text: outcome.text, reason: null } : { state: 'unreadable' as const, text: null, reason: outcome.reason };
  const result = await searchTables(db)
    .updateTable('searchFileTexts')
    .set({ ...values, claimedUntil: null, extractedAt: now.toISOString() })
    .where('sha256', '=', sha256)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
