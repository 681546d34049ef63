import { randomUUID } from 'node:crypto';
import { DiskObjectStorage } from './disk-storage.js';
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStorage, OpenedObject, PutOptions, StoredObject } from './object-storage.js';
import { s3Location, type S3Settings } from './s3-location.js';

export * from './object-storage.js';
export { copyObjects, type CopySummary } from './copy-objects.js';
export type { S3Settings } from './s3-location.js';

/** Which backend keeps the objects, and its settings (from STORAGE and S3_* in config.ts). */
export type StorageSettings = { kind: 'disk'; root: string } | ({ kind: 's3' } & S3Settings);

export function createObjectStorage(settings: StorageSettings): ObjectStorage {
  return settings.kind === 's3' ? new LazyS3ObjectStorage(settings) : new DiskObjectStorage(settings.root);
}

/**
 * A bucket whose S3 client (the AWS SDK, a few hundred modules) is loaded and made on first
 * use, not with every app or command that could reach it: the mirror's rendering threads often
 * never do (no file of the site is asked for).
 */
class LazyS3ObjectStorage implements ObjectStorage {
  readonly kind = 's3' as const;
  readonly location: string;
  private opened: Promise<ObjectStorage> | undefined;

  constructor(private readonly settings: S3Settings) {
    this.location = s3Location(settings);
  }

  private open(): Promise<ObjectStorage> {
    return (this.opened ??= import('./s3-storage.js').then(({ S3ObjectStorage }) => new S3ObjectStorage(this.settings)));
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<StoredObject> {
    return (await this.open()).put(key, body, options);
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.open()).get(key);
  }

  async createReadStream(key: string, range?: ByteRange): Promise<OpenedObject | undefined> {
    return (await this.open()).createReadStream(key, range);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    return (await this.open()).head(key);
  }

  async delete(key: string): Promise<void> {
    return (await this.open()).delete(key);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    yield* (await this.open()).list(prefix);
  }

  async close(): Promise<void> {
    if (this.opened) await (await this.opened).close();
  }
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
