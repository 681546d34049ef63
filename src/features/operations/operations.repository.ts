import type { DbOrTx } from '../../db/database.js';
import type { OperationsPauseTable } from './operations.tables.js';

const PAUSE_ID = 1;

export type OperationsPause = OperationsPauseTable;

/** The pause in force, if any. */
export async function findOperationsPause(db: DbOrTx): Promise<OperationsPause | undefined> {
  return db.selectFrom('operationsPause').selectAll().where('id', '=', PAUSE_ID).executeTakeFirst();
}

export async function isOperationsPaused(db: DbOrTx): Promise<boolean> {
  return (await findOperationsPause(db)) !== undefined;
}

/** Pauses sending and scheduled publishing; a pause already in force is kept as it is. */
export async function pauseOperations(db: DbOrTx, pause: { reason: string; backupCreatedAt?: string | null }, now = new Date()): Promise<void> {
  await db
    .insertInto('operationsPause')
    .values({ id: PAUSE_ID, reason: pause.reason, pausedAt: now.toISOString(), backupCreatedAt: pause.backupCreatedAt ?? null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Lifts the pause; returns the one that was lifted, or undefined when nothing was paused. */
export async function resumeOperations(db: DbOrTx): Promise<OperationsPause | undefined> {
  const pause = await findOperationsPause(db);
  if (pause) await db.deleteFrom('operationsPause').where('id', '=', PAUSE_ID).execute();
  return pause;
}
