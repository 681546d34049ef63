import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Auto-increment primary keys differ by engine: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT,
 * PostgreSQL's identity column. Migrations call this instead of branching themselves.
 */
export function withId(
  db: Kysely<unknown>,
  table: CreateTableBuilder<string, never>,
): CreateTableBuilder<string, never> {
  return isPostgres(db)
    ? (table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity()) as typeof table)
    : (table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) as typeof table);
}

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export const nowIso = () => new Date().toISOString();
export { sql };
