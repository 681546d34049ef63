import type { DbOrTx } from '../../db/database.js';
import { SUPPORTED_LOCALES, type Locale } from '../../i18n/locales.js';
import { variantUrl } from '../media/media.repository.js';

/** Enough to choose from at a glance; a search narrows the rest down. */
export const PICKER_LIMIT = 60;
/** Bodies are read in a column about this wide: a larger rendition would only cost bandwidth. */
const BODY_IMAGE_WIDTH_PX = 960;

export interface PickerImage {
  id: number;
  name: string;
  src: string;
  width: number;
  height: number;
  /** The alt text in each supported locale ('' where none is written). */
  alt: Record<Locale, string>;
}

/**
 * The newest library images with the rendition a rich-text body should use. `search` matches
 * the file name or an alt text (in `locale` only, when given: the language being written).
 */
export async function listPickerImages(db: DbOrTx, filter: { search?: string; locale?: Locale }): Promise<PickerImage[]> {
  let query = db.selectFrom('files').where('mime', 'like', 'image/%');
  if (filter.search) {
    // Wildcards typed by the user are dropped: LIKE escaping differs between the two engines.
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, '')}%`;
    const { locale } = filter;
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['originalName']), 'like', eb.val(pattern)),
        eb.exists(
          eb
            .selectFrom('fileTranslations as ft')
            .select('ft.itemId')
            .whereRef('ft.itemId', '=', 'files.id')
            .where((inner) => inner(inner.fn('lower', ['ft.alt']), 'like', inner.val(pattern)))
            .$if(locale !== undefined, (q) => q.where('ft.locale', '=', locale!)),
        ),
      ]),
    );
  }
  const files = await query.select(['id', 'originalName']).orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(PICKER_LIMIT).execute();
  const ids = files.map((f) => f.id);
  if (ids.length === 0) return [];
  const [variants, texts] = await Promise.all([
    db
      .selectFrom('imageVariants')
      .select(['fileId', 'sha256', 'width', 'height'])
      .where('fileId', 'in', ids)
      .where('format', '=', 'jpeg')
      .orderBy('width')
      .execute(),
    db.selectFrom('fileTranslations').select(['itemId', 'locale', 'alt']).where('itemId', 'in', ids).execute(),
  ]);
  const images: PickerImage[] = [];
  for (const file of files) {
    const own = variants.filter((v) => v.fileId === file.id);
    // Ascending widths: the last one that fits the column, or the smallest when none does.
    const fitting = own.filter((v) => v.width <= BODY_IMAGE_WIDTH_PX);
    const chosen = fitting[fitting.length - 1] ?? own[0];
    if (!chosen) continue;
    const altIn = (locale: string) => texts.find((t) => t.itemId === file.id && t.locale === locale)?.alt ?? '';
    images.push({
      id: file.id,
      name: file.originalName,
      src: variantUrl(chosen.sha256, 'jpeg'),
      width: chosen.width,
      height: chosen.height,
      alt: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, altIn(l)])) as Record<Locale, string>,
    });
  }
  return images;
}
