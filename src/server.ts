import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, waitForDatabase } from './db/connection.js';
import type { Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createMailWorker } from './features/mail/worker.js';
import { createVault, loadKeyEncryptionKey } from './crypto/envelope.js';
import { sealLegacyEvidenceDigests } from './features/hrd-cases/evidence-digests.repository.js';
import { checkEncryptionKey } from './features/hrd-cases/key-check.js';
import { ensureReferenceData } from './features/hrd-vocabularies/vocabularies.repository.js';
import { createLogger } from './logger.js';
import { initialiseDatabase } from './seed/demo.js';

/** A start that cannot succeed (unreachable database, a key that does not open the data): one line, no stack. */
export class StartError extends Error {}

/**
 * Opens the database (waiting for it, bounded), migrates it, checks that the encryption key
 * opens the sealed data, imports the demo into a new database that asks for it, then listens
 * until SIGTERM.
 */
export async function startServer(config: Config): Promise<void> {
  const log = createLogger(config);
  fs.mkdirSync(config.dataDir, { recursive: true });
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
  await migrateToLatest(db);
  await ensureReferenceData(db);
  const key = await checkEncryptionKey(db, config);
  if (!key.ok) throw new StartError(key.message);
  const sealed = await sealLegacyEvidenceDigests(db, () => createVault(loadKeyEncryptionKey(config.encryptionKey, config.dataDir)));
  if (sealed > 0) log.info({ evidenceRows: sealed }, 'sealed the SHA-256, size and type of evidence recorded before migration 0014');
  log.info(await initialiseDatabase(db, config, (line) => log.info(line)));
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
    const timer = setTimeout(() => {
      app.log.error('the shutdown grace period ran out; exiting with work unfinished');
      process.exit(1);
    }, config.shutdownGraceSeconds * 1000);
    timer.unref();
    await app.close();
    await db.destroy();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
