import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { isPostgres } from '../../db/schema-helpers.js';
import type { OutboxMessagesTable } from './mail.tables.js';

/**
 * The delivery rows of the outbox as the sender moves them: claimed with a lease, renewed, and
 * given their outcome. The protocol (why each statement is guarded as it is) is told in `sender.ts`.
 */

export type ClaimedRow = Pick<OutboxMessagesTable, 'idempotencyKey' | 'kind' | 'toAddress' | 'subject'> & { id: number; attempts: number };
export type MailContent = Pick<OutboxMessagesTable, 'html' | 'text' | 'headers' | 'replyTo'>;

/** Deliveries whose lease ran out (their worker died) go back to the queue, due at once. */
export async function releaseExpiredLeases(db: DbOrTx, now = new Date()): Promise<number> {
  const iso = now.toISOString();
  const released = await db
    .updateTable('outboxDeliveries')
    .set({ state: 'queued', lockedUntil: null, lockedBy: null, nextAttemptAt: iso, updatedAt: iso, lastError: 'lease expired: the sender stopped while sending' })
    .where('state', '=', 'sending')
    .where('lockedUntil', '<', iso)
    .executeTakeFirst();
  return Number(released.numUpdatedRows);
}

/**
 * Just before a claimed row is sent: extends its lease, if this worker still holds it. False when
 * the lease ran out and the row was released or claimed by another worker: it must not be sent.
 */
export async function renewLease(db: DbOrTx, id: number, workerId: string, leaseMs: number, now = new Date()): Promise<boolean> {
  const renewed = await db
    .updateTable('outboxDeliveries')
    .set({ lockedUntil: new Date(now.getTime() + leaseMs).toISOString() })
    .where('messageId', '=', id)
    .where('lockedBy', '=', workerId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) > 0;
}

/** Atomically claims up to `size` due messages for this worker (one UPDATE … RETURNING). */
export async function claimDueRows(db: DbOrTx, size: number, workerId: string, leaseMs: number, now: Date): Promise<ClaimedRow[]> {
  const iso = now.toISOString();
  const due = db
    .selectFrom('outboxDeliveries')
    .select('messageId')
    .where('state', '=', 'queued')
    .where('nextAttemptAt', '<=', iso)
    .orderBy('nextAttemptAt')
    .orderBy('messageId')
    .limit(size);
  const claimed = await db
    .updateTable('outboxDeliveries')
    .set({
      state: 'sending',
      lockedUntil: new Date(now.getTime() + leaseMs).toISOString(),
      lockedBy: workerId,
      attempts: sql<number>`attempts + 1`,
      updatedAt: iso,
    })
    // On PostgreSQL the locking subquery sits in an ARRAY(…), evaluated once: as a plain `IN (…)`
    // the planner may run it again for each row of a semi-join, and then claims every due row,
    // however small the LIMIT.
    .where('messageId', isPostgres(db as never) ? '=' : 'in', isPostgres(db as never) ? sql<number>`any(array(${due.forUpdate().skipLocked()}))` : due)
    // The state test again: on PostgreSQL a row another worker claimed in between is skipped.
    .where('state', '=', 'queued')
    .returning(['messageId', 'attempts'])
    .execute();
  if (!claimed.length) return [];
  const attempts = new Map(claimed.map((c) => [c.messageId, c.attempts]));
  const messages = await db
    .selectFrom('outboxMessages')
    .select(['id', 'idempotencyKey', 'kind', 'toAddress', 'subject'])
    .where('id', 'in', [...attempts.keys()])
    .orderBy('id')
    .execute();
  return messages.map((m) => ({ ...m, attempts: attempts.get(m.id)! }));
}

/**
 * A message's body, read just before it is sent: a claimed batch holds only small rows, and each
 * body is garbage again within milliseconds, so the sender's memory stays flat however long the list.
 */
export async function findMailContent(db: DbOrTx, id: number): Promise<MailContent | undefined> {
  return db.selectFrom('outboxMessages').select(['html', 'text', 'headers', 'replyTo']).where('id', '=', id).executeTakeFirst();
}

/** Rows claimed but never started go back to the queue, their attempt not counted. */
export async function releaseUnstarted(db: DbOrTx, ids: number[], workerId: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('outboxDeliveries')
      .set({ state: 'queued', lockedUntil: null, lockedBy: null, attempts: sql<number>`attempts - 1`, updatedAt: new Date().toISOString() })
      .where('messageId', 'in', ids.slice(i, i + 500))
      .where('state', '=', 'sending')
      .where('lockedBy', '=', workerId)
      .execute();
  }
}

function released(now: string) {
  return { lockedUntil: null, lockedBy: null, updatedAt: now };
}

/** Back to the queue for a later attempt, if this worker still holds the row. */
export async function markForRetry(tx: DbOrTx, id: number, workerId: string, error: string, nextAttemptAt: string, now: string): Promise<void> {
  await tx
    .updateTable('outboxDeliveries')
    .set({ ...released(now), state: 'queued', lastError: error, nextAttemptAt })
    .where('messageId', '=', id)
    .where('lockedBy', '=', workerId)
    .where('state', '=', 'sending')
    .execute();
}

/** Given up, if this worker still holds the row. */
export async function markFailed(tx: DbOrTx, id: number, workerId: string, error: string, now: string): Promise<void> {
  await tx
    .updateTable('outboxDeliveries')
    .set({ ...released(now), state: 'failed', lastError: error })
    .where('messageId', '=', id)
    .where('lockedBy', '=', workerId)
    .where('state', '=', 'sending')
    .execute();
}

/** Sent, whoever holds the rows now: the server has the messages. */
export async function markSent(tx: DbOrTx, ids: number[], reply: string, now: string): Promise<void> {
  await tx
    .updateTable('outboxDeliveries')
    .set({ ...released(now), state: 'sent', smtpResponse: reply, sentAt: now, lastError: null })
    .where('messageId', 'in', ids)
    .execute();
}

/** Held back from a suppressed address, if this worker still holds the rows. */
export async function markSuppressed(tx: DbOrTx, ids: number[], workerId: string, reason: string, now: string): Promise<void> {
  await tx
    .updateTable('outboxDeliveries')
    .set({ ...released(now), state: 'suppressed', lastError: reason })
    .where('messageId', 'in', ids)
    .where('lockedBy', '=', workerId)
    .where('state', '=', 'sending')
    .execute();
}
