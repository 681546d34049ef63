import type { Locale } from '../../i18n/locales.js';
import { findImages, type ImageView } from '../media/media.repository.js';
import { firstNewsQueries, toNewsListRow } from '../news/news.repository.js';
import { firstPublicationsQueries, toPublicationListRow } from '../publications/publications.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';
import { groupByItem } from '../../i18n/translation.js';

export interface TopicRow {
  id: number;
  slug: string;
  sortOrder: number;
  translations: Array<{ itemId: number; locale: string; name: string }>;
}

async function withTranslations(db: DbOrTx, topics: Array<Omit<TopicRow, 'translations'>>): Promise<TopicRow[]> {
  if (topics.length === 0) return [];
  const names = groupByItem(
    await db
      .selectFrom('topicTranslations')
      .select(['itemId', 'locale', 'name'])
      .where('itemId', 'in', topics.map((t) => t.id))
      .execute(),
  );
  return topics.map((t) => ({ ...t, translations: names.get(t.id) ?? [] }));
}

/** One topic name per row (null for a topic without names), as an item's page loads them joined. */
export interface TopicNameRow {
  id: number;
  slug: string;
  sortOrder: number;
  locale: string | null;
  name: string | null;
}

/** Topic rows with their names, from rows already in the editors' order. */
export function topicsFromNameRows(rows: readonly TopicNameRow[]): TopicRow[] {
  const topics = new Map<number, TopicRow>();
  for (const { id, slug, sortOrder, locale, name } of rows) {
    const topic = topics.get(id) ?? { id, slug, sortOrder, translations: [] };
    topics.set(id, topic);
    if (locale !== null && name !== null) topic.translations.push({ itemId: id, locale, name });
  }
  return [...topics.values()];
}

/** Every topic in the editors' order, with its names: for filter menus and the topics index. */
export async function listTopics(db: DbOrTx): Promise<TopicRow[]> {
  return topicsFromNameRows(await topicNamesQuery(db).execute());
}

/** Every topic's names, one row per name (`topicsFromNameRows` groups them), unexecuted: a list loads it with its filter options. */
export function topicNamesQuery(db: DbOrTx) {
  return db
    .selectFrom('topics')
    .leftJoin('topicTranslations as tl', 'tl.itemId', 'topics.id')
    .select(['topics.id', 'topics.slug', 'topics.sortOrder', 'tl.locale', 'tl.name'])
    .orderBy('topics.sortOrder')
    .orderBy('topics.id');
}

/** The topics with these ids (in the editors' order), for the tags of one item. */
export async function findTopicsByIds(db: DbOrTx, ids: readonly number[]): Promise<TopicRow[]> {
  if (ids.length === 0) return [];
  const topics = await db
    .selectFrom('topics')
    .select(['id', 'slug', 'sortOrder'])
    .where('id', 'in', [...new Set(ids)])
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
  return withTranslations(db, topics);
}

/** A topic with its names, in one statement. */
export async function findTopicBySlug(db: DbOrTx, slug: string): Promise<TopicRow | undefined> {
  const topic = await db
    .selectFrom('topics')
    .select((eb) => [
      'topics.id',
      'topics.slug',
      'topics.sortOrder',
      jsonArrayFrom(
        db,
        eb.selectFrom('topicTranslations as tl').select(['tl.itemId', 'tl.locale', 'tl.name']).whereRef('tl.itemId', '=', 'topics.id'),
      ).as('translations'),
    ])
    .where('topics.slug', '=', slug)
    .executeTakeFirst();
  return topic && withParsedTranslations(topic);
}

/** Items of each kind shown on a topic's page; the full lists are one link away. */
export const TOPIC_PAGE_ITEMS = 6;

export type TopicPageItems = Awaited<ReturnType<typeof findTopicPageItems>>;

/**
 * The latest public publications and news on a topic with how many there are (one statement),
 * and their cover images.
 */
export async function findTopicPageItems(db: DbOrTx, slug: string, locale: Locale, order: readonly Locale[]) {
  // Built without the snake_case plugin, so the JSON keys keep the names the code uses.
  const lists = db.withoutPlugins();
  const now = new Date().toISOString();
  const pub = firstPublicationsQueries(lists, { topic: slug }, TOPIC_PAGE_ITEMS, now);
  const nws = firstNewsQueries(lists, { topic: slug }, TOPIC_PAGE_ITEMS, now);
  const row = await db
    .selectNoFrom([
      jsonArrayFrom(db, pub.items).as('publications'),
      pub.total.as('publicationTotal'),
      jsonArrayFrom(db, nws.items).as('news'),
      nws.total.as('newsTotal'),
    ])
    .executeTakeFirstOrThrow();
  const publications = { items: fromJson(row.publications).map(toPublicationListRow), total: Number(row.publicationTotal ?? 0) };
  const news = { items: fromJson(row.news).map(toNewsListRow), total: Number(row.newsTotal ?? 0) };
  const covers = [...publications.items, ...news.items].map((item) => item.coverFileId);
  const images: Map<number, ImageView> = await findImages(db, covers, locale, order);
  return { publications, news, images };
}
