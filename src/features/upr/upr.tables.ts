import type { Generated } from 'kysely';

/*
 * The Universal Periodic Review tracker: public data only (recommendations are UN documents, the
 * assessments are the organisation's published opinion), so nothing here is sealed.
 */

export const RESPONSES = ['accepted', 'noted'] as const;
export type UprResponse = (typeof RESPONSES)[number];

/** The organisation's assessment of implementation; `not_assessed` until the first one. */
export const ASSESSMENT_STATUSES = ['not_implemented', 'partially', 'fully', 'unclear'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const CURRENT_STATUSES = ['not_assessed', ...ASSESSMENT_STATUSES] as const;
export type CurrentStatus = (typeof CURRENT_STATUSES)[number];

/** A review cycle with the totals its outcome report gives (not the count of rows entered). */
export interface UprCyclesTable {
  id: Generated<number>;
  number: number;
  /** The Working Group session, e.g. "46". */
  session: string | null;
  /** The day the State was reviewed (YYYY-MM-DD). */
  sessionDate: string | null;
  /** The outcome report's totals; null until staff record them (an import may name a cycle first). */
  received: number | null;
  accepted: number | null;
  noted: number | null;
  recommendingStates: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface UprRecommendationsTable {
  id: Generated<number>;
  cycleId: number;
  /** What a re-import matches on: the file's id column, else cycle, state and normalised text. */
  matchKey: string;
  /** The recommendation's number in the source (e.g. UPR Info's or the report's paragraph). */
  reference: string | null;
  /** The recommending State's name as the source writes it (English). */
  recommendingState: string;
  /** A UN regional group code (upr.vocabulary.ts). */
  regionalGroup: string;
  response: UprResponse;
  /** SDG targets, space-separated ("16.10 5.2"). */
  sdgTargets: Generated<string>;
  currentStatus: Generated<CurrentStatus>;
  /** 1 for the demo's sample rows, shown as such; an import always stores 0. */
  sample: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface UprRecommendationTranslationsTable {
  itemId: number;
  locale: string;
  text: string;
}

export interface UprRecommendationThemesTable {
  recommendationId: number;
  /** A theme code (upr.vocabulary.ts). */
  theme: string;
}

export interface UprAssessmentsTable {
  id: Generated<number>;
  recommendationId: number;
  status: AssessmentStatus;
  /** The day the assessment speaks for (YYYY-MM-DD). */
  assessedOn: string;
  /** Links to the organisation's publications and joint submissions, one per line. */
  links: Generated<string>;
  createdBy: number | null;
  createdAt: string;
}

/** The evidence note of an assessment, per language. */
export interface UprAssessmentTranslationsTable {
  itemId: number;
  locale: string;
  note: string;
}

export interface UprTables {
  uprCycles: UprCyclesTable;
  uprRecommendations: UprRecommendationsTable;
  uprRecommendationTranslations: UprRecommendationTranslationsTable;
  uprRecommendationThemes: UprRecommendationThemesTable;
  uprAssessments: UprAssessmentsTable;
  uprAssessmentTranslations: UprAssessmentTranslationsTable;
}

declare module '../../db/database.js' {
  interface Database extends UprTables {}
}
