import type { Database } from '../../db/database.js';
import { ACCOUNT_SEALED_FIELDS } from '../accounts/totp-secret.js';

/**
 * Every sealed column of the case records. The context a value is sealed with is
 * `<table>.<column>`, so `sealContext('hrd_victims', 'name_enc')` is what code passes to the vault.
 * Key rotation walks this list; the leak test fills every one of these with markers.
 */
export const PROTECTED_FIELDS = {
  hrd_cases: ['title_enc', 'summary_enc'],
  hrd_events: ['location_enc', 'description_enc'],
  hrd_victims: ['name_enc', 'affiliation_enc', 'contact_enc', 'notes_enc'],
  hrd_acts: ['notes_enc'],
  hrd_act_perpetrators: ['name_enc'],
  hrd_sources: ['name_enc', 'notes_enc'],
  hrd_interventions: ['notes_enc'],
  hrd_fund_requests: ['justification_enc', 'assessment_enc', 'decision_note_enc'],
  hrd_timeline_entries: ['text_enc'],
  hrd_evidence: ['file_name_enc', 'description_enc', 'sha256_enc', 'size_enc', 'media_type_enc'],
  // Incident reports from the public (features/incident-reports); their files are sealed as evidence files.
  incident_reports: ['what_enc', 'when_enc', 'where_enc', 'who_enc', 'reject_reason_enc'],
  incident_report_messages: ['body_enc'],
  incident_report_attachments: ['file_name_enc', 'media_type_enc', 'size_enc', 'sha256_enc'],
} as const satisfies Record<string, readonly string[]>;

export type ProtectedTable = keyof typeof PROTECTED_FIELDS;

/**
 * Every sealed text column of the database: the case records above, and the accounts' TOTP
 * secrets. Key rotation re-seals all of them; the start-up key check samples all of them.
 */
export const SEALED_FIELDS = { ...PROTECTED_FIELDS, ...ACCOUNT_SEALED_FIELDS } as const;
export type SealedTable = keyof typeof SEALED_FIELDS;
export type ProtectedColumn<T extends ProtectedTable> = (typeof PROTECTED_FIELDS)[T][number];

export function sealContext<T extends ProtectedTable>(table: T, column: ProtectedColumn<T>): string {
  return `${table}.${column}`;
}

/** Evidence files on disk are sealed with this context and the row's storage key. */
export function evidenceFileContext(storageKey: string): string {
  return `hrd_evidence.file:${storageKey}`;
}

// Keeps the list in step with the table types: a renamed table fails to compile here.
type SnakeToCamel<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<SnakeToCamel<T>>}` : S;
type _Check = { [T in ProtectedTable]: SnakeToCamel<T> extends keyof Database ? true : never };
export const _protectedTablesExist: _Check = {
  hrd_cases: true,
  hrd_events: true,
  hrd_victims: true,
  hrd_acts: true,
  hrd_act_perpetrators: true,
  hrd_sources: true,
  hrd_interventions: true,
  hrd_fund_requests: true,
  hrd_timeline_entries: true,
  hrd_evidence: true,
  incident_reports: true,
  incident_report_messages: true,
  incident_report_attachments: true,
};
