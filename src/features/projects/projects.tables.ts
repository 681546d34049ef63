import type { ContentItemColumns, TranslationColumns } from '../content.tables.js';

export const PROJECT_KINDS = ['current', 'past', 'campaign'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export interface ProjectTable extends ContentItemColumns {
  kind: ProjectKind;
  startedOn: string | null;
  endedOn: string | null;
  coverFileId: number | null;
  sortOrder: number;
}

export interface ProjectTranslationTable extends TranslationColumns {
  title: string;
  summary: string | null;
  bodyHtml: string;
}

export interface ProjectTables {
  projects: ProjectTable;
  projectTranslations: ProjectTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends ProjectTables {}
}
