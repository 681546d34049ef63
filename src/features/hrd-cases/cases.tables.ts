import type { Generated } from 'kysely';

/*
 * Case records: case → events → acts (victim, act type, perpetrators), in the events-based model
 * of HURIDOCS. Every column ending in `Enc` holds a value sealed by `src/crypto/envelope.ts`
 * (names, contacts, exact places, free-text notes, evidence); `protected-fields.ts` lists them
 * all, for key rotation and the leak test. Plain columns hold only what statistics need.
 */

export const CASE_STATUSES = ['open', 'monitoring', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const DATE_ACCURACIES = ['day', 'month', 'year', 'approximate'] as const;
export type DateAccuracy = (typeof DATE_ACCURACIES)[number];
export const VICTIM_KINDS = ['person', 'group'] as const;
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const AGE_GROUPS = ['child', 'youth', 'adult', 'older', 'unknown'] as const;
export const ACT_CLASSIFICATIONS = ['restriction', 'violation'] as const;
export const INTERVENTION_STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
export const CURRENCIES = ['USD', 'KHR'] as const;
export const FUND_REQUEST_STATUSES = ['requested', 'assessing', 'approved', 'declined', 'disbursed'] as const;
export type FundRequestStatus = (typeof FUND_REQUEST_STATUSES)[number];

export interface HrdCasesTable {
  id: Generated<number>;
  /** A reference with no personal data, e.g. HRD-2024-0031. */
  reference: string;
  /** The monitors' working title (often names a person): sealed. */
  titleEnc: string;
  summaryEnc: string | null;
  status: CaseStatus;
  openedOn: string;
  closedOn: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  /** Optimistic locking: a save names the version it was loaded at. */
  version: Generated<number>;
}

export interface HrdEventsTable {
  id: Generated<number>;
  caseId: number;
  /** ISO date; for month or year accuracy the first day of that month or year. */
  occurredOn: string;
  dateAccuracy: DateAccuracy;
  /** The province, for statistics and the map. */
  provinceId: number | null;
  /** Sealed JSON { districtId, communeId, detail }: the exact place. */
  locationEnc: string | null;
  descriptionEnc: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HrdVictimsTable {
  id: Generated<number>;
  caseId: number;
  kind: (typeof VICTIM_KINDS)[number];
  nameEnc: string;
  /** Number of people, for a group. */
  groupSize: number | null;
  hrdCategoryId: number | null;
  sex: (typeof SEXES)[number];
  ageGroup: (typeof AGE_GROUPS)[number];
  affiliationEnc: string | null;
  contactEnc: string | null;
  notesEnc: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HrdActsTable {
  id: Generated<number>;
  eventId: number;
  victimId: number;
  actTypeId: number;
  classification: (typeof ACT_CLASSIFICATIONS)[number];
  /** A term of the 'verification' vocabulary (confirmed, likely, possible, unlikely, unknown). */
  verificationId: number;
  notesEnc: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HrdActRightsTable {
  actId: number;
  rightId: number;
}

export interface HrdActPerpetratorsTable {
  id: Generated<number>;
  actId: number;
  perpetratorTypeId: number;
  /** A term of the 'involvement' vocabulary (direct, indirect, command, complicit, unknown). */
  involvementId: number | null;
  /** The name of a unit or person, when known: sealed. */
  nameEnc: string | null;
}

export interface HrdSourcesTable {
  id: Generated<number>;
  caseId: number;
  nameEnc: string;
  reliabilityId: number | null;
  obtainedOn: string | null;
  notesEnc: string | null;
  createdAt: string;
}

export interface HrdInterventionsTable {
  id: Generated<number>;
  caseId: number;
  victimId: number | null;
  typeId: number;
  status: (typeof INTERVENTION_STATUSES)[number];
  startedOn: string | null;
  endedOn: string | null;
  /** Minor units are not used: amounts are whole dollars or riels, as the fund books them. */
  amount: number | null;
  currency: (typeof CURRENCIES)[number] | null;
  /** The support fund request this intervention carries out, when it came from the fund. */
  fundRequestId: number | null;
  notesEnc: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface HrdFundRequestsTable {
  id: Generated<number>;
  caseId: number;
  victimId: number | null;
  typeId: number;
  status: FundRequestStatus;
  requestedAmount: number;
  currency: (typeof CURRENCIES)[number];
  justificationEnc: string;
  requestedBy: number | null;
  requestedAt: string;
  assessmentEnc: string | null;
  assessedBy: number | null;
  assessedAt: string | null;
  approvedAmount: number | null;
  decidedBy: number | null;
  decidedAt: string | null;
  decisionNoteEnc: string | null;
  disbursedAmount: number | null;
  disbursedOn: string | null;
  disbursedBy: number | null;
  updatedAt: string;
}

/** Dated entries of a case's history that are not events: a new charge, a hearing, a release. */
export interface HrdTimelineEntriesTable {
  id: Generated<number>;
  caseId: number;
  occurredOn: string;
  dateAccuracy: DateAccuracy;
  kind: 'charge' | 'arrest' | 'hearing' | 'verdict' | 'release' | 'threat' | 'note';
  textEnc: string;
  createdBy: number | null;
  createdAt: string;
}

/**
 * Evidence files are stored sealed on disk. The SHA-256 of the original bytes, its size and type
 * are sealed; `fingerprint` is a keyed hash of that SHA-256 (see evidence.store.ts), so the row
 * says nothing about the content to whoever lacks the key. Null only on rows from before
 * migration 0013 until the next start converts them (evidence-digests.repository.ts).
 */
export interface HrdEvidenceTable {
  id: Generated<number>;
  caseId: number;
  fileNameEnc: string;
  descriptionEnc: string | null;
  fingerprint: string | null;
  sha256Enc: string | null;
  sizeEnc: string | null;
  mediaTypeEnc: string | null;
  /** A random name under DATA_DIR/evidence, unrelated to the content or the case. */
  storageKey: string;
  uploadedBy: number | null;
  uploadedAt: string;
}

/** The clear values of rows from before migration 0013, held until the key can seal them. */
export interface HrdEvidenceLegacyDigestsTable {
  evidenceId: number;
  sha256: string;
  size: number;
  mediaType: string;
}

export interface CaseTables {
  hrdCases: HrdCasesTable;
  hrdEvents: HrdEventsTable;
  hrdVictims: HrdVictimsTable;
  hrdActs: HrdActsTable;
  hrdActRights: HrdActRightsTable;
  hrdActPerpetrators: HrdActPerpetratorsTable;
  hrdSources: HrdSourcesTable;
  hrdInterventions: HrdInterventionsTable;
  hrdFundRequests: HrdFundRequestsTable;
  hrdTimelineEntries: HrdTimelineEntriesTable;
  hrdEvidence: HrdEvidenceTable;
  hrdEvidenceLegacyDigests: HrdEvidenceLegacyDigestsTable;
}

declare module '../../db/database.js' {
  interface Database extends CaseTables {}
}
