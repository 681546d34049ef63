import type { DbOrTx } from '../../db/database.js';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import { setSourceFile } from './files.repository.js';
import { prepareImage, recordImage, type PreparedImage } from './images.js';
import { mediaMessages } from './media.messages.js';
import type { FileStorage } from './storage.js';

/** How wide the first page is drawn, in pixels: the largest rendition a cover is shown at. */
export const FIRST_PAGE_WIDTH_PX = 960;

/**
 * Draws page 1 of a PDF with PDF.js (through unpdf) on a Skia canvas (@napi-rs/canvas, whose
 * binary comes in an npm package), so it works after `npm ci` alone. The PNG then goes through
 * the image pipeline like any upload: sharp writes no metadata into the master or renditions.
 * Undefined when the PDF cannot be drawn (damaged, encrypted, no pages): the document is kept
 * without a cover.
 */
export async function renderFirstPage(pdf: Uint8Array): Promise<Buffer | undefined> {
  try {
    // Loaded on the first PDF, not with every server start.
    const { renderPageAsImage } = await import('unpdf');
    // PDF.js takes the buffer over: it gets a copy, so the caller's bytes stay usable.
    const png = await renderPageAsImage(new Uint8Array(pdf), 1, {
      canvasImport: () => import('@napi-rs/canvas'),
      width: FIRST_PAGE_WIDTH_PX,
    });
    return Buffer.from(png);
  } catch {
    return undefined;
  }
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
