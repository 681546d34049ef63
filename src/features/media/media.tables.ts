import type { Generated } from 'kysely';
import type { TranslationColumns } from '../content.tables.js';

/** An uploaded original, stored by the SHA-256 of its bytes. */
export interface FileTable {
  id: Generated<number>;
  sha256: string;
  mime: string;
  size: number;
  originalName: string;
  width: number | null;
  height: number | null;
  createdAt: string;
  /** The photographer or source to credit, as it is to be printed (migration 0024). */
  credit: Generated<string | null>;
  /** A licence id of web/components/licence.tsx (`CC-BY-4.0`, `all-rights-reserved`, ...). */
  licence: Generated<string | null>;
  /** Set on an image made from a PDF's first page: the PDF it shows. */
  sourceFileId: Generated<number | null>;
}

/** A re-encoded, metadata-free rendition of an image file, also content-addressed. */
export interface ImageVariantTable {
  id: Generated<number>;
  fileId: number;
  format: string;
  width: number;
  height: number;
  sha256: string;
  size: number;
}

export interface FileTranslationTable extends TranslationColumns {
  alt: string;
  caption: string | null;
}

export interface MediaTables {
  files: FileTable;
  imageVariants: ImageVariantTable;
  fileTranslations: FileTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends MediaTables {}
}
