import path from 'node:path';
import type { Config } from '../../config.js';
import { copyObjects, type CopySummary, type ObjectStorage, type StorageSettings } from '../../storage/index.js';
import { isSha256 } from '../media/storage.js';
import { STORED_FILE_PREFIXES } from './backup-files.js';

/*
 * `dove storage copy --to s3|disk`: every stored file (uploads, renditions, generated files,
 * sealed evidence) from the other backend into the one named. Evidence stays sealed: the
 * copy moves ciphertext and never opens it.
 */

const MIB = 1024 * 1024;
/** How often progress is told on a long copy. */
const PROGRESS_EVERY_OBJECTS = 200;

export class StorageCopyError extends Error {}

/** The disk layout under DATA_DIR and the bucket of the S3_* settings: the two ends of a copy. */
export function copyEnds(config: Pick<Config, 'dataDir'>, s3: StorageSettings | undefined, to: string): { from: StorageSettings; to: StorageSettings } {
  if (to !== 's3' && to !== 'disk') throw new StorageCopyError(`--to must be s3 or disk, not ${JSON.stringify(to)}.`);
  if (!s3 || s3.kind !== 's3') throw new StorageCopyError('Set S3_BUCKET (and S3_REGION, S3_ENDPOINT, the access keys as needed): the copy needs the bucket at its other end.');
  const disk: StorageSettings = { kind: 'disk', root: config.dataDir };
  return to === 's3' ? { from: disk, to: s3 } : { from: s3, to: disk };
}

/** Content-addressed files are named by their SHA-256: a source that differs is damaged. */
function expectedSha256(key: string): string | undefined {
  const name = path.posix.basename(key);
  return key.startsWith('files/') && isSha256(name) ? name : undefined;
}

export async function copyStorage(from: ObjectStorage, to: ObjectStorage, log: (line: string) => void): Promise<CopySummary> {
  log(`Copying stored files from ${from.kind} ${from.location} to ${to.kind} ${to.location}.`);
  return copyObjects(from, to, {
    prefixes: STORED_FILE_PREFIXES,
    expectedSha256,
    onProgress: ({ done, total, key, outcome }) => {
      if (outcome === 'failed') log(`  ${key}: FAILED`);
      if (done % PROGRESS_EVERY_OBJECTS === 0 || done === total) log(`  ${done}/${total} files looked at`);
    },
  });
}

/** The last line of the command: what happened, and whether anything is left to do. */
export function copySummaryLine(summary: CopySummary, to: ObjectStorage): string {
  const head =
    `${summary.total} files: ${summary.copied} copied (${(summary.copiedBytes / MIB).toFixed(1)} MiB, each read back and checked by SHA-256), ` +
    `${summary.skipped} already in ${to.kind} with the same SHA-256, ${summary.failures.length} failed.`;
  if (summary.failures.length === 0) return `${head} Done.`;
  const reasons = summary.failures.slice(0, 10).map((f) => `  ${f.key}: ${f.reason}`);
  return [head, ...reasons, summary.failures.length > 10 ? `  … and ${summary.failures.length - 10} more.` : '', 'Run the command again to retry the failed files; those already copied are skipped.']
    .filter(Boolean)
    .join('\n');
}
