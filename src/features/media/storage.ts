import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { removeQuietly } from '../../web/storage-errors.js';

/** Where file bytes live, addressed by their SHA-256. A later S3-compatible store implements the same. */
export interface FileStorage {
  put(bytes: Buffer): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer | undefined>;
  /** Removes the bytes; removing bytes that are not there is not an error. Callers check no row still names them. */
  delete(sha256: string): Promise<void>;
}

export const isSha256 = (value: string) => /^[0-9a-f]{64}$/.test(value);

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Files under `<dataDir>/files/ab/cd/<sha256>`; writes go through a temporary name, then rename. */
export class DiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    try {
      await fs.access(target);
    } catch {
      await fs.mkdir(path.dirname(target), { recursive: true });
      // A name of its own per write: two writers of the same bytes never share a half-written file,
      // and whichever renames last replaces identical content.
      const temp = `${target}.${randomUUID()}.tmp`;
      try {
        await fs.writeFile(temp, bytes, { flag: 'wx' });
        await fs.rename(temp, target);
      } catch (err) {
        // A full or read-only disk leaves a partial temporary file: it must not stay behind.
        await removeQuietly(temp);
        throw err;
      }
    }
    return { sha256, size: bytes.length };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!isSha256(sha256)) return undefined;
    try {
      return await fs.readFile(this.pathOf(sha256));
    } catch {
      return undefined;
    }
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    await fs.rm(this.pathOf(sha256), { force: true });
  }
}

export function diskStorageFor(dataDir: string): DiskStorage {
  return new DiskStorage(path.join(dataDir, 'files'));
}
