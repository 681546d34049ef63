import type { Kysely, Transaction } from 'kysely';
import type { DbOrTx } from '../../db/database.js';

/** What an import made of each WordPress object (migration 0020). */
type ImportItemTable = {
  id: number;
  source: string;
  wpKind: WpKind;
  wpId: string;
  targetType: string;
  targetId: number;
  locale: string | null;
  checksum: string;
  importedAt: string;
  updatedAt: string;
};
type ImportTables = { wordpressImportItems: ImportItemTable };

/** The mapping table belongs to this feature; the shared Database type need not know it. */
const importDb = (db: DbOrTx) => db.withTables<ImportTables>() as unknown as Kysely<ImportTables> | Transaction<ImportTables>;

/** `upload`: a file of the uploads folder that a post links to without an attachment in the export, by its path. */
export type WpKind = 'post' | 'attachment' | 'term' | 'comment' | 'upload';

export interface ImportedObject {
  wpKind: WpKind;
  wpId: string;
  targetType: string;
  targetId: number;
  locale: string | null;
  checksum: string;
}

/** Everything earlier imports of `source` made, keyed `kind:id`. */
export async function loadImportedObjects(db: DbOrTx, source: string): Promise<Map<string, ImportedObject>> {
  const rows = await importDb(db)
    .selectFrom('wordpressImportItems')
    .select(['wpKind', 'wpId', 'targetType', 'targetId', 'locale', 'checksum'])
    .where('source', '=', source)
    .execute();
  return new Map(rows.map((r) => [`${r.wpKind}:${r.wpId}`, { ...r, targetId: Number(r.targetId) }]));
}

/** Moves what earlier imports recorded under `from` to `to` (an export's key changed); returns the rows moved. */
export async function rekeyImportedObjects(db: DbOrTx, from: string, to: string): Promise<number> {
  const result = await importDb(db).updateTable('wordpressImportItems').set({ source: to }).where('source', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Records what an object became; `known` says a row for it exists (one statement either way). */
export async function recordImportedObject(db: DbOrTx, source: string, object: ImportedObject, now: string, known: boolean): Promise<void> {
  if (!known) {
    await importDb(db).insertInto('wordpressImportItems').values({ source, ...object, importedAt: now, updatedAt: now } as never).execute();
    return;
  }
  await importDb(db)
    .updateTable('wordpressImportItems')
    .set({ targetType: object.targetType, targetId: object.targetId, locale: object.locale, checksum: object.checksum, updatedAt: now })
    .where('source', '=', source)
    .where('wpKind', '=', object.wpKind)
    .where('wpId', '=', object.wpId)
    .execute();
}

/** Whether a row the mapping names still exists (an editor may have deleted it since). */
export async function rowExists(db: DbOrTx, table: string, id: number): Promise<boolean> {
  const loose = db as unknown as Kysely<Record<string, { id: number }>>;
  return (await loose.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export interface ImportedComment {
  newsPostId: number;
  locale: string;
  authorName: string;
  authorEmail: string;
  body: string;
  createdAt: string;
}

/** A comment approved on the old site: stored approved, with its own date. */
export async function insertApprovedComment(db: DbOrTx, c: ImportedComment, now: string): Promise<number> {
  const row = await db
    .insertInto('comments')
    .values({ itemType: 'news', publicationId: null, status: 'approved', moderatedAt: now, moderatedBy: null, ...c })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateImportedComment(db: DbOrTx, id: number, c: ImportedComment): Promise<void> {
  await db.updateTable('comments').set({ ...c }).where('id', '=', id).execute();
}

/** Image files with their jpeg renditions, to write their new addresses into bodies. */
export async function findJpegVariants(db: DbOrTx, fileId: number): Promise<Array<{ sha256: string; width: number }>> {
  return db.selectFrom('imageVariants').select(['sha256', 'width']).where('fileId', '=', fileId).where('format', '=', 'jpeg').orderBy('width', 'desc').execute();
}

export async function findFileSha(db: DbOrTx, fileId: number): Promise<{ sha256: string; mime: string; originalName: string } | undefined> {
  return db.selectFrom('files').select(['sha256', 'mime', 'originalName']).where('id', '=', fileId).executeTakeFirst();
}

/** A topic the site already has under this slug (WordPress's terms join Dove's vocabulary). */
export async function findTopicIdBySlug(db: DbOrTx, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('topics').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}
