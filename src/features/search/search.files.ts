import { Worker } from 'node:worker_threads';
import type { DbOrTx } from '../../db/database.js';
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
 * The worker is compiled next to this file: .js in dist/; .ts when run from the sources, where
 * the thread needs the tsx loader too (production never has a TypeScript loader).
 */
function workerScript(): { url: URL; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  return { url: new URL(`./pdf-text.worker.${fromSources ? 'ts' : 'js'}`, import.meta.url), execArgv: fromSources ? ['--import', 'tsx'] : [] };
}

/**
 * The text layer of a PDF, pages joined, read in a worker thread with a memory and a time limit,
 * so a hostile or broken PDF costs at most that thread. An unreadable PDF has no text and says why.
 */
export function extractPdfText(
  bytes: Buffer,
  limits: { heapMb?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<PdfTextResult> {
  const { url, execArgv } = workerScript();
  const worker = new Worker(url, {
    execArgv,
    workerData: { bytes: new Uint8Array(bytes), maxPages: MAX_DOCUMENT_PAGES, maxChars: MAX_DOCUMENT_TEXT_CHARS },
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb ?? PDF_WORKER_HEAP_MB, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PdfTextResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ readable: false, reason: 'timeout' }), limits.timeoutMs ?? PDF_WORKER_TIMEOUT_MS);
    // A stopping server ends the thread at once; the caller knows from its signal not to keep the answer.
    limits.signal?.addEventListener('abort', () => finish({ readable: false, reason: 'timeout' }), { once: true });
    worker.on('message', (m: { ok: true; text: string } | { ok: false; reason: string }) =>
      finish(m.ok ? { readable: true, text: m.text.replace(/\s+/g, ' ').trim().slice(0, MAX_DOCUMENT_TEXT_CHARS) } : { readable: false, reason: 'damaged' }),
    );
    // Out of memory ends the thread with an error; a damaged or encrypted PDF still downloads.
    worker.on('error', (error) => finish({ readable: false, reason: isOutOfMemory(error) ? 'memory' : 'damaged' }));
    worker.on('exit', () => finish({ readable: false, reason: 'damaged' }));
  });
}

function isOutOfMemory(error: Error): boolean {
  return (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * The stored text of a PDF, for indexing. Extraction happens once per file, after upload, in the
 * background (file-texts.job.ts), never here: publishing does not wait for a PDF. A file not yet
 * read (or unreadable) adds no text; when its text arrives the job re-indexes the items using it.
 * A file with no row yet (stored by the seed or an older version) is queued.
 */
export async function findDocumentText(db: DbOrTx, sha256: string): Promise<string | undefined> {
  const row = await findFileText(db, sha256);
  if (!row) await queueFileText(db, sha256);
  return row?.state === 'done' && row.text ? row.text : undefined;
}
