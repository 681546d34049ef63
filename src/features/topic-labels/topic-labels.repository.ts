import type { DbOrTx } from '../../db/database.js';
import { groupByItem } from '../../i18n/translation.js';

/*
 * Topics as labels of items: their names, read with an item or a list, and shown as tags. The
 * topic pages (which list items) are the `topics` feature, built on these; items link here only,
 * so a topic's page may list news and publications without a circle between them.
 */

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
