import nodeFs from 'node:fs';
import path from 'node:path';
import { classifyStorageError } from './web/storage-errors.js';

/*
 * The data directory holds the database (staff, subscribers, case records), the keys and the
 * evidence: only the account that runs Dove may read it. The CLI sets umask 077 so every file
 * made in it is 0600 and every folder 0700; this check covers the folder itself and one made
 * by hand or by an older version with looser modes.
 */

/** Group or world may read, write or enter. */
const OPEN_TO_OTHERS = 0o077;

/** The start-up refusal: one line naming the directory and the fix, printed without a stack trace. */
export class DataDirError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataDirError';
  }
}

type Fs = Pick<
  typeof nodeFs,
  'mkdirSync' | 'statSync' | 'lstatSync' | 'chmodSync' | 'readdirSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'rmSync'
>;

export interface PrepareDataDirOptions {
  fs?: Fs;
  /** Told once when modes that were open to others were tightened. */
  log?: (message: string) => void;
}

/**
 * Creates DATA_DIR (0700), closes it to other users if it was open, and proves it can take a
 * write. Throws DataDirError when it cannot be used.
 */
export function prepareDataDir(dir: string, options: PrepareDataDirOptions = {}): void {
  const fs = options.fs ?? nodeFs;
  const log = options.log ?? ((message: string) => console.warn(message));
  const absolute = path.resolve(dir);
  try {
    fs.mkdirSync(absolute, { recursive: true, mode: 0o700 });
    if (!fs.statSync(absolute).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const tightened = tightenModes(fs, absolute);
    if (tightened > 0) log(`DATA_DIR ${absolute} was readable by other users: ${tightened} entries are now 0700 (folders) or 0600 (files).`);
    probeWrite(fs, absolute);
  } catch (err) {
    throw new DataDirError(describeFailure(absolute, err), { cause: err });
  }
}

/** When the directory itself was open, everything in it may be too (made before umask 077). */
function tightenModes(fs: Fs, dir: string): number {
  if ((fs.statSync(dir).mode & OPEN_TO_OTHERS) === 0) return 0;
  let changed = 0;
  const visit = (entry: string) => {
    // lstat: a symbolic link is left alone, and so is whatever it points to outside DATA_DIR.
    const stat = fs.lstatSync(entry);
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) {
        fs.chmodSync(entry, 0o700);
        changed++;
      }
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    } else if (stat.isFile() && (stat.mode & OPEN_TO_OTHERS) !== 0) {
      fs.chmodSync(entry, (stat.mode & 0o700) | 0o600);
      changed++;
    }
  };
  visit(dir);
  return changed;
}

/** A write that reaches the disk (fsync), then removed: a read-only mount or full disk shows here, not at the first upload. */
function probeWrite(fs: Fs, dir: string): void {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(probe, 'w', 0o600);
    fs.writeSync(fd, 'dove');
    fs.fsyncSync(fd);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(probe, { force: true });
  }
}

function describeFailure(dir: string, err: unknown): string {
  const code = (err as { code?: string }).code ?? 'error';
  const fix = 'or set DATA_DIR to a directory it can write.';
  if (code === 'ENOTDIR' || code === 'EEXIST') return `DATA_DIR ${dir} is not a directory (${code}): remove or rename the file there, ${fix}`;
  switch (classifyStorageError(err)) {
    case 'storageReadOnly':
      return `DATA_DIR ${dir} is on read-only storage (${code}): mount it read-write, ${fix}`;
    case 'storageFull':
      return `DATA_DIR ${dir} is on a full disk (${code}): free some space, ${fix}`;
    case 'storageDenied':
      return `DATA_DIR ${dir} cannot be written by the user running Dove (${code}): give that user ownership (chown -R), ${fix}`;
    default:
      return `DATA_DIR ${dir} cannot be used (${code}: ${(err as Error).message}): check the path, ${fix}`;
  }
}
