import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertObjectKey,
  ChecksumMismatchError,
  HashingStream,
  type ByteRange,
  type ObjectBody,
  type ObjectInfo,
  type ObjectStorage,
  type OpenedObject,
  type PutOptions,
  type StoredObject,
} from './object-storage.js';

/**
 * Objects as files below a root folder (DATA_DIR): the key is the relative path. A write goes
 * to a temporary name beginning with a dot, is flushed to disk, then renamed over the key: a
 * reader never sees half a file, a crash leaves none under a key, and two writers of one key
 * each replace it whole. Folders are made 0700 and files 0600 (the data directory's rule).
 */
export class DiskObjectStorage implements ObjectStorage {
  readonly kind = 'disk' as const;
  readonly location: string;

  constructor(private readonly root: string) {
    this.location = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertObjectKey(key);
    return path.join(this.location, ...key.split('/'));
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<StoredObject> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
    const hashing = new HashingStream();
    try {
      // flush: the bytes reach the disk (fsync) before the file is closed and renamed.
      const file = fs.createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true });
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, hashing, file);
      const stored = { size: hashing.bytes, sha256: hashing.digest() };
      if (options.sha256 && options.sha256 !== stored.sha256) throw new ChecksumMismatchError(key, options.sha256, stored.sha256);
      await fs.promises.rename(temp, target);
      return stored;
    } catch (err) {
      // A full or read-only disk leaves a partial temporary file: it must not stay behind.
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.promises.readFile(this.pathOf(key));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async createReadStream(key: string, range?: ByteRange): Promise<OpenedObject | undefined> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.pathOf(key), 'r');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here, and closes it when it ends or is destroyed.
      return { size, body: handle.createReadStream(range ? { start: range.start, end: range.end } : {}) };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const stat = await fs.promises.stat(this.pathOf(key));
      return stat.isFile() ? { key, size: stat.size } : undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    // Start from the deepest folder the prefix names, then keep the keys that match it.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    for await (const key of this.walk(folder)) {
      if (!key.startsWith(prefix)) continue;
      const info = await this.head(key);
      if (info) yield info;
    }
  }

  private async *walk(folder: string): AsyncGenerator<string> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder ? this.pathOf(folder) : this.location, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw err;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const key = folder ? `${folder}/${entry.name}` : entry.name;
      // Temporary files (leading dot) and anything else that is not a key are not objects.
      if (!isObjectKeySegment(entry.name)) continue;
      if (entry.isDirectory()) yield* this.walk(key);
      else if (entry.isFile()) yield key;
    }
  }

  async close(): Promise<void> {}
}

function isObjectKeySegment(name: string): boolean {
  return /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(name);
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
