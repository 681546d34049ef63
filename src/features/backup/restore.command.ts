import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Config } from '../../config.js';
import { createVault, DecryptionError, keyFilePath, keyFromBase64, type KeyEncryptionKey } from '../../crypto/envelope.js';
import { engineOfDb, type Engine } from '../../db/connection.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { migrateTo, migrateToLatest, MIGRATION_NAMES } from '../../db/migrate.js';
import { writeAudit } from '../audit/audit.repository.js';
import { PROTECTED_FIELDS, type ProtectedTable } from '../hrd-cases/protected-fields.js';
import { contentFiles } from '../media/storage.js';
import { DiskObjectStorage } from '../../storage/disk-storage.js';
import { withObjectStorage, type ObjectStorage } from '../../storage/index.js';
import { pauseOperations } from '../operations/operations.repository.js';
import { rebuildSearchIndex } from '../search/search.indexer.js';
import { ArchiveFormatError, readArchive, type ArchiveEntry } from './backup-archive.js';
import { HashingTap, linesOf, STORED_FILE_PREFIXES } from './backup-files.js';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, ARCHIVE_PATHS, isBackupEntryPath, MANIFEST_NAME, manifestSchema, type Manifest, type ManifestEntry } from './backup.manifest.js';
import { countRows, deferForeignKeyChecks, insertRows, listDataTables, resetSequences } from './database-dump.repository.js';
import { decodeValue, type EncodedValue } from './row-codec.js';

/** Bound parameters per insert statement, under SQLite's and PostgreSQL's limits. */
const MAX_PARAMETERS_PER_INSERT = 30_000;
/** How much of a manifest is read at most, in bytes: it is small, and parsed whole. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export class RestoreError extends Error {}

/** `storage`: where the restored files go, DATA_DIR or the configured bucket. */
export type RestoreConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'encryptionKey' | 'storage'>;

export interface RestoreResult {
  manifest: Manifest;
  rows: number;
  files: number;
  /** 'checked' when a sealed value opened with the configured key; 'no-sealed-data' when there was none to try. */
  key: 'checked' | 'no-sealed-data';
}

/**
 * `dove restore <file>`, in an order that writes nothing until everything was checked:
 *   1. the manifest: a format and a schema this code knows;
 *   2. the target: DATA_DIR and the database are empty;
 *   3. every entry against its size and SHA-256, and that nothing is missing or extra;
 *   4. the key: one sealed value of the backup opens with the configured key.
 * Then the schema of the backup is built, and in ONE transaction the rows are loaded while the
 * files are written (checked again as they are written), the search index is rebuilt, and mail
 * and scheduled publishing are paused. On disk the files go into a folder of their own inside
 * DATA_DIR and are moved into place only after the commit; in a bucket they are written under
 * their keys (the bucket was checked empty) and removed again if the restore fails. A failure
 * rolls the transaction back: what remains is an empty, migrated database and no restored
 * file, and the restore can be run again.
 */
export async function restoreBackup(db: Db, config: RestoreConfig, archive: string, actor = 'system:cli'): Promise<RestoreResult> {
  return withObjectStorage(config.storage, undefined, (storage) => restoreInto(db, config, storage, archive, actor));
}

async function restoreInto(db: Db, config: RestoreConfig, storage: ObjectStorage, archive: string, actor: string): Promise<RestoreResult> {
  const file = path.resolve(archive);
  if (!fs.existsSync(file)) throw new RestoreError(`There is no file ${file}.`);
  const manifest = await readManifest(file);
  await checkTargetIsEmpty(db, config, storage);
  const sample = await verifyArchive(file, manifest);
  const key = checkKey(config, manifest, sample);
  const staging = path.join(config.dataDir, `.restore-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(staging, { mode: 0o700 });
  // On disk, files wait in the staging folder until the commit; a bucket takes them under their keys.
  const target = storage.kind === 'disk' ? new DiskObjectStorage(staging) : storage;
  const written: string[] = [];
  try {
    await migrateTo(db, manifest.migration);
    const loaded = await db.transaction().execute((tx) => loadArchive(tx, file, manifest, { staging, target, written }, actor));
    moveIntoPlace(staging, config.dataDir);
    written.length = 0;
    await migrateToLatest(db);
    return { manifest, ...loaded, key };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (target !== storage) await target.close();
    else for (const key of written) await target.delete(key);
  }
}

/** Reads every entry through `each`; turns a damaged or unexpected archive into a RestoreError. */
async function forEachEntry(file: string, each: (entry: ArchiveEntry) => Promise<void>): Promise<void> {
  try {
    for await (const entry of readArchive(file, isBackupEntryPath)) await each(entry);
  } catch (err) {
    if (err instanceof ArchiveFormatError) throw new RestoreError(`${err.message} Nothing was restored.`);
    throw err;
  }
}

async function readManifest(file: string): Promise<Manifest> {
  let manifest: Manifest | undefined;
  class Stop extends Error {}
  try {
    await forEachEntry(file, async (entry) => {
      if (entry.name !== MANIFEST_NAME || entry.size > MAX_MANIFEST_BYTES) throw new RestoreError('This is not a Dove backup: it does not begin with manifest.json.');
      const chunks: Buffer[] = [];
      for await (const chunk of entry.body) chunks.push(chunk);
      manifest = parseManifest(Buffer.concat(chunks));
      throw new Stop();
    });
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  if (!manifest) throw new RestoreError('The archive is empty.');
  return manifest;
}

function parseManifest(bytes: Buffer): Manifest {
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw new RestoreError('The manifest of this archive is damaged. Nothing was restored.');
  }
  if (!parsed.success) throw new RestoreError('This is not a Dove backup, or its manifest is damaged. Nothing was restored.');
  const m = parsed.data;
  if (m.format !== ARCHIVE_FORMAT || m.formatVersion > ARCHIVE_FORMAT_VERSION) {
    throw new RestoreError(`This backup was made by a newer Dove (archive format ${m.formatVersion}, Dove ${m.doveVersion}). Update Dove, then restore.`);
  }
  if (!MIGRATION_NAMES.includes(m.migration)) {
    throw new RestoreError(`This backup was made by a newer Dove (Dove ${m.doveVersion}, database schema ${m.migration}), which this Dove does not know. Update Dove, then restore.`);
  }
  return m;
}

/** Files Dove or the operator may already have put into DATA_DIR before a restore. */
function allowedInEmptyDataDir(config: RestoreConfig): Set<string> {
  const allowed = new Set([path.basename(keyFilePath(config.dataDir)), 'lost+found']);
  const dbFile = path.resolve(config.databaseUrl.replace(/^(sqlite|file):(\/\/)?/, ''));
  if (path.dirname(dbFile) === path.resolve(config.dataDir)) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) allowed.add(path.basename(dbFile) + suffix);
  }
  return allowed;
}

async function checkTargetIsEmpty(db: Db, config: RestoreConfig, storage: ObjectStorage): Promise<void> {
  if (storage.kind !== 'disk') await checkBucketIsEmpty(storage);
  const allowed = allowedInEmptyDataDir(config);
  const present = fs.existsSync(config.dataDir) ? fs.readdirSync(config.dataDir).filter((name) => !allowed.has(name)) : [];
  if (present.length) {
    throw new RestoreError(
      `${config.dataDir} is not empty (it holds ${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}). ` +
        'A restore only goes into an empty data directory: point DATA_DIR at a new, empty folder (keep the old one until the restored site works). Nothing was restored.',
    );
  }
  for (const table of await listDataTables(db)) {
    if ((await countRows(db, table.name)) > 0) {
      throw new RestoreError(`The database is not empty (table ${table.name} has rows). A restore only goes into an empty database: create a new one and point DATABASE_URL at it. Nothing was restored.`);
    }
  }
}

/** A bucket that already holds files belongs to a site: a restore never mixes two. */
async function checkBucketIsEmpty(storage: ObjectStorage): Promise<void> {
  for (const prefix of STORED_FILE_PREFIXES) {
    for await (const info of storage.list(prefix)) {
      throw new RestoreError(
        `The object storage ${storage.location} already holds files (${info.key}). A restore only goes into empty storage: ` +
          'point S3_BUCKET at a new, empty bucket (keep the old one until the restored site works). Nothing was restored.',
      );
    }
  }
}

interface SealedSample {
  value: string;
  context: string;
}

/** Checks every entry against the manifest without writing anything; returns one sealed value to try the key on. */
async function verifyArchive(file: string, manifest: Manifest): Promise<SealedSample | undefined> {
  const expected = new Map(manifest.entries.map((e) => [e.path, e]));
  const seen = new Set<string>();
  let sample: SealedSample | undefined;
  await forEachEntry(file, async (entry) => {
    if (entry.name === MANIFEST_NAME && seen.size === 0) return;
    const wanted = expected.get(entry.name);
    if (!wanted || seen.has(entry.name)) throw new RestoreError(`The archive holds ${entry.name}, which its manifest does not list. Nothing was restored.`);
    seen.add(entry.name);
    const tap = new HashingTap();
    const table = protectedTableOf(entry.name);
    if (table && !sample) sample = await findSealedValue(table, linesOf(tap.through(entry.body)));
    else for await (const chunk of tap.through(entry.body)) void chunk;
    checkEntry(wanted, tap);
  });
  const missing = manifest.entries.filter((e) => !seen.has(e.path));
  if (missing.length) throw new RestoreError(`The archive is incomplete: ${missing[0]!.path} is missing. Nothing was restored.`);
  return sample;
}

function checkEntry(wanted: ManifestEntry, tap: HashingTap): void {
  if (tap.bytes !== wanted.size || tap.digest() !== wanted.sha256) {
    throw new RestoreError(`${wanted.path} does not match its checksum: the archive is damaged or was changed. Nothing was restored.`);
  }
}

function protectedTableOf(entryPath: string): ProtectedTable | undefined {
  const match = /^database\/(.+)\.jsonl$/.exec(entryPath);
  return match && match[1]! in PROTECTED_FIELDS ? (match[1] as ProtectedTable) : undefined;
}

/** The first sealed value in a protected table's dump; reads the dump to its end, so all of it is hashed. */
async function findSealedValue(table: ProtectedTable, lines: AsyncIterable<string>): Promise<SealedSample | undefined> {
  let columns: string[] | undefined;
  let found: SealedSample | undefined;
  for await (const line of lines) {
    if (found) continue;
    if (!columns) {
      columns = (JSON.parse(line) as { columns: string[] }).columns;
      continue;
    }
    const row = JSON.parse(line) as EncodedValue[];
    for (const column of PROTECTED_FIELDS[table]) {
      const value = row[columns.indexOf(column)];
      if (typeof value === 'string' && value && !found) found = { value, context: `${table}.${column}` };
    }
  }
  return found;
}

/** The key the restored site will use must open the backup's sealed data, or nothing is restored. */
function checkKey(config: RestoreConfig, manifest: Manifest, sample: SealedSample | undefined): RestoreResult['key'] {
  if (!sample) return 'no-sealed-data';
  const kek = configuredKey(config);
  const sealedUnder = sample.value.split('.')[1] ?? manifest.encryptionKeyId ?? '?';
  if (!kek) {
    throw new RestoreError(
      `This backup holds sealed case data, and no encryption key is set up. Copy the site's key into ${keyFilePath(config.dataDir)} ` +
        `(chmod 600), or set ENCRYPTION_KEY, then run the restore again. The data is sealed under key ${sealedUnder}. Nothing was restored.`,
    );
  }
  try {
    createVault(kek).open(sample.value, sample.context);
    return 'checked';
  } catch (err) {
    if (!(err instanceof DecryptionError)) throw err;
    throw new RestoreError(
      `The configured encryption key (${kek.id}) does not open the case data of this backup, which is sealed under key ${sealedUnder}. ` +
        `Put the key the site used when the backup was made into ${keyFilePath(config.dataDir)} or ENCRYPTION_KEY, then run the restore again. Nothing was restored.`,
    );
  }
}

function configuredKey(config: RestoreConfig): KeyEncryptionKey | undefined {
  try {
    if (config.encryptionKey) return keyFromBase64(config.encryptionKey);
    const file = keyFilePath(config.dataDir);
    return fs.existsSync(file) ? keyFromBase64(fs.readFileSync(file, 'utf8').trim()) : undefined;
  } catch {
    throw new RestoreError(`The key in ${keyFilePath(config.dataDir)} is not a valid key (32 bytes in base64). Nothing was restored.`);
  }
}

interface RestoreTarget {
  /** The folder in DATA_DIR for what is moved into place after the commit (the cookie secret; files on disk). */
  staging: string;
  /** Where files are written: the staging folder on disk, or the bucket. */
  target: ObjectStorage;
  /** Keys written into the bucket, removed again if the restore fails. */
  written: string[];
}

/** Second pass, inside the transaction: rows into the database, files into the target storage. */
async function loadArchive(tx: DbOrTx, file: string, manifest: Manifest, into: RestoreTarget, actor: string): Promise<{ rows: number; files: number }> {
  const engine = engineOfDb(tx as Db);
  await deferForeignKeyChecks(tx);
  const expected = new Map(manifest.entries.map((e) => [e.path, e]));
  let rows = 0;
  let files = 0;
  await forEachEntry(file, async (entry) => {
    const wanted = expected.get(entry.name);
    if (!wanted) return;
    const tap = new HashingTap();
    if (entry.name.startsWith(ARCHIVE_PATHS.databasePrefix)) rows += await loadTable(tx, engine, linesOf(tap.through(entry.body)));
    else {
      if (entry.name === ARCHIVE_PATHS.sessionSecret) await writeStagedFile(into.staging, entry.name, tap.through(entry.body));
      else {
        into.written.push(entry.name);
        await into.target.put(entry.name, Readable.from(tap.through(entry.body)), { sha256: wanted.sha256 });
      }
      files += 1;
    }
    checkEntry(wanted, tap);
  });
  await resetSequences(tx);
  await rebuildSearchIndex(tx, { storage: contentFiles(into.target) });
  await pauseOperations(tx, { reason: 'restore', backupCreatedAt: manifest.createdAt });
  await writeAudit(tx, {
    actor,
    action: 'backup.restore',
    subjectType: 'operations',
    subjectId: null,
    after: { createdAt: manifest.createdAt, engine: manifest.engine, migration: manifest.migration, doveVersion: manifest.doveVersion, rows, files },
  });
  return { rows, files };
}

async function loadTable(tx: DbOrTx, engine: Engine, lines: AsyncIterable<string>): Promise<number> {
  let header: { table: string; columns: string[] } | undefined;
  let batch: unknown[][] = [];
  let count = 0;
  for await (const line of lines) {
    if (!header) {
      header = JSON.parse(line) as { table: string; columns: string[] };
      continue;
    }
    batch.push((JSON.parse(line) as EncodedValue[]).map((v) => decodeValue(v, engine)));
    if (batch.length * header.columns.length >= MAX_PARAMETERS_PER_INSERT) {
      await insertRows(tx, header.table, header.columns, batch);
      count += batch.length;
      batch = [];
    }
  }
  if (header) await insertRows(tx, header.table, header.columns, batch);
  return count + batch.length;
}

async function writeStagedFile(staging: string, name: string, body: AsyncIterable<Buffer>): Promise<void> {
  const target = path.join(staging, name);
  if (!target.startsWith(staging + path.sep) || name.includes('..')) throw new RestoreError(`The archive names a file outside the data directory (${name}). Nothing was restored.`);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const out = fs.createWriteStream(target, { mode: 0o600, flags: 'wx' });
  try {
    for await (const chunk of body) if (!out.write(chunk)) await once(out, 'drain');
  } finally {
    out.end();
    await once(out, 'close');
  }
}

/** After the commit: the staged files, evidence and secret take their places in DATA_DIR. */
function moveIntoPlace(staging: string, dataDir: string): void {
  for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(dataDir, name));
}
