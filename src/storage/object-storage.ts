import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

/*
 * Where Dove keeps file bytes: uploads and their renditions, generated files, sealed evidence.
 * Every object has a key such as `files/ab/cd/<sha256>` or `evidence/<name>`; one backend keeps
 * them as files under DATA_DIR (disk-storage.ts), the other in an S3-compatible bucket
 * (s3-storage.ts). This layer knows no feature: what a key means is its caller's business.
 */

/** The bytes of an object to store: whole, or streamed (never held whole in memory then). */
export type ObjectBody = Buffer | Readable;

export interface PutOptions {
  contentType?: string;
  /**
   * The SHA-256 (hex) of the body when the caller knows it: kept with the object (S3
   * metadata), so `head` can answer it without reading the bytes. A body that does not match
   * is refused and nothing is stored.
   */
  sha256?: string;
}

export interface StoredObject {
  size: number;
  /** The SHA-256 of the bytes as they were written (hex). */
  sha256: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  /** Known when the backend kept it with the object (S3 objects Dove wrote); else undefined. */
  sha256?: string;
  contentType?: string;
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface OpenedObject {
  /** The bytes (of the range, if one was asked for), streamed as they are read. */
  body: Readable;
  /** The size of the whole object. */
  size: number;
  contentType?: string;
}

export interface ObjectStorage {
  /** `disk` or `s3`, for messages and summaries. */
  readonly kind: StorageKind;
  /** Where the objects are, said to an operator (`/var/lib/dove`, `s3://bucket at https://…`). */
  readonly location: string;
  /** Stores the bytes under `key`, replacing any object there; visible only once complete. */
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<StoredObject>;
  /** The whole object, for small ones (renditions, sealed evidence); undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** The object (or a range of it) as a stream; undefined when there is none. */
  createReadStream(key: string, range?: ByteRange): Promise<OpenedObject | undefined>;
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Removing an object that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Releases connections; the storage is not used afterwards. */
  close(): Promise<void>;
}

export type StorageKind = 'disk' | 's3';

/**
 * Keys are relative paths of plain names: letters, digits, `.`, `_`, `-`, `~`, separated by `/`.
 * No segment is empty or starts with a dot (so `..` cannot escape, and the disk backend's
 * temporary files, which start with one, are never listed as objects).
 */
const KEY_SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;
export const MAX_KEY_LENGTH = 512;

export function isObjectKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH && key.split('/').every((s) => KEY_SEGMENT.test(s));
}

export function assertObjectKey(key: string): void {
  if (!isObjectKey(key)) throw new Error(`Not a storage key: ${JSON.stringify(key.slice(0, 100))}`);
}

/** Counts and hashes the bytes that pass through, unchanged. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 and size of an object, read as a stream. */
export async function hashObject(storage: ObjectStorage, key: string): Promise<StoredObject | undefined> {
  const opened = await storage.createReadStream(key);
  if (!opened) return undefined;
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of opened.body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A body whose hash did not match the one its writer announced: nothing was stored. */
export class ChecksumMismatchError extends Error {
  constructor(key: string, expected: string, actual: string) {
    super(`${key}: the bytes have SHA-256 ${actual}, not ${expected} as announced; nothing was stored.`);
    this.name = 'ChecksumMismatchError';
  }
}

/**
 * An object store that cannot be reached or answers with a server error: the `code` is
 * the one `web/storage-errors.ts` reads to tell an editor that storage is unavailable.
 */
export const STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE';
