import type { Generated } from 'kysely';

/**
 * The controlled vocabularies of case documentation, in the spirit of HURIDOCS micro-thesauri.
 * Each term has a stable `code` (used in exports and tests) and a label in each language.
 */
export const VOCABULARIES = [
  'act_type',
  'perpetrator_type',
  'involvement',
  'hrd_category',
  'right',
  'verification',
  'reliability',
  'intervention_type',
] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];

export interface VocabularyTermsTable {
  id: Generated<number>;
  vocabulary: Vocabulary;
  code: string;
  /** A broader term of the same vocabulary (act types are grouped), or null. */
  parentId: number | null;
  position: number;
  labelEn: string;
  labelKm: string;
  descriptionEn: string | null;
  descriptionKm: string | null;
  /** Retired terms stay for the records that use them but are not offered for new ones. */
  active: number;
  createdAt: string;
  updatedAt: string;
}

export type PlaceLevel = 'province' | 'district' | 'commune';

/** Cambodia's gazetteer: 25 provinces, their districts and communes (official codes). */
export interface PlacesTable {
  id: Generated<number>;
  level: PlaceLevel;
  code: string;
  /** ISO 3166-2 for provinces (matches the map's features); null below. */
  iso: string | null;
  parentId: number | null;
  nameEn: string;
  nameKm: string;
}

export interface VocabularyTables {
  vocabularyTerms: VocabularyTermsTable;
  places: PlacesTable;
}
