import { setTimeout as sleep } from 'node:timers/promises';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { engineOfDb } from './connection.js';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001-content.js';
import * as m0002 from './migrations/0002-search.js';
import * as m0003 from './migrations/0003-accounts.js';
import * as m0004 from './migrations/0004-revisions.js';
import * as m0005 from './migrations/0005-totp-last-step.js';
import * as m0006 from './migrations/0006-outbox.js';
import * as m0007 from './migrations/0007-subscribers.js';
import * as m0008 from './migrations/0008-comments-contact.js';
import * as m0009 from './migrations/0009-hrd-cases.js';
import * as m0010 from './migrations/0010-hrd-alerts.js';
import * as m0011 from './migrations/0011-instance-state.js';
import * as m0012 from './migrations/0012-operations-pause.js';
import * as m0013 from './migrations/0013-evidence-fingerprint.js';
import * as m0014 from './migrations/0014-pdf-text-state.js';
import * as m0015 from './migrations/0015-vocabulary-place-translations.js';
import * as m0016 from './migrations/0016-content-type-names.js';
import * as m0018 from './migrations/0018-rate-limits.js';
import * as m0020 from './migrations/0020-redirects-wordpress-import.js';
import * as m0021 from './migrations/0021-incident-reports.js';
import * as m0022 from './migrations/0022-hrd-alert-name.js';
import * as m0023 from './migrations/0023-upr.js';
import * as m0024 from './migrations/0024-photo-credits.js';
import * as m0025 from './migrations/0025-search-syllables.js';
import * as m0028 from './migrations/0028-child-lookups.js';
import * as m0031 from './migrations/0031-search-titles.js';
import * as m0033 from './migrations/0033-search-vector-storage.js';

/** Migrations are listed here, in order, so they ship inside the code and need no file scanning. */
const migrations: Record<string, Migration> = {
  '0001-content': m0001,
  '0002-search': m0002,
  '0003-accounts': m0003,
  '0004-revisions': m0004,
  '0005-totp-last-step': m0005,
  '0006-outbox': m0006,
  '0007-subscribers': m0007,
  '0008-comments-contact': m0008,
  '0009-hrd-cases': m0009,
  '0010-hrd-alerts': m0010,
  '0011-instance-state': m0011,
  '0012-operations-pause': m0012,
  '0013-evidence-fingerprint': m0013,
  '0014-pdf-text-state': m0014,
  '0015-vocabulary-place-translations': m0015,
  '0016-content-type-names': m0016,
  '0018-rate-limits': m0018,
  '0020-redirects-wordpress-import': m0020,
  '0021-incident-reports': m0021,
  '0022-hrd-alert-name': m0022,
  '0023-upr': m0023,
  '0024-photo-credits': m0024,
  '0025-search-syllables': m0025,
  '0028-child-lookups': m0028,
  '0031-search-titles': m0031,
  '0033-search-vector-storage': m0033,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The migrations this code knows, oldest first; the last one is the schema it expects. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

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
