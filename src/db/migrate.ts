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
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

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

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = await migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
