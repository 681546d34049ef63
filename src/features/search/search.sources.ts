import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { htmlToText } from '../../web/rich-text.js';
import { itemPaths } from '../discovery/item-paths.js';
import { alertsSearchSource } from '../hrd-alerts/alerts.search.js';
import type { FileStorage } from '../media/storage.js';
import { findDocumentText } from './search.files.js';

/** What indexing needs besides the database: the file store, for the text of attached PDFs. */
export interface IndexContext {
  storage: FileStorage;
}

/** The searchable text of one item in one language, before it is split into words. */
export interface SourceDocument {
  locale: string;
  title: string;
  /** Plain-text pieces of the body: summary, body, place, attached documents. */
  body: string[];
  /** Path below the locale prefix. */
  path: string;
  publishedAt: string;
  itemDate: string;
}

/** A content type search knows: how to read the public documents of its items. */
export interface SearchSource {
  type: string;
  /**
   * The documents (one per language) of those of `ids` that are published, or of every
   * published item when `ids` is undefined. An item missing from the map is not public.
   */
  loadPublished(db: DbOrTx, ids: readonly number[] | undefined, ctx: IndexContext): Promise<Map<number, SourceDocument[]>>;
  /** Ids of the published items, for rebuilding the index batch by batch. */
  listPublishedIds(db: DbOrTx): Promise<number[]>;
  /** Items whose documents include the text of this file: re-indexed when its text arrives. */
  idsUsingFile?(db: DbOrTx, sha256: string): Promise<number[]>;
}

/** Ids per statement: well under SQLite's bound-parameter limit. */
const IDS_PER_QUERY = 500;

interface ContentSourceSpec<T extends string> {
  type: T;
  /** Item table and its translations table, in SQL (snake_case) names. */
  table: string;
  translations: string;
  path: (slug: string) => string;
  /** The item column with the date readers see, when it is not `published_at` (events). */
  dateColumn?: string;
  /** Further text columns of the translation (an event's place) and of the item (an outlet). */
  translationText?: string[];
  itemText?: string[];
  /** Text attached to items by locale, such as the contents of their documents. */
  attachments?: (db: DbOrTx, ids: number[], ctx: IndexContext) => Promise<Map<number, Array<{ locale: string; text: string }>>>;
  /** The items whose attachments include a file, by its SHA-256. */
  attachmentOwners?: (db: DbOrTx, sha256: string) => Promise<number[]>;
}

interface ContentRow {
  id: number;
  slug: string;
  publishedAt: string;
  itemDate: string;
  locale: string;
  title: string;
  summary: string | null;
  bodyHtml: string;
  extra: string | null;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A source for the usual content tables (an item table with slug, status and published_at,
 * and a translations table with title, summary and body_html). Public means published with a
 * publication date; whether that date has come is checked when searching, so an item
 * published for a future date appears on its own without anyone reindexing it.
 */
export function contentSource<T extends string>(spec: ContentSourceSpec<T>): SearchSource & { type: T } {
  const extraColumns = [
    ...(spec.translationText ?? []).map((c) => sql.ref(`t.${c}`)),
    ...(spec.itemText ?? []).map((c) => sql.ref(`i.${c}`)),
  ];
  const extra = extraColumns.length ? sql`concat_ws(' ', ${sql.join(extraColumns)})` : sql`null`;
  const dateRef = sql.ref(`i.${spec.dateColumn ?? 'published_at'}`);

  async function load(db: DbOrTx, ids: number[] | undefined): Promise<ContentRow[]> {
    const where = ids ? sql`and i.id in (${sql.join(ids)})` : sql``;
    const result = await sql<ContentRow>`
      select i.id, i.slug, i.published_at, ${dateRef} as item_date,
             t.locale, t.title, t.summary, t.body_html, ${extra} as extra
      from ${sql.table(spec.table)} i
      join ${sql.table(spec.translations)} t on t.item_id = i.id
      where i.status = 'published' and i.published_at is not null ${where}
      order by i.id, t.locale`.execute(db);
    return result.rows;
  }

  return {
    type: spec.type,
    ...(spec.attachmentOwners ? { idsUsingFile: spec.attachmentOwners } : {}),
    async listPublishedIds(db) {
      const result = await sql<{ id: number }>`
        select id from ${sql.table(spec.table)}
        where status = 'published' and published_at is not null order by id`.execute(db);
      return result.rows.map((r) => r.id);
    },
    async loadPublished(db, ids, ctx) {
      const rows = ids ? (await Promise.all(chunk(ids, IDS_PER_QUERY).map((part) => load(db, part)))).flat() : await load(db, undefined);
      const out = new Map<number, SourceDocument[]>();
      for (const row of rows) {
        const body = [row.summary ?? '', htmlToText(row.bodyHtml), row.extra ?? ''].filter(Boolean);
        const doc: SourceDocument = {
          locale: row.locale,
          title: row.title,
          body,
          path: spec.path(row.slug),
          publishedAt: row.publishedAt,
          itemDate: row.itemDate ?? row.publishedAt,
        };
        const list = out.get(row.id);
        if (list) list.push(doc);
        else out.set(row.id, [doc]);
      }
      if (spec.attachments && out.size) {
        const attached = await spec.attachments(db, [...out.keys()], ctx);
        for (const [id, texts] of attached) {
          const docs = out.get(id)!;
          // A document in a language the item has no text in still makes the item findable.
          for (const { locale, text } of texts) (docs.find((d) => d.locale === locale) ?? docs[0]!).body.push(text);
        }
      }
      return out;
    },
  };
}

/** The text of each publication's PDFs, by the language of the file. */
async function publicationDocumentTexts(db: DbOrTx, ids: number[], _ctx: IndexContext) {
  const out = new Map<number, Array<{ locale: string; text: string }>>();
  for (const part of chunk(ids, IDS_PER_QUERY)) {
    const files = await db
      .selectFrom('publicationFiles as pf')
      .innerJoin('files as f', 'f.id', 'pf.fileId')
      .select(['pf.publicationId', 'pf.locale', 'f.sha256'])
      .where('pf.publicationId', 'in', part)
      .where('f.mime', '=', 'application/pdf')
      .orderBy('pf.publicationId')
      .orderBy('pf.sortOrder')
      .orderBy('pf.id')
      .execute();
    for (const file of files) {
      const text = await findDocumentText(db, file.sha256);
      if (!text) continue;
      const list = out.get(file.publicationId) ?? [];
      list.push({ locale: file.locale, text });
      out.set(file.publicationId, list);
    }
  }
  return out;
}

/** Publications with this file among their documents. */
async function publicationsWithFile(db: DbOrTx, sha256: string): Promise<number[]> {
  const rows = await db
    .selectFrom('publicationFiles as pf')
    .innerJoin('files as f', 'f.id', 'pf.fileId')
    .select('pf.publicationId')
    .distinct()
    .where('f.sha256', '=', sha256)
    .orderBy('pf.publicationId')
    .execute();
  return rows.map((r) => r.publicationId);
}

/**
 * Every content type search covers. Adding one (HRD alerts, once they exist and have a public
 * form) is one entry here; its type name becomes a filter value and needs a label in
 * search.messages.ts.
 */
export const searchSources = [
  contentSource({ type: 'page', table: 'pages', translations: 'page_translations', path: itemPaths.page }),
  contentSource({ type: 'project', table: 'projects', translations: 'project_translations', path: itemPaths.project }),
  contentSource({
    type: 'publication',
    table: 'publications',
    translations: 'publication_translations',
    path: itemPaths.publication,
    attachments: publicationDocumentTexts,
    attachmentOwners: publicationsWithFile,
  }),
  contentSource({
    type: 'news',
    table: 'news_posts',
    translations: 'news_post_translations',
    path: itemPaths.newsPost,
    itemText: ['outlet'],
  }),
  contentSource({
    type: 'event',
    table: 'events',
    translations: 'event_translations',
    path: itemPaths.event,
    dateColumn: 'starts_at',
    translationText: ['location'],
  }),
  alertsSearchSource,
] as const satisfies readonly SearchSource[];

export type SearchType = (typeof searchSources)[number]['type'];
export const SEARCH_TYPES = searchSources.map((s) => s.type) as [SearchType, ...SearchType[]];

export function findSearchSource(type: string): SearchSource | undefined {
  return searchSources.find((s) => s.type === type);
}
