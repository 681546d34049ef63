import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirError, prepareDataDir } from './data-dir.js';
import { announceChange } from './db/change-notices.js';
import { openDatabase } from './db/connection.js';
import type { Db } from './db/database.js';
import { migrateToLatest, underStartLock } from './db/migrate.js';
import { ROLES, type Role } from './features/accounts/roles.js';
import { MIN_LEASE_SECONDS } from './features/mail/worker.js';
import type { MirrorCommandOptions } from './mirror-command.js';
import { withObjectStorage } from './storage/index.js';

// Everything Dove writes (database, keys, uploads, evidence, outbox) is for its own user only:
// files 0600, folders 0700, whatever the login shell's umask.
process.umask(0o077);

/** The configuration, with DATA_DIR made, closed to other users and proved writable: else one line and exit. */
function config(): Config {
  try {
    const loaded = loadConfig();
    prepareDataDir(loaded.dataDir);
    return loaded;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DataDirError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** An error class a command expects and explains in one line, without a stack trace. */
type Refusal = abstract new (...args: never[]) => Error;

/**
 * Runs one command against the configured database: opens it, runs, prints an expected refusal
 * (with `prefix`) as one line and sets the exit code, and always closes the database.
 */
async function withDatabase(
  run: (db: Db, cfg: Config) => Promise<void>,
  refusal?: { type: Refusal; prefix?: string; exitCode?: number },
): Promise<void> {
  const cfg = config();
  const db = openDatabase(cfg.databaseUrl);
  try {
    await run(db, cfg);
  } catch (err) {
    if (!refusal || !(err instanceof refusal.type)) throw err;
    console.error(`${refusal.prefix ?? ''}${err.message}`);
    process.exitCode = refusal.exitCode ?? 1;
  } finally {
    await db.destroy();
  }
}

// Each command loads what it needs when it runs (the image pipeline, the whole app): a mail
// worker or a key rotation should not carry the web server's memory.
const program = new Command('dove')
  .description('Dove: the bilingual website and working platform of a human rights organisation')
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate the database, import the demo into a new one (unless NODE_ENV=production), and serve the site')
  .action(async () => {
    // Loaded here, not at the top: the web app's modules stay out of `dove mail worker` and the other commands.
    const { startServer, StartError } = await import('./server.js');
    try {
      await startServer(config());
    } catch (error) {
      if (!(error instanceof StartError)) throw error;
      console.error(error.message);
      process.exit(1);
    }
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(() =>
    withDatabase(async (db) => {
      // Under the servers' start lock: a server starting meanwhile waits for this run.
      const applied = await underStartLock(db, () => migrateToLatest(db));
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    }),
  );

program
  .command('seed')
  .description('import the content in ./content into the database (recorded as the demo: `dove demo remove` takes it out)')
  .option('--replace', 'delete the existing content first (settings, menus, all content items)')
  .action(async (opts: { replace?: boolean }) => {
    const { seedDatabase } = await import('./seed/seed.js');
    const { isDatabaseEmpty } = await import('./features/site-settings/site-settings.repository.js');
    await withDatabase(async (db, cfg) => {
      await migrateToLatest(db);
      if (!opts.replace && !(await isDatabaseEmpty(db))) {
        console.error('The database already has content. Run `dove seed --replace` to replace it.');
        process.exitCode = 1;
        return;
      }
      console.log(`Imported ${await seedDatabase(db, cfg, { replace: Boolean(opts.replace) })}.`);
      await announceChange(db);
    });
  });

program
  .command('demo')
  .description('the demo organisation imported into a new database')
  .command('remove')
  .description('delete the demo content, files, fictional HRD cases and alerts; keeps staff, subscribers, vocabularies, places and the audit log')
  .option('--force', 'remove it even though staff have changed content or cases since it was imported')
  .action(async (opts: { force?: boolean }) => {
    const { removeDemo, DemoRemovalRefused } = await import('./seed/demo-removal.js');
    await withDatabase(async (db, cfg) => {
      await migrateToLatest(db);
      const summary = await removeDemo(db, cfg, { force: Boolean(opts.force) });
      await announceChange(db);
      const rows = Object.entries(summary.rows).filter(([, n]) => n > 0).map(([table, n]) => `${n} ${table}`);
      console.log(`Removed the demo: ${rows.join(', ') || 'no rows'}; ${summary.storedFiles} stored files, ${summary.evidenceFiles} evidence files.`);
    }, { type: DemoRemovalRefused });
  });

const user = program.command('user').description('manage staff accounts');

user
  .command('create')
  .description('create a staff account (asks for its password twice, without showing it)')
  .requiredOption('--email <email>', 'sign-in email address')
  .requiredOption('--name <name>', 'the name shown in the admin')
  .option('--role <role>', `one of ${ROLES.join(', ')}`, 'editor')
  .action(async (opts: { email: string; name: string; role: string }) => {
    const { writeAudit } = await import('./features/audit/audit.repository.js');
    const { accountsMessages } = await import('./features/accounts/accounts.messages.js');
    const { readPasswords } = await import('./features/accounts/password-prompt.js');
    const { hashPassword } = await import('./features/accounts/passwords.js');
    const { readNewAccount } = await import('./features/accounts/form-input.js');
    const { findUserByEmail, insertUser } = await import('./features/accounts/users.repository.js');
    const cfg = config();
    if (!(ROLES as readonly string[]).includes(opts.role)) {
      console.error(`Unknown role "${opts.role}". Use one of: ${ROLES.join(', ')}.`);
      process.exitCode = 2;
      return;
    }
    const [password = '', repeated = ''] = await readPasswords(['Password: ', 'Password again: ']);
    const { values, errors } = readNewAccount({ name: opts.name, email: opts.email, password, password2: repeated }, { repeatPassword: true, lowerCaseEmail: true });
    const messages = accountsMessages.en;
    if (Object.keys(errors).length) {
      for (const [name, key] of Object.entries(errors)) console.error(`${name}: ${messages[key!] as string}`);
      process.exitCode = 1;
      return;
    }
    await withDatabase(async (db) => {
      await migrateToLatest(db);
      if (await findUserByEmail(db, values.email)) {
        console.error(`email: ${messages.emailTaken}`);
        process.exitCode = 1;
        return;
      }
      const passwordHash = await hashPassword(password);
      const id = await db.transaction().execute(async (tx) => {
        const newId = await insertUser(tx, { ...values, role: opts.role as Role, locale: cfg.defaultLocale, passwordHash });
        await writeAudit(tx, { actor: 'system:cli', action: 'user.create', subjectType: 'user', subjectId: String(newId), after: { ...values, role: opts.role } });
        return newId;
      });
      console.log(`Created ${opts.role} ${values.email} (id ${id}).`);
    });
  });

const mail = program.command('mail').description('the outbox of outgoing mail');

mail
  .command('worker')
  .description('send queued mail (SMTP_URL, else .eml files in DATA_DIR/outbox) until SIGTERM or SIGINT')
  .option('--lease-seconds <n>', 'how long a claimed message stays claimed (at least 120); after it another worker may send it', '300')
  .option('--once', 'send what is due, then exit')
  .action(async (opts: { leaseSeconds: string; once?: boolean }) => {
    const cfg = config();
    const leaseSeconds = Number(opts.leaseSeconds);
    if (!Number.isInteger(leaseSeconds) || leaseSeconds < MIN_LEASE_SECONDS) {
      console.error(
        `--lease-seconds must be a whole number of seconds, at least ${MIN_LEASE_SECONDS}: a shorter lease can run out ` +
          'while a message is still being sent, and another worker would send it again.',
      );
      process.exitCode = 2;
      return;
    }
    const { runMailWorker } = await import('./features/mail/worker.js');
    const db = openDatabase(cfg.databaseUrl);
    await migrateToLatest(db);
    await runMailWorker(db, cfg, { leaseMs: leaseSeconds * 1000, once: Boolean(opts.once) });
  });

program
  .command('keys')
  .description('manage the key that seals protected case data')
  .command('rotate')
  .description('re-seal every protected value and evidence file under a new key (stop the server first)')
  .option('--new-key-file <path>', 'a file holding the new key (32 bytes, base64); required when ENCRYPTION_KEY is set')
  .option('--skip-missing-evidence', 'go on when evidence files named in the database are missing from the storage (they stay lost)')
  .action(async (opts: { newKeyFile?: string; skipMissingEvidence?: boolean }) => {
    const { rotateKeysCommand, RotationError } = await import('./features/hrd-cases/key-rotation.js');
    await withDatabase(async (db, cfg) => {
      await migrateToLatest(db);
      const options = { newKeyFile: opts.newKeyFile, skipMissingEvidence: Boolean(opts.skipMissingEvidence) };
      const result = await withObjectStorage(cfg.storage, undefined, (storage) => rotateKeysCommand(db, cfg, { ...options, storage }));
      console.log(`${result.resumed ? 'Finished an interrupted rotation' : 'Rotated'}: ${result.values} values and ${result.files} evidence files are sealed under key ${result.keyId}.`);
      if (result.missingFiles) console.log(`${result.missingFiles} evidence files named in the database were missing from the storage and are still missing.`);
      if (result.keySource === 'environment') console.log('Now set ENCRYPTION_KEY to the key in the new key file, restart Dove, then delete that file.');
      else console.log(`The new key replaced ${cfg.dataDir}/encryption-key.`);
    }, { type: RotationError, exitCode: 2 });
  });

program
  .command('storage')
  .description('the object storage of uploaded, generated and evidence files (DATA_DIR or an S3-compatible bucket)')
  .command('copy')
  .description('copy every stored file to the named backend from the other one; resumable, each copy checked by SHA-256')
  .requiredOption('--to <backend>', 's3 (from DATA_DIR into S3_BUCKET) or disk (from S3_BUCKET into DATA_DIR)')
  .action(async (opts: { to: string }) => {
    const { copyEnds, copyStorage, copySummaryLine, StorageCopyError } = await import('./features/backup/storage-copy.command.js');
    const cfg = config();
    const s3 = (() => {
      try {
        return loadConfig({ ...process.env, STORAGE: 's3' }).storage;
      } catch (err) {
        if (err instanceof ConfigError && !process.env.S3_BUCKET) return undefined;
        throw err;
      }
    })();
    try {
      const ends = copyEnds(cfg, s3, opts.to);
      await withObjectStorage(ends.from, undefined, (from) =>
        withObjectStorage(ends.to, undefined, async (to) => {
          const summary = await copyStorage(from, to, (line) => console.error(line));
          console.log(copySummaryLine(summary, to));
          if (summary.failures.length > 0) process.exitCode = 1;
        }),
      );
    } catch (err) {
      if (!(err instanceof StorageCopyError || err instanceof ConfigError)) throw err;
      console.error(err.message);
      process.exitCode = 2;
    }
  });

program
  .command('backup')
  .description('write one archive of the database, uploaded and evidence files and the cookie secret (never the encryption key)')
  .argument('<file>', 'the archive to create, e.g. dove-2025-01-31.tar.gz (.gz or .tgz: compressed)')
  .action(async (file: string) => {
    const { createBackup, BackupError } = await import('./features/backup/backup.command.js');
    const { backupReport } = await import('./features/backup/backup.report.js');
    await withDatabase(async (db, cfg) => console.log(backupReport(await createBackup(db, cfg, file), cfg)), { type: BackupError, prefix: 'Backup failed: ' });
  });

program
  .command('restore')
  .description('restore an archive made by `dove backup` into an empty DATA_DIR and an empty database')
  .argument('<file>', 'the archive')
  .action(async (file: string) => {
    const { restoreBackup, RestoreError } = await import('./features/backup/restore.command.js');
    const { restoreReport } = await import('./features/backup/backup.report.js');
    await withDatabase(async (db, cfg) => console.log(restoreReport(await restoreBackup(db, cfg, file), cfg)), { type: RestoreError, prefix: 'Restore refused: ' });
  });

program
  .command('import')
  .description('bring content in from another system')
  .command('wordpress')
  .description('import a WordPress export (WXR): posts, pages, categories and tags, images, approved comments, Polylang/WPML translations, and a 301 for every old address; run again to update')
  .argument('<export.xml>', 'the file from WordPress: Tools → Export → All content')
  .option('--uploads <folder>', "the export's wp-content/uploads folder (else attachments are downloaded from their old addresses)")
  .option('--dry-run', 'read everything and report what would happen, writing nothing')
  .option('--news-kind <kind>', 'what posts become: press_release, media_comment, letter, alert or in_the_news', 'press_release')
  .option('--language <locale>', "the language of posts the export does not name (no Polylang or WPML), unless in Khmer script; default: the site's first")
  .option('--report <file>', 'where to write the JSON report (default: beside the export)')
  .option('--fetch-timeout <seconds>', 'how long one attachment download may take', '20')
  .action(async (file: string, opts: { uploads?: string; dryRun?: boolean; newsKind?: string; language?: string; report?: string; fetchTimeout?: string }) => {
    const { runWordPressImport, WordPressImportRefused } = await import('./features/wordpress-import/wordpress-import.command.js');
    await withDatabase(async (db, cfg) => {
      await migrateToLatest(db);
      console.log((await runWordPressImport(db, cfg, file, { ...opts, progress: (line) => console.error(line) })).text);
      if (!opts.dryRun) await announceChange(db);
    }, { type: WordPressImportRefused, prefix: 'Import refused: ', exitCode: 2 });
  });

program
  .command('upr')
  .description('the UPR recommendations tracker')
  .command('import')
  .description("import recommendations from a CSV in UPR Info's layout (docs/upr.md); run again to update, a bad row rejects the file")
  .argument('<file.csv>', 'the CSV file')
  .action(async (file: string) => {
    const { runUprImport } = await import('./features/upr/upr.command.js');
    const { reindexItem } = await import('./features/search/search.indexer.js');
    const { contentFiles } = await import('./features/media/storage.js');
    const { UPR_RECOMMENDATION_TYPE } = await import('./features/upr/upr-type.js');
    await withDatabase(async (db, cfg) => {
      await migrateToLatest(db);
      await withObjectStorage(cfg.storage, undefined, async (objects) => {
        const storage = contentFiles(objects);
        const report = await runUprImport(db, file, async (tx, ids) => {
          for (const id of ids) await reindexItem(tx, UPR_RECOMMENDATION_TYPE, id, { storage });
        });
        (report.ok ? console.log : console.error)(report.lines.join('\n'));
        if (report.ok) await announceChange(db);
        else process.exitCode = 2;
      });
    });
  });

const mirror = program.command('mirror').description('a static copy of the public site, for readers who cannot reach it (docs/mirror.md)');

mirror
  .command('make <dir>', { isDefault: true })
  .description('make or bring up to date the copy in <dir> (the default: `dove mirror <dir>`)')
  .option('--base-url <url>', 'absolute links under this address instead of relative ones, e.g. https://mirror.example.org')
  .option('--archive <file>', 'also write the copy as one .tar.gz archive')
  .option('--archive-org', 'after publishing, ask the Internet Archive to save the pages that changed')
  .option('--archive-org-per-minute <n>', 'requests to the Internet Archive per minute', '4')
  .option('--archive-org-max <n>', 'pages to ask the Internet Archive for in one run', '200')
  .option('--archive-org-endpoint <url>', 'the Save Page Now address', 'https://web.archive.org/save/')
  .option('--threads <n>', 'threads that render pages (default: one per core)')
  .action(async (dir: string, opts: MirrorCommandOptions) => {
    const { runMirror } = await import('./mirror-command.js');
    process.exitCode = await runMirror(config(), dir, opts);
  });

mirror
  .command('verify <dir>')
  .description("check every file of a copy against the SHA-256 checksums of its manifest.json")
  .action(async (dir: string) => {
    const { verifyMirrorFolder } = await import('./mirror-command.js');
    process.exitCode = await verifyMirrorFolder(config(), dir);
  });

program
  .command('search')
  .description('the search index')
  .command('rebuild')
  .description('rebuild the search index from the published content (searches read the old index until it is done)')
  .action(async () => {
    const { rebuildSearchIndex } = await import('./features/search/search.indexer.js');
    const { contentFiles } = await import('./features/media/storage.js');
    const { withObjectStorage } = await import('./storage/index.js');
    await withDatabase(async (db, cfg) => {
      await migrateToLatest(db);
      const started = performance.now();
      const documents = await withObjectStorage(cfg.storage, undefined, (objects) => rebuildSearchIndex(db, { storage: contentFiles(objects) }));
      await announceChange(db);
      console.log(`Rebuilt the search index: ${documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    });
  });

program
  .command('media')
  .description('the media library: uploaded images and documents')
  .command('covers')
  .description("draw the first page of every stored PDF that has no cover image yet (PDFs stored before covers existed); run again: nothing to do")
  .action(async () => {
    const { runFirstPagesCommand } = await import('./features/media-library/first-pages.command.js');
    const { contentFiles } = await import('./features/media/storage.js');
    await withDatabase(async (db, cfg) => {
      await migrateToLatest(db);
      const { summary, lines } = await withObjectStorage(cfg.storage, undefined, (objects) =>
        runFirstPagesCommand(db, contentFiles(objects), (line) => console.error(line)),
      );
      console.log(lines.join('\n'));
      // One PDF that cannot be drawn does not stop the others, but the run says it was not all done.
      if (summary.failed.length > 0) process.exitCode = 1;
    });
  });

async function resumeOperationsCommand(): Promise<void> {
  const { resumeOperationsFromCli } = await import('./features/operations/operations.command.js');
  await withDatabase(async (db) => {
    await migrateToLatest(db);
    console.log(await resumeOperationsFromCli(db));
  });
}

program
  .command('operations')
  .description('mail sending and scheduled publishing, paused after a restore')
  .command('resume')
  .description('let mail be sent and scheduled items be published again')
  .action(resumeOperationsCommand);

program.command('resume').description('the same as `dove operations resume`').action(resumeOperationsCommand);

await program.parseAsync(process.argv);
