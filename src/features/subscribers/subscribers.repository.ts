import { sql, type Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import {
  SUBSCRIPTION_TOPICS,
  type ConsentSource,
  type SubscriberStatus,
  type SubscriberTable,
  type SubscriptionTopic,
} from './subscribers.tables.js';

export type SubscriberRow = Omit<SubscriberTable, 'id'> & { id: number };
export interface Subscriber extends SubscriberRow {
  topics: SubscriptionTopic[];
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const sortTopics = (topics: Iterable<string>) =>
  SUBSCRIPTION_TOPICS.filter((t) => new Set(topics).has(t));

async function topicsOf(db: DbOrTx, ids: number[]): Promise<Map<number, SubscriptionTopic[]>> {
  const map = new Map<number, SubscriptionTopic[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('subscriberTopics').select(['subscriberId', 'topic']).where('subscriberId', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) map.set(r.subscriberId, [...(map.get(r.subscriberId) ?? []), r.topic]);
  }
  for (const [id, topics] of map) map.set(id, sortTopics(topics));
  return map;
}

export async function findSubscriberById(db: DbOrTx, id: number): Promise<Subscriber | undefined> {
  const row = await db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, topics: (await topicsOf(db, [id])).get(id) ?? [] };
}

export async function findSubscriberByEmail(db: DbOrTx, email: string): Promise<Subscriber | undefined> {
  const row = await db.selectFrom('subscribers').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, topics: (await topicsOf(db, [row.id])).get(row.id) ?? [] };
}

export interface NewSubscriber {
  email: string;
  name: string | null;
  locale: Locale;
  status: SubscriberStatus;
  consentSource: ConsentSource;
  sourceNote: string | null;
  consentedAt: string | null;
  topics: readonly SubscriptionTopic[];
}

export async function insertSubscriber(tx: DbOrTx, input: NewSubscriber, now = new Date().toISOString()): Promise<number> {
  const { topics, ...fields } = input;
  const row = await tx
    .insertInto('subscribers')
    .values({ ...fields, email: normaliseEmail(fields.email), confirmationSentAt: null, unsubscribedAt: null, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setSubscriberTopics(tx, row.id, topics);
  return row.id;
}

export type SubscriberPatch = Partial<Pick<SubscriberTable, 'name' | 'locale' | 'status' | 'consentSource' | 'sourceNote' | 'consentedAt' | 'confirmationSentAt' | 'unsubscribedAt'>>;

export async function updateSubscriber(tx: DbOrTx, id: number, patch: SubscriberPatch, now = new Date().toISOString()): Promise<void> {
  await tx.updateTable('subscribers').set({ ...patch, updatedAt: now }).where('id', '=', id).execute();
}

export async function setSubscriberTopics(tx: DbOrTx, id: number, topics: readonly SubscriptionTopic[]): Promise<void> {
  await tx.deleteFrom('subscriberTopics').where('subscriberId', '=', id).execute();
  const unique = sortTopics(topics);
  if (unique.length) await tx.insertInto('subscriberTopics').values(unique.map((topic) => ({ subscriberId: id, topic }))).execute();
}

/** Erasure: the row and its topics go; nothing of the person stays in these tables. */
export async function deleteSubscriber(tx: DbOrTx, id: number): Promise<void> {
  await tx.deleteFrom('subscriberTopics').where('subscriberId', '=', id).execute();
  await tx.deleteFrom('subscribers').where('id', '=', id).execute();
}

export interface SubscriberFilter {
  q?: string | undefined;
  status?: SubscriberStatus | undefined;
  locale?: Locale | undefined;
  topic?: SubscriptionTopic | undefined;
}

function filtered(db: DbOrTx, f: SubscriberFilter) {
  let q = db.selectFrom('subscribers');
  if (f.q) {
    // `\` escapes % and _ in the pattern; SQLite has no default escape character, so it is named.
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([sql<boolean>`${eb.ref('email')} like ${like} escape '\\'`, sql<boolean>`lower(${eb.ref('name')}) like ${like} escape '\\'`]));
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.locale) q = q.where('locale', '=', f.locale);
  if (f.topic) {
    const topic = f.topic;
    q = q.where('id', 'in', (eb) => eb.selectFrom('subscriberTopics').select('subscriberId').where('topic', '=', topic));
  }
  return q;
}

export async function listSubscribers(db: DbOrTx, f: SubscriberFilter, page: number, perPage: number): Promise<{ rows: Subscriber[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, f).selectAll().orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(perPage).offset((page - 1) * perPage).execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const topics = await topicsOf(db, rows.map((r) => r.id));
  return { rows: rows.map((r) => ({ ...r, topics: topics.get(r.id) ?? [] })), total: Number(count.n) };
}

/** Every subscriber the filter selects, oldest first, for an export. */
export async function listAllSubscribers(db: DbOrTx, f: SubscriberFilter): Promise<Subscriber[]> {
  const rows = await filtered(db, f).selectAll().orderBy('id').execute();
  const topics = await topicsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, topics: topics.get(r.id) ?? [] }));
}

export async function countByStatus(db: DbOrTx): Promise<Record<SubscriberStatus, number>> {
  const rows = await db.selectFrom('subscribers').select(['status', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('status').execute();
  const out: Record<SubscriberStatus, number> = { pending: 0, active: 0, unsubscribed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export interface Recipient {
  id: number;
  email: string;
  locale: Locale;
}

/** Active subscribers of any of these topics, in the given language (or any), in id order. */
export async function listRecipients(db: DbOrTx, topics: readonly SubscriptionTopic[], locale: 'all' | Locale): Promise<Recipient[]> {
  if (topics.length === 0) return [];
  let q = db
    .selectFrom('subscribers')
    .select(['id', 'email', 'locale'])
    .where('status', '=', 'active')
    .where('id', 'in', (eb) => eb.selectFrom('subscriberTopics').select('subscriberId').where('topic', 'in', [...topics]));
  if (locale !== 'all') q = q.where('locale', '=', locale);
  return q.orderBy('id').execute();
}

/** Addresses already on the list, among these (lower-cased). */
export async function existingEmails(db: DbOrTx, emails: string[]): Promise<Map<string, SubscriberStatus>> {
  const found = new Map<string, SubscriberStatus>();
  for (let i = 0; i < emails.length; i += 500) {
    const rows = await db.selectFrom('subscribers').select(['email', 'status']).where('email', 'in', emails.slice(i, i + 500)).execute();
    for (const r of rows) found.set(r.email, r.status);
  }
  return found;
}

/** Inserts new subscribers (an import); returns each one's id with its address. */
export async function insertSubscribers(tx: DbOrTx, rows: Array<Insertable<SubscriberTable>>): Promise<Array<{ id: number; email: string }>> {
  return tx.insertInto('subscribers').values(rows).returning(['id', 'email']).execute();
}

export async function insertSubscriberTopics(tx: DbOrTx, rows: Array<{ subscriberId: number; topic: SubscriptionTopic }>): Promise<void> {
  await tx.insertInto('subscriberTopics').values(rows).execute();
}
