import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import { SEALED_FIELDS, type SealedTable } from './protected-fields.js';

export interface SealedSample {
  context: string;
  sealed: string;
}

/**
 * One sealed value of each sealed column that holds any: enough to prove a key opens them all.
 * Only values in the sealed format count: TOTP secrets from before sealing are still clear until
 * the start seals them, after this check.
 */
export async function findSealedSamples(db: DbOrTx): Promise<SealedSample[]> {
  const samples: SealedSample[] = [];
  for (const [table, columns] of Object.entries(SEALED_FIELDS) as Array<[SealedTable, readonly string[]]>) {
    for (const column of columns) {
      const row = await sql<{ sealed: string }>`select ${sql.ref(column)} as sealed from ${sql.table(table)} where ${sql.ref(column)} like 'dv1.%' limit 1`.execute(db);
      const sealed = row.rows[0]?.sealed;
      if (sealed) samples.push({ context: `${table}.${column}`, sealed });
    }
  }
  return samples;
}
