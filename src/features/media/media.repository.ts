import { sql } from 'kysely';
import { absoluteUrl } from '../../web/paths.js';
import { compiledOnce } from '../../db/compiled-statements.js';
import type { DbOrTx } from '../../db/database.js';
import { idList, inIdList } from '../../db/id-lists.js';
import { fromJson, jsonArrayFrom } from '../../db/json-aggregates.js';
import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';

export interface ImageVariantView {
  url: string;
  format: string;
  width: number;
  height: number;
}

/** What a view needs to draw a responsive image; alt text is in `altLocale`. */
export interface ImageView {
  fileId: number;
  width: number;
  height: number;
  alt: string;
  altLocale: Locale | undefined;
  caption: string | null;
  /** Who to credit for the photograph, and its licence id (web/components/licence.tsx). */
  credit: string | null;
  licence: string | null;
  variants: ImageVariantView[];
}

export function variantUrl(sha256: string, format: string): string {
  return `/media/${sha256}.${format === 'jpeg' ? 'jpg' : format}`;
}

/** Images with their renditions and texts, for a list of file ids given as one value. */
const imagesStatement = compiledOnce((db: DbOrTx, { ids }: { ids: string }) =>
  db
    .selectFrom('files')
    .select((eb) => [
      'files.id',
      'files.width',
      'files.height',
      'files.credit',
      'files.licence',
      jsonArrayFrom(
        db,
        eb
          .selectFrom('imageVariants as v')
          .select(['v.format', 'v.width', 'v.height', 'v.sha256'])
          .whereRef('v.fileId', '=', 'files.id')
          .orderBy('v.width')
          .orderBy('v.id'),
      ).as('variants'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('fileTranslations as t')
          .select(['t.locale', 't.alt', 't.caption'])
          .whereRef('t.itemId', '=', 'files.id'),
      ).as('texts'),
    ])
    .where(inIdList(db, 'files.id', ids)),
);

/** Loads several images at once (variants and alt text), keyed by file id. */
export async function findImages(
  db: DbOrTx,
  fileIds: ReadonlyArray<number | null | undefined>,
  locale: Locale,
  order: readonly Locale[],
): Promise<Map<number, ImageView>> {
  const ids = [...new Set(fileIds.filter((id): id is number => typeof id === 'number'))];
  const result = new Map<number, ImageView>();
  if (ids.length === 0) return result;
  const { rows: files } = await db.executeQuery(imagesStatement(db, { ids: idList(db, ids) }));
  for (const file of files) {
    const text = pickTranslation(fromJson(file.texts), locale, order);
    result.set(file.id, {
      fileId: file.id,
      width: file.width ?? 0,
      height: file.height ?? 0,
      alt: text?.value.alt ?? '',
      altLocale: text?.locale,
      caption: text?.value.caption ?? null,
      credit: file.credit,
      licence: file.licence,
      variants: fromJson(file.variants).map((v) => ({ url: variantUrl(v.sha256, v.format), format: v.format, width: v.width, height: v.height })),
    });
  }
  return result;
}

/** The widest rendition of an image in one format, e.g. for "view full size" links. */
export function largestVariant(image: ImageView, format = 'jpeg'): ImageVariantView | undefined {
  return image.variants.filter((v) => v.format === format).reduce<ImageVariantView | undefined>(
    (best, v) => (!best || v.width > best.width ? v : best),
    undefined,
  );
}

/** The absolute URL of an image's widest JPEG, for social cards and structured data. */
export function shareableImageUrl(publicUrl: string, image: ImageView | undefined): string | undefined {
  const jpeg = image && largestVariant(image);
  return jpeg && absoluteUrl(publicUrl, jpeg.url);
}

/**
 * The rendition behind a `/media/<sha256>.<ext>` URL. Only renditions are served there: a
 * master or a document with the same kind of name is not found, so nothing uploaded leaks
 * through this route unless it was re-encoded without metadata first.
 */
export async function findImageVariantBySha256(db: DbOrTx, sha256: string) {
  return db
    .selectFrom('imageVariants')
    .select(['sha256', 'format', 'size'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

/** The items whose rich text may link to a document of the media library (`/files/<sha256>/<name>`). */
const LINKING_ITEMS = [
  { items: 'news_posts', translations: 'news_post_translations' },
  { items: 'pages', translations: 'page_translations' },
] as const;

/**
 * A document that the text of a published news post or page links to (`/files/<sha256>/<name>`),
 * such as a report a post of an imported WordPress site linked to: public while such an item is.
 * The name for downloads is the file's own (there is no publication to name it after).
 */
export async function findLinkedDocumentBySha256(db: DbOrTx, sha256: string, now = new Date().toISOString()) {
  const link = `%/files/${sha256}/%`;
  // Written out rather than through publishedAndDue: media may not depend on content-types.
  const linkedFrom = ({ items, translations }: (typeof LINKING_ITEMS)[number]) =>
    sql<boolean>`exists (select 1 from ${sql.table(translations)} t join ${sql.table(items)} i on i.id = t.item_id
      where i.status = 'published' and i.published_at <= ${now} and t.body_html like ${link})`;
  return db
    .selectFrom('files')
    .select(['files.sha256', 'files.mime', 'files.size', 'files.originalName'])
    .where('files.sha256', '=', sha256)
    .where((eb) => eb.or(LINKING_ITEMS.map(linkedFrom)))
    .executeTakeFirst();
}

/**
 * A document readers may download: a file of a publication that is published and due.
 * Drafts' and scheduled items' files stay private even to someone who knows the hash.
 */
export async function findPublicDocumentBySha256(db: DbOrTx, sha256: string, now = new Date().toISOString()) {
  return db
    .selectFrom('files')
    .innerJoin('publicationFiles as pf', 'pf.fileId', 'files.id')
    .innerJoin('publications as p', 'p.id', 'pf.publicationId')
    .select(['files.sha256', 'files.mime', 'files.size', 'files.originalName', 'p.slug', 'pf.locale'])
    .where('files.sha256', '=', sha256)
    .where('p.status', '=', 'published')
    .where('p.publishedAt', '<=', now)
    .orderBy('pf.id')
    .executeTakeFirst();
}
