import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { groupByItem } from '../../i18n/translation.js';
import { CONTENT_TYPES, type ContentType, type ContentTypeKey } from '../content-types/content-types.js';
import { publishedAndDue } from '../content-types/content-types.repository.js';

/**
 * Reads for feeds and the sitemap. Each list is a fixed number of queries (items, then
 * their translations, topics and files for all of them at once), however many items.
 */

export interface FeedTranslation {
  itemId: number;
  locale: string;
  title: string;
  summary: string | null;
}

export interface FeedTopic {
  itemId: number;
  slug: string;
  locale: string;
  name: string;
}

export interface FeedFile {
  itemId: number;
  locale: string;
  sha256: string;
  mime: string;
  size: number;
  originalName: string;
  label: string | null;
}

export interface FeedSourceItem {
  id: number;
  slug: string;
  publishedAt: string;
  updatedAt: string;
  licence: string;
  translations: FeedTranslation[];
  /** One row per topic and locale, in the topics' display order. */
  topics: FeedTopic[];
  /** Documents in their display order (publications only). */
  files: FeedFile[];
}

interface ItemRow {
  id: number;
  slug: string;
  publishedAt: string | null;
  updatedAt: string;
  licence: string;
}

function assemble(
  items: ItemRow[],
  translations: FeedTranslation[],
  topics: FeedTopic[],
  files: FeedFile[],
): FeedSourceItem[] {
  const byItem = groupByItem(translations);
  const topicsByItem = groupByItem(topics);
  const filesByItem = groupByItem(files);
  return items.map((item) => ({
    ...item,
    // The public filter guarantees a date; the fallback only satisfies the column's type.
    publishedAt: item.publishedAt ?? item.updatedAt,
    translations: byItem.get(item.id) ?? [],
    topics: topicsByItem.get(item.id) ?? [],
    files: filesByItem.get(item.id) ?? [],
  }));
}

/** Item types whose newest entries make a feed, with their translations table. */
const FEED_TABLES = {
  newsPosts: 'newsPostTranslations',
  publications: 'publicationTranslations',
  hrdAlerts: 'hrdAlertTranslations',
} as const;

/**
 * The newest public items of one type and their texts. Both types share the content
 * item and translation columns; Kysely cannot type a query over a union of tables, so the
 * query is typed through one of them.
 */
async function listNewestPublic(db: DbOrTx, table: keyof typeof FEED_TABLES, limit: number, now: string) {
  const items = await db
    .selectFrom(table as 'publications')
    .select(['id', 'slug', 'publishedAt', 'updatedAt', 'licence'])
    .where(publishedAndDue(now))
    .orderBy('publishedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const ids = items.map((i) => i.id);
  const translations: FeedTranslation[] = ids.length
    ? await db
        .selectFrom(FEED_TABLES[table] as 'publicationTranslations')
        .select(['itemId', 'locale', 'title', 'summary'])
        .where('itemId', 'in', ids)
        .execute()
    : [];
  return { items, ids, translations };
}

/** The newest public news posts, with their texts and topics. */
export async function listFeedNewsPosts(db: DbOrTx, limit: number, now = new Date().toISOString()): Promise<FeedSourceItem[]> {
  const { items, ids, translations } = await listNewestPublic(db, 'newsPosts', limit, now);
  if (ids.length === 0) return [];
  const topics = await db
    .selectFrom('newsPostTopics as it')
    .innerJoin('topics', 'topics.id', 'it.topicId')
    .innerJoin('topicTranslations as tt', 'tt.itemId', 'topics.id')
    .select(['it.newsPostId as itemId', 'topics.slug', 'tt.locale', 'tt.name'])
    .where('it.newsPostId', 'in', ids)
    .orderBy('topics.sortOrder')
    .orderBy('topics.slug')
    .execute();
  return assemble(items, translations, topics, []);
}

/** The newest public publications, with their texts, topics and documents. */
export async function listFeedPublications(
  db: DbOrTx,
  limit: number,
  now = new Date().toISOString(),
): Promise<FeedSourceItem[]> {
  const { items, ids, translations } = await listNewestPublic(db, 'publications', limit, now);
  if (ids.length === 0) return [];
  const topics = await db
    .selectFrom('publicationTopics as it')
    .innerJoin('topics', 'topics.id', 'it.topicId')
    .innerJoin('topicTranslations as tt', 'tt.itemId', 'topics.id')
    .select(['it.publicationId as itemId', 'topics.slug', 'tt.locale', 'tt.name'])
    .where('it.publicationId', 'in', ids)
    .orderBy('topics.sortOrder')
    .orderBy('topics.slug')
    .execute();
  const files = await db
    .selectFrom('publicationFiles as pf')
    .innerJoin('files', 'files.id', 'pf.fileId')
    .select(['pf.publicationId as itemId', 'pf.locale', 'files.sha256', 'files.mime', 'files.size', 'files.originalName', 'pf.label'])
    .where('pf.publicationId', 'in', ids)
    .orderBy('pf.sortOrder')
    .orderBy('pf.id')
    .execute();
  return assemble(items, translations, topics, files);
}

/** The newest published HRD alerts (a withdrawn one leaves the feed at once), with their texts. */
export async function listFeedHrdAlerts(db: DbOrTx, limit: number, now = new Date().toISOString()): Promise<FeedSourceItem[]> {
  const { items, translations } = await listNewestPublic(db, 'hrdAlerts', limit, now);
  return assemble(items, translations, [], []);
}

/** One public URL's item: its path slug, last change, and the locales it is written in. */
export interface SitemapItem {
  slug: string;
  /** Undefined for things without a change date (topics). */
  updatedAt: string | undefined;
  locales: string[];
}

interface SlugLocaleRow {
  slug: string;
  updatedAt?: string;
  locale: string;
}

/** Rows come ordered by slug, so each item's locales are adjacent. */
function collectLocales(rows: SlugLocaleRow[]): SitemapItem[] {
  const items: SitemapItem[] = [];
  for (const row of rows) {
    const last = items.at(-1);
    if (last && last.slug === row.slug) last.locales.push(row.locale);
    else items.push({ slug: row.slug, updatedAt: row.updatedAt, locales: [row.locale] });
  }
  return items;
}

/** The sitemap lists each content type the registry marks, and HRD alerts. */
export type SitemapSource = ContentTypeKey | 'hrd-alert';
export type SitemapSources = Partial<Record<SitemapSource, SitemapItem[]>>;

const HRD_ALERTS: Pick<ContentType, 'table' | 'translationsTable' | 'workflow'> = {
  table: 'hrd_alerts', translationsTable: 'hrd_alert_translations', workflow: 'full',
};

/**
 * The public items of one type with the locales each exists in. `today` is the site's calendar
 * day, so a vacancy stays listed through its last day. The tables share the content item and
 * translation columns; Kysely cannot type a join over a union of tables, so the query is typed
 * through the pages tables.
 */
async function listSitemapItems(
  db: DbOrTx,
  type: Pick<ContentType, 'table' | 'translationsTable' | 'workflow' | 'sitemap'>,
  today: string,
  now: string,
): Promise<SitemapItem[]> {
  const rows = await db
    .selectFrom(`${type.table} as i` as 'pages as i')
    .innerJoin(`${type.translationsTable} as t` as 'pageTranslations as t', 't.itemId', 'i.id')
    // Topics are not published content: each has a page in every language it is named in.
    .$if(type.workflow === 'none', (q) => q.select(['i.slug', 't.locale']))
    .$if(type.workflow !== 'none', (q) => q.select(['i.slug', 'i.updatedAt', 't.locale']).where(publishedAndDue(now, 'i')))
    .$if(type.sitemap === 'until-deadline', (q) => q.where(sql.ref('i.deadline'), '>=', today))
    .orderBy('i.slug')
    .orderBy('t.locale')
    .execute();
  return collectLocales(rows as SlugLocaleRow[]);
}

/** How many photos each public album has, by slug: each photo has a page of its own. */
export async function countPublicAlbumPhotos(db: DbOrTx, now = new Date().toISOString()): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('albums')
    .innerJoin('albumPhotos as ap', 'ap.albumId', 'albums.id')
    .select((eb) => ['albums.slug', eb.fn.countAll<number | string>().as('photos')])
    .where(publishedAndDue(now, 'albums'))
    .groupBy('albums.slug')
    .execute();
  return new Map(rows.map((r) => [r.slug, Number(r.photos)]));
}

/** Every public item of every type the sitemap lists: one query per type, run together. */
export async function listSitemapSources(db: DbOrTx, today: string, now = new Date().toISOString()): Promise<SitemapSources> {
  const types = [...CONTENT_TYPES.filter((t) => t.sitemap), { ...HRD_ALERTS, key: 'hrd-alert' as const, sitemap: true as const }];
  const lists = await Promise.all(types.map((type) => listSitemapItems(db, type, today, now)));
  return Object.fromEntries(types.map((type, i) => [type.key, lists[i]!]));
}
