import type { ContentItemColumns, TranslationColumns } from '../content.tables.js';

export interface EventTable extends ContentItemColumns {
  startsAt: string;
  endsAt: string | null;
  coverFileId: number | null;
}

export interface EventTranslationTable extends TranslationColumns {
  title: string;
  summary: string | null;
  bodyHtml: string;
  location: string | null;
}

export interface EventTables {
  events: EventTable;
  eventTranslations: EventTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends EventTables {}
}
