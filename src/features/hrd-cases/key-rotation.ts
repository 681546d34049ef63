import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createVault, DecryptionError, generateKeyBase64, keyFilePath, keyFromBase64, resealFile, resealValue, type KeyEncryptionKey } from '../../crypto/envelope.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { writeAudit } from '../audit/audit.repository.js';
import { sealClearTotpSecrets } from '../accounts/users.repository.js';
import { recomputeEvidenceFingerprints, sealLegacyEvidenceDigests } from './evidence-digests.repository.js';
import { listEvidenceStorageKeys } from './evidence.repository.js';
import type { ObjectStorage } from '../../storage/index.js';
import { removeQuietlySync } from '../../web/storage-errors.js';
import { EVIDENCE_PREFIX, evidenceObjectKey } from './evidence.store.js';
import { evidenceFileContext, SEALED_FIELDS, type SealedTable } from './protected-fields.js';
import { listSealedValues, updateSealedValues } from './sealed-columns.repository.js';

/*
 * Key rotation re-seals every sealed value (SEALED_FIELDS: case data and TOTP secrets) and every
 * evidence file under a new key-encryption key. Only the small data keys are re-sealed (see
 * envelope.ts); the ciphertexts stay as they are. Evidence files are read from and written to
 * the site's object storage, on disk or in a bucket alike.
 *
 * Crash-safe order. Every sealed value and file names the key it is sealed under, so the state
 * of an interrupted rotation can always be read back from the data itself:
 *   1. Each evidence file is re-sealed into `evidence/<name>.rotating` beside it; the originals
 *      are untouched. With a key file, the new key is written to `encryption-key.next`.
 *   2. One database transaction re-seals every value of SEALED_FIELDS and writes the audit row.
 *   3. After the commit, each `.rotating` copy replaces its original (a whole-object write, atomic
 *      on disk and in S3 alike), then the copy is removed.
 *   4. With a key file, `encryption-key.next` is renamed over `encryption-key`: the old key is gone.
 * A crash before the commit leaves the old key, the old values and the old files in force (the
 * `.rotating`/`.next` leftovers are overwritten by the next run). A crash after it leaves values
 * under the new key: running `dove keys rotate` again finds `encryption-key.next` (or takes the
 * same --new-key-file), sees that the database is already under that key, and finishes steps 3–4.
 * Values and files already under the new key are left as they are, so a repeated run is harmless.
 * Run it with the server stopped, so that nothing is sealed under the old key meanwhile.
 */

const PENDING_SUFFIX = '.rotating';
const NEXT_KEY_SUFFIX = '.next';

export interface RotationResult {
  values: number;
  files: number;
  keyId: string;
  /** Evidence files the database names but the storage lacks (only with `skipMissingEvidence`). */
  missingFiles: number;
}

export interface RotationOptions {
  storage: ObjectStorage;
  from: KeyEncryptionKey;
  to: KeyEncryptionKey;
  actor: string;
  beforeCommit?: () => void | Promise<void>;
  /**
   * Go on when evidence files named in the database are missing from the storage. Without it
   * the rotation refuses: under the new key alone, a file found later could never be opened.
   */
  skipMissingEvidence?: boolean;
}

/** The key ids that sealed values in the database are under (to tell how far a rotation got). */
export async function sealedKeyIds(db: DbOrTx): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const [table, columns] of Object.entries(SEALED_FIELDS) as Array<[SealedTable, readonly string[]]>) {
    for (const row of await listSealedValues(db, table, columns)) {
      for (const value of Object.values(row.values)) if (value) ids.add(value.split('.')[1] ?? '');
    }
  }
  return ids;
}

/**
 * Re-seals every protected value and every evidence file from `from` to `to`, in the order
 * described above. `beforeCommit` runs inside the transaction after every value is re-sealed
 * (the caller writes the next key there; tests use it to simulate a crash).
 */
export async function rotateEncryptionKey(db: Db, options: RotationOptions): Promise<RotationResult> {
  const { from, to } = options;
  if (from.id === to.id) throw new RotationError('The new key is the same as the current key.');
  try {
    return await reseal(db, options);
  } catch (err) {
    if (err instanceof DecryptionError) throw new RotationError(`Nothing was changed: ${err.message} Is the current key the one the data was sealed with?`);
    throw err;
  }
}

async function reseal(db: Db, options: RotationOptions): Promise<RotationResult> {
  const { storage, from, to } = options;
  // Rows from before migration 0013 get their sealed digest first, so step 2 covers them.
  await sealLegacyEvidenceDigests(db, () => createVault(from));

  // 1. New copies of the evidence files beside the originals.
  const { pending, missing } = await writeResealedCopies(storage, await listEvidenceStorageKeys(db), from, to);
  if (missing.length > 0 && !options.skipMissingEvidence) {
    await discardPendingFiles(storage);
    throw new RotationError(
      `${missing.length} evidence file(s) named in the database are missing from the storage (${storage.location}), ` +
        `e.g. ${missing.slice(0, 3).join(', ')}. Nothing was changed. Check that STORAGE and its settings (or DATA_DIR) ` +
        'point where the files are; if they are lost for good, run again with --skip-missing-evidence.',
    );
  }

  // 2. Every sealed value, in one transaction.
  let values = 0;
  await db.transaction().execute(async (tx) => {
    // TOTP secrets still clear from before sealing are sealed under the new key, never left clear.
    values += await sealClearTotpSecrets(tx, () => createVault(to));
    for (const [table, columns] of Object.entries(SEALED_FIELDS) as Array<[SealedTable, readonly string[]]>) {
      for (const row of await listSealedValues(tx, table, columns)) {
        const changes: Record<string, string> = {};
        for (const [column, value] of Object.entries(row.values)) {
          if (!value) continue;
          const resealed = resealValue(value, `${table}.${column}`, from, to);
          if (resealed !== value) changes[column] = resealed;
        }
        if (Object.keys(changes).length === 0) continue;
        await updateSealedValues(tx, table, row.id, changes);
        values += Object.keys(changes).length;
      }
    }
    // The evidence fingerprints are keyed with a key derived from the KEK: they change with it.
    await recomputeEvidenceFingerprints(tx, from, to);
    await writeAudit(tx, {
      actor: options.actor,
      action: 'keys.rotate',
      subjectType: 'encryption_key',
      subjectId: to.id,
      before: { keyId: from.id },
      after: { keyId: to.id, values, files: pending.length, ...(missing.length ? { missingFiles: missing.length } : {}) },
    });
    await options.beforeCommit?.();
  });

  // 3. The new copies replace the originals.
  await finishPendingFiles(storage);
  return { values, files: pending.length, keyId: to.id, missingFiles: missing.length };
}

/** Re-seals each file into its `.rotating` copy; files already under `to` need none. */
async function writeResealedCopies(storage: ObjectStorage, storageKeys: string[], from: KeyEncryptionKey, to: KeyEncryptionKey) {
  const pending: string[] = [];
  const missing: string[] = [];
  for (const storageKey of storageKeys) {
    const key = evidenceObjectKey(storageKey);
    const sealed = await storage.get(key);
    if (!sealed) {
      missing.push(storageKey);
      continue;
    }
    const resealed = resealFile(sealed, evidenceFileContext(storageKey), from, to);
    if (resealed === sealed) continue;
    await storage.put(`${key}${PENDING_SUFFIX}`, resealed);
    pending.push(key);
  }
  return { pending, missing };
}

async function pendingCopies(storage: ObjectStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of storage.list(EVIDENCE_PREFIX)) if (info.key.endsWith(PENDING_SUFFIX)) keys.push(info.key);
  return keys;
}

/** Puts each `.rotating` copy in place of its original, then removes the copy (also after a crash past the commit). */
async function finishPendingFiles(storage: ObjectStorage): Promise<number> {
  const copies = await pendingCopies(storage);
  for (const copy of copies) {
    const bytes = await storage.get(copy);
    if (bytes) await storage.put(copy.slice(0, -PENDING_SUFFIX.length), bytes);
    await storage.delete(copy);
  }
  return copies.length;
}

/** Copies left by a run that stopped before its commit: the originals are still the truth. */
async function discardPendingFiles(storage: ObjectStorage): Promise<void> {
  for (const copy of await pendingCopies(storage)) await storage.delete(copy);
}

function syncDirectory(dir: string): void {
  if (!fs.existsSync(dir)) return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes through a temporary name, flushed to disk, then renamed: a crash leaves no half file. */
function writeFileDurably(target: string, bytes: Buffer): void {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (err) {
    // A full disk leaves a partial file under the temporary name: remove it, then report.
    removeQuietlySync(temp);
    throw err;
  }
}

function readKeyFile(file: string): KeyEncryptionKey {
  return parseKey(readKeyText(file), file);
}

function readKeyText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    throw new RotationError(`Cannot read the key file ${file}.`);
  }
}

function parseKey(base64: string, file: string): KeyEncryptionKey {
  try {
    return keyFromBase64(base64);
  } catch {
    throw new RotationError(`${file} does not hold a key of 32 bytes in base64.`);
  }
}

export interface RotateCommandResult extends RotationResult {
  /** Where the new key now is, and what the operator must still do. */
  keySource: 'file' | 'environment';
  resumed: boolean;
}

/**
 * `dove keys rotate`. With the key in DATA_DIR/encryption-key, a new key is generated (or taken
 * from `newKeyFile`) and replaces that file once the data is re-sealed. With ENCRYPTION_KEY, the
 * new key must come from `newKeyFile`, and the operator then updates ENCRYPTION_KEY.
 */
export async function rotateKeysCommand(
  db: Db,
  config: { dataDir: string; encryptionKey: string | undefined },
  options: { storage: ObjectStorage; newKeyFile?: string; actor?: string; beforeCommit?: () => void | Promise<void>; skipMissingEvidence?: boolean },
): Promise<RotateCommandResult> {
  const actor = options.actor ?? 'system:cli';
  const { storage, skipMissingEvidence } = options;
  if (config.encryptionKey) {
    if (!options.newKeyFile) throw new RotationError('ENCRYPTION_KEY is set: put the new key (32 bytes, base64) in a file readable only by you and pass --new-key-file <path>.');
    const from = keyFromBase64(config.encryptionKey);
    const to = readKeyFile(options.newKeyFile);
    const resumed = (await sealedKeyIds(db)).has(to.id);
    if (resumed) await finishPendingFiles(storage);
    else await discardPendingFiles(storage);
    const result = await rotateEncryptionKey(db, { storage, from, to, actor, beforeCommit: options.beforeCommit, skipMissingEvidence });
    return { ...result, keySource: 'environment', resumed };
  }

  const keyFile = keyFilePath(config.dataDir);
  const nextFile = `${keyFile}${NEXT_KEY_SUFFIX}`;
  if (!fs.existsSync(keyFile)) throw new RotationError(`There is no key to rotate: neither ENCRYPTION_KEY nor ${keyFile} exists.`);
  const from = readKeyFile(keyFile);

  // An earlier run that committed but did not finish: its key is the new key.
  if (fs.existsSync(nextFile)) {
    const next = readKeyFile(nextFile);
    if ((await sealedKeyIds(db)).has(next.id)) {
      await finishPendingFiles(storage);
      const result = await rotateEncryptionKey(db, { storage, from, to: next, actor, beforeCommit: options.beforeCommit, skipMissingEvidence });
      replaceKeyFile(nextFile, keyFile);
      return { ...result, keySource: 'file', resumed: true };
    }
    fs.rmSync(nextFile, { force: true });
  }
  await discardPendingFiles(storage);

  const newBase64 = options.newKeyFile ? readKeyText(options.newKeyFile) : generateKeyBase64();
  const to = parseKey(newBase64, options.newKeyFile ?? 'the new key');
  const result = await rotateEncryptionKey(db, {
    storage,
    skipMissingEvidence,
    from,
    to,
    actor,
    beforeCommit: async () => {
      // Written before the commit: the data is never under a key that exists nowhere on disk.
      writeFileDurably(nextFile, Buffer.from(`${newBase64}\n`));
      await options.beforeCommit?.();
    },
  });
  replaceKeyFile(nextFile, keyFile);
  return { ...result, keySource: 'file', resumed: false };
}

/** The atomic swap: the rename replaces the old key's file, which keeps no copy of it. */
function replaceKeyFile(nextFile: string, keyFile: string): void {
  fs.chmodSync(nextFile, 0o600);
  fs.renameSync(nextFile, keyFile);
  syncDirectory(path.dirname(keyFile));
}

/** A refusal the command line reports as a message, not a stack trace. */
export class RotationError extends Error {}
