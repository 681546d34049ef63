import sharp from 'sharp';
import type { DbOrTx } from '../../db/database.js';
import type { FileStorage } from './storage.js';

/** Widths of the responsive renditions, in CSS pixels at 1x; none is wider than the source. */
export const IMAGE_WIDTHS_PX = [480, 960, 1600] as const;
/** WebP for browsers that take it, JPEG for every other one. */
export const IMAGE_FORMATS = ['webp', 'jpeg'] as const;
const QUALITY = { webp: 72, jpeg: 78 } as const;
/** Refuse images whose pixel count could exhaust memory while decoding (decompression bombs). */
export const MAX_IMAGE_PIXELS = 50_000_000;

export interface AltText {
  locale: string;
  alt: string;
  caption?: string | null;
}

/**
 * Stores an image as a metadata-free master and its renditions. sharp writes no EXIF, XMP
 * or ICC data unless asked, so no variant can carry where a photo was taken.
 */
export async function storeImage(
  db: DbOrTx,
  storage: FileStorage,
  input: Buffer,
  originalName: string,
  altTexts: AltText[],
): Promise<number> {
  const source = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
  const master = await source.clone().jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true });
  const stored = await storage.put(master.data);
  const existing = await db.selectFrom('files').select('id').where('sha256', '=', stored.sha256).executeTakeFirst();
  if (existing) return existing.id;

  const file = await db
    .insertInto('files')
    .values({
      sha256: stored.sha256,
      mime: 'image/jpeg',
      size: stored.size,
      originalName,
      width: master.info.width,
      height: master.info.height,
      createdAt: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const widths = IMAGE_WIDTHS_PX.filter((w) => w <= master.info.width);
  if (widths.length === 0) widths.push(master.info.width as (typeof IMAGE_WIDTHS_PX)[number]);
  for (const width of widths) {
    for (const format of IMAGE_FORMATS) {
      const resized = sharp(master.data).resize({ width, withoutEnlargement: true });
      const encoded = format === 'webp' ? resized.webp({ quality: QUALITY.webp }) : resized.jpeg({ quality: QUALITY.jpeg, mozjpeg: true });
      const out = await encoded.toBuffer({ resolveWithObject: true });
      const variant = await storage.put(out.data);
      await db
        .insertInto('imageVariants')
        .values({ fileId: file.id, format, width: out.info.width, height: out.info.height, sha256: variant.sha256, size: variant.size })
        .execute();
    }
  }
  if (altTexts.length) {
    await db
      .insertInto('fileTranslations')
      .values(altTexts.map((a) => ({ itemId: file.id, locale: a.locale, alt: a.alt, caption: a.caption ?? null })))
      .execute();
  }
  return file.id;
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
  const existing = await db.selectFrom('files').select('id').where('sha256', '=', stored.sha256).executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('files')
    .values({ sha256: stored.sha256, mime, size: stored.size, originalName, width: null, height: null, createdAt: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
