import type { Generated } from 'kysely';

/**
 * The controlled vocabularies of case documentation, in the spirit of HURIDOCS micro-thesauri.
 * Each term has a stable `code` (used in exports and tests) and a label per language, in rows.
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
}

/** A term's label and description in one locale; a locale without a row falls back. */
export interface VocabularyTermTranslationsTable {
  termId: number;
  locale: string;
  label: string;
  description: string | null;
}

/** A place's name in one locale. */
export interface PlaceTranslationsTable {
  placeId: number;
  locale: string;
  name: string;
}

export interface VocabularyTables {
  vocabularyTerms: VocabularyTermsTable;
  vocabularyTermTranslations: VocabularyTermTranslationsTable;
  places: PlacesTable;
  placeTranslations: PlaceTranslationsTable;
}

declare module '../../db/database.js' {
  interface Database extends VocabularyTables {}
}
