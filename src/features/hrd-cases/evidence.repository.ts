import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { HrdEvidenceTable } from './cases.tables.js';

/** The evidence rows, sealed as they are stored; `evidence.store.ts` seals and opens them. */

export async function insertEvidence(tx: DbOrTx, row: Insertable<HrdEvidenceTable>): Promise<number> {
  const inserted = await tx.insertInto('hrdEvidence').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function listEvidenceOfCase(db: DbOrTx, caseId: number) {
  return db.selectFrom('hrdEvidence').selectAll().where('caseId', '=', caseId).orderBy('uploadedAt').orderBy('id').execute();
}

export async function findEvidenceOfCase(db: DbOrTx, caseId: number, id: number) {
  return db.selectFrom('hrdEvidence').selectAll().where('id', '=', id).where('caseId', '=', caseId).executeTakeFirst();
}

/**
 * Where every evidence file is stored (key rotation re-seals each): case evidence, and the files
 * of incident reports, which are sealed the same way until a report becomes a case.
 */
export async function listEvidenceStorageKeys(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectFrom('hrdEvidence')
    .select('storageKey')
    .unionAll(db.selectFrom('incidentReportAttachments').select('storageKey'))
    .orderBy('storageKey')
    .execute();
  return rows.map((r) => r.storageKey);
}
