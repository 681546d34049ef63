import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Vault } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/database.js';
import { nowIso } from '../../db/schema-helpers.js';
import type { ObjectStorage } from '../../storage/index.js';
import { sha256Of } from '../media/storage.js';
import { findEvidenceOfCase, insertEvidence, listEvidenceOfCase } from './evidence.repository.js';
import { evidenceFileContext, sealContext } from './protected-fields.js';

/** The largest evidence file accepted, in bytes (20 MiB: a phone video clip, a scanned court file). */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

/*
 * Evidence files live sealed in the object storage (DATA_DIR/evidence or the bucket's
 * `evidence/`), each under a random name that says
 * nothing about the case or the content. The SHA-256 of the original bytes is taken on upload
 * and kept sealed in the row (with the size and type), so a monitor can show a file unchanged
 * since it was received. Beside it the row keeps a keyed fingerprint of that SHA-256, checked
 * on every download without opening anything: a plain hash would let a copy of the database
 * confirm that the organisation holds a given file, the fingerprint needs the key. Files are
 * kept byte for byte (no metadata is stripped): they are evidence, and only ever downloaded.
 */

/** A row names an evidence file the storage does not have (lost, or another storage configured). */
export class EvidenceMissingError extends Error {
  constructor(id: number, location: string) {
    super(`Evidence file ${id} is missing from the storage (${location}).`);
    this.name = 'EvidenceMissingError';
  }
}

/** The HKDF info of the fingerprint key; a new version means recomputing every fingerprint. */
export const EVIDENCE_FINGERPRINT_PURPOSE = 'dove evidence fingerprint v1';

/** The keyed fingerprint of a file, from its SHA-256 (hex), so it can be recomputed without the file. */
export function evidenceFingerprint(vault: Pick<Vault, 'keyedHash'>, sha256: string): string {
  return vault.keyedHash(Buffer.from(sha256, 'hex'), EVIDENCE_FINGERPRINT_PURPOSE);
}

function sameFingerprint(a: string, b: string | null): boolean {
  return b !== null && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The sealed columns of a row's SHA-256, size and type, with its fingerprint. */
export function sealedDigest(vault: Vault, digest: { sha256: string; size: number; mediaType: string }) {
  return {
    fingerprint: evidenceFingerprint(vault, digest.sha256),
    sha256Enc: vault.seal(digest.sha256, sealContext('hrd_evidence', 'sha256_enc')),
    sizeEnc: vault.seal(String(digest.size), sealContext('hrd_evidence', 'size_enc')),
    mediaTypeEnc: vault.seal(digest.mediaType, sealContext('hrd_evidence', 'media_type_enc')),
  };
}

/** Where a sealed evidence file is kept in the object storage: a random name under `evidence/`. */
export function evidenceObjectKey(storageKey: string): string {
  if (!EVIDENCE_STORAGE_KEY.test(storageKey)) throw new Error('Not an evidence storage key.');
  return `${EVIDENCE_PREFIX}${storageKey}`;
}

export const EVIDENCE_PREFIX = 'evidence/';
const EVIDENCE_STORAGE_KEY = /^[0-9a-f]{32}$/;

/** Media types recognised by their first bytes; anything else is stored as octet-stream. */
const SIGNATURES: Array<[string, number[], number?]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
  ['application/zip', [0x50, 0x4b, 0x03, 0x04]],
  ['audio/mpeg', [0x49, 0x44, 0x33]],
  ['video/mp4', [0x66, 0x74, 0x79, 0x70], 4],
];

export function sniffMediaType(bytes: Buffer): string {
  for (const [type, magic, offset = 0] of SIGNATURES) {
    if (bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b)) return type;
  }
  return 'application/octet-stream';
}

export interface StoredEvidence {
  storageKey: string;
  sha256: string;
  size: number;
  mediaType: string;
}

/**
 * Seals the bytes and stores them under a fresh random name; the caller records the row. They
 * are sealed here, before they leave the server: an object store only ever holds ciphertext.
 */
export async function storeEvidenceFile(vault: Vault, storage: ObjectStorage, bytes: Buffer): Promise<StoredEvidence> {
  const storageKey = randomBytes(16).toString('hex');
  await storage.put(evidenceObjectKey(storageKey), vault.sealFile(bytes, evidenceFileContext(storageKey)));
  return { storageKey, sha256: sha256Of(bytes), size: bytes.length, mediaType: sniffMediaType(bytes) };
}

export async function removeEvidenceFiles(storage: ObjectStorage, storageKeys: string[]): Promise<void> {
  for (const key of storageKeys) await storage.delete(evidenceObjectKey(key));
}

export async function recordEvidence(
  tx: DbOrTx,
  vault: Vault,
  caseId: number,
  stored: StoredEvidence,
  meta: { fileName: string; description: string | null },
  userId: number | null,
  now = nowIso(),
): Promise<number> {
  return insertEvidence(tx, {
    caseId,
    fileNameEnc: vault.seal(meta.fileName, sealContext('hrd_evidence', 'file_name_enc')),
    descriptionEnc: vault.sealOptional(meta.description, sealContext('hrd_evidence', 'description_enc')),
    ...sealedDigest(vault, stored),
    storageKey: stored.storageKey,
    uploadedBy: userId,
    uploadedAt: now,
  });
}

export interface OpenedEvidence {
  id: number;
  caseId: number;
  fileName: string;
  description: string | null;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: number | null;
  uploadedAt: string;
}

export async function listEvidence(db: DbOrTx, vault: Vault, caseId: number): Promise<OpenedEvidence[]> {
  const rows = await listEvidenceOfCase(db, caseId);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.caseId,
    fileName: vault.open(r.fileNameEnc, sealContext('hrd_evidence', 'file_name_enc')),
    description: vault.openOptional(r.descriptionEnc, sealContext('hrd_evidence', 'description_enc')),
    mediaType: vault.openOptional(r.mediaTypeEnc, sealContext('hrd_evidence', 'media_type_enc')) ?? '',
    size: Number(vault.openOptional(r.sizeEnc, sealContext('hrd_evidence', 'size_enc')) ?? 0),
    sha256: vault.openOptional(r.sha256Enc, sealContext('hrd_evidence', 'sha256_enc')) ?? '',
    uploadedBy: r.uploadedBy,
    uploadedAt: r.uploadedAt,
  }));
}

/**
 * One file, opened: its name, type and original bytes (checked against the recorded
 * fingerprint). Read whole: AES-GCM proves the bytes authentic only at their end, and nothing
 * unproven may reach a monitor; MAX_EVIDENCE_BYTES bounds what that holds in memory.
 */
export async function openEvidenceFile(db: DbOrTx, vault: Vault, storage: ObjectStorage, caseId: number, id: number) {
  const row = await findEvidenceOfCase(db, caseId, id);
  if (!row) return null;
  const sealed = await storage.get(evidenceObjectKey(row.storageKey));
  if (!sealed) throw new EvidenceMissingError(row.id, storage.location);
  const bytes = vault.openFile(sealed, evidenceFileContext(row.storageKey));
  const sha256 = sha256Of(bytes);
  if (!sameFingerprint(evidenceFingerprint(vault, sha256), row.fingerprint)) throw new Error(`Evidence file ${row.id} does not match its recorded fingerprint.`);
  const mediaType = vault.openOptional(row.mediaTypeEnc, sealContext('hrd_evidence', 'media_type_enc')) ?? 'application/octet-stream';
  return { id: row.id, sha256, mediaType, fileName: vault.open(row.fileNameEnc, sealContext('hrd_evidence', 'file_name_enc')), bytes };
}
