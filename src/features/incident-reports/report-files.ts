import sharp from 'sharp';
import type { Vault } from '../../crypto/envelope.js';
import { MAX_IMAGE_PIXELS } from '../media/images.js';
import { isZip } from '../media/office-documents.js';
import { checkUpload, type UploadProblem } from '../media-library/upload-check.js';
import { evidenceObjectKey, storeEvidenceFile, type StoredEvidence } from '../hrd-cases/evidence.store.js';
import type { ObjectStorage } from '../../storage/index.js';
import { evidenceFileContext } from '../hrd-cases/protected-fields.js';
import { sha256Of } from '../media/storage.js';

/*
 * Files sent with a report: photos and PDFs only, recognised by their bytes (file-type, through
 * the media library's check), then cleaned as the media pipeline cleans uploads: images are
 * decoded and encoded again by sharp, which writes no EXIF, XMP or GPS; PDFs lose their
 * document information, XMP, scripts and embedded files. Only the cleaned bytes are kept; their
 * SHA-256 is what is recorded (sealed), and the file is sealed on disk like case evidence, so
 * it can become a case's evidence without being copied.
 */

/** A report may carry this many files, each up to this size (photos from a phone, a scanned letter). */
export const MAX_REPORT_FILES = 5;
export const MAX_REPORT_FILE_BYTES = 10 * 1024 * 1024;

export type ReportFileProblem = UploadProblem | 'tooLarge' | 'tooMany';

export interface CleanedFile {
  name: string;
  bytes: Buffer;
  mediaType: string;
}

/** Re-encoded in its own format where sharp writes one, else as PNG (which keeps every pixel). */
async function cleanImage(bytes: Buffer, mime: string): Promise<{ bytes: Buffer; mediaType: string }> {
  const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).autoOrient();
  if (mime === 'image/jpeg') return { bytes: await image.jpeg({ quality: 90 }).toBuffer(), mediaType: 'image/jpeg' };
  if (mime === 'image/webp') return { bytes: await image.webp({ quality: 90 }).toBuffer(), mediaType: 'image/webp' };
  return { bytes: await image.png().toBuffer(), mediaType: 'image/png' };
}

/** The cleaned file, or why it is refused. */
export async function cleanReportFile(name: string, bytes: Buffer): Promise<{ ok: true; file: CleanedFile } | { ok: false; problem: ReportFileProblem }> {
  if (bytes.length > MAX_REPORT_FILE_BYTES) return { ok: false, problem: 'tooLarge' };
  // Office documents are not taken as evidence files (a monitor opens what is sent, and a PDF or a
  // picture is safer to open): a ZIP container is refused here, before anything in it is unpacked.
  if (isZip(bytes)) return { ok: false, problem: 'unknownType' };
  const check = await checkUpload(bytes, name);
  if (!check.ok) return check;
  if (check.kind === 'office') return { ok: false, problem: 'unknownType' };
  if (check.kind === 'pdf') {
    // pdf-lib is loaded on the first PDF sent, not with every app.
    const { cleanPdf } = await import('../media/pdf-clean.js');
    const cleaned = await cleanPdf(bytes);
    // A PDF that cannot be rewritten would keep its metadata: it is refused rather than kept.
    return cleaned ? { ok: true, file: { name, bytes: cleaned, mediaType: 'application/pdf' } } : { ok: false, problem: 'brokenPdf' };
  }
  try {
    const image = await cleanImage(bytes, check.mime);
    return { ok: true, file: { name, ...image } };
  } catch {
    return { ok: false, problem: 'brokenImage' };
  }
}

/** Seals the cleaned bytes with the function case evidence uses and stores them; the row is written by the caller. */
export async function storeReportFile(vault: Vault, storage: ObjectStorage, file: CleanedFile): Promise<StoredEvidence & { name: string }> {
  const stored = await storeEvidenceFile(vault, storage, file.bytes);
  return { ...stored, mediaType: file.mediaType, name: file.name };
}

/** A report's file, opened and checked against the SHA-256 recorded when it arrived. */
export async function openReportFile(vault: Vault, storage: ObjectStorage, file: { storageKey: string; sha256: string }): Promise<Buffer> {
  const sealed = await storage.get(evidenceObjectKey(file.storageKey));
  if (!sealed) throw new Error('A report file named in the database is missing from the storage.');
  const bytes = vault.openFile(sealed, evidenceFileContext(file.storageKey));
  if (sha256Of(bytes) !== file.sha256) throw new Error('A report file does not match the SHA-256 recorded when it arrived.');
  return bytes;
}
