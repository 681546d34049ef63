import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { htmlToText } from '../../web/rich-text.js';
import type { ContentType, SearchableKey } from '../content-types/content-types.js';
import { OFFICE_MIME_TYPES } from '../media/office-documents.js';
import { findDocumentText } from './search.files.js';
import type { IndexContext, SearchSource, SourceDocument } from './search-source.js';

/** The documents whose text is read for search: PDFs, and Word, Excel, PowerPoint and OpenDocument files. */
const DOCUMENT_TEXT_TYPES = ['application/pdf', ...OFFICE_MIME_TYPES];

/** Ids per statement: well under SQLite's bound-parameter limit. */
const IDS_PER_QUERY = 500;

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
export function contentSource(type: ContentType & { key: SearchableKey; search: object }): SearchSource & { type: SearchableKey } {
  const spec = type.search ?? {};
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
      from ${sql.table(type.table)} i
      join ${sql.table(type.translationsTable)} t on t.item_id = i.id
      where i.status = 'published' and i.published_at is not null ${where}
      order by i.id, t.locale`.execute(db);
    return result.rows;
  }

  return {
    type: type.key,
    ...(spec.documents ? { idsUsingFile: publicationsWithFile } : {}),
    async listPublishedIds(db) {
      const result = await sql<{ id: number }>`
        select id from ${sql.table(type.table)}
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
          path: type.publicPath(row.slug),
          publishedAt: row.publishedAt,
          itemDate: row.itemDate ?? row.publishedAt,
        };
        const list = out.get(row.id);
        if (list) list.push(doc);
        else out.set(row.id, [doc]);
      }
      if (spec.documents && out.size) {
        const attached = await publicationDocumentTexts(db, [...out.keys()], ctx);
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

/** The text of each publication's documents (PDFs and office files), by the language of the file. */
async function publicationDocumentTexts(db: DbOrTx, ids: number[], _ctx: IndexContext) {
  const out = new Map<number, Array<{ locale: string; text: string }>>();
  for (const part of chunk(ids, IDS_PER_QUERY)) {
    const files = await db
      .selectFrom('publicationFiles as pf')
      .innerJoin('files as f', 'f.id', 'pf.fileId')
      .select(['pf.publicationId', 'pf.locale', 'f.sha256'])
      .where('pf.publicationId', 'in', part)
      .where('f.mime', 'in', DOCUMENT_TEXT_TYPES)
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

