import type { DbOrTx } from '../../db/database.js';
import type { SealedTable } from './protected-fields.js';

/**
 * The sealed columns of one table of `protected-fields.ts`, read and written by name: what key
 * rotation walks. Table and column names are dynamic, so the rows are untyped; the list they
 * come from is typed against the schema in protected-fields.ts.
 */

export type SealedRow = Record<string, string | number | null> & { id: number };

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Each row's id and the values of these sealed (snake_case) columns, keyed by column. */
export async function listSealedValues(db: DbOrTx, table: SealedTable, columns: readonly string[]): Promise<Array<{ id: number; values: Record<string, string | null> }>> {
  const rows = (await db
    .selectFrom(camel(table) as 'hrdCases')
    .select(['id', ...columns.map(camel)] as never)
    .execute()) as unknown as SealedRow[];
  return rows.map((row) => ({ id: row.id, values: Object.fromEntries(columns.map((c) => [c, row[camel(c)] as string | null])) }));
}

/** Writes new sealed values (keyed by snake_case column) to one row. */
export async function updateSealedValues(tx: DbOrTx, table: SealedTable, id: number, values: Record<string, string>): Promise<void> {
  const changes = Object.fromEntries(Object.entries(values).map(([c, v]) => [camel(c), v]));
  await tx
    .updateTable(camel(table) as 'hrdCases')
    .set(changes as never)
    .where('id', '=', id)
    .execute();
}
