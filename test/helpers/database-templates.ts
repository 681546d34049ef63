import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Engine } from '../../src/db/connection.js';
import type { Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ensureReferenceData } from '../../src/features/hrd-vocabularies/vocabularies.repository.js';

/*
 * Migrating takes a good second per database (longer on PostgreSQL), and a run makes hundreds of
 * them. So `npm test` (test/run.ts) migrates one template per engine before the first test file
 * starts and tells every test process where it is: a SQLite file that each test app copies, a
 * PostgreSQL database that each test app clones with CREATE DATABASE ... TEMPLATE.
 */

/** The environment variable that names an engine's template for the test processes. */
const TEMPLATE_VARIABLE: Record<Engine, string> = {
  sqlite: 'DOVE_TEST_SQLITE_TEMPLATE',
  postgres: 'DOVE_TEST_POSTGRES_TEMPLATE',
};

/** The migrated template of this run for the engine, if the run made one. */
export function templateOf(engine: Engine): string | undefined {
  return process.env[TEMPLATE_VARIABLE[engine]] || undefined;
}

/** A database of the PostgreSQL server named by TEST_DATABASE_URL. */
export function postgresUrlOf(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A database name of its own for each test database, so files running at once never meet. */
export function newDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Runs `work` on a connection to the server's own database (the one TEST_DATABASE_URL names). */
export async function onPostgresServer<T>(work: (server: Db) => Promise<T>): Promise<T> {
  const server = openDatabase(process.env.TEST_DATABASE_URL!);
  try {
    return await work(server);
  } finally {
    await server.destroy();
  }
}

/** What every test app starts from: the latest schema and the reference data (vocabularies, gazetteer). */
export async function migrateWithReferenceData(db: Db): Promise<void> {
  await migrateToLatest(db);
  await ensureReferenceData(db);
}

export interface Templates {
  /** The variables that point the test processes at the templates. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** Makes the migrated templates of one run, for the engines given. */
export async function createTemplates(engines: readonly Engine[]): Promise<Templates> {
  const env: Record<string, string> = {};
  const removals: Array<() => Promise<void>> = [];
  try {
    if (engines.includes('sqlite')) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-template-'));
      removals.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      env[TEMPLATE_VARIABLE.sqlite] = await createSqliteTemplate(path.join(dir, 'template.sqlite'));
    }
    if (engines.includes('postgres')) {
      const name = newDatabaseName('dove_test');
      removals.push(() => dropDatabasesOfRun(name));
      env[TEMPLATE_VARIABLE.postgres] = await createPostgresTemplate(name);
    }
  } catch (error) {
    for (const remove of removals) await remove();
    throw error;
  }
  return {
    env,
    async remove() {
      for (const remove of removals) await remove();
    },
  };
}

/**
 * Drops the template and every database named after it. The test apps of a run leave their
 * PostgreSQL databases to this: each DROP DATABASE waits for a checkpoint, which on a busy server
 * can take many seconds, while drops made together share their checkpoints.
 */
async function dropDatabasesOfRun(template: string): Promise<void> {
  await onPostgresServer(async (server) => {
    const { rows } = await sql<{ name: string }>`select datname as name from pg_database where starts_with(datname, ${`${template}_`})`.execute(server);
    await Promise.all(rows.map(({ name }) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(server)));
    await sql`drop database if exists ${sql.id(template)}`.execute(server);
  });
}

async function createSqliteTemplate(file: string): Promise<string> {
  const db = openDatabase(file);
  await migrateWithReferenceData(db);
  // Closing folds the write-ahead log into the file, so the one file is the whole database.
  await db.destroy();
  return file;
}

async function createPostgresTemplate(name: string): Promise<string> {
  await onPostgresServer((server) => sql`create database ${sql.id(name)}`.execute(server));
  const db = openDatabase(postgresUrlOf(name));
  await migrateWithReferenceData(db);
  await db.destroy();
  // A template may have no session while it is copied; refusing connections keeps it that way.
  await onPostgresServer((server) => sql`alter database ${sql.id(name)} with allow_connections false`.execute(server));
  return name;
}
