import type { Generated } from 'kysely';
import type { ContentItemColumns, TranslationColumns } from '../content.tables.js';

export interface AlbumTable extends ContentItemColumns {
  takenOn: string | null;
  coverFileId: number | null;
}

export interface AlbumTranslationTable extends TranslationColumns {
  title: string;
  description: string | null;
}

/** Captions and alt text live with the file (file_translations). */
export interface AlbumPhotoTable {
  id: Generated<number>;
  albumId: number;
  fileId: number;
  sortOrder: number;
}

export interface GalleryTables {
  albums: AlbumTable;
  albumTranslations: AlbumTranslationTable;
  albumPhotos: AlbumPhotoTable;
}

declare module '../../db/database.js' {
  interface Database extends GalleryTables {}
}
