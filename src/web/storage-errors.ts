import fs from 'node:fs';
import { defineMessages } from '../i18n/messages.js';
import { STORAGE_UNAVAILABLE } from '../storage/index.js';

/*
 * What the server's disk can refuse, said once for every place that writes a file (the media
 * library, editor attachments, evidence, the data directory check at start). An upload that
 * fails for one of these reasons is not the editor's fault, and must not be reported as a
 * damaged file or answered with a 500.
 */

/** Also the keys of `storageMessages`, which feature catalogues spread into their own. */
export type StorageFailure = 'storageFull' | 'storageReadOnly' | 'storageDenied' | 'storageUnavailable';

/** Error codes of the file system, of SQLite (the database file shares the disk) and of PostgreSQL. */
const FAILURE_BY_CODE: Record<string, StorageFailure> = {
  ENOSPC: 'storageFull',
  EDQUOT: 'storageFull',
  SQLITE_FULL: 'storageFull',
  '53100': 'storageFull', // PostgreSQL disk_full
  EROFS: 'storageReadOnly',
  SQLITE_READONLY: 'storageReadOnly',
  EACCES: 'storageDenied',
  EPERM: 'storageDenied',
  // The object storage (S3) could not be reached or failed: see src/storage/s3-storage.ts.
  [STORAGE_UNAVAILABLE]: 'storageUnavailable',
};

/** Which storage refusal an error is, or undefined for anything else (a bug, a damaged file). */
export function classifyStorageError(err: unknown): StorageFailure | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  // SQLite extends its codes (SQLITE_READONLY_DBMOVED, SQLITE_FULL…): the family is what counts.
  return FAILURE_BY_CODE[code] ?? FAILURE_BY_CODE[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
}

export function isStorageFailure(value: unknown): value is StorageFailure {
  return value === 'storageFull' || value === 'storageReadOnly' || value === 'storageDenied' || value === 'storageUnavailable';
}

/** 507 when the disk is full; 503 when storage refuses writes for now. Never a 500: nothing is broken in the request. */
export function storageFailureStatus(failure: StorageFailure): number {
  return failure === 'storageFull' ? 507 : 503;
}

/** Removes a temporary file after a failed write; it may never have been created. */
export async function removeQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true }).catch(() => undefined);
}

export function removeQuietlySync(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing more can be done on a disk that refuses even this; the name is unique and unused.
  }
}

/** What an editor is told; their form is kept, so nothing they typed is lost. */
export const storageMessages = defineMessages({
  en: {
    storageFull: 'The server’s storage is full, so the file was not saved. Nothing else was changed. Please ask your site administrator to free some space, then try again.',
    storageReadOnly: 'The server’s storage is read-only at the moment, so the file was not saved. Nothing else was changed. Please tell your site administrator, then try again later.',
    storageDenied: 'The server is not allowed to write to its storage, so the file was not saved. Nothing else was changed. Please tell your site administrator.',
    storageUnavailable: 'The server could not reach its file storage, so the file was not saved. Nothing else was changed. Please try again in a few minutes; if it keeps happening, tell your site administrator.',
  },
  km: {
    storageFull: 'ទំហំផ្ទុករបស់ម៉ាស៊ីនមេពេញហើយ ដូច្នេះឯកសារមិនត្រូវបានរក្សាទុកទេ។ គ្មានអ្វីផ្សេងទៀតត្រូវបានផ្លាស់ប្ដូរទេ។ សូមស្នើអ្នកគ្រប់គ្រងគេហទំព័ររបស់អ្នកឱ្យបង្កើនទំហំទំនេរ រួចព្យាយាមម្ដងទៀត។',
    storageReadOnly: 'ទំហំផ្ទុករបស់ម៉ាស៊ីនមេអាចត្រឹមតែអានបានប៉ុណ្ណោះនៅពេលនេះ ដូច្នេះឯកសារមិនត្រូវបានរក្សាទុកទេ។ គ្មានអ្វីផ្សេងទៀតត្រូវបានផ្លាស់ប្ដូរទេ។ សូមប្រាប់អ្នកគ្រប់គ្រងគេហទំព័ររបស់អ្នក រួចព្យាយាមម្ដងទៀតពេលក្រោយ។',
    storageDenied: 'ម៉ាស៊ីនមេមិនមានសិទ្ធិសរសេរទៅកាន់ទំហំផ្ទុករបស់ខ្លួនទេ ដូច្នេះឯកសារមិនត្រូវបានរក្សាទុកទេ។ គ្មានអ្វីផ្សេងទៀតត្រូវបានផ្លាស់ប្ដូរទេ។ សូមប្រាប់អ្នកគ្រប់គ្រងគេហទំព័ររបស់អ្នក។',
    storageUnavailable: 'ម៉ាស៊ីនមេមិនអាចភ្ជាប់ទៅកាន់កន្លែងផ្ទុកឯកសាររបស់ខ្លួនបានទេ ដូច្នេះឯកសារមិនត្រូវបានរក្សាទុកទេ។ គ្មានអ្វីផ្សេងទៀតត្រូវបានផ្លាស់ប្ដូរទេ។ សូមព្យាយាមម្ដងទៀតក្នុងរយៈពេលប៉ុន្មាននាទីទៀត ហើយប្រសិនបើវានៅតែកើតឡើង សូមប្រាប់អ្នកគ្រប់គ្រងគេហទំព័ររបស់អ្នក។',
  },
});
