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
