import { sql, type Expression, type SqlBool } from 'kysely';
import { engineOfDb } from './connection.js';
import type { DbOrTx } from './database.js';

/**
 * `column in (ids)` with the ids as one parameter, so the statement's text is the same for any
 * number of ids: it is compiled once (compiled-statements.ts) and SQLite keeps its prepared
 * statement, where `in (?, ?, …)` made a new text, and a new plan, for every length.
 * `ids` is the list as `idList` writes it.
 */
export function inIdList(db: DbOrTx, column: string, ids: string): Expression<SqlBool> {
  return engineOfDb(db) === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(cast(${ids} as integer[]))`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${ids}))`;
}

/** The ids as `inIdList` takes them: a JSON array for SQLite, an array literal for PostgreSQL. */
export function idList(db: DbOrTx, ids: readonly number[]): string {
  for (const id of ids) if (!Number.isSafeInteger(id)) throw new Error(`not an id: ${id}`);
  return engineOfDb(db) === 'postgres' ? `{${ids.join(',')}}` : `[${ids.join(',')}]`;
}
