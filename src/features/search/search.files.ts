import { runLimitedWorker } from '../../limited-worker.js';
import type { DbOrTx } from '../../db/database.js';
import { isZip, MAX_OFFICE_UNPACKED_BYTES } from '../media/office-documents.js';
import { findFileText, queueFileText } from './file-texts.repository.js';
import type { UnreadableReason } from './search.tables.js';

/** Text kept from one document: a few hundred pages of a report; beyond that is not indexed. */
export const MAX_DOCUMENT_TEXT_CHARS = 1_000_000;
/** Pages read for the text layer; a longer document is indexed by its first pages. */
export const MAX_DOCUMENT_PAGES = 500;
/**
 * The extraction process's heap, in MiB. A decompression bomb (a small PDF whose streams inflate
 * to hundreds of megabytes) hits this limit and that child process ends instead of the server.
 */
export const PDF_WORKER_HEAP_MB = 192;
/** The longest an extraction may take, in milliseconds, before its process is killed. */
export const PDF_WORKER_TIMEOUT_MS = 20_000;

export type PdfTextResult = { readable: true; text: string } | { readable: false; reason: UnreadableReason };

/**
 * The office text process's heap, in MiB. Reading an office file's words may inflate its text
 * parts up to the container's whole unpack budget (MAX_OFFICE_UNPACKED_BYTES, 200 MB of UTF-8),
 * and each part is kept as a JS string: two bytes a character once one character is outside
 * Latin-1, as Khmer is, so up to twice the budget; the one part being read is copied once more
 * when its hidden elements are taken out (office-text.ts), up to twice the budget again. A heap
 * below that (the PDF reader's 192 MB was) ends a large genuine workbook as "memory" although
 * it passed every check when it was stored; this leaves 4 × 200 MB and a margin for the parser's
 * short-lived strings. A bomb never gets that far: its declared sizes exceed the budget and it
 * is refused before anything is inflated.
 */
export const OFFICE_WORKER_HEAP_MB = Math.ceil((4 * MAX_OFFICE_UNPACKED_BYTES) / (1024 * 1024)) + 64;

type Limits = { heapMb?: number; timeoutMs?: number; signal?: AbortSignal };

/** The worker module that reads each kind of document, and the heap it runs with unless told otherwise. */
const TEXT_WORKERS = {
  pdf: { script: 'pdf-text.worker', heapMb: PDF_WORKER_HEAP_MB, data: { maxPages: MAX_DOCUMENT_PAGES } },
  office: { script: 'office-text.worker', heapMb: OFFICE_WORKER_HEAP_MB, data: {} },
} as const;

/**
 * The text of a document, read by `kind`'s worker (pdf-text.worker.ts: a PDF's text layer, pages
 * joined; office-text.worker.ts: a Word, Excel, PowerPoint or OpenDocument file's words, see
 * office-text.ts) in a child process with a memory and a time limit (see limited-worker.ts),
 * so a hostile or broken file costs at most that process. An unreadable document has no text and says why; it still downloads.
 */
async function extractText(kind: keyof typeof TEXT_WORKERS, bytes: Buffer, limits: Limits): Promise<PdfTextResult> {
  const worker = TEXT_WORKERS[kind];
  const answer = await runLimitedWorker<{ ok: true; text: string } | { ok: false; reason: string }>(
    import.meta.url,
    worker.script,
    { bytes: new Uint8Array(bytes), maxChars: MAX_DOCUMENT_TEXT_CHARS, ...worker.data },
    { heapMb: limits.heapMb ?? worker.heapMb, timeoutMs: limits.timeoutMs ?? PDF_WORKER_TIMEOUT_MS, signal: limits.signal },
  );
  if (!answer.ok) return { readable: false, reason: answer.reason === 'failed' ? 'damaged' : answer.reason };
  const m = answer.message;
  return m.ok ? { readable: true, text: m.text.replace(/\s+/g, ' ').trim().slice(0, MAX_DOCUMENT_TEXT_CHARS) } : { readable: false, reason: 'damaged' };
}

/** The text layer of a PDF (see extractText). */
export function extractPdfText(bytes: Buffer, limits: Limits = {}): Promise<PdfTextResult> {
  return extractText('pdf', bytes, limits);
}

/**
 * The text of a Word, Excel, PowerPoint or OpenDocument file (see extractText): the file was
 * checked when it was stored, but its parts are inflated again to be read.
 */
export function extractOfficeText(bytes: Buffer, limits: Limits = {}): Promise<PdfTextResult> {
  return extractText('office', bytes, limits);
}

/** The text of a stored document: an office file (a ZIP container) or a PDF. */
export function extractDocumentText(bytes: Buffer, limits: Limits = {}): Promise<PdfTextResult> {
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
