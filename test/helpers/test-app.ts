import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Engine } from '../../src/db/connection.js';
import type { Db } from '../../src/db/database.js';
import { seedDatabase } from '../../src/seed/seed.js';
import { migrateWithReferenceData, newDatabaseName, onPostgresServer, postgresUrlOf, templateOf } from './database-templates.js';

export const FIXTURE_SITE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/site');

let warnedAboutPostgres = false;

/**
 * The engines this run covers: SQLite always; PostgreSQL when TEST_DATABASE_URL names one.
 * CI sets it; elsewhere its absence is announced loudly rather than passed over in silence.
 */
export function testEngines(): Engine[] {
  if (process.env.TEST_DATABASE_URL) return ['sqlite', 'postgres'];
  if (process.env.CI) throw new Error('CI must set TEST_DATABASE_URL: the PostgreSQL suite may not be skipped in CI.');
  if (!warnedAboutPostgres) {
    warnedAboutPostgres = true;
    console.warn(
      '\n' +
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
        '!! SKIPPED: the PostgreSQL half of this suite. Set TEST_DATABASE_URL, e.g.    !!\n' +
        '!!   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test       !!\n' +
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n',
    );
  }
  return ['sqlite'];
}

export interface TestContext {
  engine: Engine;
  db: Db;
  config: Config;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Content folder to seed: the small fixture site by default; `false` leaves the database empty. */
  contentDir?: string | false;
  env?: Record<string, string>;
  /** Routes a test adds to the app before it is ready (to exercise shared hooks). */
  extraRoutes?: (app: FastifyInstance) => void;
  /** False: the app runs no periodic task (scheduled publishing and the like), as the mirror's app. */
  periodicTasks?: boolean;
  /** True: paged lists keep each filter's order between requests, as the mirror's app does. */
  keepListOrders?: boolean;
}

/** An empty database (a SQLite file in `dataDir`, or a new PostgreSQL database) with its configuration. */
export interface FreshDatabase {
  config: Config;
  db: Db;
  /** Closes the database, drops it (PostgreSQL) and removes `removeDir`. */
  drop(): Promise<void>;
}

/**
 * A database nobody has used, configured for `dataDir` (which need not exist yet): the start of
 * every test app, and the target of a restore.
 */
export async function createFreshDatabase(
  engine: Engine,
  options: { dataDir: string; removeDir?: string; env?: Record<string, string> },
): Promise<FreshDatabase> {
  return openTestDatabase(engine, options);
}

/** A test database, empty or a copy of `template` (a SQLite file, or a PostgreSQL database). */
async function openTestDatabase(
  engine: Engine,
  options: { dataDir: string; removeDir?: string; env?: Record<string, string> },
  template?: string,
): Promise<FreshDatabase> {
  let databaseUrl = path.join(options.dataDir, 'dove.sqlite');
  let name: string | undefined;
  // Under npm test, the databases are named after the run's template and dropped with it.
  const run = templateOf('postgres');
  if (engine === 'postgres') {
    name = newDatabaseName(run ?? 'test');
    databaseUrl = postgresUrlOf(name);
    const create = template ? sql`create database ${sql.id(name)} template ${sql.id(template)}` : sql`create database ${sql.id(name)}`;
    await onPostgresServer((server) => create.execute(server));
  } else if (template) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    fs.copyFileSync(template, databaseUrl);
  }
  const config = loadConfig({
    DATA_DIR: options.dataDir,
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: 'http://dove.test',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const db = openDatabase(databaseUrl);
  return {
    config,
    db,
    async drop() {
      await db.destroy();
      // FORCE: a process a test started (a server, a CLI command) may still hold a connection.
      if (name && !run) await onPostgresServer((server) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(server));
      fs.rmSync(options.removeDir ?? options.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh, migrated database (a temporary SQLite file, or a new PostgreSQL database) and an app on
 * it. Under `npm test` the database is a copy of the run's migrated template; a test file run on
 * its own migrates its databases itself.
 */
export async function createTestApp(engine: Engine, options: TestAppOptions = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-test-'));
  const template = templateOf(engine);
  const { config, db, drop } = await openTestDatabase(engine, { dataDir, env: options.env }, template);
  if (!template) await migrateWithReferenceData(db);
  if (options.contentDir !== false) {
    await seedDatabase(db, config, { contentDir: options.contentDir ?? FIXTURE_SITE_DIR });
  }
  const app = await buildApp({ config, db, logger: false, periodicTasks: options.periodicTasks, keepListOrders: options.keepListOrders });
  options.extraRoutes?.(app);
  await app.ready();
  return {
    engine,
    db,
    config,
    app,
    async close() {
      await app.close();
      await drop();
    },
  };
}
