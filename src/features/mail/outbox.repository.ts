import { sql, type Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { OutboxMessagesTable, OutboxState, SuppressionReason } from './mail.tables.js';

export const OUTBOX_STATES: readonly OutboxState[] = ['queued', 'sending', 'sent', 'failed', 'suppressed'];

export interface OutboxFilter {
  state?: OutboxState | undefined;
  kind?: string | undefined;
  /** Part of the recipient's address. */
  to?: string | undefined;
}

export interface OutboxListRow {
  id: number;
  kind: string;
  toAddress: string;
  subject: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** Messages with their delivery state. */
function withDelivery(db: DbOrTx) {
  return db.selectFrom('outboxMessages as m').innerJoin('outboxDeliveries as d', 'd.messageId', 'm.id');
}

function filtered(db: DbOrTx, f: OutboxFilter) {
  let q = withDelivery(db);
  if (f.state) q = q.where('d.state', '=', f.state);
  if (f.kind) q = q.where('m.kind', '=', f.kind);
  if (f.to) {
    const pattern = `%${f.to.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`m.to_address like ${pattern} escape ${'\\'}`);
  }
  return q;
}

/** One page of the outbox, newest first, and how many rows match. */
export async function listOutbox(db: DbOrTx, f: OutboxFilter, page: number, pageSize: number): Promise<{ rows: OutboxListRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, f)
      .select(['m.id', 'm.kind', 'm.toAddress', 'm.subject', 'd.state', 'd.attempts', 'd.nextAttemptAt', 'd.lastError', 'd.sentAt', 'm.createdAt'])
      .orderBy('m.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** How many messages are in each state. */
export async function countByState(db: DbOrTx): Promise<Record<OutboxState, number>> {
  const rows = await db
    .selectFrom('outboxDeliveries')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

export async function findOutboxMessage(db: DbOrTx, id: number) {
  return withDelivery(db)
    .select([
      'm.id',
      'm.idempotencyKey',
      'm.kind',
      'm.toAddress',
      'm.subject',
      'm.html',
      'm.text',
      'm.headers',
      'm.replyTo',
      'm.createdAt',
      'd.state',
      'd.attempts',
      'd.nextAttemptAt',
      'd.lastError',
      'd.smtpResponse',
      'd.sentAt',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export type OutboxMessage = NonNullable<Awaited<ReturnType<typeof findOutboxMessage>>>;

export async function suppressionsFor(db: DbOrTx, email: string): Promise<Array<{ reason: SuppressionReason; detail: string | null; createdAt: string }>> {
  return db
    .selectFrom('mailSuppressions')
    .select(['reason', 'detail', 'createdAt'])
    .where('email', '=', email.toLowerCase())
    .orderBy('createdAt')
    .execute();
}

/** A failed (or suppressed) message goes back to the queue, due now; false if it was in another state. */
export async function requeueMessage(tx: DbOrTx, id: number): Promise<boolean> {
  const now = new Date().toISOString();
  const r = await tx
    .updateTable('outboxDeliveries')
    .set({ state: 'queued', nextAttemptAt: now, attempts: 0, lockedUntil: null, lockedBy: null, updatedAt: now })
    .where('messageId', '=', id)
    .where('state', 'in', ['failed', 'suppressed'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Forgets that an address bounced (it was fixed, or the refusal was the server's mistake). */
export async function liftBounce(tx: DbOrTx, email: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('mailSuppressions')
    .where('email', '=', email.toLowerCase())
    .where('reason', '=', 'bounce')
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type NewOutboxMessage = Insertable<OutboxMessagesTable>;

/** Inserts the messages whose idempotency key is new; returns the ids of those inserted. */
export async function insertOutboxMessages(tx: DbOrTx, rows: NewOutboxMessage[]): Promise<number[]> {
  const inserted = await tx
    .insertInto('outboxMessages')
    .values(rows)
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** One delivery row per new message, queued and due now. */
export async function insertQueuedDeliveries(tx: DbOrTx, messageIds: number[], now: string): Promise<void> {
  await tx
    .insertInto('outboxDeliveries')
    .values(messageIds.map((messageId) => ({ messageId, state: 'queued' as const, attempts: 0, nextAttemptAt: now, updatedAt: now })))
    .execute();
}

/** Deletes every message to this address (an erasure); returns their idempotency keys. */
export async function deleteMailTo(tx: DbOrTx, address: string): Promise<string[]> {
  const messages = await tx.selectFrom('outboxMessages').select('idempotencyKey').where('toAddress', '=', address).execute();
  await tx.deleteFrom('outboxMessages').where('toAddress', '=', address).execute();
  return messages.map((m) => m.idempotencyKey);
}
