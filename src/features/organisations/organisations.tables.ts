import type { Generated } from 'kysely';
import type { ContentStatus, TranslationColumns } from '../content.tables.js';

export const ORGANISATION_KINDS = ['donor', 'partner'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface OrganisationTable {
  id: Generated<number>;
  slug: string;
  kind: OrganisationKind;
  status: ContentStatus;
  url: string | null;
  logoFileId: number | null;
  /** 1 when the organisation appears in the "Generously supported by" strip. */
  inDonorsStrip: number;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrganisationTranslationTable extends TranslationColumns {
  name: string;
  description: string | null;
}

export interface OrganisationTables {
  organisations: OrganisationTable;
  organisationTranslations: OrganisationTranslationTable;
}

declare module '../../db/database.js' {
  interface Database extends OrganisationTables {}
}
