import type { Generated } from 'kysely';
import type { AGE_GROUPS, CaseStatus, DateAccuracy, SEXES, VICTIM_KINDS } from '../hrd-cases/cases.tables.js';

/*
 * Public HRD alerts: only the facts a monitor chose to publish, copied out of the case at
 * publication. Nothing here is sealed, because nothing here is secret; public pages read these
 * tables and the vocabularies only.
 */

export const ALERT_STATUSES = ['published', 'withdrawn'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** How a victim is named in public: a pseudonym (the default), or (opted in) initials or the name. */
export const LABEL_KINDS = ['initials', 'pseudonym', 'name'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface HrdAlertsTable {
  id: Generated<number>;
  slug: string;
  status: AlertStatus;
  publishedAt: string | null;
  licence: Generated<string>;
  /** The case it was published from, for the admin only; null once the case is deleted. */
  caseId: number | null;
  /** The public status of the case (open, monitoring, closed), as the monitor set it. */
  caseStatus: CaseStatus;
  provinceId: number | null;
  /** Null unless the monitor opted in to naming the district. */
  districtId: number | null;
  withdrawnAt: string | null;
  createdBy: number | null;
  /** The one-time key of the publish form it came from (unique); null for alerts not published through the form. */
  submissionKey: string | null;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface HrdAlertTranslationsTable {
  itemId: number;
  locale: string;
  title: string;
  /** Plain text written for the public; paragraphs separated by blank lines. */
  summary: string;
}

export interface HrdAlertVictimsTable {
  id: Generated<number>;
  alertId: number;
  position: number;
  label: string;
  labelKind: LabelKind;
  kind: (typeof VICTIM_KINDS)[number];
  /** The columns below are null unless the monitor opted in to them. */
  groupSize: number | null;
  sex: (typeof SEXES)[number] | null;
  ageGroup: (typeof AGE_GROUPS)[number] | null;
  hrdCategoryId: number | null;
  affiliation: string | null;
}

export interface HrdAlertDatesTable {
  id: Generated<number>;
  alertId: number;
  occurredOn: string;
  dateAccuracy: DateAccuracy;
}

export interface HrdAlertActTypesTable {
  alertId: number;
  actTypeId: number;
}

export interface HrdAlertPerpetratorTypesTable {
  alertId: number;
  perpetratorTypeId: number;
}

/** A dated step of the alert's timeline (a charge, a release, a verdict), numbered from 1. */
export interface HrdAlertUpdatesTable {
  id: Generated<number>;
  alertId: number;
  number: number;
  occurredOn: string;
  createdBy: number | null;
  createdAt: string;
}

export interface HrdAlertUpdateTranslationsTable {
  itemId: number;
  locale: string;
  title: string;
  body: string;
}

export interface AlertTables {
  hrdAlerts: HrdAlertsTable;
  hrdAlertTranslations: HrdAlertTranslationsTable;
  hrdAlertVictims: HrdAlertVictimsTable;
  hrdAlertDates: HrdAlertDatesTable;
  hrdAlertActTypes: HrdAlertActTypesTable;
  hrdAlertPerpetratorTypes: HrdAlertPerpetratorTypesTable;
  hrdAlertUpdates: HrdAlertUpdatesTable;
  hrdAlertUpdateTranslations: HrdAlertUpdateTranslationsTable;
}

declare module '../../db/database.js' {
  interface Database extends AlertTables {}
}
