import { DiskObjectStorage } from './disk-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { S3ObjectStorage, type S3Settings } from './s3-storage.js';

export * from './object-storage.js';
export type { S3Settings } from './s3-storage.js';

/** Which backend keeps the objects, and its settings (from STORAGE and S3_* in config.ts). */
export type StorageSettings = { kind: 'disk'; root: string } | ({ kind: 's3' } & S3Settings);

export function createObjectStorage(settings: StorageSettings): ObjectStorage {
  return settings.kind === 's3' ? new S3ObjectStorage(settings) : new DiskObjectStorage(settings.root);
}
