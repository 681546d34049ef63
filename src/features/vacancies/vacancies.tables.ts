import type { ContentItemColumns, TranslationColumns } from '../content.tables.js';

export interface VacancyTable extends ContentItemColumns {
  /** Last day to apply (a date in the site's time zone); after it the vacancy leaves the list. */
  deadline: string;
}

export interface VacancyTranslationTable extends TranslationColumns {
  title: string;
  summary: string | null;
  bodyHtml: string;
  location: string | null;
}

export interface VacancyTables {
  vacancies: VacancyTable;
  vacancyTranslations: VacancyTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends VacancyTables {}
}
