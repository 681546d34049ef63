import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ObjectStorage } from '../../storage/index.js';
import { isSha256 } from '../media/storage.js';
import { ARCHIVE_PATHS, isBackupEntryPath } from './backup.manifest.js';

/*
 * File helpers shared by backup and restore: which stored objects belong in an archive,
 * hashing while streaming, and splitting a stream into lines.
 */

export interface StoredFile {
  /** The object's key, which is also its path inside the archive. */
  key: string;
  size: number;
  /** Known without reading the bytes (a content address, or S3 metadata); else undefined. */
  sha256?: string;
}

/** The prefixes of the object storage that hold the site's files: uploads and renditions, sealed evidence. */
export const STORED_FILE_PREFIXES = [ARCHIVE_PATHS.filesPrefix, ARCHIVE_PATHS.evidencePrefix] as const;

/**
 * Uploaded files (`files/ab/cd/<sha256>`) and sealed evidence files (`evidence/<key>`), on disk
 * or in the bucket. A rotation's `.rotating` leftovers do not match the names and stay out.
 */
export async function listStoredFiles(storage: ObjectStorage): Promise<StoredFile[]> {
  const found: StoredFile[] = [];
  for (const prefix of STORED_FILE_PREFIXES) {
    for await (const info of storage.list(prefix)) {
      if (!isBackupEntryPath(info.key)) continue;
      const name = info.key.slice(info.key.lastIndexOf('/') + 1);
      const sha256 = prefix === ARCHIVE_PATHS.filesPrefix && isSha256(name) ? name : info.sha256 ?? (await storage.head(info.key))?.sha256;
      found.push({ key: info.key, size: info.size, ...(sha256 ? { sha256 } : {}) });
    }
  }
  return found;
}

/** Passes the chunks on unchanged while hashing them; `digest()` once they are all through. */
export class HashingTap {
  private readonly hash = createHash('sha256');
  bytes = 0;

  async *through(source: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      this.hash.update(chunk);
      this.bytes += chunk.length;
      yield chunk;
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export async function sha256OfFile(file: string): Promise<{ sha256: string; size: number }> {
  const tap = new HashingTap();
  for await (const chunk of tap.through(fs.createReadStream(file))) void chunk;
  return { sha256: tap.digest(), size: tap.bytes };
}

/** Splits a byte stream into UTF-8 lines (without their newline), however the chunks fall. */
export async function* linesOf(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const chunk of source) {
    let start = 0;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, start)) {
      pending.push(chunk.subarray(start, at));
      yield Buffer.concat(pending).toString('utf8');
      pending = [];
      start = at + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length) yield Buffer.concat(pending).toString('utf8');
}
