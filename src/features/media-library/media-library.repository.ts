import type { DbOrTx } from '../../db/database.js';
import { OFFICE_MIME_TYPES } from '../media/office-documents.js';
import { findSiteLogoFileId } from '../site-settings/site-settings.repository.js';

export const FILES_PER_PAGE = 24;
export type FileTypeFilter = 'image' | 'pdf' | 'office';

export interface LibraryFileRow {
  id: number;
  sha256: string;
  mime: string;
  size: number;
  originalName: string;
  width: number | null;
  height: number | null;
  createdAt: string;
  credit: string | null;
  licence: string | null;
}

const FILE_COLUMNS = ['id', 'sha256', 'mime', 'size', 'originalName', 'width', 'height', 'createdAt', 'credit', 'licence'] as const;

/** One page of the library, newest first; `search` matches the original file name. */
export async function listLibraryFiles(
  db: DbOrTx,
  filter: { search?: string; type?: FileTypeFilter; page: number },
): Promise<{ rows: LibraryFileRow[]; total: number }> {
  let query = db.selectFrom('files');
  if (filter.search) {
    // Wildcards typed by the user are dropped: LIKE escaping differs between the two engines.
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, '')}%`;
    query = query.where((eb) => eb(eb.fn('lower', ['originalName']), 'like', eb.val(pattern)));
  }
  // Images are stored as JPEG masters (with renditions); everything else is a document.
  if (filter.type === 'image') query = query.where('mime', 'like', 'image/%');
  if (filter.type === 'pdf') query = query.where('mime', '=', 'application/pdf');
  if (filter.type === 'office') query = query.where('mime', 'in', [...OFFICE_MIME_TYPES]);
  const [rows, count] = await Promise.all([
    query
      .select([...FILE_COLUMNS])
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(FILES_PER_PAGE)
      .offset((filter.page - 1) * FILES_PER_PAGE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findLibraryFile(db: DbOrTx, id: number): Promise<LibraryFileRow | undefined> {
  return db.selectFrom('files').select([...FILE_COLUMNS]).where('id', '=', id).executeTakeFirst();
}

/** The smallest JPEG rendition of each image, for thumbnails in the grid. */
export async function findThumbnails(db: DbOrTx, fileIds: number[]): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  if (fileIds.length === 0) return result;
  const rows = await db
    .selectFrom('imageVariants')
    .select(['fileId', 'sha256', 'width'])
    .where('fileId', 'in', fileIds)
    .where('format', '=', 'jpeg')
    .orderBy('width', 'desc')
    .execute();
  for (const row of rows) result.set(row.fileId, row.sha256);
  return result;
}

export interface AltTextRow {
  locale: string;
  alt: string;
  caption: string | null;
}

export async function findAltTexts(db: DbOrTx, fileId: number): Promise<AltTextRow[]> {
  return db.selectFrom('fileTranslations').select(['locale', 'alt', 'caption']).where('itemId', '=', fileId).execute();
}

/** Replaces the alt texts of a file: a locale left empty has none (and blocks publishing there). */
export async function replaceAltTexts(db: DbOrTx, fileId: number, texts: AltTextRow[]): Promise<void> {
  await db.deleteFrom('fileTranslations').where('itemId', '=', fileId).execute();
  const kept = texts.filter((t) => t.alt.trim() !== '');
  if (kept.length) {
    await db
      .insertInto('fileTranslations')
      .values(kept.map((t) => ({ itemId: fileId, locale: t.locale, alt: t.alt.trim(), caption: t.caption?.trim() || null })))
      .execute();
  }
}

export interface FileCredit {
  credit: string | null;
  licence: string | null;
}

/** A photograph's credit line and licence (null when none is given). */
export async function updateFileCredit(db: DbOrTx, fileId: number, credit: FileCredit): Promise<void> {
  await db.updateTable('files').set({ credit: credit.credit, licence: credit.licence }).where('id', '=', fileId).execute();
}

export type UsageKind =
  | 'publicationCover'
  | 'publicationFile'
  | 'newsCover'
  | 'projectCover'
  | 'eventCover'
  | 'albumCover'
  | 'albumPhoto'
  | 'organisationLogo'
  | 'personPhoto'
  | 'siteLogo';

export interface FileUsage {
  kind: UsageKind;
  /** The slug of the item that uses the file (empty for the site itself). */
  slug: string;
}

/** Every place that refers to a file; a file with any usage must not be deleted. */
export async function findFileUsages(db: DbOrTx, fileId: number): Promise<FileUsage[]> {
  const bySlug = (kind: UsageKind) => (rows: Array<{ slug: string }>) => rows.map((r) => ({ kind, slug: r.slug }));
  const groups = await Promise.all([
    db.selectFrom('publications').select('slug').where('coverFileId', '=', fileId).execute().then(bySlug('publicationCover')),
    db
      .selectFrom('publicationFiles as pf')
      .innerJoin('publications as p', 'p.id', 'pf.publicationId')
      .select('p.slug')
      .where('pf.fileId', '=', fileId)
      .execute()
      .then(bySlug('publicationFile')),
    db.selectFrom('newsPosts').select('slug').where('coverFileId', '=', fileId).execute().then(bySlug('newsCover')),
    db.selectFrom('projects').select('slug').where('coverFileId', '=', fileId).execute().then(bySlug('projectCover')),
    db.selectFrom('events').select('slug').where('coverFileId', '=', fileId).execute().then(bySlug('eventCover')),
    db.selectFrom('albums').select('slug').where('coverFileId', '=', fileId).execute().then(bySlug('albumCover')),
    db
      .selectFrom('albumPhotos as ap')
      .innerJoin('albums as a', 'a.id', 'ap.albumId')
      .select('a.slug')
      .where('ap.fileId', '=', fileId)
      .execute()
      .then(bySlug('albumPhoto')),
    db.selectFrom('organisations').select('slug').where('logoFileId', '=', fileId).execute().then(bySlug('organisationLogo')),
    db.selectFrom('people').select('slug').where('photoFileId', '=', fileId).execute().then(bySlug('personPhoto')),
    findSiteLogoFileId(db).then((id): FileUsage[] => (id === fileId ? [{ kind: 'siteLogo', slug: '' }] : [])),
  ]);
  return groups.flat();
}

/** Removes a file's rows (variants and alt texts go with it); the bytes stay, unreferenced. */
export async function deleteLibraryFile(db: DbOrTx, fileId: number): Promise<void> {
  await db.deleteFrom('imageVariants').where('fileId', '=', fileId).execute();
  await db.deleteFrom('fileTranslations').where('itemId', '=', fileId).execute();
  await db.deleteFrom('files').where('id', '=', fileId).execute();
}

export interface MissingAltText {
  fileId: number;
  locale: string;
}

/**
 * Which images lack alt text in which of the given locales (documents need none). The content
 * editor calls this before publishing an item in those locales; an empty answer means go ahead.
 */
export async function findImagesMissingAltText(
  db: DbOrTx,
  fileIds: ReadonlyArray<number | null | undefined>,
  locales: readonly string[],
): Promise<MissingAltText[]> {
  const ids = [...new Set(fileIds.filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0 || locales.length === 0) return [];
  const [images, texts] = await Promise.all([
    db.selectFrom('files').select('id').where('id', 'in', ids).where('mime', 'like', 'image/%').orderBy('id').execute(),
    db.selectFrom('fileTranslations').select(['itemId', 'locale', 'alt']).where('itemId', 'in', ids).execute(),
  ]);
  const described = new Set(texts.filter((t) => t.alt.trim() !== '').map((t) => `${t.itemId}:${t.locale}`));
  return images.flatMap((image) =>
    locales.filter((locale) => !described.has(`${image.id}:${locale}`)).map((locale) => ({ fileId: image.id, locale })),
  );
}

/** Throws unless every image has alt text in every locale: the guard the publish step uses. */
export async function assertPublishableImages(
  db: DbOrTx,
  fileIds: ReadonlyArray<number | null | undefined>,
  locales: readonly string[],
): Promise<void> {
  const missing = await findImagesMissingAltText(db, fileIds, locales);
  if (missing.length) throw new MissingAltTextError(missing);
}

export class MissingAltTextError extends Error {
  constructor(readonly missing: MissingAltText[]) {
    super(`Images without alt text: ${missing.map((m) => `${m.fileId} (${m.locale})`).join(', ')}`);
    this.name = 'MissingAltTextError';
  }
}
