import { compiledOnce } from '../../db/compiled-statements.js';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom } from '../../db/json-aggregates.js';
import type { CommentItemType, CommentStatus } from './comments.tables.js';

const nowIso = () => new Date().toISOString();

/** The column that references an item of this type. */
const ITEM_COLUMN = { news: 'newsPostId', publication: 'publicationId' } as const satisfies Record<CommentItemType, string>;

/** An item readers may comment on: public now, with its titles (for the pages around the form). */
export interface CommentableItem {
  id: number;
  slug: string;
  commentsEnabled: boolean;
  translations: Array<{ locale: string; title: string }>;
}

/** A public (published and due) news post or publication by slug. */
export async function findCommentableItem(db: DbOrTx, type: CommentItemType, slug: string, now = nowIso()): Promise<CommentableItem | undefined> {
  const item =
    type === 'news'
      ? await db
          .selectFrom('newsPosts')
          .select(['id', 'slug', 'commentsEnabled'])
          .where('slug', '=', slug)
          .where('status', '=', 'published')
          .where('publishedAt', '<=', now)
          .executeTakeFirst()
      : await db
          .selectFrom('publications')
          .select(['id', 'slug', 'commentsEnabled'])
          .where('slug', '=', slug)
          .where('status', '=', 'published')
          .where('publishedAt', '<=', now)
          .executeTakeFirst();
  if (!item) return undefined;
  const translations =
    type === 'news'
      ? await db.selectFrom('newsPostTranslations').select(['locale', 'title']).where('itemId', '=', item.id).execute()
      : await db.selectFrom('publicationTranslations').select(['locale', 'title']).where('itemId', '=', item.id).execute();
  return { id: item.id, slug: item.slug, commentsEnabled: Number(item.commentsEnabled) === 1, translations };
}

export interface NewComment {
  itemType: CommentItemType;
  itemId: number;
  locale: string;
  authorName: string;
  authorEmail: string;
  body: string;
}

/** Stores a comment awaiting moderation; returns its id. */
export async function insertComment(tx: DbOrTx, c: NewComment, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('comments')
    .values({
      itemType: c.itemType,
      newsPostId: c.itemType === 'news' ? c.itemId : null,
      publicationId: c.itemType === 'publication' ? c.itemId : null,
      locale: c.locale,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      body: c.body,
      status: 'pending',
      createdAt: now,
      moderatedAt: null,
      moderatedBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a public page may show of a comment: never the email. */
export interface PublicCommentRow {
  id: number;
  locale: string;
  authorName: string;
  body: string;
  createdAt: string;
}

/** The approved comments of one item of `type`, grouped by language, with those in `locale` as a JSON column. */
function approvedThreadQuery(type: CommentItemType) {
  const column = ITEM_COLUMN[type];
  return (db: DbOrTx, { itemId, locale }: { itemId: number; locale: string }) =>
    db
      .selectFrom('comments')
      .select((eb) => [
        'comments.locale',
        eb.fn.countAll<number | string>().as('n'),
        jsonArrayFrom(
          db,
          eb
            .selectFrom('comments as r')
            .select(['r.id', 'r.locale', 'r.authorName', 'r.body', 'r.createdAt'])
            .where(`r.${column}`, '=', itemId)
            .where('r.status', '=', 'approved')
            .where('r.locale', '=', locale)
            .whereRef('r.locale', '=', 'comments.locale')
            .orderBy('r.createdAt')
            .orderBy('r.id'),
        ).as('comments'),
      ])
      .where(`comments.${column}`, '=', itemId)
      .where('comments.status', '=', 'approved')
      .groupBy('comments.locale');
}

/** Each item type's thread statement, built and compiled once: the item and the language are its values. */
const approvedThreadStatements = {
  news: compiledOnce(approvedThreadQuery('news')),
  publication: compiledOnce(approvedThreadQuery('publication')),
} satisfies Record<CommentItemType, unknown>;

/**
 * An item's approved comments in one language, oldest first, and how many approved comments it
 * has in each language: one statement, grouped by language, with the wanted language's comments
 * as a JSON column.
 */
export async function findApprovedThread(
  db: DbOrTx,
  type: CommentItemType,
  itemId: number,
  locale: string,
): Promise<{ comments: PublicCommentRow[]; counts: Map<string, number> }> {
  const { rows } = await db.executeQuery(approvedThreadStatements[type](db, { itemId, locale }));
  return {
    comments: rows.flatMap((r) => fromJson(r.comments)),
    counts: new Map(rows.map((r) => [r.locale, Number(r.n)])),
  };
}

/** A comment as moderators see it, with the item it is on. */
export interface ModerationRow {
  id: number;
  itemType: CommentItemType;
  itemId: number;
  itemSlug: string;
  locale: string;
  authorName: string;
  authorEmail: string;
  body: string;
  status: CommentStatus;
  createdAt: string;
  moderatedAt: string | null;
}

/** One page of comments in a status: pending oldest first (a queue), others newest first. */
export async function listCommentsForModeration(
  db: DbOrTx,
  status: CommentStatus,
  page: number,
  pageSize: number,
): Promise<{ rows: ModerationRow[]; total: number }> {
  const counted = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('comments as c')
    .leftJoin('newsPosts as n', 'n.id', 'c.newsPostId')
    .leftJoin('publications as p', 'p.id', 'c.publicationId')
    .select([
      'c.id',
      'c.itemType',
      'c.newsPostId',
      'c.publicationId',
      'n.slug as newsSlug',
      'p.slug as publicationSlug',
      'c.locale',
      'c.authorName',
      'c.authorEmail',
      'c.body',
      'c.status',
      'c.createdAt',
      'c.moderatedAt',
    ])
    .where('c.status', '=', status)
    .orderBy('c.createdAt', status === 'pending' ? 'asc' : 'desc')
    .orderBy('c.id', status === 'pending' ? 'asc' : 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    total: Number(counted.n),
    rows: rows.map((r) => ({
      id: r.id,
      itemType: r.itemType,
      itemId: (r.itemType === 'news' ? r.newsPostId : r.publicationId) ?? 0,
      itemSlug: (r.itemType === 'news' ? r.newsSlug : r.publicationSlug) ?? '',
      locale: r.locale,
      authorName: r.authorName,
      authorEmail: r.authorEmail,
      body: r.body,
      status: r.status,
      createdAt: r.createdAt,
      moderatedAt: r.moderatedAt,
    })),
  };
}

/** Titles of the items a page of comments is about, by `type:id`. */
export async function findItemTitles(db: DbOrTx, rows: ReadonlyArray<{ itemType: CommentItemType; itemId: number }>) {
  const ids = (type: CommentItemType) => [...new Set(rows.filter((r) => r.itemType === type).map((r) => r.itemId))];
  const newsIds = ids('news');
  const publicationIds = ids('publication');
  const [news, publications] = await Promise.all([
    newsIds.length ? db.selectFrom('newsPostTranslations').select(['itemId', 'locale', 'title']).where('itemId', 'in', newsIds).execute() : [],
    publicationIds.length
      ? db.selectFrom('publicationTranslations').select(['itemId', 'locale', 'title']).where('itemId', 'in', publicationIds).execute()
      : [],
  ]);
  const titles = new Map<string, Array<{ locale: string; title: string }>>();
  for (const [type, list] of [['news', news], ['publication', publications]] as const) {
    for (const t of list) {
      const key = `${type}:${t.itemId}`;
      titles.set(key, [...(titles.get(key) ?? []), { locale: t.locale, title: t.title }]);
    }
  }
  return titles;
}

export async function countCommentsByStatus(db: DbOrTx): Promise<Record<CommentStatus, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, rejected: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** The comments a moderation action applies to, as they are before it (for the audit log). */
export async function findCommentsByIds(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('comments')
    .select(['id', 'itemType', 'newsPostId', 'publicationId', 'locale', 'authorName', 'body', 'status', 'createdAt'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

export async function setCommentsStatus(tx: DbOrTx, ids: readonly number[], status: CommentStatus, userId: number, now = nowIso()): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('comments').set({ status, moderatedAt: now, moderatedBy: userId }).where('id', 'in', [...ids]).execute();
}

export async function deleteComments(tx: DbOrTx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.deleteFrom('comments').where('id', 'in', [...ids]).execute();
}
