import { createHash } from 'node:crypto';
import type { ByteRange, ObjectStorage, OpenedObject } from '../../storage/index.js';

/**
 * Uploaded files, renditions and generated files, addressed by the SHA-256 of their bytes,
 * in the site's object storage (disk or S3) under `files/ab/cd/<sha256>`.
 */
export interface FileStorage {
  put(bytes: Buffer, contentType?: string): Promise<{ sha256: string; size: number }>;
  /** The whole file: for what is small or must be parsed whole (renditions, a PDF's text). */
  get(sha256: string): Promise<Buffer | undefined>;
  /** The file (or a range of it) as a stream, for serving: never read whole into memory. */
  open(sha256: string, range?: ByteRange): Promise<OpenedObject | undefined>;
  /** Removes the bytes; removing bytes that are not there is not an error. Callers check no row still names them. */
  delete(sha256: string): Promise<void>;
}

export const isSha256 = (value: string) => /^[0-9a-f]{64}$/.test(value);

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the bytes of a hash are kept: today's layout of DATA_DIR, and the same key in a bucket. */
export function fileKey(sha256: string): string {
  return `files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The content-addressed view of the site's object storage. */
export function contentFiles(storage: ObjectStorage): FileStorage {
  return {
    async put(bytes, contentType) {
      const sha256 = sha256Of(bytes);
      const key = fileKey(sha256);
      // The same bytes are stored once: a second upload of them writes nothing.
      const existing = await storage.head(key);
      if (existing?.size !== bytes.length) await storage.put(key, bytes, { sha256, ...(contentType ? { contentType } : {}) });
      return { sha256, size: bytes.length };
    },
    get: (sha256) => (isSha256(sha256) ? storage.get(fileKey(sha256)) : Promise.resolve(undefined)),
    open: (sha256, range) => (isSha256(sha256) ? storage.createReadStream(fileKey(sha256), range) : Promise.resolve(undefined)),
    delete: (sha256) => (isSha256(sha256) ? storage.delete(fileKey(sha256)) : Promise.resolve()),
  };
}
