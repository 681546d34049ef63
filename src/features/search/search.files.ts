import { runLimitedWorker } from '../../limited-worker.js';
import type { DbOrTx } from '../../db/database.js';
import { isZip } from '../media/office-documents.js';
import { findFileText, queueFileText } from './file-texts.repository.js';
import type { UnreadableReason } from './search.tables.js';

/** Text kept from one document: a few hundred pages of a report; beyond that is not indexed. */
export const MAX_DOCUMENT_TEXT_CHARS = 1_000_000;
/** Pages read for the text layer; a longer document is indexed by its first pages. */
export const MAX_DOCUMENT_PAGES = 500;
/**
 * The extraction thread's heap, in MiB. A decompression bomb (a small PDF whose streams inflate
 * to hundreds of megabytes) hits this limit and the thread dies instead of the server.
 */
export const PDF_WORKER_HEAP_MB = 192;
/** The longest an extraction may take, in milliseconds, before its thread is ended. */
export const PDF_WORKER_TIMEOUT_MS = 20_000;

export type PdfTextResult = { readable: true; text: string } | { readable: false; reason: UnreadableReason };

/**
 * The text layer of a PDF, pages joined, read in a worker thread with a memory and a time limit,
 * so a hostile or broken PDF costs at most that thread. An unreadable PDF has no text and says why.
 */
export async function extractPdfText(
  bytes: Buffer,
  limits: { heapMb?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<PdfTextResult> {
  const answer = await runLimitedWorker<{ ok: true; text: string } | { ok: false; reason: string }>(
    import.meta.url,
    'pdf-text.worker',
    { bytes: new Uint8Array(bytes), maxPages: MAX_DOCUMENT_PAGES, maxChars: MAX_DOCUMENT_TEXT_CHARS },
    { heapMb: limits.heapMb ?? PDF_WORKER_HEAP_MB, timeoutMs: limits.timeoutMs ?? PDF_WORKER_TIMEOUT_MS, signal: limits.signal },
  );
  // A damaged or encrypted PDF still downloads; it only has no text.
  if (!answer.ok) return { readable: false, reason: answer.reason === 'failed' ? 'damaged' : answer.reason };
  const m = answer.message;
  return m.ok ? { readable: true, text: m.text.replace(/\s+/g, ' ').trim().slice(0, MAX_DOCUMENT_TEXT_CHARS) } : { readable: false, reason: 'damaged' };
}

/**
 * The text of a Word, Excel, PowerPoint or OpenDocument file (see office-text.ts), read in a
 * worker thread with the same memory and time limits as a PDF's: the file was checked when it was
 * stored, but its parts are inflated again to be read, up to 200 MB.
 */
export async function extractOfficeText(
  bytes: Buffer,
  limits: { heapMb?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<PdfTextResult> {
  const answer = await runLimitedWorker<{ ok: true; text: string } | { ok: false; reason: string }>(
    import.meta.url,
    'office-text.worker',
    { bytes: new Uint8Array(bytes), maxChars: MAX_DOCUMENT_TEXT_CHARS },
    { heapMb: limits.heapMb ?? PDF_WORKER_HEAP_MB, timeoutMs: limits.timeoutMs ?? PDF_WORKER_TIMEOUT_MS, signal: limits.signal },
  );
  if (!answer.ok) return { readable: false, reason: answer.reason === 'failed' ? 'damaged' : answer.reason };
  const m = answer.message;
  return m.ok ? { readable: true, text: m.text.replace(/\s+/g, ' ').trim().slice(0, MAX_DOCUMENT_TEXT_CHARS) } : { readable: false, reason: 'damaged' };
}

/** The text of a stored document: an office file (a ZIP container) or a PDF. */
export function extractDocumentText(bytes: Buffer, limits: { heapMb?: number; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<PdfTextResult> {
  return isZip(bytes) ? extractOfficeText(bytes, limits) : extractPdfText(bytes, limits);
}

/**
 * The stored text of a PDF or an office file, for indexing. Extraction happens once per file, after upload, in the
 * background (file-texts.job.ts), never here: publishing does not wait for a PDF. A file not yet
 * read (or unreadable) adds no text; when its text arrives the job re-indexes the items using it.
 * A file with no row yet (stored by the seed or an older version) is queued.
 */
export async function findDocumentText(db: DbOrTx, sha256: string): Promise<string | undefined> {
  const row = await findFileText(db, sha256);
  if (!row) await queueFileText(db, sha256);
  return row?.state === 'done' && row.text ? row.text : undefined;
}
