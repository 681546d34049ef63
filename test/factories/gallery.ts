import type { Db } from '../../src/db/database.js';
import type { ContentStatus } from '../../src/features/content.tables.js';

interface AlbumInput {
  slug?: string;
  status?: ContentStatus;
  publishedAt?: string;
  takenOn?: string | null;
  coverFileId?: number | null;
  photoFileIds?: number[];
  translations?: Partial<Record<'en' | 'km', { title: string; description?: string }>>;
}

let counter = 0;

export async function createAlbum(db: Db, input: AlbumInput = {}) {
  counter += 1;
  const now = new Date().toISOString();
  const album = await db
    .insertInto('albums')
    .values({
      slug: input.slug ?? `album-${counter}`,
      status: input.status ?? 'published',
      publishedAt: input.publishedAt ?? '2024-01-01T00:00:00.000Z',
      takenOn: input.takenOn === undefined ? '2024-01-01' : input.takenOn,
      coverFileId: input.coverFileId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  const translations = input.translations ?? { en: { title: `Album ${counter}` }, km: { title: `អាល់ប៊ុម ${counter}` } };
  for (const [locale, t] of Object.entries(translations)) {
    await db
      .insertInto('albumTranslations')
      .values({ itemId: album.id, locale, title: t.title, description: t.description ?? null })
      .execute();
  }
  const photos = input.photoFileIds ?? [];
  if (photos.length) {
    await db
      .insertInto('albumPhotos')
      .values(photos.map((fileId, sortOrder) => ({ albumId: album.id, fileId, sortOrder })))
      .execute();
  }
  return album;
}
