import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/connection.js';
import type { Db } from '../../../src/db/database.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { seedDatabase } from '../../../src/seed/seed.js';
import { freePort as findFreePort } from '../../helpers/dove-process.js';

/** The organisation's demo content, as `dove serve` imports it on a first start. */
export const DEMO_CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../content');

export interface RunningSite {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  baseUrl: string;
  /** The site's own database, for a test that sets something up or reads what the site stored. */
  db: Db;
  close(): Promise<void>;
}

/**
 * The real server over HTTP, as readers' browsers meet it: the app from `buildApp` on a fresh
 * SQLite database in a temporary data directory, seeded with the demo content, listening on
 * the loopback interface. PUBLIC_URL is that address, so absolute links stay on this host.
 */
export async function startDemoSite(contentDir = DEMO_CONTENT_DIR): Promise<RunningSite> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-e2e-'));
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: path.join(dataDir, 'e2e.sqlite'),
    PUBLIC_URL: baseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
  });
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    await seedDatabase(db, config, { contentDir });
    const app = await buildApp({ config, db, logger: false });
    await app.listen({ port, host: '127.0.0.1' });
    return {
      baseUrl,
      db,
      async close() {
        await app.close();
        await db.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
