import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, waitForDatabase } from './db/connection.js';
import type { Db } from './db/database.js';
import { migrateToLatest, underStartLock } from './db/migrate.js';
import { createMailWorker } from './features/mail/worker.js';
import { sealClearTotpSecrets } from './features/accounts/users.repository.js';
import { createVault, loadKeyEncryptionKey } from './crypto/envelope.js';
import { sealLegacyEvidenceDigests } from './features/hrd-cases/evidence-digests.repository.js';
import { checkEncryptionKey } from './features/hrd-cases/key-check.js';
import { ensureReferenceData } from './features/hrd-vocabularies/vocabularies.repository.js';
import { contentFiles } from './features/media/storage.js';
import { isSearchIndexOutdated, rebuildOutdatedSearchIndex, SEARCH_INDEX_FORMAT } from './features/search/search.indexer.js';
import { createLogger } from './logger.js';
import { probeObjectStorage, StorageProbeError } from './storage/index.js';
import { initialiseDatabase } from './seed/demo.js';

/** How often a closing server ends the keep-alive connections that have become idle. */
const IDLE_SWEEP_MS = 50;

/** A start that cannot succeed (unreachable database, a key that does not open the data): one line, no stack. */
export class StartError extends Error {}

/**
 * Opens the database (waiting for it, bounded), migrates it, checks that the encryption key
 * opens the sealed data, imports the demo into a new database that asks for it, then listens
 * until SIGTERM. A search index built by an earlier version is rebuilt meanwhile.
 */
export async function startServer(config: Config): Promise<void> {
  // The data directory was made, closed to others and probed for writes by the CLI (prepareDataDir).
  const log = createLogger(config);
  const db = openDatabase(config.databaseUrl, {
    queryTimeoutMs: config.databaseQueryTimeoutSeconds * 1000,
    onConnectionError: (error) => log.warn({ err: error }, 'database connection lost; the next query reconnects'),
  });
  try {
    await prepareDatabase(db, config, log);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const app = await buildApp({ config, db, log });
  await probeStorageBeforeServing(app, db);
  rebuildSearchIndexInBackground(app, db);
  if (config.mailWorker) await startMailSender(app, db, config);
  stopOnSignals(app, db, config);
  await app.listen({ port: config.port, host: config.host });
}

async function prepareDatabase(db: Db, config: Config, log: Logger): Promise<void> {
  try {
    await waitForDatabase(db, {
      timeoutMs: config.databaseStartTimeoutSeconds * 1000,
      onRetry: (error, waitMs) => log.warn({ err: error, retryInMs: waitMs }, 'the database does not answer yet; waiting'),
    });
  } catch (error) {
    throw new StartError(`The database cannot be reached (${(error as Error).message}); gave up after ${config.databaseStartTimeoutSeconds} s (DATABASE_START_TIMEOUT_SECONDS).`);
  }
  // Servers starting together on one database prepare it one after the other: the first
  // migrates and imports, the others find nothing left to do.
  await underStartLock(db, async () => {
    await migrateToLatest(db);
    await ensureReferenceData(db);
    const key = await checkEncryptionKey(db, config);
    if (!key.ok) throw new StartError(key.message);
    await sealValuesKeptInClearByEarlierVersions(db, config, log);
    log.info(await initialiseDatabase(db, config, (line) => log.info(line)));
  });
}

/** Values an earlier version stored in clear are sealed once the key is known to be right. */
async function sealValuesKeptInClearByEarlierVersions(db: Db, config: Config, log: Logger): Promise<void> {
  const openVault = () => createVault(loadKeyEncryptionKey(config.encryptionKey, config.dataDir));
  const accounts = await sealClearTotpSecrets(db, openVault);
  if (accounts > 0) log.info({ accounts }, 'sealed the TOTP secrets stored in clear by an earlier version');
  const evidenceRows = await sealLegacyEvidenceDigests(db, openVault);
  if (evidenceRows > 0) log.info({ evidenceRows }, 'sealed the SHA-256, size and type of evidence recorded by an earlier version');
}

/** A bucket that is missing or refuses this server's credentials stops the start, in one line. */
async function probeStorageBeforeServing(app: FastifyInstance, db: Db): Promise<void> {
  try {
    await probeObjectStorage(app.storage);
  } catch (error) {
    await app.close();
    await db.destroy();
    if (error instanceof StorageProbeError) throw new StartError(error.message);
    throw error;
  }
}

/**
 * An index in another format than this code's is rebuilt while the site is served: a large site
 * takes up to a minute, and until the rebuild commits searches read the old rows (on SQLite, whose
 * one connection the rebuild holds, requests wait for it instead). A shutdown waits for it (onClose
 * hooks run last-added first, so before the storage closes); a rebuild that fails is logged and
 * tried again at the next start.
 */
function rebuildSearchIndexInBackground(app: FastifyInstance, db: Db): void {
  const log = app.log;
  const rebuild = (async () => {
    if (!(await isSearchIndexOutdated(db))) return;
    log.info({ format: SEARCH_INDEX_FORMAT }, 'the search index is in an earlier format: rebuilding it while serving');
    const started = performance.now();
    const documents = await rebuildOutdatedSearchIndex(db, { storage: contentFiles(app.storage) });
    const seconds = Math.round(performance.now() - started) / 1000;
    if (documents === undefined) log.info('the search index is being rebuilt by another server, or was just rebuilt');
    else log.info({ documents, seconds, format: SEARCH_INDEX_FORMAT }, 'rebuilt the search index');
  })().catch((error: unknown) => log.error({ err: error }, 'rebuilding the search index failed; the next start tries again'));
  app.addHook('onClose', () => rebuild);
}

/** The outbox sender in this process; with MAIL_WORKER=off a `dove mail worker` sends instead. */
async function startMailSender(app: FastifyInstance, db: Db, config: Config): Promise<void> {
  const mail = await createMailWorker(db, config, { log: app.log });
  mail.worker.start();
  app.addHook('onClose', async () => {
    // Waits for the messages in flight, so each one's outcome is recorded before exit.
    await mail.worker.stop();
    await mail.transport.close();
  });
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests and mail sends finish,
 * close idle keep-alive connections, then exit. A request still running after the grace period
 * is cut off (exit 1), so a supervisor's stop never hangs.
 */
function stopOnSignals(app: FastifyInstance, db: Db, config: Config): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down');
    const finished = await closeGracefully(app, db, config.shutdownGraceSeconds * 1000);
    if (!finished) app.log.error('the shutdown grace period ran out; exiting with work unfinished');
    else app.log.info('stopped');
    process.exit(finished ? 0 : 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * Closes the app (Fastify stops accepting, answers 503 to requests on open connections, waits
 * for those in flight and ends idle keep-alive connections; onClose hooks stop the mail sender
 * and the periodic tasks), then the database. Resolves false if that takes longer than `graceMs`.
 */
export async function closeGracefully(app: FastifyInstance, db: Db, graceMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  // A keep-alive connection whose request was in flight becomes idle only when its answer is
  // sent; Node ends idle connections once, when closing starts, so sweep until all are gone
  // (otherwise each would linger for the keep-alive timeout and outlast the grace period).
  const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  const closed = (async () => {
    await app.close();
    await db.destroy();
    return true as const;
  })();
  const finished = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  clearInterval(sweep);
  return finished;
}
