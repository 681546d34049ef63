import fs from 'node:fs';
import { z } from 'zod';

/** The first entry of every archive. */
export const MANIFEST_NAME = 'manifest.json';
export const ARCHIVE_FORMAT = 'dove-backup';
/** Raised when the layout of an archive changes; a restore refuses a format it does not know. */
export const ARCHIVE_FORMAT_VERSION = 1;

/** Where each part sits inside an archive. */
export const ARCHIVE_PATHS = {
  databasePrefix: 'database/',
  filesPrefix: 'files/',
  evidencePrefix: 'evidence/',
  sessionSecret: 'session-secret',
} as const;

/** Every name an archive may hold: a restore refuses anything else, wherever it would land. */
const ENTRY_LAYOUT = /^(manifest\.json|session-secret|database\/[a-z][a-z0-9_]*\.jsonl|files\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}|evidence\/[0-9a-f]{32})$/;

export function isBackupEntryPath(name: string): boolean {
  return ENTRY_LAYOUT.test(name);
}

const entrySchema = z.object({
  path: z.string().refine(isBackupEntryPath),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Database entries: how many rows the table had. */
  rows: z.number().int().min(0).optional(),
});

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.number().int().min(1),
  doveVersion: z.string(),
  /** The last migration the database had: a restore builds exactly this schema before loading. */
  migration: z.string().min(1),
  createdAt: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  /** Whether the cookie secret is inside ('file'), or came from SESSION_SECRET and must be kept apart ('environment'). */
  sessionSecret: z.enum(['file', 'environment', 'none']),
  /** Fingerprint of the encryption key the case data is sealed under (not the key; safe to show). */
  encryptionKeyId: z.string().nullable(),
  /** Database tables in the order they load (a table after those it references). */
  tables: z.array(z.string()),
  entries: z.array(entrySchema),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = z.infer<typeof entrySchema>;

/** This code's version, for the manifest (package.json sits two folders above src/ and dist/ files alike). */
export function doveVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The archive path of a database table's dump. */
export function tableEntryPath(table: string): string {
  return `${ARCHIVE_PATHS.databasePrefix}${table}.jsonl`;
}
