import type { Generated } from 'kysely';
import type { TranslationColumns } from '../content.tables.js';

export interface TopicTable {
  id: Generated<number>;
  slug: string;
  sortOrder: number;
}

export interface TopicTranslationTable extends TranslationColumns {
  name: string;
}

export interface TopicTables {
  topics: TopicTable;
  topicTranslations: TopicTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends TopicTables {}
}
