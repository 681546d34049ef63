import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { IncidentReportAttachmentTable, IncidentReportTable, ReportMessageAuthor, ReportStatus } from './reports.tables.js';

/** Incident report rows as stored (sealed); reports.service.ts seals and opens them. */

export async function insertReport(tx: DbOrTx, row: Insertable<IncidentReportTable>): Promise<number> {
  const inserted = await tx.insertInto('incidentReports').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertReportMessage(
  tx: DbOrTx,
  row: { reportId: number; author: ReportMessageAuthor; userId: number | null; bodyEnc: string; sentOn: string },
): Promise<number> {
  const inserted = await tx.insertInto('incidentReportMessages').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertReportAttachment(tx: DbOrTx, row: Insertable<IncidentReportAttachmentTable>): Promise<number> {
  const inserted = await tx.insertInto('incidentReportAttachments').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findReportByReceiptHash(db: DbOrTx, receiptHash: string) {
  return db.selectFrom('incidentReports').select(['id', 'passphraseHash']).where('receiptHash', '=', receiptHash).executeTakeFirst();
}

export async function findReport(db: DbOrTx, id: number) {
  return db.selectFrom('incidentReports').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

export async function listReportMessages(db: DbOrTx, reportId: number) {
  return db.selectFrom('incidentReportMessages').selectAll().where('reportId', '=', reportId).orderBy('id').execute();
}

export async function listReportAttachments(db: DbOrTx, reportId: number) {
  return db.selectFrom('incidentReportAttachments').selectAll().where('reportId', '=', reportId).orderBy('id').execute();
}

export async function findReportAttachment(db: DbOrTx, reportId: number, id: number) {
  return db.selectFrom('incidentReportAttachments').selectAll().where('reportId', '=', reportId).where('id', '=', id).executeTakeFirst();
}

/** Newest first; `status` narrows the list. */
export async function listReports(db: DbOrTx, status: ReportStatus | null, page: number, pageSize: number) {
  const base = db.selectFrom('incidentReports').$if(status !== null, (q) => q.where('status', '=', status!));
  const counted = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['id', 'status', 'locale', 'receivedOn', 'caseId'])
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(counted.n) };
}

export async function updateReport(
  tx: DbOrTx,
  id: number,
  changes: Partial<Pick<IncidentReportTable, 'status' | 'rejectReasonEnc' | 'duplicateOfReportId' | 'duplicateOfCaseId' | 'caseId'>>,
  now = new Date().toISOString(),
): Promise<void> {
  await tx.updateTable('incidentReports').set({ ...changes, updatedAt: now }).where('id', '=', id).execute();
}

/** The attachments handed to a case: their rows go, their sealed files stay for the case. */
export async function deleteReportAttachments(tx: DbOrTx, reportId: number): Promise<void> {
  await tx.deleteFrom('incidentReportAttachments').where('reportId', '=', reportId).execute();
}

export async function reportExists(db: DbOrTx, id: number): Promise<boolean> {
  return (await db.selectFrom('incidentReports').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function findCaseIdByReference(db: DbOrTx, reference: string): Promise<number | undefined> {
  return (await db.selectFrom('hrdCases').select('id').where('reference', '=', reference).executeTakeFirst())?.id;
}

/** Where staff notifications go: every active monitor and admin. */
export async function listReportTriageAddresses(db: DbOrTx): Promise<Array<{ id: number; email: string; locale: string }>> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'locale'])
    .where('role', 'in', ['monitor', 'admin'])
    .where('disabledAt', 'is', null)
    .orderBy('id')
    .execute();
}
