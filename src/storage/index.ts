import { randomUUID } from 'node:crypto';
import { DiskObjectStorage } from './disk-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { S3ObjectStorage, type S3Settings } from './s3-storage.js';

export * from './object-storage.js';
export { copyObjects, type CopySummary } from './copy-objects.js';
export type { S3Settings } from './s3-storage.js';

/** Which backend keeps the objects, and its settings (from STORAGE and S3_* in config.ts). */
export type StorageSettings = { kind: 'disk'; root: string } | ({ kind: 's3' } & S3Settings);

export function createObjectStorage(settings: StorageSettings): ObjectStorage {
  return settings.kind === 's3' ? new S3ObjectStorage(settings) : new DiskObjectStorage(settings.root);
}

/**
 * Runs `use` with `given`, or with a storage made from `settings` for the call and closed after
 * it (commands and the seed, which run once, outside a server that already has one).
 */
export async function withObjectStorage<T>(settings: StorageSettings, given: ObjectStorage | undefined, use: (storage: ObjectStorage) => Promise<T>): Promise<T> {
  if (given) return use(given);
  const storage = createObjectStorage(settings);
  try {
    return await use(storage);
  } finally {
    await storage.close();
  }
}

/** The storage cannot keep files: a start refuses to serve a site whose uploads would fail. */
export class StorageProbeError extends Error {}

/** Where a probe writes: a key no feature uses, removed at once. */
const PROBE_PREFIX = 'probes/';

/**
 * Writes, reads back and deletes a small object, so that a server learns at start, in one
 * line, that its bucket is missing, its credentials are refused or its endpoint does not
 * answer, rather than on the first upload or download.
 */
export async function probeObjectStorage(storage: ObjectStorage): Promise<void> {
  const key = `${PROBE_PREFIX}${randomUUID()}`;
  const bytes = Buffer.from(`written at start by a Dove server, ${new Date().toISOString()}`);
  try {
    await storage.put(key, bytes, { contentType: 'text/plain' });
    const read = await storage.get(key);
    if (!read?.equals(bytes)) throw new Error(`${key} did not read back as written`);
    await storage.delete(key);
  } catch (error) {
    // The backend's message names the probe's key, which tells an operator nothing.
    const reason = (error as Error).message.replace(/^Object storage could not \w+ \S+: /, '');
    throw new StorageProbeError(`The object storage at ${storage.location} cannot keep files: ${reason}. Check STORAGE and the S3_* settings (docs/deploy.md).`, { cause: error });
  }
}
