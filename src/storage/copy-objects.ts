import { hashObject, type ObjectStorage } from './object-storage.js';

/*
 * Copies every object under some prefixes from one storage to another (a site moving its files
 * from DATA_DIR into a bucket, or back). It can be stopped and run again at any point: an object
 * the target already holds with the same SHA-256 is skipped, and each copy is written whole
 * under its key or not at all. Every copy is read back from the target and its SHA-256 compared
 * with the source's before it counts as copied.
 */

export interface CopyOptions {
  prefixes: readonly string[];
  /** The SHA-256 an object must have when its key says so (content-addressed files); a source that differs is damaged. */
  expectedSha256?: (key: string) => string | undefined;
  /** Told after each object; `done` counts every object looked at so far. */
  onProgress?: (progress: { done: number; total: number; key: string; outcome: CopyOutcome }) => void;
}

export type CopyOutcome = 'copied' | 'skipped' | 'failed';

export interface CopySummary {
  total: number;
  copied: number;
  /** Already in the target with the same SHA-256. */
  skipped: number;
  copiedBytes: number;
  /** Objects not copied, each with the reason. */
  failures: Array<{ key: string; reason: string }>;
}

export async function copyObjects(from: ObjectStorage, to: ObjectStorage, options: CopyOptions): Promise<CopySummary> {
  const keys: string[] = [];
  for (const prefix of options.prefixes) for await (const info of from.list(prefix)) keys.push(info.key);
  const summary: CopySummary = { total: keys.length, copied: 0, skipped: 0, copiedBytes: 0, failures: [] };
  for (const [index, key] of keys.entries()) {
    let outcome: CopyOutcome;
    try {
      const result = await copyOne(from, to, key, options.expectedSha256?.(key));
      outcome = result.copied ? 'copied' : 'skipped';
      if (result.copied) summary.copiedBytes += result.size;
    } catch (err) {
      outcome = 'failed';
      summary.failures.push({ key, reason: (err as Error).message });
    }
    if (outcome === 'copied') summary.copied += 1;
    else if (outcome === 'skipped') summary.skipped += 1;
    options.onProgress?.({ done: index + 1, total: keys.length, key, outcome });
  }
  return summary;
}

/** A source object whose bytes are not what its key or metadata says they are. */
export class DamagedObjectError extends Error {}

async function copyOne(from: ObjectStorage, to: ObjectStorage, key: string, expected: string | undefined): Promise<{ copied: boolean; size: number }> {
  const source = await checksumOf(from, key);
  if (!source) throw new Error('it disappeared from the source while the copy ran');
  if (expected && source.sha256 !== expected) throw new DamagedObjectError(`the source is damaged: its SHA-256 is ${source.sha256}, its name says ${expected}`);
  const existing = await to.head(key);
  if (existing && existing.size === source.size) {
    const there = existing.sha256 ?? (await hashObject(to, key))?.sha256;
    if (there === source.sha256) return { copied: false, size: source.size };
  }
  const opened = await from.createReadStream(key);
  if (!opened) throw new Error('it disappeared from the source while the copy ran');
  // Refused by the target if the bytes that arrive are not the ones hashed above.
  await to.put(key, opened.body, { sha256: source.sha256, ...(opened.contentType ? { contentType: opened.contentType } : {}) });
  const written = await hashObject(to, key);
  if (written?.sha256 !== source.sha256 || written.size !== source.size) {
    throw new DamagedObjectError(`the copy read back from the target has SHA-256 ${written?.sha256 ?? 'none'}, not ${source.sha256}`);
  }
  return { copied: true, size: source.size };
}

/** The object's SHA-256 and size: from its metadata when the backend kept it, else by reading it. */
async function checksumOf(storage: ObjectStorage, key: string): Promise<{ sha256: string; size: number } | undefined> {
  const info = await storage.head(key);
  if (!info) return undefined;
  if (info.sha256) return { sha256: info.sha256, size: info.size };
  return hashObject(storage, key);
}
