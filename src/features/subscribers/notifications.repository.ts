import type { DbOrTx } from '../../db/database.js';
import { isPostgres } from '../../db/schema-helpers.js';
import type { SubscriptionTopic } from './subscribers.tables.js';

/**
 * Notifications to subscribers: one row per key once queued (so an item is announced once), and
 * the requests waiting for a scheduled item to go public.
 */

/** Records the key; undefined when it was recorded already (nothing is to be queued again). */
export async function claimNotification(tx: DbOrTx, idempotencyKey: string, topic: SubscriptionTopic, now: string): Promise<{ id: number } | undefined> {
  return tx
    .insertInto('subscriberNotifications')
    .values({ idempotencyKey, topic, queued: 0, createdAt: now })
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function recordNotificationQueued(tx: DbOrTx, id: number, queued: number): Promise<void> {
  await tx.updateTable('subscriberNotifications').set({ queued }).where('id', '=', id).execute();
}

/** Whether a notification with this key was queued already (the editor shows it). */
export async function findNotification(db: DbOrTx, idempotencyKey: string) {
  return db.selectFrom('subscriberNotifications').select(['queued', 'createdAt']).where('idempotencyKey', '=', idempotencyKey).executeTakeFirst();
}

export async function requestNotificationOnPublish(tx: DbOrTx, contentType: string, itemId: number, requestedBy: number, now: string): Promise<void> {
  await tx
    .insertInto('subscriberNotificationRequests')
    .values({ contentType, itemId, requestedBy, createdAt: now })
    .onConflict((oc) => oc.columns(['contentType', 'itemId']).doNothing())
    .execute();
}

/** Waiting requests after `afterId`, oldest first. */
export async function listNotificationRequests(db: DbOrTx, afterId: number, limit: number) {
  return db.selectFrom('subscriberNotificationRequests').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function hasNotificationRequest(db: DbOrTx, contentType: string, itemId: number): Promise<boolean> {
  const found = await db.selectFrom('subscriberNotificationRequests').select('id').where('contentType', '=', contentType).where('itemId', '=', itemId).executeTakeFirst();
  return !!found;
}

export async function deleteNotificationRequest(tx: DbOrTx, id: number): Promise<void> {
  await tx.deleteFrom('subscriberNotificationRequests').where('id', '=', id).execute();
}

/**
 * Takes a waiting request for this transaction: of several servers checking at once, one handles
 * it. On PostgreSQL the row is locked until the commit, and one locked by another server (or
 * deleted once it committed) is not taken; SQLite runs one transaction at a time.
 */
export async function claimNotificationRequest(tx: DbOrTx, id: number): Promise<boolean> {
  const row = await tx
    .selectFrom('subscriberNotificationRequests')
    .select('id')
    .where('id', '=', id)
    .$if(isPostgres(tx as never), (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return row !== undefined;
}
