import type { Generated } from 'kysely';

/** Append-only: the application inserts rows and never updates or deletes them. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** JSON of the state before and after the change, null where there was none. */
  before: string | null;
  after: string | null;
}

export interface AuditTables {
  auditLog: AuditLogTable;
}

declare module '../../db/database.js' {
  interface Database extends AuditTables {}
}
