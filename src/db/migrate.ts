import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { engineOfDb } from './connection.js';
import type { Db } from './database.js';

/**
 * The migrations are the files of `migrations/` beside this module, named `NNNN-name`, applied in
 * the order of their names: a new migration is a new file and nothing else. The folder ships
 * with the code (`npm run build` transpiles it into dist/db/migrations/ with the rest of src/),
 * so a source checkout reads the .ts files and the compiled server the .js ones.
 */
const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{4}-[a-z0-9-]+)\.[jt]s$/;
/** Files beside the migrations that are not migrations: source maps, declarations, tests. */
const NOT_A_MIGRATION = /\.(?:map|d\.ts|test\.[jt]s)$/;

/** Each migration's name and its file, oldest first; a file named otherwise is an error, not skipped. */
export function migrationFiles(dir: URL = MIGRATIONS_DIR): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of fs.readdirSync(dir).sort()) {
    if (NOT_A_MIGRATION.test(file)) continue;
    const name = MIGRATION_FILE.exec(file)?.[1];
    if (!name) throw new Error(`${file} in ${fileURLToPath(dir)} is not named as a migration (NNNN-name.ts)`);
    if (files.has(name)) throw new Error(`migration ${name} is there twice (${files.get(name)}, ${file})`);
    files.set(name, file);
  }
  return files;
}

const files = migrationFiles();

const provider: MigrationProvider = {
  getMigrations: async () => {
    const loaded = await Promise.all([...files].map(async ([name, file]) => [name, (await import(new URL(file, MIGRATIONS_DIR).href)) as Migration] as const));
    return Object.fromEntries(loaded);
  },
};

/** The migrations this code knows, oldest first; the last one is the schema it expects. */
export const MIGRATION_NAMES: readonly string[] = [...files.keys()];

async function migratorFor(db: Db): Promise<Migrator> {
  // On PostgreSQL, Kysely looks for its bookkeeping tables in every schema; naming the
  // current one keeps databases that hold several schemas (tests, shared servers) apart.
  const migrationTableSchema =
    engineOfDb(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

/** Migrations this code knows that the database has not applied (for the readiness check). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await (await migratorFor(db)).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

function appliedNames(outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>): string[] {
  const { error, results } = outcome;
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  return appliedNames(await (await migratorFor(db)).migrateToLatest());
}

/** Up to and including `name` (a restore builds the schema its archive was made with, loads it, then goes on). */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  return appliedNames(await (await migratorFor(db)).migrateTo(name));
}

/** The advisory lock held while a server prepares the database (any number; the same in every process). */
const START_LOCK_KEY = 0x646f7665; // "dove"
/** How often a server waiting for another's preparation asks for the lock again. */
const START_LOCK_POLL_MS = 200;

/**
 * Runs `work` (migrations, then the first start's import) while holding a PostgreSQL advisory
 * lock, so that of several servers starting together on one database one prepares it and the
 * others wait, then find it ready. The lock is asked for again and again rather than waited on
 * in one statement, which the query timeout would cancel during a long migration. It belongs to
 * one connection of the pool, kept aside until the work is done; a process that dies releases
 * it with its connection. SQLite serves one server and needs none.
 */
export async function underStartLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (engineOfDb(db) !== 'postgres') return work();
  return db.connection().execute(async (connection) => {
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${START_LOCK_KEY}) as locked`.execute(connection);
      if (rows[0]?.locked) break;
      await sleep(START_LOCK_POLL_MS);
    }
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${START_LOCK_KEY})`.execute(connection);
    }
  });
}
