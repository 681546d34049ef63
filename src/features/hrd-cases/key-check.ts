import path from 'node:path';
import type { Db } from '../../db/database.js';
import { createVault, DecryptionError, keyFilePath, readKeyEncryptionKey, type KeyEncryptionKey } from '../../crypto/envelope.js';
import { findSealedSamples } from './sealed-samples.repository.js';

export type KeyCheck =
  | { ok: true; state: 'opens' | 'no-sealed-data' }
  | { ok: false; state: 'missing' | 'wrong'; message: string };

/**
 * Whether the configured key opens the sealed case data already stored. Run at start, so a lost
 * or mistyped key stops the server with the fix named, instead of a new key being generated
 * and every case page failing. A key may be generated only while no sealed data exists.
 */
export async function checkEncryptionKey(db: Db, config: { encryptionKey: string | undefined; dataDir: string }): Promise<KeyCheck> {
  const samples = await findSealedSamples(db);
  if (samples.length === 0) return { ok: true, state: 'no-sealed-data' };
  const where = config.encryptionKey ? 'ENCRYPTION_KEY' : keyFilePath(path.resolve(config.dataDir));
  let kek: KeyEncryptionKey | undefined;
  try {
    kek = readKeyEncryptionKey(config.encryptionKey, config.dataDir);
  } catch (error) {
    return { ok: false, state: 'wrong', message: `The encryption key in ${where} is not a key: ${(error as Error).message}` };
  }
  if (!kek) {
    return {
      ok: false,
      state: 'missing',
      message:
        `The database holds sealed case data, but there is no encryption key: neither ENCRYPTION_KEY nor ${where} is set. ` +
        'Put back the key from where you keep it (set ENCRYPTION_KEY, or copy the key file into the data directory with mode 0600). No new key was generated.',
    };
  }
  const vault = createVault(kek);
  for (const sample of samples) {
    try {
      vault.open(sample.sealed, sample.context);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      return {
        ok: false,
        state: 'wrong',
        message:
          `The encryption key from ${where} (key ${kek.id}) does not open the sealed case data in this database (${sample.context}). ` +
          'Use the key this database was sealed with: the one kept with your backups, or the new key of an interrupted `dove keys rotate` (run it again to finish).',
      };
    }
  }
  return { ok: true, state: 'opens' };
}
