import type { Kysely } from 'kysely';

/*
 * Photographs carry their credit line and licence (one per file: a photographer's name and a
 * licence are not translated; captions stay per language in file_translations), and the image
 * made from the first page of a PDF points at that PDF (`source_file_id`), so a publication
 * without an editor's cover shows its document's first page. The derived image has the larger
 * id, so a restore that writes rows in id order meets the PDF first; deleting the PDF deletes
 * its first page too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('files').addColumn('credit', 'text').execute();
  await db.schema.alterTable('files').addColumn('licence', 'text').execute();
  await db.schema
    .alterTable('files')
    .addColumn('source_file_id', 'integer', (c) => c.references('files.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('files_source_file').on('files').column('source_file_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('files_source_file').execute();
  await db.schema.alterTable('files').dropColumn('source_file_id').execute();
  await db.schema.alterTable('files').dropColumn('licence').execute();
  await db.schema.alterTable('files').dropColumn('credit').execute();
}
