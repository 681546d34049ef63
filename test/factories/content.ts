import type { Kysely } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { contentTypes, type ContentTypeKey } from '../../src/features/content-types/content-types.js';

type Columns = Record<string, unknown>;

let counter = 0;

/**
 * An item of any content type, stored as the registry describes it: its row in the type's item
 * table (a slug; published, with a publication date that has come, for the types with a workflow)
 * and one row per language in its translations table. `item` and `translations` add or replace
 * columns (camelCase) such as a vacancy's deadline or a title; a type needs no factory of its own
 * for this.
 */
export async function createItem(
  db: Db,
  type: ContentTypeKey,
  { item = {}, translations = {} }: { item?: Columns; translations?: Partial<Record<'en' | 'km', Columns>> } = {},
): Promise<{ id: number; slug: string }> {
  counter += 1;
  const { table, translationsTable, workflow } = contentTypes[type];
  const now = new Date().toISOString();
  // Types with a workflow carry its status (and date) and their edit times; topics have neither.
  const workflowColumns: Columns =
    workflow === 'full'
      ? { status: 'published', publishedAt: '2024-01-01T00:00:00.000Z', createdAt: now, updatedAt: now }
      : workflow === 'status'
        ? { status: 'published', createdAt: now, updatedAt: now }
        : {};
  // The registry names tables in SQL; the query builder is typed by camelCase names, so the rows are written untyped here.
  const untyped = db as unknown as Kysely<Record<string, Columns>>;
  const row = (await untyped
    .insertInto(table)
    .values({ slug: `${type}-${counter}`, ...workflowColumns, ...item })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow()) as { id: number; slug: string };
  for (const [locale, columns] of Object.entries(translations)) {
    await untyped.insertInto(translationsTable).values({ itemId: row.id, locale, ...columns }).execute();
  }
  return row;
}
