import type { Db, DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { writeAudit } from '../audit/audit.repository.js';
import { enqueueMails } from '../mail/outbox.js';
import type { SubscriberLinks } from '../subscribers/signed-link.js';
import { bulkMessages, type BulkContent } from '../subscribers/subscriber-mail.js';
import { subscribersMessages } from '../subscribers/subscribers.messages.js';
import { listRecipients, type Recipient } from '../subscribers/subscribers.repository.js';
import { claimForSending, deleteDraft, findMailing, insertMailing, markSent, updateDraft, type Mailing, type MailingInput } from './mailings.repository.js';

export interface MailingContext {
  links: SubscriberLinks;
  publicUrl: string;
  locales: readonly Locale[];
}

/** Recipients per batch of enqueueMails: bounded memory however long the list. */
const SEND_BATCH = 500;

const userActor = (userId: number) => `user:${userId}`;

/** The language a subscriber receives: their own when the newsletter has it, else the first that exists. */
export function languageFor(m: Pick<Mailing, 'translations'>, preferred: Locale, locales: readonly Locale[]): Locale | undefined {
  if (m.translations[preferred]) return preferred;
  return locales.find((l) => m.translations[l]);
}

function contentOf(m: Pick<Mailing, 'translations'>) {
  return (locale: Locale): BulkContent | null => {
    const t = m.translations[locale];
    if (!t) return null;
    return { subject: t.subject, title: t.subject, bodyHtml: t.bodyHtml, reason: subscribersMessages[locale].mailingFooter };
  };
}

export async function saveMailing(db: Db, id: number | undefined, input: MailingInput, userId: number): Promise<number | 'notDraft'> {
  return db.transaction().execute(async (tx) => {
    const before = id === undefined ? null : await findMailing(tx, id);
    let savedId: number;
    if (id === undefined) savedId = await insertMailing(tx, input, userId);
    else if (await updateDraft(tx, id, input)) savedId = id;
    else return 'notDraft' as const;
    await writeAudit(tx, { actor: userActor(userId), action: id === undefined ? 'mailing.create' : 'mailing.update', subjectType: 'mailing', subjectId: String(savedId), before, after: input });
    return savedId;
  });
}

export interface SendPlan {
  total: number;
  /** Recipients per language they will receive. */
  byLanguage: Partial<Record<Locale, number>>;
  /** Recipients who receive a language other than theirs. */
  fallbacks: number;
}

export function planOf(m: Pick<Mailing, 'translations'>, recipients: readonly Recipient[], locales: readonly Locale[]): SendPlan {
  const plan: SendPlan = { total: 0, byLanguage: {}, fallbacks: 0 };
  for (const r of recipients) {
    const language = languageFor(m, r.locale, locales);
    if (!language) continue;
    plan.total += 1;
    plan.byLanguage[language] = (plan.byLanguage[language] ?? 0) + 1;
    if (language !== r.locale) plan.fallbacks += 1;
  }
  return plan;
}

export async function planSending(db: DbOrTx, m: Mailing, locales: readonly Locale[]): Promise<SendPlan> {
  return planOf(m, await listRecipients(db, m.topics, m.segmentLocale), locales);
}

export type SendOutcome = { outcome: 'sent'; count: number } | { outcome: 'alreadySent' } | { outcome: 'missing' } | { outcome: 'changed'; plan: SendPlan };

/**
 * Sends a draft to its segment: one outbox row per recipient, keyed `mailing:<id>:subscriber:<id>`,
 * all in one transaction that first moves the mailing out of draft, so a double click, a retry or
 * two editors at once queue each message once. `expected` is the count the editor confirmed.
 */
export async function sendMailing(db: Db, id: number, expected: number, userId: number, ctx: MailingContext): Promise<SendOutcome> {
  return db.transaction().execute(async (tx): Promise<SendOutcome> => {
    const m = await findMailing(tx, id);
    if (!m) return { outcome: 'missing' };
    if (m.status !== 'draft') return { outcome: 'alreadySent' };
    const recipients = await listRecipients(tx, m.topics, m.segmentLocale);
    const plan = planOf(m, recipients, ctx.locales);
    if (plan.total !== expected) return { outcome: 'changed', plan };
    if (!(await claimForSending(tx, id))) return { outcome: 'alreadySent' };
    let queued = 0;
    for (let i = 0; i < recipients.length; i += SEND_BATCH) {
      const mails = await bulkMessages(tx, ctx, recipients.slice(i, i + SEND_BATCH), contentOf(m), 'mailing', (r) => `mailing:${id}:subscriber:${r.id}`);
      queued += await enqueueMails(tx, mails);
    }
    await markSent(tx, id, userId, queued);
    await writeAudit(tx, { actor: userActor(userId), action: 'mailing.send', subjectType: 'mailing', subjectId: String(id), before: { status: 'draft' }, after: { status: 'sent', recipients: queued, plan } });
    return { outcome: 'sent', count: queued };
  });
}

/** A test to the editor's own address, in the language chosen (or the other one if missing). */
export async function sendTest(db: Db, m: Mailing, to: { userId: number; email: string; locale: Locale }, ctx: MailingContext, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    // Id 0 names no subscriber: the test's unsubscribe link leads to the "not subscribed" page.
    const mails = await bulkMessages(tx, ctx, [{ id: 0, email: to.email, locale: to.locale }], contentOf(m), 'mailing', () => `mailing:${m.id}:test:${to.userId}:${now.toISOString()}`);
    const mail = mails[0];
    if (!mail) return false;
    await enqueueMails(tx, [{ ...mail, subject: `[TEST] ${mail.subject}` }]);
    await writeAudit(tx, { actor: userActor(to.userId), action: 'mailing.test', subjectType: 'mailing', subjectId: String(m.id), after: { locale: to.locale } });
    return true;
  });
}

/** The message as a subscriber of this language would receive it, for the preview. */
export async function previewMailing(db: DbOrTx, m: Mailing, locale: Locale, ctx: MailingContext): Promise<{ subject: string; html: string } | undefined> {
  const [mail] = await bulkMessages(db, ctx, [{ id: 0, email: 'preview@example.org', locale }], contentOf(m), 'mailing', () => 'preview');
  return mail && { subject: mail.subject, html: mail.html };
}

export async function deleteMailing(db: Db, id: number, userId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const before = await findMailing(tx, id);
    if (!before || !(await deleteDraft(tx, id))) return false;
    await writeAudit(tx, { actor: userActor(userId), action: 'mailing.delete', subjectType: 'mailing', subjectId: String(id), before, after: null });
    return true;
  });
}
