import type { Kysely } from 'kysely';

/*
 * Evidence rows kept the SHA-256 of the original file, its size and its type in clear: a copy of
 * the database alone could confirm that the organisation holds a given file. From here on a row
 * keeps a keyed fingerprint (HMAC under a key derived from the encryption key) and the SHA-256,
 * size and type sealed. A migration has no key, so the old values move to a holding table and
 * `sealLegacyEvidenceDigests` (src/features/hrd-cases/evidence-digests.repository.ts) converts and deletes
 * them at the next start (or at `dove keys rotate`). The new columns are nullable because SQLite
 * cannot add a NOT NULL column to a table with rows; the code always writes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hrd_evidence_legacy_digests')
    .addColumn('evidence_id', 'integer', (c) => c.primaryKey().references('hrd_evidence.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('hrd_evidence_legacy_digests' as never)
    .columns(['evidence_id', 'sha256', 'size', 'media_type'] as never)
    .expression(db.selectFrom('hrd_evidence' as never).select(['id', 'sha256', 'size', 'media_type'] as never) as never)
    .execute();
  for (const column of ['fingerprint', 'sha256_enc', 'size_enc', 'media_type_enc']) {
    await db.schema.alterTable('hrd_evidence').addColumn(column, 'text').execute();
  }
  // One column per statement: SQLite drops one at a time.
  for (const column of ['sha256', 'size', 'media_type']) await db.schema.alterTable('hrd_evidence').dropColumn(column).execute();
}

export async function down(_db: Kysely<unknown>): Promise<void> {
  // The clear values cannot be recomputed without the key: going back needs a backup.
  throw new Error('0013-evidence-fingerprint cannot be undone; restore a backup made before it.');
}
