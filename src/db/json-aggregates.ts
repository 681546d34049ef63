import type { RawBuilder } from 'kysely';
import { jsonArrayFrom as pgArrayFrom, jsonObjectFrom as pgObjectFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteArrayFrom, jsonObjectFrom as sqliteObjectFrom } from 'kysely/helpers/sqlite';
import { engineOfDb } from './connection.js';
import type { Db, DbOrTx } from './database.js';

/**
 * Nested rows in one statement on either engine: the subquery's rows as a JSON array (or its
 * first row as an object), so an item comes back with its translations, links and files
 * instead of one round trip per relation. SQLite returns the JSON as text: read it with
 * `fromJson`. The subquery must name its columns (no `selectAll`).
 */
export function jsonArrayFrom<O>(db: DbOrTx, subquery: Subquery<O>): RawBuilder<AsJson<Rows<O>>> {
  return engineOfDb(db as Db) === 'postgres' ? pgArrayFrom(subquery) : sqliteArrayFrom(subquery);
}

export function jsonObjectFrom<O>(db: DbOrTx, subquery: Subquery<O>): RawBuilder<AsJson<Rows<O>[number] | null>> {
  return engineOfDb(db as Db) === 'postgres' ? pgObjectFrom(subquery) : sqliteObjectFrom(subquery);
}

type Subquery<O> = Parameters<typeof sqliteArrayFrom<O>>[0];
type Rows<O> = ReturnType<typeof sqliteArrayFrom<O>> extends RawBuilder<infer R> ? R : never;
/** The value as PostgreSQL returns it, or its JSON text as SQLite does. */
type AsJson<T> = T | string;

/** A value built by `jsonArrayFrom`/`jsonObjectFrom`, parsed where the engine returned text. */
export function fromJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** A row whose `translations` came from `jsonArrayFrom`, with them parsed. */
export function withParsedTranslations<R extends { translations: unknown }>(
  row: R,
): Omit<R, 'translations'> & { translations: Exclude<R['translations'], string> } {
  return { ...row, translations: fromJson(row.translations as Exclude<R['translations'], string>) };
}
