import type { DbOrTx } from '../../db/database.js';
import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { escapeMailHtml } from '../mail/mail-layout.js';
import { enqueueMails, type MailKind } from '../mail/outbox.js';
import { subscriberLinksFor, type SubscriberLinks } from './signed-link.js';
import { bulkMessages } from './subscriber-mail.js';
import { subscribersMessages, topicLabel } from './subscribers.messages.js';
import { claimNotification, recordNotificationQueued } from './notifications.repository.js';
import { listRecipients } from './subscribers.repository.js';
import type { SubscriptionTopic } from './subscribers.tables.js';

export type { SubscriptionTopic } from './subscribers.tables.js';

/** Messages per enqueueMails call: bounded memory for a long list. */
const BATCH_SIZE = 500;

/**
 * Queues a message about one item (a published post, an alert or its update) to every active
 * subscriber of `topic`, in their language or else the other. The key is recorded: calling again
 * with the same key queues nothing (returns 0), so a retry or a second publish never mails twice.
 * Runs in the caller's transaction: the messages exist exactly when the change is committed.
 */
export async function notifySubscribers(
  tx: DbOrTx,
  input: {
    topic: SubscriptionTopic;
    /** Stable per item and update, e.g. `hrd-alert:12:update:3`; each subscriber gets it once. */
    idempotencyKey: string;
    /** The message in one language, or null when the item has no text in it (the other is used). */
    compose: (locale: Locale) => { subject: string; title: string; bodyHtml: string; url: string } | null;
    kind?: MailKind;
  },
  ctx: { publicUrl: string; links?: SubscriberLinks; locales?: readonly Locale[] },
): Promise<number> {
  const now = new Date().toISOString();
  const claimed = await claimNotification(tx, input.idempotencyKey, input.topic, now);
  if (!claimed) return 0;

  const links = ctx.links ?? subscriberLinksFor(ctx.publicUrl);
  const recipients = await listRecipients(tx, [input.topic], 'all');
  const contentFor = (locale: Locale) => {
    const c = input.compose(locale);
    if (!c) return null;
    const t = subscribersMessages[locale];
    const readMore = `<p><a href="${escapeMailHtml(c.url)}" hreflang="${locale}">${escapeMailHtml(t.readMore)}</a></p>`;
    return { subject: c.subject, title: c.title, bodyHtml: `${c.bodyHtml}${readMore}`, reason: t.notificationFooter(topicLabel(t, input.topic)) };
  };
  const locales = ctx.locales ?? (Object.keys(LOCALE_INFO) as Locale[]);
  let queued = 0;
  for (let i = 0; i < recipients.length; i += BATCH_SIZE) {
    const batch = recipients.slice(i, i + BATCH_SIZE);
    const mails = await bulkMessages(tx, { links, publicUrl: ctx.publicUrl, locales }, batch, contentFor, input.kind ?? 'notification', (r) => `${input.idempotencyKey}:subscriber:${r.id}`);
    queued += await enqueueMails(tx, mails);
  }
  await recordNotificationQueued(tx, claimed.id, queued);
  return queued;
}
