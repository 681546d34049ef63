import { runLimitedWorker } from '../../limited-worker.js';
import type { DbOrTx } from '../../db/database.js';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import { setSourceFile } from './files.repository.js';
import { prepareImage, recordImage, type PreparedImage } from './images.js';
import { mediaMessages } from './media.messages.js';
import type { FileStorage } from './storage.js';

/** How wide the first page is drawn, in pixels: the largest rendition a cover is shown at. */
export const FIRST_PAGE_WIDTH_PX = 960;

/** The drawing process's heap, in MiB: a decompression bomb hits it and ends only that process. */
export const FIRST_PAGE_HEAP_MB = 192;
/** The longest a first page may take to draw; a page that takes longer gets no cover. */
export const FIRST_PAGE_TIMEOUT_MS = 10_000;

/**
 * Draws page 1 of a PDF with PDF.js (through unpdf) on a Skia canvas (@napi-rs/canvas, whose
 * binary comes in an npm package), so it works after `npm ci` alone, in a child process with a
 * memory and a time limit (see limited-worker.ts): a hostile PDF costs at most that process,
 * never the server or the readers' event loop. The PNG then goes through the image pipeline like any upload: sharp writes no metadata
 * into the master or renditions. Undefined when the PDF cannot be drawn (damaged, encrypted, no
 * pages, too big or too slow): the document is kept without a cover.
 */
export async function renderFirstPage(pdf: Uint8Array, limits: { heapMb?: number; timeoutMs?: number } = {}): Promise<Buffer | undefined> {
  const drawn = await drawFirstPage(pdf, limits);
  return drawn.ok ? drawn.png : undefined;
}

/** Why a first page was not drawn: pdf.js's own words, or the limit the process ran into. */
export type FirstPageFailure = { ok: false; reason: 'unreadable'; detail: string } | { ok: false; reason: 'timeout' | 'memory' | 'failed' };

/** renderFirstPage, saying why when there is no image. */
export async function drawFirstPage(pdf: Uint8Array, limits: { heapMb?: number; timeoutMs?: number } = {}): Promise<{ ok: true; png: Buffer } | FirstPageFailure> {
  const answer = await runLimitedWorker<{ ok: true; png: Uint8Array } | { ok: false; error: string }>(
    import.meta.url,
    'pdf-cover.worker',
    // The process gets a copy: the caller's bytes stay usable.
    { bytes: new Uint8Array(pdf), width: FIRST_PAGE_WIDTH_PX },
    { heapMb: limits.heapMb ?? FIRST_PAGE_HEAP_MB, timeoutMs: limits.timeoutMs ?? FIRST_PAGE_TIMEOUT_MS },
  );
  if (!answer.ok) return { ok: false, reason: answer.reason };
  return answer.message.ok ? { ok: true, png: Buffer.from(answer.message.png) } : { ok: false, reason: 'unreadable', detail: answer.message.error };
}

/** The first page's image encoded and stored (not yet recorded), or undefined when there is none. */
export async function prepareFirstPage(storage: FileStorage, pdf: Uint8Array): Promise<PreparedImage | undefined> {
  const png = await renderFirstPage(pdf);
  return png && prepareImage(storage, png);
}

/**
 * Records a prepared first page as an image of the PDF `pdfFileId`, with an alt text in each
 * language ("First page of the document"). An identical image already stored is left as it is.
 */
export async function recordFirstPage(db: DbOrTx, prepared: PreparedImage, pdfFileId: number, pdfName: string): Promise<number | undefined> {
  const alts = SUPPORTED_LOCALES.map((locale) => ({ locale, alt: mediaMessages[locale].firstPageAlt }));
  const { id, created } = await recordImage(db, prepared, `${pdfName.replace(/\.pdf$/i, '')}-page-1.jpg`.slice(0, 255), alts);
  if (!created) return undefined;
  await setSourceFile(db, id, pdfFileId);
  return id;
}
