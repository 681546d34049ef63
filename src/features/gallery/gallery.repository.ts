import { publishedAndDue, chosenItem, type ItemChoice } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom } from '../../db/json-aggregates.js';

export interface AlbumPageRequest {
  page: number;
  pageSize: number;
}

const nowIso = () => new Date().toISOString();

/** Published and due: what readers may see. */
function selectPublicAlbums(db: DbOrTx, now: string) {
  return db.selectFrom('albums').where(publishedAndDue(now, 'albums'));
}

/**
 * One page of public albums, newest first by the day the photos were taken (else the day the
 * album was published), each with its cover (the chosen one, else its first photo), its
 * number of photos and all its translations.
 */
export async function listPublicAlbums(db: DbOrTx, { page, pageSize }: AlbumPageRequest, now = nowIso()) {
  const [rows, count] = await Promise.all([
    selectPublicAlbums(db, now)
      .select((eb) => [
        'albums.id',
        'albums.slug',
        'albums.takenOn',
        'albums.publishedAt',
        eb.fn
          .coalesce(
            'albums.coverFileId',
            eb
              .selectFrom('albumPhotos as ap')
              .select('ap.fileId')
              .whereRef('ap.albumId', '=', 'albums.id')
              .orderBy('ap.sortOrder')
              .orderBy('ap.id')
              .limit(1),
          )
          .as('coverFileId'),
        eb
          .selectFrom('albumPhotos as ap')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('ap.albumId', '=', 'albums.id')
          .as('photoCount'),
        jsonArrayFrom(
          db,
          eb
            .selectFrom('albumTranslations as al')
            .select(['al.itemId', 'al.locale', 'al.title', 'al.description'])
            .whereRef('al.itemId', '=', 'albums.id'),
        ).as('translations'),
      ])
      .orderBy((eb) => eb.fn.coalesce('albums.takenOn', 'albums.publishedAt'), 'desc')
      .orderBy('albums.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    selectPublicAlbums(db, now)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((row) => ({
    ...row,
    coverFileId: row.coverFileId ?? null,
    photoCount: Number(row.photoCount ?? 0),
    translations: fromJson(row.translations),
  }));
  return { items, total: Number(count.total) };
}

export type AlbumListRow = Awaited<ReturnType<typeof listPublicAlbums>>['items'][number];

/**
 * One public album with its translations and its photos' file ids, in the editor's order (or,
 * for a preview, any stored album by id: `ItemChoice`).
 */
export async function findPublicAlbumBySlug(db: DbOrTx, which: ItemChoice, now = nowIso()) {
  const album = await db
    .selectFrom('albums')
    .selectAll('albums')
    .select((eb) => [
      jsonArrayFrom(
        db,
        eb
          .selectFrom('albumTranslations as al')
          .select(['al.itemId', 'al.locale', 'al.title', 'al.description'])
          .whereRef('al.itemId', '=', 'albums.id'),
      ).as('translations'),
      jsonArrayFrom(
        db,
        eb.selectFrom('albumPhotos as ap').select('ap.fileId').whereRef('ap.albumId', '=', 'albums.id').orderBy('ap.sortOrder').orderBy('ap.id'),
      ).as('photos'),
    ])
    .where(chosenItem(which, now, 'albums'))
    .executeTakeFirst();
  if (!album) return undefined;
  const { translations, photos, ...row } = album;
  return { ...row, translations: fromJson(translations), photoFileIds: fromJson(photos).map((p) => p.fileId) };
}

export type PublicAlbum = NonNullable<Awaited<ReturnType<typeof findPublicAlbumBySlug>>>;
