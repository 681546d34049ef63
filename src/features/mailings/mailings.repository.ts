import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { publishedAndDue } from '../content-types/content-types.repository.js';
import { SUBSCRIPTION_TOPICS, type SubscriptionTopic } from '../subscribers/subscribers.tables.js';
import type { MailingStatus, MailingTable, SegmentLocale } from './mailings.tables.js';

export interface MailingText {
  subject: string;
  bodyMarkdown: string;
  bodyHtml: string;
}

export interface Mailing extends Omit<MailingTable, 'id' | 'topics'> {
  id: number;
  topics: SubscriptionTopic[];
  translations: Partial<Record<Locale, MailingText>>;
}

export interface MailingInput {
  topics: SubscriptionTopic[];
  segmentLocale: SegmentLocale;
  translations: Partial<Record<Locale, MailingText>>;
}

const topicsFrom = (column: string) => SUBSCRIPTION_TOPICS.filter((t) => column.split(',').includes(t));

export async function findMailing(db: DbOrTx, id: number): Promise<Mailing | undefined> {
  const row = await db.selectFrom('mailings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const texts = await db.selectFrom('mailingTranslations').selectAll().where('mailingId', '=', id).execute();
  const translations: Mailing['translations'] = {};
  for (const t of texts) translations[t.locale] = { subject: t.subject, bodyMarkdown: t.bodyMarkdown, bodyHtml: t.bodyHtml };
  return { ...row, topics: topicsFrom(row.topics), translations };
}

export interface MailingSummary {
  id: number;
  status: MailingStatus;
  subjects: Partial<Record<Locale, string>>;
  updatedAt: string;
  sentAt: string | null;
  recipientCount: number | null;
}

export async function listMailings(db: DbOrTx): Promise<MailingSummary[]> {
  const rows = await db.selectFrom('mailings').select(['id', 'status', 'updatedAt', 'sentAt', 'recipientCount']).orderBy('id', 'desc').limit(500).execute();
  if (rows.length === 0) return [];
  const texts = await db.selectFrom('mailingTranslations').select(['mailingId', 'locale', 'subject']).where('mailingId', 'in', rows.map((r) => r.id)).execute();
  return rows.map((r) => ({ ...r, subjects: Object.fromEntries(texts.filter((t) => t.mailingId === r.id).map((t) => [t.locale, t.subject])) }));
}

async function writeTranslations(tx: DbOrTx, id: number, translations: MailingInput['translations']): Promise<void> {
  await tx.deleteFrom('mailingTranslations').where('mailingId', '=', id).execute();
  const rows = Object.entries(translations).map(([locale, t]) => ({ mailingId: id, locale: locale as Locale, ...t! }));
  if (rows.length) await tx.insertInto('mailingTranslations').values(rows).execute();
}

export async function insertMailing(tx: DbOrTx, input: MailingInput, userId: number, now = new Date().toISOString()): Promise<number> {
  const row = await tx
    .insertInto('mailings')
    .values({ status: 'draft', topics: input.topics.join(','), segmentLocale: input.segmentLocale, createdBy: userId, createdAt: now, updatedAt: now, sentAt: null, sentBy: null, recipientCount: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeTranslations(tx, row.id, input.translations);
  return row.id;
}

/** Saves a draft; false when the mailing is no longer a draft (a sent newsletter stays as sent). */
export async function updateDraft(tx: DbOrTx, id: number, input: MailingInput, now = new Date().toISOString()): Promise<boolean> {
  const res = await tx
    .updateTable('mailings')
    .set({ topics: input.topics.join(','), segmentLocale: input.segmentLocale, updatedAt: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return false;
  await writeTranslations(tx, id, input.translations);
  return true;
}

/** Moves a draft to sending; false if another request got there first (a double click). */
export async function claimForSending(tx: DbOrTx, id: number, now = new Date().toISOString()): Promise<boolean> {
  const res = await tx.updateTable('mailings').set({ status: 'sending', updatedAt: now }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markSent(tx: DbOrTx, id: number, userId: number, count: number, now = new Date().toISOString()): Promise<void> {
  await tx.updateTable('mailings').set({ status: 'sent', sentAt: now, sentBy: userId, recipientCount: count, updatedAt: now }).where('id', '=', id).execute();
}

/** Deletes a draft with its texts; false when it is not a draft (sent newsletters stay on record). */
export async function deleteDraft(tx: DbOrTx, id: number): Promise<boolean> {
  const draft = await tx.selectFrom('mailings').select('id').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  if (!draft) return false;
  await tx.deleteFrom('mailingTranslations').where('mailingId', '=', id).execute();
  await tx.deleteFrom('mailings').where('id', '=', id).execute();
  return true;
}

/** A published news post or publication, in one language, for a newsletter's "recent items". */
export interface RecentItem {
  kind: 'news' | 'publication';
  slug: string;
  title: string;
  summary: string;
  publishedAt: string;
}

/** The latest news and publications public now and written in `locale`, newest first. */
export async function listRecentItems(db: DbOrTx, locale: string, limit: number, now = new Date().toISOString()): Promise<RecentItem[]> {
  const [news, publications] = await Promise.all([
    db
      .selectFrom('newsPosts as i')
      .innerJoin('newsPostTranslations as tr', 'tr.itemId', 'i.id')
      .select(['i.slug', 'i.publishedAt', 'tr.title', 'tr.summary'])
      .where(publishedAndDue(now, 'i'))
      .where('tr.locale', '=', locale)
      .orderBy('i.publishedAt', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('publications as i')
      .innerJoin('publicationTranslations as tr', 'tr.itemId', 'i.id')
      .select(['i.slug', 'i.publishedAt', 'tr.title', 'tr.summary'])
      .where(publishedAndDue(now, 'i'))
      .where('tr.locale', '=', locale)
      .orderBy('i.publishedAt', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const items: RecentItem[] = [
    ...news.map((r) => ({ kind: 'news' as const, slug: r.slug, title: r.title, summary: r.summary ?? '', publishedAt: r.publishedAt ?? '' })),
    ...publications.map((r) => ({ kind: 'publication' as const, slug: r.slug, title: r.title, summary: r.summary ?? '', publishedAt: r.publishedAt ?? '' })),
  ];
  return items.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, limit);
}
