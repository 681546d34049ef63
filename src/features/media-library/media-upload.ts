import type { Db } from '../../db/database.js';
import { classifyStorageError, type StorageFailure } from '../../web/storage-errors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { cleanFileName } from '../form-guard/form-fields.js';
import { findFileIdBySha256 } from '../media/files.repository.js';
import { prepareImage, recordImage, storeDocument, type AltText, type PreparedImage } from '../media/images.js';
import { prepareFirstPage, recordFirstPage } from '../media/pdf-cover.js';
import { sha256Of, type FileStorage } from '../media/storage.js';
import { queueFileText } from '../search/file-texts.repository.js';
import { checkUpload, problemOfImageError, type UploadKind, type UploadProblem } from './upload-check.js';

export type UploadOutcome =
  | { ok: true; name: string; fileId: number; created: boolean; kind: UploadKind }
  | { ok: false; name: string; problem: UploadProblem | 'tooLarge' | 'notImage' | 'notDocument' | StorageFailure };

export interface IngestOptions {
  /** The kind of file the upload may be: an item's cover takes an image, a publication's document a PDF or an office file. */
  expect?: 'image' | 'document';
  /** Alt texts a new image is stored with (an image already in the library keeps its own). */
  altTexts?: AltText[];
}

/**
 * Checks one uploaded file by its content, encodes it (images) outside the transaction, then
 * records it with its audit row in one transaction: a refused or failed file leaves no row.
 * A full or read-only disk is reported as such, not as a damaged file.
 */
export async function ingestUpload(db: Db, storage: FileStorage, actor: string, uploadedName: string, bytes: Buffer, options: IngestOptions = {}): Promise<UploadOutcome> {
  const name = cleanFileName(uploadedName);
  try {
    return await checkAndStore(db, storage, actor, name, bytes, options);
  } catch (error) {
    const failure = classifyStorageError(error);
    if (!failure) throw error;
    return { ok: false, name, problem: failure };
  }
}

async function checkAndStore(db: Db, storage: FileStorage, actor: string, name: string, bytes: Buffer, options: IngestOptions): Promise<UploadOutcome> {
  const check = await checkUpload(bytes, name);
  if (!check.ok) return { ok: false, name, problem: check.problem };
  if (options.expect === 'image' && check.kind !== 'image') return { ok: false, name, problem: 'notImage' };
  if (options.expect === 'document' && check.kind === 'image') return { ok: false, name, problem: 'notDocument' };
  const originalName = name.slice(0, 255);
  if (check.kind === 'image') {
    let prepared: PreparedImage;
    try {
      prepared = await prepareImage(storage, bytes);
    } catch (error) {
      return { ok: false, name, problem: classifyStorageError(error) ?? problemOfImageError(error) };
    }
    return db.transaction().execute(async (tx) => {
      const { id, created } = await recordImage(tx, prepared, originalName, options.altTexts ?? []);
      if (created) await auditUpload(tx, actor, id, originalName, 'image/jpeg', prepared.size);
      return { ok: true as const, name, fileId: id, created, kind: 'image' as const };
    });
  }
  // Stored content-addressed: the cleaned bytes are the ones hashed and kept.
  if (check.kind === 'office') bytes = check.cleaned;
  let firstPage: PreparedImage | undefined;
  if (check.kind === 'pdf') {
    // pdf-lib is loaded on the first PDF upload, not with every server start.
    const { cleanPdf } = await import('../media/pdf-clean.js');
    bytes = (await cleanPdf(bytes)) ?? bytes;
    // The first page, drawn once now, is the cover of a publication whose editor chose none.
    if ((await findFileIdBySha256(db, sha256Of(bytes))) === undefined) firstPage = await prepareFirstPage(storage, bytes);
  }
  return db.transaction().execute(async (tx) => {
    const existing = await findFileIdBySha256(tx, sha256Of(bytes));
    if (existing !== undefined) return { ok: true as const, name, fileId: existing, created: false, kind: check.kind };
    const id = await storeDocument(tx, storage, bytes, originalName, check.mime);
    if (firstPage) await recordFirstPage(tx, firstPage, id, originalName);
    // Its text (a PDF's or an office file's) is read once, in the background (search/file-texts.job.ts), never while publishing.
    if (check.kind === 'pdf' || check.kind === 'office') await queueFileText(tx, sha256Of(bytes));
    await auditUpload(tx, actor, id, originalName, check.mime, bytes.length);
    return { ok: true as const, name, fileId: id, created: true, kind: check.kind };
  });
}

async function auditUpload(db: Parameters<typeof writeAudit>[0], actor: string, id: number, name: string, mime: string, size: number) {
  await writeAudit(db, { actor, action: 'file.upload', subjectType: 'file', subjectId: String(id), after: { name, mime, size } });
}
