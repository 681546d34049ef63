import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { PROTECTED_FIELDS, type ProtectedTable } from './protected-fields.js';

export interface SealedSample {
  context: string;
  sealed: string;
}

/** One stored value of each sealed column that holds any: enough to prove a key opens them all. */
export async function findSealedSamples(db: DbOrTx): Promise<SealedSample[]> {
  const samples: SealedSample[] = [];
  for (const [table, columns] of Object.entries(PROTECTED_FIELDS) as Array<[ProtectedTable, readonly string[]]>) {
    for (const column of columns) {
      const row = await sql<{ sealed: string }>`select ${sql.ref(column)} as sealed from ${sql.table(table)} where ${sql.ref(column)} is not null limit 1`.execute(db);
      const sealed = row.rows[0]?.sealed;
      if (sealed) samples.push({ context: `${table}.${column}`, sealed });
    }
  }
  return samples;
}
