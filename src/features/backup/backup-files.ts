import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isSha256 } from '../media/storage.js';

/*
 * File helpers shared by backup and restore: which files of DATA_DIR belong in an archive,
 * hashing while streaming, and splitting a stream into lines.
 */

export interface DataFile {
  /** Path inside the archive (and below DATA_DIR). */
  archivePath: string;
  absolutePath: string;
}

const EVIDENCE_NAME = /^[0-9a-f]{32}$/;

/**
 * Uploaded files (`files/ab/cd/<sha256>`) and sealed evidence files (`evidence/<key>`). Half
 * written `.tmp` files and a rotation's `.rotating` leftovers do not match the names and stay out.
 */
export function listDataFiles(dataDir: string): DataFile[] {
  const found: DataFile[] = [];
  const files = path.join(dataDir, 'files');
  for (const a of subdirs(files)) for (const b of subdirs(path.join(files, a))) {
    for (const name of fileNames(path.join(files, a, b))) {
      if (isSha256(name) && name.startsWith(a + b)) found.push({ archivePath: `files/${a}/${b}/${name}`, absolutePath: path.join(files, a, b, name) });
    }
  }
  for (const name of fileNames(path.join(dataDir, 'evidence'))) {
    if (EVIDENCE_NAME.test(name)) found.push({ archivePath: `evidence/${name}`, absolutePath: path.join(dataDir, 'evidence', name) });
  }
  return found;
}

function entriesOf(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function subdirs(dir: string): string[] {
  return entriesOf(dir).filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)).map((e) => e.name).sort();
}

function fileNames(dir: string): string[] {
  return entriesOf(dir).filter((e) => e.isFile()).map((e) => e.name).sort();
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
