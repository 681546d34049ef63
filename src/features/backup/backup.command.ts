import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { keyFilePath, keyFromBase64 } from '../../crypto/envelope.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { createObjectStorage, type ObjectStorage } from '../../storage/index.js';
import { writeArchive, type AddEntry } from './backup-archive.js';
import { HashingTap, listStoredFiles, sha256OfFile, type StoredFile } from './backup-files.js';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, ARCHIVE_PATHS, doveVersion, MANIFEST_NAME, tableEntryPath, type Manifest, type ManifestEntry } from './backup.manifest.js';
import { engineOfHandle, lastAppliedMigration, listDataTables, readInSnapshot, readTableRows, type TableInfo } from './database-dump.repository.js';
import { encodeValue } from './row-codec.js';

/** Rows read per query while dumping a table: small enough to keep memory flat. */
const DUMP_BATCH_ROWS = 500;

export class BackupError extends Error {}

/** `storage`: where the uploaded and evidence files are, DATA_DIR or a bucket (streamed into the archive either way). */
export type BackupConfig = Pick<Config, 'dataDir' | 'sessionSecret' | 'encryptionKey' | 'storage'>;

export interface BackupResult {
  file: string;
  manifest: Manifest;
  bytes: number;
}

/** A part of the archive: its manifest entry and how its bytes are read. */
interface Part {
  entry: ManifestEntry;
  read(): Promise<AsyncIterable<Buffer> | undefined>;
}

function filePart(entry: ManifestEntry, source: string): Part {
  return { entry, read: async () => (fs.existsSync(source) ? fs.createReadStream(source) : undefined) };
}

/**
 * `dove backup <file>`: the database (one snapshot), uploaded and evidence files and the cookie
 * secret, as one tar (gzip when the name ends in .gz or .tgz) with the manifest first. Never
 * the encryption key. Written under a temporary name and renamed at the end, so a file with the
 * archive's name is always complete.
 */
export async function createBackup(db: Db, config: BackupConfig, target: string, now = new Date()): Promise<BackupResult> {
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists. Choose a new name (a backup never overwrites one).`);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const staging = fs.mkdtempSync(`${file}.parts-`);
  const storage = createObjectStorage(config.storage);
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    const dump = await dumpDatabase(db, staging);
    // Files are listed after the snapshot: a file is written before the row naming it commits,
    // so every file the snapshot refers to is already in the storage.
    const files = await describeFiles(storage, await listStoredFiles(storage));
    const secret = await describeSessionSecret(config);
    const parts = [...dump.parts, ...files, ...(secret.part ? [secret.part] : [])];
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      doveVersion: doveVersion(),
      migration: dump.migration,
      createdAt: now.toISOString(),
      engine: engineOfHandle(db),
      sessionSecret: secret.kind,
      encryptionKeyId: currentKeyId(config),
      tables: dump.parts.map((p) => p.entry.path),
      entries: parts.map((p) => p.entry),
    };
    await writeBackupArchive(partial, /\.t?gz$/i.test(file), manifest, parts);
    fs.renameSync(partial, file);
    return { file, manifest, bytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(staging, { recursive: true, force: true });
    await storage.close();
  }
}

/** Every data table as JSON lines (a header line, then one array of values per row), from one snapshot. */
async function dumpDatabase(db: Db, staging: string): Promise<{ migration: string; parts: Part[] }> {
  return readInSnapshot(db, async (tx) => {
    const migration = await lastAppliedMigration(tx);
    if (!migration) throw new BackupError('The database has never been migrated: there is nothing to back up.');
    const parts: Part[] = [];
    for (const table of await listDataTables(tx)) parts.push(await dumpTable(tx, table, staging));
    return { migration, parts };
  });
}

async function dumpTable(tx: DbOrTx, table: TableInfo, staging: string): Promise<Part> {
  const source = path.join(staging, `${table.name}.jsonl`);
  const out = fs.createWriteStream(source, { mode: 0o600, flags: 'wx' });
  const tap = new HashingTap();
  let rows = 0;
  const write = async (line: string) => {
    const bytes = Buffer.from(`${line}\n`);
    for await (const chunk of tap.through([bytes])) if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    await write(JSON.stringify({ table: table.name, columns: table.columns }));
    for await (const batch of readTableRows(tx, table, DUMP_BATCH_ROWS)) {
      for (const row of batch) await write(JSON.stringify(table.columns.map((c) => encodeValue(row[c]))));
      rows += batch.length;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return filePart({ path: tableEntryPath(table.name), size: tap.bytes, sha256: tap.digest(), rows }, source);
}

/**
 * Each stored file with its checksum: known without reading for content-addressed files (the
 * name) and S3 objects Dove wrote (their metadata), else hashed from the storage. Either way
 * the bytes are hashed again on their way into the archive and must agree.
 */
async function describeFiles(storage: ObjectStorage, files: StoredFile[]): Promise<Part[]> {
  const parts: Part[] = [];
  for (const f of files) {
    const sha256 = f.sha256 ?? (await hashStored(storage, f.key));
    const read = async () => (await storage.createReadStream(f.key))?.body;
    parts.push({ entry: { path: f.key, size: f.size, sha256 }, read });
  }
  return parts;
}

async function hashStored(storage: ObjectStorage, key: string): Promise<string> {
  const opened = await storage.createReadStream(key);
  if (!opened) throw new BackupError(`${key} disappeared while the backup was made. Run the backup again.`);
  const tap = new HashingTap();
  for await (const chunk of tap.through(opened.body)) void chunk;
  return tap.digest();
}

async function describeSessionSecret(config: BackupConfig): Promise<{ kind: Manifest['sessionSecret']; part?: Part }> {
  if (config.sessionSecret) return { kind: 'environment' };
  const source = path.join(config.dataDir, ARCHIVE_PATHS.sessionSecret);
  if (!fs.existsSync(source)) return { kind: 'none' };
  return { kind: 'file', part: filePart({ path: ARCHIVE_PATHS.sessionSecret, ...(await sha256OfFile(source)) }, source) };
}

/** The key's fingerprint (never the key); null when no key exists yet. */
function currentKeyId(config: BackupConfig): string | null {
  if (config.encryptionKey) return keyFromBase64(config.encryptionKey).id;
  const file = keyFilePath(config.dataDir);
  return fs.existsSync(file) ? keyFromBase64(fs.readFileSync(file, 'utf8').trim()).id : null;
}

/** The manifest first, so a restore learns what to expect before it reads anything else. */
async function writeBackupArchive(file: string, gzip: boolean, manifest: Manifest, parts: Part[]): Promise<void> {
  await writeArchive(file, { gzip }, async (add) => {
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await add(MANIFEST_NAME, manifestBytes.length, [manifestBytes]);
    for (const part of parts) await addPart(add, part);
  });
}

/** Streams a part into the archive, checking that it is still the file that was hashed. */
async function addPart(add: AddEntry, part: Part): Promise<void> {
  const tap = new HashingTap();
  const body = await part.read();
  if (!body) throw new BackupError(`${part.entry.path} disappeared while the backup was made. Run the backup again.`);
  try {
    await add(part.entry.path, part.entry.size, tap.through(body));
  } catch (err) {
    if (/changed size|grew/.test((err as Error).message)) throw new BackupError(`${part.entry.path} changed while the backup was made, or is damaged in the storage. Run the backup again.`);
    throw err;
  }
  if (tap.digest() !== part.entry.sha256) {
    throw new BackupError(`${part.entry.path} does not match its checksum: it changed while the backup was made, or is damaged in the storage. Run the backup again.`);
  }
}
