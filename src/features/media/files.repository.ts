import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { FileTable, FileTranslationTable, ImageVariantTable } from './media.tables.js';

/** The rows that record stored bytes: a file per content hash, its renditions and alt texts. */

export async function findFileIdBySha256(db: DbOrTx, sha256: string): Promise<number | undefined> {
  const row = await db.selectFrom('files').select('id').where('sha256', '=', sha256).executeTakeFirst();
  return row?.id;
}

export async function insertFile(db: DbOrTx, file: Insertable<FileTable>): Promise<number> {
  const row = await db.insertInto('files').values(file).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertImageVariants(db: DbOrTx, variants: Array<Insertable<ImageVariantTable>>): Promise<void> {
  if (variants.length) await db.insertInto('imageVariants').values(variants).execute();
}

export async function insertFileTranslations(db: DbOrTx, translations: Array<Insertable<FileTranslationTable>>): Promise<void> {
  if (translations.length) await db.insertInto('fileTranslations').values(translations).execute();
}

/** Marks an image as made from another file (a PDF's first page). */
export async function setSourceFile(db: DbOrTx, imageId: number, sourceFileId: number): Promise<void> {
  await db.updateTable('files').set({ sourceFileId }).where('id', '=', imageId).execute();
}

/** A stored PDF that has no image of its first page yet. */
export interface PdfWithoutCover {
  id: number;
  sha256: string;
  originalName: string;
}

function pdfsAmong(db: DbOrTx, fileIds: readonly number[] | undefined) {
  const pdfs = db.selectFrom('files as pdf').where('pdf.mime', '=', 'application/pdf');
  return fileIds ? pdfs.where('pdf.id', 'in', fileIds.length ? [...fileIds] : [-1]) : pdfs;
}

/** The stored PDFs (all, or those of `fileIds`). */
export async function countPdfs(db: DbOrTx, fileIds?: readonly number[]): Promise<number> {
  const row = await pdfsAmong(db, fileIds).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The stored PDFs (all, or those of `fileIds`) that no image names as its source, oldest first. */
export async function findPdfsWithoutFirstPage(db: DbOrTx, fileIds?: readonly number[]): Promise<PdfWithoutCover[]> {
  return pdfsAmong(db, fileIds)
    .select(['pdf.id', 'pdf.sha256', 'pdf.originalName'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('files as page').select('page.id').whereRef('page.sourceFileId', '=', 'pdf.id'))))
    .orderBy('pdf.id')
    .execute();
}
