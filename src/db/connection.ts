import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Database, Db } from './database.js';

export type Engine = 'sqlite' | 'postgres';

export function engineOf(databaseUrl: string): Engine {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

// PostgreSQL returns count(*) and bigint as strings; every count here fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface OpenOptions {
  /** PostgreSQL only: run every query inside this schema (tests use one schema per file). */
  searchPath?: string;
  /**
   * PostgreSQL only: a statement running longer is cancelled by the server, and a connection
   * not obtained within this time fails, so a stuck database cannot hold requests forever.
   * Commands that read whole tables (backup, key rotation) leave it unset.
   */
  queryTimeoutMs?: number;
  /**
   * PostgreSQL only: told about an idle connection the server dropped (a restart, a failover).
   * The pool discards that connection and opens a new one for the next query; without a
   * listener, the pool's 'error' event would end the process.
   */
  onConnectionError?: (error: Error) => void;
}

/**
 * The driver under a Kysely instance, for the few components that speak to it directly: the
 * rate-limit stores (which run their own statements) and the listener of change notices (a
 * connection of its own, outside the pool).
 */
export type Driver =
  | { engine: 'postgres'; pool: pg.Pool; clientConfig: pg.ClientConfig }
  | { engine: 'sqlite'; sqlite: SQLite.Database };

const drivers = new WeakMap<Db, Driver>();

/**
 * Records the driver of an opened database, and of every instance derived from it with other
 * plugins (`withPlugin`, `withoutPlugins`: a query counter, say) or more tables (`withTables`),
 * which still speak to the same connections.
 */
function remember(db: Db, driver: Driver): Db {
  drivers.set(db, driver);
  const withPlugin = db.withPlugin.bind(db);
  const withoutPlugins = db.withoutPlugins.bind(db);
  const withTables = db.withTables.bind(db);
  Object.assign(db, {
    withPlugin: (plugin: Parameters<Db['withPlugin']>[0]) => remember(withPlugin(plugin), driver),
    withoutPlugins: () => remember(withoutPlugins(), driver),
    withTables: () => remember(withTables() as unknown as Db, driver),
  });
  return db;
}

export function driverOf(db: Db): Driver {
  const driver = drivers.get(db);
  if (!driver) throw new Error('this database was not opened with openDatabase');
  return driver;
}

/** Opens the database named by the URL: a postgres:// URL, or else a SQLite file path. */
export function openDatabase(databaseUrl: string, options: OpenOptions = {}): Db {
  const plugins = [new CamelCasePlugin()];
  if (engineOf(databaseUrl) === 'postgres') {
    const timeout = options.queryTimeoutMs;
    const clientConfig: pg.ClientConfig = {
      connectionString: databaseUrl,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    };
    const pool = new pg.Pool({
      ...clientConfig,
      max: 10,
      ...(timeout ? { statement_timeout: timeout, connectionTimeoutMillis: timeout } : {}),
    });
    const lost = options.onConnectionError ?? ((error: Error) => console.error(`PostgreSQL connection lost: ${error.message}`));
    pool.on('error', lost);
    // The pool listens only to idle clients: one lost while checked out between two statements
    // (a transaction, a restart of the server) would otherwise throw an unhandled 'error' and end
    // the process. Its next statement fails instead, and the pool then drops it.
    pool.on('connect', (client) => client.on('error', lost));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    remember(db, { engine: 'postgres', pool, clientConfig });
    return db;
  }
  const file = databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers go on while a writer commits; NORMAL sync is safe with WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins });
  remember(db, { engine: 'sqlite', sqlite });
  return db;
}

/** Prepared statements kept per connection: a page runs a few dozen distinct queries, a site a few hundred. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, and SQLite's prepare (parsing and planning the SQL) costs
 * more than running a small query. The same SQL text reuses its statement; the oldest are let go
 * beyond the bound (queries with `in (?, ?, …)` lists have many texts). A statement still busy
 * (a streamed query not yet read to its end) is not shared: that query gets one of its own.
 */
function withStatementCache(sqlite: SQLite.Database): { close(): void; prepare(sql: string): SQLite.Statement } {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = statements.get(text);
      if (cached && !cached.busy) return cached;
      if (cached) return sqlite.prepare(text);
      const statement = sqlite.prepare(text);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statements.set(text, statement);
      return statement;
    },
  };
}

export function engineOfDb(db: Db): Engine {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

const DROPPED_CONNECTION = /Connection terminated|timeout exceeded when trying to connect|connection error/i;

/** Whether an error means the database could not be reached, rather than that a query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // node-postgres reports a connection dropped mid-query, or none obtained in time, without a code.
  if (typeof code !== 'string') return error instanceof Error && DROPPED_CONNECTION.test(error.message);
  // Network errors from the driver, PostgreSQL's connection classes (08…) and its shutdown and
  // start-up codes (57P01-57P03), and SQLite's "database is busy/locked" after busy_timeout.
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) ||
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03'].includes(code) ||
    code === 'SQLITE_BUSY'
  );
}

/** Waits between attempts to reach the database at start: doubling from the first to the last. */
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 5_000;

/** Asks the database the smallest question it can answer; rejects when it cannot. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * Resolves once the database answers, trying again (with a log line each time) until
 * `timeoutMs` has passed: a server started before its database, as after a reboot, waits for
 * it instead of exiting. Anything other than "cannot reach it" (a wrong password, a missing
 * database) fails at once, since waiting would not help.
 */
export async function waitForDatabase(db: Db, options: { timeoutMs: number; onRetry: (error: Error, waitMs: number) => void }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, LONGEST_RETRY_MS)) {
    try {
      await pingDatabase(db);
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + wait > deadline) throw error;
      options.onRetry(error as Error, wait);
      await sleep(wait);
    }
  }
}
