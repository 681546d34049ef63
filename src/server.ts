import fs from 'node:fs';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { createMailWorker } from './features/mail/worker.js';
import { ensureReferenceData } from './features/hrd-vocabularies/vocabularies.repository.js';
import { isDatabaseEmpty, seedDatabase } from './seed/seed.js';

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Opens and migrates the database, seeds demo content into an empty one, then listens. */
export async function startServer(config: Config): Promise<void> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  await ensureReferenceData(db);
  if (config.seedOnFirstStart && (await isDatabaseEmpty(db))) {
    console.log('Empty database: importing the demo content…');
    const summary = await seedDatabase(db, config);
    console.log(`Imported ${summary}.`);
  }
  const app = await buildApp({ config, db });
  if (config.mailWorker) {
    // The outbox sender in this process; with MAIL_WORKER=off a `dove mail worker` sends instead.
    const mail = await createMailWorker(db, config, { log: app.log });
    mail.worker.start();
    app.addHook('onClose', async () => {
      await mail.worker.stop();
      await mail.transport.close();
    });
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    timer.unref();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
}
