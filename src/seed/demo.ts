import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { findInitialisation, recordInitialisation } from '../features/instance/instance.repository.js';
import { countUsers } from '../features/accounts/users.repository.js';
import { isDatabaseEmpty } from '../features/site-settings/site-settings.repository.js';
import type { SeedOptions } from './seed.js';

/** Where progress lines go while the server is not yet logging (console.log by default). */
export type LogLine = (line: string) => void;

/**
 * Decides, once in a database's life, whether it starts with the demo organisation. A database
 * counts as new only until this has run: what it decided is recorded in `instance_state`, so a
 * database whose content the organisation later emptied is never filled with the demo again.
 * Returns one line for the log.
 */
export async function initialiseDatabase(
  db: Db,
  config: Config,
  log: LogLine = console.log,
  options: Omit<SeedOptions, 'replace'> = {},
): Promise<string> {
  const done = await findInitialisation(db);
  if (done) return `Database initialised on ${done.at} (${describe(done.with)}); nothing to import.`;
  const at = new Date().toISOString();
  if (await holdsData(db)) {
    await recordInitialisation(db, { at, with: 'existing' });
    return 'Database already holds content or staff accounts: recorded as initialised, the demo is not imported.';
  }
  if (!config.seedOnFirstStart) {
    await recordInitialisation(db, { at, with: 'empty' });
    const why = config.production ? 'NODE_ENV=production' : 'SEED_ON_FIRST_START is off';
    return `New database initialised empty (${why}): create the first admin at /admin/setup or with \`dove user create\`.`;
  }
  log('New database: importing the demo organisation (fictional HRD cases included)…');
  // seedDatabase records the initialisation in its own transaction, with the demo's rows.
  // Loaded only when a demo is imported: the content reader, Markdown and PDF making stay out of every other start.
  const { seedDatabase } = await import('./seed.js');
  return `Imported the demo: ${await seedDatabase(db, config, options)}. Remove it with \`dove demo remove\`.`;
}

function describe(how: string): string {
  return how === 'demo' ? 'with the demo' : how === 'empty' ? 'empty' : 'from existing data';
}

/**
 * A database from before initialisation was recorded may already be in use: one with the
 * organisation's settings or any staff account is never treated as new.
 */
async function holdsData(db: Db): Promise<boolean> {
  return !(await isDatabaseEmpty(db)) || (await countUsers(db)) > 0;
}
