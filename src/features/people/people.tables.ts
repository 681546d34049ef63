import type { Generated } from 'kysely';
import type { ContentStatus, TranslationColumns } from '../content.tables.js';

export const PERSON_GROUPS = ['staff', 'board', 'counselor'] as const;
export type PersonGroup = (typeof PERSON_GROUPS)[number];

export interface PersonTable {
  id: Generated<number>;
  slug: string;
  group: PersonGroup;
  status: ContentStatus;
  photoFileId: number | null;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonTranslationTable extends TranslationColumns {
  name: string;
  role: string;
  bio: string | null;
}

export interface PeopleTables {
  people: PersonTable;
  personTranslations: PersonTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends PeopleTables {}
}
