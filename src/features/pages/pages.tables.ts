import type { ContentItemColumns, TranslationColumns } from '../content.tables.js';

/** A page's slug is its path below the locale, e.g. `about/who-we-are`. */
export type PageTable = ContentItemColumns;

export interface PageTranslationTable extends TranslationColumns {
  title: string;
  summary: string | null;
  bodyHtml: string;
}

export interface PageTables {
  pages: PageTable;
  pageTranslations: PageTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends PageTables {}
}
