import type { ItemChoice } from '../content-types/content-types.repository.js';
import type { Locale } from '../../i18n/locales.js';
import { findImages, type ImageView } from '../media/media.repository.js';
import { firstNewsQueries, toNewsListRow } from '../news/news.repository.js';
import { firstPublicationsQueries, toPublicationListRow } from '../publications/publications.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';
import type { TopicRow } from '../topic-labels/topic-labels.repository.js';

/**
 * A topic with its names, in one statement: the one at a slug, or by id for a preview (topics
 * have no status: every one is public).
 */
export async function findTopicBySlug(db: DbOrTx, which: ItemChoice): Promise<TopicRow | undefined> {
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
    .where((eb) => ('id' in which ? eb('topics.id', '=', which.id) : eb('topics.slug', '=', which.slug)))
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
