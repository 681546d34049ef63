import type { DbOrTx } from '../../db/database.js';
import { OFFICE_MIME_TYPES } from '../media/office-documents.js';
import { findFileTextStates } from '../search/file-texts.repository.js';
import type { Choice } from './editor.form-data.js';
import type { ContentTypeDescriptor } from './editor.types.js';

/**
 * Files an item carries besides its cover: a publication's documents (one PDF or office document per language)
 * and an album's photos (library images, in order). They are part of the item's snapshot, so
 * revisions keep them and restoring brings them back.
 */
export interface DocumentLink {
  locale: string;
  fileId: number;
  label: string | null;
}

export interface Attachments {
  documents?: DocumentLink[];
  photoIds?: number[];
}

export async function findAttachments(db: DbOrTx, type: ContentTypeDescriptor, id: number): Promise<Attachments> {
  if (type.attachment === 'documents') {
    const rows = await db
      .selectFrom('publicationFiles')
      .select(['locale', 'fileId', 'label'])
      .where('publicationId', '=', id)
      .orderBy('locale')
      .orderBy('sortOrder')
      .orderBy('id')
      .execute();
    return { documents: rows.map((r) => ({ locale: r.locale, fileId: r.fileId, label: r.label })) };
  }
  if (type.attachment === 'photos') {
    const rows = await db.selectFrom('albumPhotos').select('fileId').where('albumId', '=', id).orderBy('sortOrder').orderBy('id').execute();
    return { photoIds: rows.map((r) => r.fileId) };
  }
  return {};
}

/**
 * Makes the item's attachments exactly the snapshot's. A snapshot without them (a revision
 * older than attachments) leaves the current ones alone rather than dropping them.
 */
export async function writeAttachments(tx: DbOrTx, type: ContentTypeDescriptor, id: number, a: Attachments): Promise<void> {
  if (type.attachment === 'documents' && a.documents) {
    await tx.deleteFrom('publicationFiles').where('publicationId', '=', id).execute();
    if (a.documents.length) {
      await tx
        .insertInto('publicationFiles')
        .values(a.documents.map((d, i) => ({ publicationId: id, locale: d.locale, fileId: d.fileId, label: d.label, sortOrder: i })))
        .execute();
    }
  }
  if (type.attachment === 'photos' && a.photoIds) {
    await tx.deleteFrom('albumPhotos').where('albumId', '=', id).execute();
    if (a.photoIds.length) {
      await tx.insertInto('albumPhotos').values(a.photoIds.map((fileId, i) => ({ albumId: id, fileId, sortOrder: i }))).execute();
    }
  }
}

/** The types a publication's document may have: PDF, and the office formats the library cleans. */
const DOCUMENT_MIME_TYPES = ['application/pdf', ...OFFICE_MIME_TYPES];

/** PDFs and office documents of the media library a publication's document may be, by file name. */
export async function listDocumentChoices(db: DbOrTx): Promise<Choice[]> {
  const rows = await db
    .selectFrom('files')
    .select(['id', 'originalName', 'sha256'])
    .where('mime', 'in', DOCUMENT_MIME_TYPES)
    .orderBy('originalName')
    .orderBy('id')
    .execute();
  const texts = await findFileTextStates(db, rows.map((r) => r.sha256));
  return rows.map((r) => {
    const fileText = texts.get(r.sha256);
    return { id: r.id, label: r.originalName, ...(fileText ? { fileText: { state: fileText.state, reason: fileText.reason } } : {}) };
  });
}

/** Those of `ids` that are library files a publication's document may be. */
export async function findDocumentFileIds(db: DbOrTx, ids: readonly number[]): Promise<number[]> {
  const rows = await db.selectFrom('files').select('id').where('id', 'in', ids).where('mime', 'in', DOCUMENT_MIME_TYPES).execute();
  return rows.map((r) => r.id);
}

/** Those of `ids` that are library files whose type matches `mimePattern` (SQL `like`). */
export async function findFileIdsOfType(db: DbOrTx, ids: readonly number[], mimePattern: string): Promise<number[]> {
  const rows = await db.selectFrom('files').select('id').where('id', 'in', ids).where('mime', 'like', mimePattern).execute();
  return rows.map((r) => r.id);
}
