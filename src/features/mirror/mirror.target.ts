import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from './mirror.manifest.js';

/**
 * Where a copy is written. The folder is the one place today; object storage (S3) takes the same
 * four operations when the storage interface offers it.
 */
export interface MirrorTarget {
  /** Said in reports: `folder /srv/mirror`. */
  readonly description: string;
  /** A file's bytes, or undefined when it is not there. */
  read(file: string): Promise<Buffer | undefined>;
  /** The SHA-256 of the file as it is in the target, or undefined when it is not there. */
  checksum(file: string): Promise<string | undefined>;
  write(file: string, bytes: Buffer): Promise<void>;
  remove(file: string): Promise<void>;
}

/** A copy in a local folder, each file written whole (to a temporary name, then renamed) so a reader never gets half a page. */
export class FolderTarget implements MirrorTarget {
  readonly description: string;
  private readonly madeFolders = new Set<string>();

  constructor(private readonly root: string) {
    this.description = `folder ${root}`;
  }

  private place(file: string): string {
    const full = path.resolve(this.root, file);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`${file} is outside the copy`);
    return full;
  }

  async read(file: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.place(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async checksum(file: string): Promise<string | undefined> {
    const bytes = await this.read(file);
    return bytes && sha256(bytes);
  }

  async write(file: string, bytes: Buffer): Promise<void> {
    const full = this.place(file);
    const folder = path.dirname(full);
    if (!this.madeFolders.has(folder)) {
      await fs.mkdir(folder, { recursive: true, mode: 0o755 });
      this.madeFolders.add(folder);
    }
    const temporary = `${full}.${process.pid}.tmp`;
    // Readable by the web server that serves the copy: it is public by nature.
    await fs.writeFile(temporary, bytes, { mode: 0o644 });
    await fs.rename(temporary, full);
  }

  async remove(file: string): Promise<void> {
    const full = this.place(file);
    await fs.rm(full, { force: true });
    // Folders left empty go too, up to the copy's root.
    let folder = path.dirname(full);
    const root = path.resolve(this.root);
    while (folder.startsWith(root + path.sep)) {
      try {
        await fs.rmdir(folder);
      } catch {
        break;
      }
      this.madeFolders.delete(folder);
      folder = path.dirname(folder);
    }
  }
}
