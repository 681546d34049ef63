import { Worker } from 'node:worker_threads';
import type { FileStorage } from '../media/storage.js';
import type { SearchDb } from './search.tables.js';

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

export type PdfTextResult = { readable: true; text: string } | { readable: false; reason: string };

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
export function extractPdfText(bytes: Buffer, limits: { heapMb?: number; timeoutMs?: number } = {}): Promise<PdfTextResult> {
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
    worker.on('message', (m: { ok: true; text: string } | { ok: false; reason: string }) =>
      finish(m.ok ? { readable: true, text: m.text.replace(/\s+/g, ' ').trim().slice(0, MAX_DOCUMENT_TEXT_CHARS) } : { readable: false, reason: m.reason }),
    );
    // Out of memory ends the thread with an error; a damaged or encrypted PDF still downloads.
    worker.on('error', (error) => finish({ readable: false, reason: error.message }));
    worker.on('exit', () => finish({ readable: false, reason: 'the extraction ended without an answer' }));
  });
}

/**
 * The text of a stored PDF, parsed once: files are addressed by their SHA-256, so the text of
 * a given hash never changes and is kept in `search_file_texts`. A file missing from storage
 * yields undefined and is not remembered, so it is read once it arrives.
 */
export async function findDocumentText(db: SearchDb, sha256: string, storage: FileStorage): Promise<string | undefined> {
  const cached = await db.selectFrom('searchFileTexts').select('text').where('sha256', '=', sha256).executeTakeFirst();
  if (cached) return cached.text;
  const bytes = await storage.get(sha256);
  if (!bytes) return undefined;
  const result = await extractPdfText(bytes);
  const text = result.readable ? result.text : '';
  await db
    .insertInto('searchFileTexts')
    .values({ sha256, text, extractedAt: new Date().toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return text;
}
