import type { Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickTranslation } from '../../i18n/translation.js';
import { publicPathOf } from '../content-types/content-types.js';
import type { AlbumListRow, PublicAlbum } from './gallery.repository.js';

/** What an album card shows, in the visitor's language or a stand-in. */
export interface AlbumCardView {
  slug: string;
  /** Locale-less path of the album's page. */
  href: string;
  title: string;
  /** The day the photos were taken, else the day the album was published. */
  date: string | null;
  photoCount: number;
  coverFileId: number | null;
  /** The language the title is in; differs from the visitor's when it is a fallback. */
  contentLocale: Locale;
  isFallback: boolean;
}

export interface AlbumView extends AlbumCardView {
  description: string | null;
  availableIn: Locale[];
  licence: string;
  publishedAt: string | null;
  updatedAt: string;
  photoFileIds: number[];
}

export function presentAlbumCard(row: AlbumListRow, locale: Locale, order: readonly Locale[]): AlbumCardView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: row.slug,
    href: publicPathOf('album', row.slug),
    title: t.value.title,
    date: row.takenOn ?? row.publishedAt,
    photoCount: row.photoCount,
    coverFileId: row.coverFileId,
    contentLocale: t.locale,
    isFallback: t.isFallback,
  };
}

export function presentAlbum(album: PublicAlbum, locale: Locale, order: readonly Locale[]): AlbumView | undefined {
  const t = pickTranslation(album.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: album.slug,
    href: publicPathOf('album', album.slug),
    title: t.value.title,
    description: t.value.description,
    date: album.takenOn ?? album.publishedAt,
    photoCount: album.photoFileIds.length,
    coverFileId: album.coverFileId ?? album.photoFileIds[0] ?? null,
    contentLocale: t.locale,
    isFallback: t.isFallback,
    availableIn: localesWithTranslation(album.translations, order),
    licence: album.licence,
    publishedAt: album.publishedAt,
    updatedAt: album.updatedAt,
    photoFileIds: album.photoFileIds,
  };
}
