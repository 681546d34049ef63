import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { OFFICE_TYPES } from '../media/office-types.js';
import { hashObject, isObjectKey, type ObjectStorage } from '../../storage/index.js';
import { sha256 } from './mirror.checksum.js';

/** Where a copy is written: a folder, or object storage (an S3-compatible bucket). */
export interface MirrorTarget {
  /** Said in reports: `folder /srv/mirror`. */
  readonly description: string;
  /** A file's bytes, or undefined when it is not there. */
  read(file: string): Promise<Buffer | undefined>;
  /** The SHA-256 of the file as it is in the target, or undefined when it is not there. */
  checksum(file: string): Promise<string | undefined>;
  /**
   * A cheap mark of the file as it is now (size and time of change in a folder, the stored
   * SHA-256 in a bucket), or undefined when it is not there: equal marks mean the file is still
   * as this run or the previous one left it, without reading it.
   */
  stamp(file: string): Promise<string | undefined>;
  /** Writes a file whole; returns its stamp (see `stamp`) when that comes without asking again. */
  write(file: string, bytes: Buffer): Promise<string | void>;
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

  /** In one call on this thread: a second run asks for three stamps per page, and a trip through the thread pool costs more than the call. */
  async stamp(file: string): Promise<string | undefined> {
    const stat = statSync(this.place(file), { throwIfNoEntry: false });
    return stat && stampOf(stat);
  }

  /**
   * In calls on this thread, like `stamp`: a page is three small files, and the thread pool's
   * round trips (folder, open, write, close, rename) cost several times the system calls
   * themselves, on the thread that also rewrites the pages.
   */
  async write(file: string, bytes: Buffer): Promise<string> {
    const full = this.place(file);
    const folder = path.dirname(full);
    if (!this.madeFolders.has(folder)) {
      openFolders(folder, mkdirSync(folder, { recursive: true }));
      this.madeFolders.add(folder);
    }
    const temporary = `${full}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    let stat: Stats;
    try {
      writeFileSync(fd, bytes);
      // Readable by the web server that serves the copy, whatever the umask (the command's is 077).
      fchmodSync(fd, PUBLIC_FILE);
      // The stamp of the file as written: renaming keeps its size, time of change and inode.
      stat = fstatSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, full);
    return stampOf(stat);
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

function stampOf(stat: Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
}

/**
 * The copy is public by nature, and a web server running as another user serves it: its files
 * and folders are opened to everyone explicitly, since `dove` runs with umask 077 (src/cli.ts)
 * and modes given when creating are masked by it.
 */
const PUBLIC_FILE = 0o644;
const PUBLIC_FOLDER = 0o755;

/** Opens the folders mkdir made: `first` (the first it created, if any) down to `folder`. */
function openFolders(folder: string, first: string | undefined): void {
  if (!first) return;
  for (let at = folder; ; at = path.dirname(at)) {
    chmodSync(at, PUBLIC_FOLDER);
    if (at === first || at === path.dirname(at)) break;
  }
}

/** Content types of the copy's files, so a bucket served as a website sends each with the right one. */
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8',
  json: 'application/json', xml: 'application/xml', rss: 'application/rss+xml', atom: 'application/atom+xml',
  txt: 'text/plain; charset=utf-8', csv: 'text/csv; charset=utf-8', svg: 'image/svg+xml', pdf: 'application/pdf',
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif',
  // Word, Excel, PowerPoint and OpenDocument, from the one list of office formats.
  ...Object.fromEntries(OFFICE_TYPES.flatMap((type) => type.extensions.map((extension) => [extension, type.mime]))),
  woff2: 'font/woff2', woff: 'font/woff', ico: 'image/x-icon', br: 'application/x-brotli', gz: 'application/gzip',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[/\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/**
 * A copy in object storage (an S3-compatible bucket, or the disk backend), under a prefix, so
 * the bucket can be served as a static website or synchronised elsewhere. The storage keeps each
 * object's SHA-256 beside it, so an unchanged file is recognised without downloading it.
 */
export class ObjectStorageTarget implements MirrorTarget {
  readonly description: string;

  /** `prefix` is empty or ends with `/` (`site/`). */
  constructor(
    private readonly storage: ObjectStorage,
    private readonly prefix: string,
  ) {
    this.description = `${storage.location}${prefix ? ` under ${prefix}` : ''}`;
  }

  private key(file: string): string {
    const key = `${this.prefix}${file}`;
    if (!isObjectKey(key)) throw new Error(`${file} cannot be a key of object storage (letters, digits, ".", "_", "-" and "~" only)`);
    return key;
  }

  read(file: string): Promise<Buffer | undefined> {
    return this.storage.get(this.key(file));
  }

  async checksum(file: string): Promise<string | undefined> {
    const key = this.key(file);
    const info = await this.storage.head(key);
    if (!info) return undefined;
    return info.sha256 ?? (await hashObject(this.storage, key))?.sha256;
  }

  stamp(file: string): Promise<string | undefined> {
    return this.checksum(file);
  }

  async write(file: string, bytes: Buffer): Promise<void> {
    await this.storage.put(this.key(file), bytes, { contentType: contentTypeOf(file) });
  }

  remove(file: string): Promise<void> {
    return this.storage.delete(this.key(file));
  }
}
