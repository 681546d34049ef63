import { hasTextIn, publishedAndDue, readerLanguageRank, type ReaderLanguage, chosenItem, type ItemChoice } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom } from '../../db/json-aggregates.js';
import { topicsFromNameRows } from '../topic-labels/topic-labels.repository.js';
import type { NewsKind } from './news.tables.js';

export interface NewsPageRequest {
  /** Only these kinds; all kinds when absent. */
  kinds?: readonly NewsKind[];
  /** Topic slug. */
  topic?: string;
  page: number;
  pageSize: number;
  /** The reader's language first, or only (/km lists put Khmer items first). */
  readerLanguage?: ReaderLanguage;
}

const nowIso = () => new Date().toISOString();

/** Published and due, narrowed by kind and topic: what readers may see in a list. */
function selectPublicNews(db: DbOrTx, filters: { kinds?: readonly NewsKind[]; topic?: string; readerLanguage?: ReaderLanguage }, now: string) {
  const only = filters.readerLanguage?.only ? filters.readerLanguage.locale : undefined;
  return db
    .selectFrom('newsPosts')
    .where(publishedAndDue(now, 'newsPosts'))
    .$if(only !== undefined, (qb) => qb.where(hasTextIn('news_post_translations', 'news_posts.id', only!)))
    .$if(filters.kinds !== undefined, (qb) => qb.where('newsPosts.kind', 'in', [...filters.kinds!]))
    .$if(filters.topic !== undefined, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('newsPostTopics as nt')
            .innerJoin('topics', 'topics.id', 'nt.topicId')
            .select('nt.topicId')
            .whereRef('nt.newsPostId', '=', 'newsPosts.id')
            .where('topics.slug', '=', filters.topic!),
        ),
      ),
    );
}

const LIST_COLUMNS = [
  'newsPosts.id',
  'newsPosts.slug',
  'newsPosts.kind',
  'newsPosts.externalUrl',
  'newsPosts.outlet',
  'newsPosts.publishedAt',
  'newsPosts.updatedAt',
  'newsPosts.coverFileId',
  'newsPosts.licence',
] as const;

interface NewsBaseRow {
  id: number;
  slug: string;
  kind: NewsKind;
  externalUrl: string | null;
  outlet: string | null;
  publishedAt: string | null;
  updatedAt: string;
  coverFileId: number | null;
  licence: string;
}

/** A list item: its translations without bodies and its topic ids. */
export interface NewsListRow extends NewsBaseRow {
  translations: Array<{ itemId: number; locale: string; title: string; summary: string | null }>;
  topicIds: number[];
}

/** The list columns with each item's translations (without bodies) and topic ids, in one statement. */
function selectListItems(db: DbOrTx, filters: { kinds?: readonly NewsKind[]; topic?: string; readerLanguage?: ReaderLanguage }, now: string) {
  return selectPublicNews(db, filters, now).select((eb) => [
    ...LIST_COLUMNS,
    jsonArrayFrom(
      db,
      eb
        .selectFrom('newsPostTranslations as nl')
        .select(['nl.itemId', 'nl.locale', 'nl.title', 'nl.summary'])
        .whereRef('nl.itemId', '=', 'newsPosts.id'),
    ).as('translations'),
    jsonArrayFrom(db, eb.selectFrom('newsPostTopics as nt').select('nt.topicId').whereRef('nt.newsPostId', '=', 'newsPosts.id')).as('topics'),
  ]);
}

interface NewsJsonRow extends NewsBaseRow {
  translations: NewsListRow['translations'] | string;
  topics: Array<{ topicId: number }> | string;
}

/** A list row as the list statement (or a JSON array of them) returned it, with its JSON parsed. */
export function toNewsListRow({ translations, topics, ...row }: NewsJsonRow): NewsListRow {
  return {
    ...row,
    translations: fromJson(translations),
    topicIds: fromJson(topics).map((t) => t.topicId),
  };
}

/**
 * The first `limit` public news posts matching the filters and how many match, unexecuted:
 * a page that shows several lists (a topic's) loads them in one statement.
 */
export function firstNewsQueries(db: DbOrTx, filters: { kinds?: readonly NewsKind[]; topic?: string }, limit: number, now = nowIso()) {
  return {
    items: selectListItems(db, filters, now).orderBy('newsPosts.publishedAt', 'desc').orderBy('newsPosts.id', 'desc').limit(limit),
    total: selectPublicNews(db, filters, now).select((eb) => eb.fn.countAll<number | string>().as('n')),
  };
}

/** One page of public news posts, newest first, and how many match in all. */
export async function listPublicNews(
  db: DbOrTx,
  request: NewsPageRequest,
  now = nowIso(),
): Promise<{ items: NewsListRow[]; total: number }> {
  const { page, pageSize, ...filters } = request;
  const counted = await selectPublicNews(db, filters, now)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  const offset = (page - 1) * pageSize;
  if (offset >= total) return { items: [], total };
  const reader = filters.readerLanguage?.locale;
  const rows = await selectListItems(db, filters, now)
    .$if(reader !== undefined, (qb) => qb.orderBy(readerLanguageRank('news_post_translations', 'news_posts.id', reader!)))
    .orderBy('newsPosts.publishedAt', 'desc')
    .orderBy('newsPosts.id', 'desc')
    .limit(pageSize)
    .offset(offset)
    .execute();
  return { items: rows.map(toNewsListRow), total };
}

/** The newest public news posts of every kind, unexecuted: the home page loads it with its other lists. */
export function latestNewsQuery(db: DbOrTx, limit: number, now = nowIso()) {
  return selectListItems(db, {}, now).orderBy('newsPosts.publishedAt', 'desc').orderBy('newsPosts.id', 'desc').limit(limit);
}

/** One public news post with its texts and topics (one row per topic name, grouped here), in one statement
 * (or, for a preview, any stored post by id: `ItemChoice`). */
export async function findPublicNewsPostBySlug(db: DbOrTx, which: ItemChoice, now = nowIso()) {
  const row = await db
    .selectFrom('newsPosts')
    .selectAll('newsPosts')
    .select((eb) => [
      jsonArrayFrom(
        db,
        eb
          .selectFrom('newsPostTranslations as nl')
          .select(['nl.itemId', 'nl.locale', 'nl.title', 'nl.summary', 'nl.bodyHtml'])
          .whereRef('nl.itemId', '=', 'newsPosts.id'),
      ).as('translations'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('newsPostTopics as nt')
          .innerJoin('topics', 'topics.id', 'nt.topicId')
          .leftJoin('topicTranslations as tl', 'tl.itemId', 'topics.id')
          .select(['topics.id', 'topics.slug', 'topics.sortOrder', 'tl.locale', 'tl.name'])
          .whereRef('nt.newsPostId', '=', 'newsPosts.id')
          .orderBy('topics.sortOrder')
          .orderBy('topics.id'),
      ).as('topics'),
    ])
    .where(chosenItem(which, now, 'newsPosts'))
    .executeTakeFirst();
  if (!row) return undefined;
  const { translations, topics, ...post } = row;
  return { ...post, translations: fromJson(translations), topics: topicsFromNameRows(fromJson(topics)) };
}

export type PublicNewsPost = NonNullable<Awaited<ReturnType<typeof findPublicNewsPostBySlug>>>;
