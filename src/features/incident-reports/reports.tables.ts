import type { Generated } from 'kysely';

export const REPORT_STATUSES = ['new', 'read', 'replied', 'duplicate', 'rejected', 'case'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** An incident report from the public; every `*Enc` column is sealed (protected-fields.ts). */
export interface IncidentReportTable {
  id: Generated<number>;
  status: ReportStatus;
  /** The language of the page it was sent from (replies are written in it). */
  locale: string;
  /** The day it arrived (YYYY-MM-DD): no time, so it cannot be matched with a request log. */
  receivedOn: string;
  /** Keyed hash of the receipt code: it finds the report without storing the code. */
  receiptHash: string;
  /** argon2id hash of the passphrase. */
  passphraseHash: string;
  whatEnc: string;
  /** JSON: { date, accuracy }. */
  whenEnc: string;
  /** JSON: { provinceId, districtId, communeId, detail }. */
  whereEnc: string;
  /** JSON: { name, contact, mayContact, contactBy, mayPublish }; null when nothing was said. */
  whoEnc: string | null;
  rejectReasonEnc: string | null;
  duplicateOfReportId: number | null;
  duplicateOfCaseId: number | null;
  caseId: number | null;
  updatedAt: string;
}

export type ReportMessageAuthor = 'reporter' | 'staff';

/** A reply from staff, or information the reporter added later; both sealed. */
export interface IncidentReportMessageTable {
  id: Generated<number>;
  reportId: number;
  author: ReportMessageAuthor;
  userId: number | null;
  bodyEnc: string;
  sentOn: string;
}

/** A file sent with a report, sealed on disk like case evidence (evidence.store.ts). */
export interface IncidentReportAttachmentTable {
  id: Generated<number>;
  reportId: number;
  storageKey: string;
  fileNameEnc: string;
  mediaTypeEnc: string;
  sizeEnc: string;
  sha256Enc: string;
}

export interface IncidentReportTables {
  incidentReports: IncidentReportTable;
  incidentReportMessages: IncidentReportMessageTable;
  incidentReportAttachments: IncidentReportAttachmentTable;
}

declare module '../../db/database.js' {
  interface Database extends IncidentReportTables {}
}
