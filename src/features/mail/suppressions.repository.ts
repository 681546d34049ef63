import type { DbOrTx } from '../../db/database.js';
import { BULK_KINDS, normaliseAddress, type MailKind } from './outbox.js';
import type { SuppressionReason } from './mail.tables.js';

/**
 * Addresses we must not write to. One row per address and reason: an unsubscribe can be lifted
 * (the person subscribes again and confirms), a bounce or an erasure stays.
 * Bulk kinds (mailing, notification, alert) are never sent to a suppressed address; the other
 * kinds (confirmation, contact, system) are only held back from an address that bounced.
 */
export async function suppressAddress(
  tx: DbOrTx,
  email: string,
  reason: SuppressionReason,
  detail?: string,
): Promise<void> {
  await tx
    .insertInto('mailSuppressions')
    .values({ email: normaliseAddress(email), reason, detail: detail?.slice(0, 500) ?? null, createdAt: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['email', 'reason']).doNothing())
    .execute();
}

export async function liftSuppression(tx: DbOrTx, email: string, reason: 'unsubscribe'): Promise<void> {
  await tx.deleteFrom('mailSuppressions').where('email', '=', normaliseAddress(email)).where('reason', '=', reason).execute();
}

/** Every suppression naming this address (before an erasure replaces them with its keyed mark). */
export async function deleteSuppressionsOf(tx: DbOrTx, email: string): Promise<void> {
  await tx.deleteFrom('mailSuppressions').where('email', '=', email).execute();
}

/** Whether a message of this kind may go to an address with these suppressions. */
export function blockedBy(kind: MailKind | string, reasons: Iterable<SuppressionReason>): boolean {
  const bulk = (BULK_KINDS as readonly string[]).includes(kind);
  for (const reason of reasons) if (bulk || reason === 'bounce') return true;
  return false;
}

/** The suppressions of each of these addresses (lower-cased), looked up in chunks. */
export async function suppressionsOf(db: DbOrTx, emails: string[]): Promise<Map<string, SuppressionReason[]>> {
  const found = new Map<string, SuppressionReason[]>();
  const unique = [...new Set(emails.map(normaliseAddress))];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('mailSuppressions')
      .select(['email', 'reason'])
      .where('email', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.email, [...(found.get(r.email) ?? []), r.reason]);
  }
  return found;
}

export async function isSuppressed(db: DbOrTx, email: string, kind: MailKind): Promise<boolean> {
  const reasons = (await suppressionsOf(db, [email])).get(normaliseAddress(email)) ?? [];
  return blockedBy(kind, reasons);
}
