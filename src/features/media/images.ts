import sharp, { type AvifOptions, type JpegOptions, type Sharp, type WebpOptions } from 'sharp';
import type { DbOrTx } from '../../db/database.js';
import { findFileIdBySha256, insertFile, insertFileTranslations, insertImageVariants } from './files.repository.js';
import type { FileStorage } from './storage.js';

/** Widths of the responsive renditions, in CSS pixels at 1x; none is wider than the source. */
export const IMAGE_WIDTHS_PX = [480, 960, 1600] as const;
/** AVIF, else WebP for browsers that take them; JPEG for every other one. */
export const IMAGE_FORMATS = ['avif', 'webp', 'jpeg'] as const;
/** Refuse images whose pixel count could exhaust memory while decoding (decompression bombs). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/**
 * The master is kept for future renditions, never served: high quality and a fast encoder
 * (mozjpeg's scan search costs ~150 ms on a 1600 px image for a file nobody downloads).
 */
const MASTER_JPEG: JpegOptions = { quality: 90, optimiseCoding: true };
/**
 * Served renditions. mozjpeg (trellis quantisation, scan optimisation, progressive) makes the
 * demo illustrations' JPEGs ~11% smaller than trellis alone for ~10% more encoding time:
 * worth it for readers on slow connections, who download each rendition many times.
 */
const RENDITION_JPEG: JpegOptions = { quality: 78, mozjpeg: true };
/**
 * WebP effort 2 of 6: ~2-3% larger files than the default effort 4 (measured on illustrations
 * and on a photo-like texture) for about two thirds of the encoding time.
 */
const RENDITION_WEBP: WebpOptions = { quality: 72, effort: 2 };
/**
 * AVIF effort 2 of 9 with 4:2:0 chroma (as WebP has): on a 1600 px demo illustration ~180 ms
 * and ~40% smaller than the WebP; effort 3 took ~3x and effort 4 ~8x that time for 5-10%
 * smaller files, too slow for uploads and the demo seed. Quality 50 on AVIF's scale looks
 * like WebP's 72.
 */
const RENDITION_AVIF: AvifOptions = { quality: 50, effort: 2, chromaSubsampling: '4:2:0' };
/** A source this much wider than the largest standard width that fits gets a rendition of its own width. */
const OWN_WIDTH_MIN_GAIN = 1.25;

export interface AltText {
  locale: string;
  alt: string;
  caption?: string | null;
}

/**
 * The widths to render for a source image: every standard width that fits, plus the source's
 * own width (capped at the largest standard one) when it is clearly wider than those, so a
 * 1200 px photo is not served at 960 px at most.
 */
export function renditionWidths(sourceWidth: number): number[] {
  const largest = IMAGE_WIDTHS_PX[IMAGE_WIDTHS_PX.length - 1]!;
  const top = Math.min(sourceWidth, largest);
  const widths: number[] = IMAGE_WIDTHS_PX.filter((w) => w <= top);
  const biggest = widths[widths.length - 1];
  if (biggest === undefined || top >= biggest * OWN_WIDTH_MIN_GAIN) widths.push(top);
  return widths;
}

interface Rendition {
  format: (typeof IMAGE_FORMATS)[number];
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Stores an image as a metadata-free master and its renditions. sharp writes no EXIF, XMP
 * or ICC data unless asked, so no file stored here can carry where a photo was taken.
 */
export async function storeImage(
  db: DbOrTx,
  storage: FileStorage,
  input: Buffer,
  originalName: string,
  altTexts: AltText[],
): Promise<number> {
  const { source, master } = await encodeMaster(input);
  const stored = await storage.put(master.data);
  // The same picture uploaded twice is one file: skip its renditions entirely.
  const existing = await findFileIdBySha256(db, stored.sha256);
  if (existing !== undefined) return existing;
  const variants = await storeRenditions(storage, source, master.info.width);
  const prepared = { sha256: stored.sha256, size: stored.size, width: master.info.width, height: master.info.height, variants };
  return (await recordImage(db, prepared, originalName, altTexts)).id;
}

/** An image whose bytes (master and renditions) are in storage, but not yet in the database. */
export interface PreparedImage {
  sha256: string;
  size: number;
  width: number;
  height: number;
  variants: Array<{ format: string; width: number; height: number; sha256: string; size: number }>;
}

/**
 * Encodes and stores the bytes of an image without touching the database, so an upload can do
 * the slow part outside its transaction. If the transaction then fails, the content-addressed
 * bytes stay orphaned but nothing refers to them.
 */
export async function prepareImage(storage: FileStorage, input: Buffer): Promise<PreparedImage> {
  const { source, master } = await encodeMaster(input);
  const stored = await storage.put(master.data);
  const variants = await storeRenditions(storage, source, master.info.width);
  return { sha256: stored.sha256, size: stored.size, width: master.info.width, height: master.info.height, variants };
}

/** Records a prepared image (file, variants, alt texts); an identical master already recorded is reused. */
export async function recordImage(
  db: DbOrTx,
  prepared: PreparedImage,
  originalName: string,
  altTexts: AltText[],
): Promise<{ id: number; created: boolean }> {
  const existing = await findFileIdBySha256(db, prepared.sha256);
  if (existing !== undefined) return { id: existing, created: false };
  const { sha256, size, width, height } = prepared;
  const id = await insertFile(db, { sha256, mime: 'image/jpeg', size, originalName, width, height, createdAt: new Date().toISOString() });
  await insertImageVariants(db, prepared.variants.map((v) => ({ fileId: id, ...v })));
  await insertFileTranslations(db, altTexts.map((a) => ({ itemId: id, locale: a.locale, alt: a.alt, caption: a.caption ?? null })));
  return { id, created: true };
}

async function encodeMaster(input: Buffer) {
  // Turned upright by its EXIF orientation (then dropped); transparency becomes white, as JPEG has none.
  const source = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS }).autoOrient().flatten({ background: '#ffffff' });
  const master = await source.clone().jpeg(MASTER_JPEG).toBuffer({ resolveWithObject: true });
  return { source, master };
}

async function storeRenditions(storage: FileStorage, source: Sharp, width: number): Promise<PreparedImage['variants']> {
  const renditions = await renderRenditions(source, width);
  const variants = [];
  for (const r of renditions) {
    const put = await storage.put(r.data);
    variants.push({ format: r.format, width: r.width, height: r.height, sha256: put.sha256, size: put.size });
  }
  return variants;
}

/**
 * Decodes the source once, already reduced to the largest width needed, and encodes every
 * rendition from those pixels in parallel (sharp runs each on libuv's thread pool). Rendering
 * from the source rather than the re-encoded master avoids a second round of JPEG loss.
 */
async function renderRenditions(source: Sharp, sourceWidth: number): Promise<Rendition[]> {
  const widths = renditionWidths(sourceWidth);
  const base = await source
    .clone()
    .resize({ width: widths[widths.length - 1], withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } };
  const jobs = widths.flatMap((width) =>
    IMAGE_FORMATS.map(async (format): Promise<Rendition> => {
      const resized = sharp(base.data, raw).resize({ width, withoutEnlargement: true });
      const encoded =
        format === 'avif' ? resized.avif(RENDITION_AVIF) : format === 'webp' ? resized.webp(RENDITION_WEBP) : resized.jpeg(RENDITION_JPEG);
      const out = await encoded.toBuffer({ resolveWithObject: true });
      return { format, data: out.data, width: out.info.width, height: out.info.height };
    }),
  );
  return Promise.all(jobs);
}

/** Stores a non-image document (a PDF) as it is. */
export async function storeDocument(
  db: DbOrTx,
  storage: FileStorage,
  bytes: Buffer,
  originalName: string,
  mime: string,
): Promise<number> {
  const stored = await storage.put(bytes);
  const existing = await findFileIdBySha256(db, stored.sha256);
  if (existing !== undefined) return existing;
  return insertFile(db, { sha256: stored.sha256, mime, size: stored.size, originalName, width: null, height: null, createdAt: new Date().toISOString() });
}
