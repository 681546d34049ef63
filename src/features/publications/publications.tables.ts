import type { Generated } from 'kysely';
import type { ContentItemColumns, TranslationColumns } from '../content.tables.js';

export const PUBLICATION_TYPES = [
  'report',
  'infographic',
  'fact_sheet',
  'joint_submission',
  'statement',
  'briefing_note',
  'legal_analysis',
  'letter',
  'newsletter',
] as const;
export type PublicationType = (typeof PUBLICATION_TYPES)[number];

export interface PublicationTable extends ContentItemColumns {
  type: PublicationType;
  coverFileId: number | null;
  projectId: number | null;
  /** Whether readers may comment (migration 0008); 0 by default. */
  commentsEnabled: Generated<number>;
}

export interface PublicationTranslationTable extends TranslationColumns {
  title: string;
  summary: string | null;
  bodyHtml: string;
}

export interface PublicationTopicTable {
  publicationId: number;
  topicId: number;
}

/** A downloadable document of a publication, in one language. */
export interface PublicationFileTable {
  id: Generated<number>;
  publicationId: number;
  locale: string;
  fileId: number;
  label: string | null;
  sortOrder: number;
}

export interface PublicationTables {
  publications: PublicationTable;
  publicationTranslations: PublicationTranslationTable;
  publicationTopics: PublicationTopicTable;
  publicationFiles: PublicationFileTable;
}

declare module '../../db/database.js' {
  interface Database extends PublicationTables {}
}
