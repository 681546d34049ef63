import type { Kysely, Transaction } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { isPostgres } from '../../db/schema-helpers.js';
import { findAttachments, writeAttachments, type Attachments } from './editor.attachments.repository.js';
import type { ContentTypeDescriptor, ContentTypeKey } from './editor.types.js';

/**
 * The editor works over ten tables through one descriptor each, so it addresses them by
 * name at run time; this view of the database is typed by column name only.
 */
type LooseTables = Record<string, Record<string, unknown>>;
type LooseDb = Kysely<LooseTables> | Transaction<LooseTables>;
const loose = (db: DbOrTx) => db as unknown as LooseDb;

/** The whole item as a revision keeps it: item columns, the texts per language, its topics and files. */
export interface ItemSnapshot extends Attachments {
  item: Record<string, unknown>;
  translations: Record<string, Record<string, unknown>>;
  topicIds: number[];
}

export interface LoadedItem {
  id: number;
  snapshot: ItemSnapshot;
}

const ITEM_META = new Set(['id', 'createdAt', 'updatedAt']);

export async function findItemById(db: DbOrTx, type: ContentTypeDescriptor, id: number): Promise<LoadedItem | undefined> {
  const row = await loose(db).selectFrom(type.table).selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const rows = await loose(db).selectFrom(type.translationsTable).selectAll().where('itemId', '=', id).orderBy('locale').execute();
  const translations: ItemSnapshot['translations'] = {};
  for (const t of rows) {
    translations[String(t.locale)] = Object.fromEntries(type.localeFields.map((f) => [f.name, t[f.name] ?? null]));
  }
  const item = Object.fromEntries(Object.entries(row).filter(([k]) => !ITEM_META.has(k)));
  return { id, snapshot: { item, translations, topicIds: await findTopicIds(db, type, id), ...(await findAttachments(db, type, id)) } };
}

async function findTopicIds(db: DbOrTx, type: ContentTypeDescriptor, id: number): Promise<number[]> {
  if (!type.topics) return [];
  const rows = await loose(db)
    .selectFrom(type.topics.table)
    .select('topicId')
    .where(type.topics.itemColumn, '=', id)
    .orderBy('topicId')
    .execute();
  return rows.map((r) => Number(r.topicId));
}

export async function isSlugTaken(db: DbOrTx, type: ContentTypeDescriptor, slug: string, exceptId?: number): Promise<boolean> {
  let q = loose(db).selectFrom(type.table).select('id').where('slug', '=', slug);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Inserts or updates the item, then makes its translations and topics exactly the snapshot's. */
export async function writeItem(
  tx: DbOrTx,
  type: ContentTypeDescriptor,
  id: number | undefined,
  snapshot: ItemSnapshot,
  now: string,
): Promise<number> {
  const db = loose(tx);
  const { id: _id, createdAt: _c, updatedAt: _u, ...columns } = snapshot.item;
  // Topics carry no timestamps.
  const stamps = type.workflow === 'none' ? {} : { updatedAt: now };
  if (id === undefined) {
    const row = await db
      .insertInto(type.table)
      .values({ ...columns, ...stamps, ...(type.workflow === 'none' ? {} : { createdAt: now }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = Number(row.id);
  } else {
    await db.updateTable(type.table).set({ ...columns, ...stamps }).where('id', '=', id).execute();
    await db.deleteFrom(type.translationsTable).where('itemId', '=', id).execute();
  }
  const translations = Object.entries(snapshot.translations);
  if (translations.length) {
    await db
      .insertInto(type.translationsTable)
      .values(translations.map(([locale, fields]) => ({ ...fields, itemId: id, locale })))
      .execute();
  }
  if (type.topics) {
    await db.deleteFrom(type.topics.table).where(type.topics.itemColumn, '=', id).execute();
    if (snapshot.topicIds.length) {
      await db
        .insertInto(type.topics.table)
        .values(snapshot.topicIds.map((topicId) => ({ [type.topics!.itemColumn]: id, topicId })))
        .execute();
    }
  }
  await writeAttachments(tx, type, id, snapshot);
  return id;
}

export async function deleteItem(tx: DbOrTx, type: ContentTypeDescriptor, id: number): Promise<void> {
  await loose(tx).deleteFrom(type.table).where('id', '=', id).execute();
}

export async function updateItemStatus(
  tx: DbOrTx,
  type: ContentTypeDescriptor,
  id: number,
  set: { status: string; publishedAt?: string | null },
  now: string,
): Promise<void> {
  await loose(tx).updateTable(type.table).set({ ...set, updatedAt: now }).where('id', '=', id).execute();
}

export const SORTS = ['updated', 'title', 'date'] as const;
export type ListSort = (typeof SORTS)[number];

export interface ListQuery {
  q?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  sort: ListSort;
  page: number;
  pageSize: number;
}

export interface ListRow {
  id: number;
  slug: string;
  status: string | null;
  updatedAt: string | null;
  titles: Record<string, string>;
}

/** The admin list: title search in any language, status and kind filters, three sorts. */
export async function listItems(db: DbOrTx, type: ContentTypeDescriptor, query: ListQuery): Promise<{ rows: ListRow[]; total: number }> {
  const ldb = loose(db);
  const hasStatus = type.workflow !== 'none';
  let base = ldb.selectFrom(`${type.table} as i`);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom(`${type.translationsTable} as tr`)
          .select('tr.itemId')
          .whereRef('tr.itemId', '=', 'i.id')
          .where(eb.fn('lower', [`tr.${type.titleField}`]), 'like', pattern.toLowerCase()),
      ),
    );
  }
  if (hasStatus && query.status) base = base.where('i.status', '=', query.status);
  if (type.filter && query.kind) base = base.where(`i.${type.filter.column}`, '=', query.kind);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let q = base.select(['i.id', 'i.slug', ...(hasStatus ? ['i.status'] : []), ...(type.workflow === 'none' ? [] : ['i.updatedAt'])]);
  if (query.sort === 'title') {
    q = q.orderBy((eb) =>
      eb
        .selectFrom(`${type.translationsTable} as tt`)
        .select((e) => e.fn.min(`tt.${type.titleField}`).as('t'))
        .whereRef('tt.itemId', '=', 'i.id'),
    );
  } else if (query.sort === 'date' && type.dateColumn) {
    q = q.orderBy(`i.${type.dateColumn}`, 'desc');
  } else if (type.workflow !== 'none') {
    q = q.orderBy('i.updatedAt', 'desc');
  }
  const rows = await q.orderBy('i.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  const ids = rows.map((r) => Number(r.id));
  const titles = new Map<number, Record<string, string>>();
  if (ids.length) {
    const trs = await ldb.selectFrom(type.translationsTable).select(['itemId', 'locale', type.titleField]).where('itemId', 'in', ids).execute();
    for (const t of trs) {
      const map = titles.get(Number(t.itemId)) ?? {};
      map[String(t.locale)] = String(t[type.titleField]);
      titles.set(Number(t.itemId), map);
    }
  }
  return {
    total: Number(count.total),
    rows: rows.map((r) => ({
      id: Number(r.id),
      slug: String(r.slug),
      status: hasStatus ? String(r.status) : null,
      updatedAt: r.updatedAt ? String(r.updatedAt) : null,
      titles: titles.get(Number(r.id)) ?? {},
    })),
  };
}

/** Items offered in a relation select or the topics checkboxes, named in any language. */
export async function listChoices(db: DbOrTx, type: ContentTypeDescriptor): Promise<Array<{ id: number; titles: Record<string, string> }>> {
  const rows = await loose(db)
    .selectFrom(`${type.table} as i`)
    .innerJoin(`${type.translationsTable} as t`, 't.itemId', 'i.id')
    .select(['i.id', 't.locale', `t.${type.titleField} as title`])
    .orderBy('i.id')
    .execute();
  const out = new Map<number, Record<string, string>>();
  for (const r of rows) {
    const map = out.get(Number(r.id)) ?? {};
    map[String(r.locale)] = String(r.title);
    out.set(Number(r.id), map);
  }
  return [...out].map(([id, titles]) => ({ id, titles }));
}

/** Scheduled items whose time has come, of one type. */
export async function listDueScheduled(db: DbOrTx, type: ContentTypeDescriptor, now: string): Promise<number[]> {
  const rows = await loose(db)
    .selectFrom(type.table)
    .select('id')
    .where('status', '=', 'scheduled')
    .where('publishedAt', '<=', now)
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/**
 * Takes a due item for this transaction, so that of several servers publishing at once exactly
 * one publishes it: on PostgreSQL the row is locked until the commit, and one locked by another
 * server, or no longer scheduled once that server committed, is not taken. SQLite runs one
 * transaction at a time, so reading the status inside the transaction is enough.
 */
export async function claimScheduledItem(tx: DbOrTx, type: ContentTypeDescriptor, id: number): Promise<boolean> {
  const row = await loose(tx)
    .selectFrom(type.table)
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .$if(isPostgres(tx as never), (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return row !== undefined;
}

/** Images of the media library a cover may be, by file name: files with a width are images. */
export async function listImageChoices(db: DbOrTx): Promise<Array<{ id: number; label: string }>> {
  const rows = await db
    .selectFrom('files')
    .select(['id', 'originalName'])
    .where('width', 'is not', null)
    .orderBy('originalName')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, label: r.originalName }));
}

export async function isLibraryImage(db: DbOrTx, fileId: number): Promise<boolean> {
  const row = await db.selectFrom('files').select('id').where('id', '=', fileId).where('width', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

/** The action of the newest audit row about an item, if any. */
export async function findLastAuditAction(db: DbOrTx, type: ContentTypeKey, id: number): Promise<string | undefined> {
  const last = await db
    .selectFrom('auditLog')
    .select('action')
    .where('subjectType', '=', type)
    .where('subjectId', '=', String(id))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.action;
}
