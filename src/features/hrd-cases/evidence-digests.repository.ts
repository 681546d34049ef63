import type { KeyEncryptionKey, Vault } from '../../crypto/envelope.js';
import { createVault } from '../../crypto/envelope.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { evidenceFingerprint, sealedDigest } from './evidence.store.js';
import { sealContext } from './protected-fields.js';

/**
 * Rows from before migration 0013 left their SHA-256, size and type in a holding table, because a
 * migration has no key. This seals them into their rows and deletes the clear copies, in one
 * transaction; a second run finds nothing to do. Run at start after the key check, and before
 * key rotation (which recomputes fingerprints from the sealed SHA-256).
 */
export async function sealLegacyEvidenceDigests(db: Db, vaultOf: () => Vault): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const legacy = await tx.selectFrom('hrdEvidenceLegacyDigests').selectAll().execute();
    // The key is read only when there is something to seal (a new site may have no key yet).
    const vault = legacy.length > 0 ? vaultOf() : undefined;
    for (const row of legacy) {
      await tx.updateTable('hrdEvidence').set(sealedDigest(vault!, row)).where('id', '=', row.evidenceId).execute();
    }
    if (legacy.length > 0) await tx.deleteFrom('hrdEvidenceLegacyDigests').execute();
    return legacy.length;
  });
}

/**
 * The fingerprints depend on the key: inside the rotation's transaction, each is recomputed
 * under the new key from the SHA-256 sealed beside it (opened with whichever key it is under,
 * so a resumed rotation works too).
 */
export async function recomputeEvidenceFingerprints(tx: DbOrTx, from: KeyEncryptionKey, to: KeyEncryptionKey): Promise<number> {
  const vaults = new Map([from, to].map((k) => [k.id, createVault(k)]));
  const next = createVault(to);
  const rows = await tx.selectFrom('hrdEvidence').select(['id', 'sha256Enc', 'fingerprint']).execute();
  let changed = 0;
  for (const row of rows) {
    if (!row.sha256Enc) continue;
    const opener = vaults.get(row.sha256Enc.split('.')[1] ?? '') ?? next;
    const fingerprint = evidenceFingerprint(next, opener.open(row.sha256Enc, sealContext('hrd_evidence', 'sha256_enc')));
    if (fingerprint === row.fingerprint) continue;
    await tx.updateTable('hrdEvidence').set({ fingerprint }).where('id', '=', row.id).execute();
    changed += 1;
  }
  return changed;
}
