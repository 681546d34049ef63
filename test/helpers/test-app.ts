import { randomBytes } from 'node:crypto';
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
import { migrateToLatest } from '../../src/db/migrate.js';
import { ensureReferenceData } from '../../src/features/hrd-vocabularies/vocabularies.repository.js';
import { seedDatabase } from '../../src/seed/seed.js';

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
}

/** An empty database (a SQLite file in `dataDir`, or a new PostgreSQL schema) with its configuration. */
export interface FreshDatabase {
  config: Config;
  db: Db;
  /** Closes the database, drops the schema and removes `removeDir`. */
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
  let databaseUrl = path.join(options.dataDir, 'dove.sqlite');
  let schema: string | undefined;
  if (engine === 'postgres') {
    databaseUrl = process.env.TEST_DATABASE_URL!;
    schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = openDatabase(databaseUrl);
    await sql`create schema ${sql.id(schema)}`.execute(admin);
    await admin.destroy();
  }
  const config = loadConfig({
    DATA_DIR: options.dataDir,
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: 'http://dove.test',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const db = openDatabase(databaseUrl, schema ? { searchPath: schema } : {});
  return {
    config,
    db,
    async drop() {
      await db.destroy();
      if (schema) {
        const admin = openDatabase(databaseUrl);
        await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
        await admin.destroy();
      }
      fs.rmSync(options.removeDir ?? options.dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated database (a temporary SQLite file, or a new PostgreSQL schema) and an app on it. */
export async function createTestApp(engine: Engine, options: TestAppOptions = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-test-'));
  const { config, db, drop } = await createFreshDatabase(engine, { dataDir, env: options.env });
  await migrateWithRetry(db);
  await ensureReferenceData(db);
  if (options.contentDir !== false) {
    await seedDatabase(db, config, { contentDir: options.contentDir ?? FIXTURE_SITE_DIR });
  }
  const app = await buildApp({ config, db, logger: false });
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

/**
 * Kysely's migrator introspects the tables of every schema in the database; when another test
 * file drops its schema at that moment, PostgreSQL reports that schema as missing (3F000).
 * The race is between test files only, so trying again is the right answer here.
 */
async function migrateWithRetry(db: Db, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await migrateToLatest(db);
      return;
    } catch (err) {
      if (attempt >= attempts || (err as { code?: string }).code !== '3F000') throw err;
    }
  }
}
