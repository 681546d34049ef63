import fs from 'node:fs';
import path from 'node:path';
import type { Db, DbOrTx } from '../../db/database.js';
import { writeAudit } from '../audit/audit.repository.js';
import { enqueueMail } from '../mail/outbox.js';
import { deleteMailTo } from '../mail/outbox.repository.js';
import { deleteSuppressionsOf, liftSuppression, suppressAddress } from '../mail/suppressions.repository.js';
import { emlFileName } from '../mail/transport.js';
import type { ErasureMarks } from './erasure-mark.js';
import type { SubscriberLinks } from './signed-link.js';
import type { SubscribeInput } from './subscribe-form.js';
import { alreadySubscribedMail, confirmationMail } from './subscriber-mail.js';
import {
  deleteSubscriber,
  findSubscriberByEmail,
  findSubscriberById,
  insertSubscriber,
  setSubscriberTopics,
  updateSubscriber,
  type Subscriber,
} from './subscribers.repository.js';
import type { SubscriptionTopic } from './subscribers.tables.js';
import type { Locale } from '../../i18n/locales.js';

export interface SubscriberMailContext {
  links: SubscriberLinks;
  publicUrl: string;
}

/**
 * At most one confirmation (or "already subscribed") message per address in this time, in
 * milliseconds: the public form cannot be used to flood someone's inbox.
 */
export const RESEND_INTERVAL_MS = 10 * 60 * 1000;

/** Audit rows about subscribers name them by id only: the address is personal data. */
const subscriberActor = (id: number) => `subscriber:${id}`;
const summary = (s: Pick<Subscriber, 'status' | 'locale' | 'topics'>) => ({ status: s.status, locale: s.locale, topics: s.topics });

const isUniqueViolation = (error: unknown) => /unique|duplicate/i.test(String((error as Error)?.message));

/**
 * The subscribe form's action. Whatever the address's state, the visitor sees the same answer;
 * what differs is only the mail the address receives:
 * - new, pending or unsubscribed: a confirmation link (the choices typed are kept until then);
 * - already subscribed: no change (a stranger may not alter someone's choices), a message with
 *   the link to the preferences instead.
 */
export async function requestSubscription(db: Db, input: SubscribeInput, ctx: SubscriberMailContext, now = new Date()): Promise<void> {
  try {
    await db.transaction().execute((tx) => requestIn(tx, input, ctx, now));
  } catch (error) {
    // Two requests for a new address at once: the other one inserted it and sent the mail.
    if (!isUniqueViolation(error)) throw error;
  }
}

async function requestIn(tx: DbOrTx, input: SubscribeInput, ctx: SubscriberMailContext, now: Date): Promise<void> {
  const at = now.toISOString();
  const existing = await findSubscriberByEmail(tx, input.email);
  if (!existing) {
    const id = await insertSubscriber(
      tx,
      { email: input.email, name: input.name, locale: input.locale, status: 'pending', consentSource: 'form', sourceNote: null, consentedAt: null, topics: input.topics },
      at,
    );
    await updateSubscriber(tx, id, { confirmationSentAt: at }, at);
    await enqueueMail(tx, await confirmationMail(tx, ctx, { id, email: input.email, locale: input.locale }, `subscriber:${id}:confirm:${at}`));
    await writeAudit(tx, { actor: subscriberActor(id), action: 'subscriber.request', subjectType: 'subscriber', subjectId: String(id), before: null, after: summary({ ...input, status: 'pending' }) });
    return;
  }
  const mayMail = !existing.confirmationSentAt || now.getTime() - new Date(existing.confirmationSentAt).getTime() >= RESEND_INTERVAL_MS;
  if (existing.status === 'active') {
    if (!mayMail) return;
    await updateSubscriber(tx, existing.id, { confirmationSentAt: at }, at);
    await enqueueMail(tx, await alreadySubscribedMail(tx, ctx, existing, `subscriber:${existing.id}:reminder:${at}`));
    return;
  }
  const patch = { name: input.name ?? existing.name, locale: input.locale, status: 'pending' as const, consentSource: 'form' as const, ...(mayMail ? { confirmationSentAt: at } : {}) };
  await updateSubscriber(tx, existing.id, patch, at);
  await setSubscriberTopics(tx, existing.id, input.topics);
  if (mayMail) await enqueueMail(tx, await confirmationMail(tx, ctx, { id: existing.id, email: existing.email, locale: input.locale }, `subscriber:${existing.id}:confirm:${at}`));
  await writeAudit(tx, { actor: subscriberActor(existing.id), action: 'subscriber.request', subjectType: 'subscriber', subjectId: String(existing.id), before: summary(existing), after: summary({ ...input, status: 'pending' }) });
}

export type LinkOutcome = 'done' | 'missing';

/** The Confirm button: the person's consent, with its time; an earlier unsubscribe is lifted. */
export async function confirmSubscription(db: Db, id: number, now = new Date()): Promise<LinkOutcome> {
  return db.transaction().execute(async (tx) => {
    const s = await findSubscriberById(tx, id);
    if (!s) return 'missing';
    if (s.status === 'active') return 'done';
    const at = now.toISOString();
    await updateSubscriber(tx, id, { status: 'active', consentedAt: at, unsubscribedAt: null }, at);
    await liftSuppression(tx, s.email, 'unsubscribe');
    await writeAudit(tx, { actor: subscriberActor(id), action: 'subscriber.confirm', subjectType: 'subscriber', subjectId: String(id), before: summary(s), after: { ...summary(s), status: 'active', consentedAt: at } });
    return 'done';
  });
}

/** Unsubscribe (from the preferences page or the one-click header): no more bulk mail to the address. */
export async function unsubscribe(db: Db, id: number, via: 'page' | 'one-click', now = new Date()): Promise<LinkOutcome> {
  return db.transaction().execute(async (tx) => {
    const s = await findSubscriberById(tx, id);
    if (!s) return 'missing';
    if (s.status === 'unsubscribed') return 'done';
    const at = now.toISOString();
    await updateSubscriber(tx, id, { status: 'unsubscribed', unsubscribedAt: at }, at);
    await suppressAddress(tx, s.email, 'unsubscribe');
    await writeAudit(tx, { actor: subscriberActor(id), action: 'subscriber.unsubscribe', subjectType: 'subscriber', subjectId: String(id), before: summary(s), after: { ...summary(s), status: 'unsubscribed', via } });
    return 'done';
  });
}

export async function updatePreferences(db: Db, id: number, choices: { locale: Locale; topics: SubscriptionTopic[] }, now = new Date()): Promise<LinkOutcome> {
  return db.transaction().execute(async (tx) => {
    const s = await findSubscriberById(tx, id);
    if (!s) return 'missing';
    const at = now.toISOString();
    await updateSubscriber(tx, id, { locale: choices.locale }, at);
    await setSubscriberTopics(tx, id, choices.topics);
    await writeAudit(tx, { actor: subscriberActor(id), action: 'subscriber.preferences', subjectType: 'subscriber', subjectId: String(id), before: summary(s), after: summary({ ...s, ...choices }) });
    return 'done';
  });
}

export interface ErasureContext {
  /** The erasure marks of this site (`erasureMarksOf(app.db, app.config)`). */
  marks: ErasureMarks;
  /** The folder of .eml files (`outboxDir(config)`), where messages go without SMTP_URL. */
  outboxDir: string;
}

/**
 * Erasure on request: the subscriber's row, topics and queued or past messages go, and after the
 * commit the messages' .eml files; the address stays only as a keyed hash on the suppression list
 * (so an import cannot add it back), and the audit row records the erasure without the address.
 */
export async function eraseSubscriber(db: Db, id: number, actor: string, ctx: ErasureContext): Promise<LinkOutcome> {
  const erased = await db.transaction().execute(async (tx) => {
    const s = await findSubscriberById(tx, id);
    if (!s) return undefined;
    await deleteSubscriber(tx, id);
    // Their names, before the rows go: each message's .eml file is named after its key.
    const keys = await deleteMailTo(tx, s.email);
    // Earlier suppressions name the address too; the keyed erasure mark takes their place.
    await deleteSuppressionsOf(tx, s.email);
    await suppressAddress(tx, ctx.marks.of(s.email), 'erasure');
    await writeAudit(tx, { actor, action: 'subscriber.erase', subjectType: 'subscriber', subjectId: String(id), before: summary(s), after: { erased: true } });
    return keys;
  });
  if (!erased) return 'missing';
  // After the commit: if it had failed, the files would still belong to messages in the outbox.
  await removeEmlFiles(ctx.outboxDir, erased);
  return 'done';
}

/** Deletes the .eml files of these messages; a file that is not there (SMTP, never sent) is fine. */
async function removeEmlFiles(dir: string, idempotencyKeys: readonly string[]): Promise<void> {
  for (const key of idempotencyKeys) {
    try {
      await fs.promises.unlink(path.join(dir, emlFileName(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
