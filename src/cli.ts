import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { isDatabaseEmpty, seedDatabase } from './seed/seed.js';
import { startServer } from './server.js';

function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command('dove')
  .description('Dove: the bilingual website and working platform of a human rights organisation')
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate the database, import the demo content into an empty one, and serve the site')
  .action(async () => {
    await startServer(config());
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    const db = openDatabase(config().databaseUrl);
    try {
      const applied = await migrateToLatest(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await db.destroy();
    }
  });

program
  .command('seed')
  .description('import the content in ./content into the database')
  .option('--replace', 'delete the existing content first (settings, menus, all content items)')
  .action(async (opts: { replace?: boolean }) => {
    const cfg = config();
    const db = openDatabase(cfg.databaseUrl);
    try {
      await migrateToLatest(db);
      if (!opts.replace && !(await isDatabaseEmpty(db))) {
        console.error('The database already has content. Run `dove seed --replace` to replace it.');
        process.exitCode = 1;
        return;
      }
      console.log(`Imported ${await seedDatabase(db, cfg, { replace: Boolean(opts.replace) })}.`);
    } finally {
      await db.destroy();
    }
  });

await program.parseAsync(process.argv);
