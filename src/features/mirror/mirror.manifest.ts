import { sha256 } from './mirror.checksum.js';
import type { MirrorTarget } from './mirror.target.js';

export const MANIFEST_FILE = 'manifest.json';
const MANIFEST_VERSION = 1;

export interface ManifestEntry {
  sha256: string;
  size: number;
  /** For a `.br` or `.gz` file: the file it is the compressed form of. */
  compressedFrom?: string;
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  /** When the copy was made (ISO 8601). */
  generatedAt: string;
  /** The live site the copy is of. */
  canonicalUrl: string;
  baseUrl: string | null;
  files: Record<string, ManifestEntry>;
}

export function newManifest(canonicalUrl: string, baseUrl: string | undefined, generatedAt: Date, files: Map<string, ManifestEntry>): Manifest {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { version: MANIFEST_VERSION, generatedAt: generatedAt.toISOString(), canonicalUrl, baseUrl: baseUrl ?? null, files: Object.fromEntries(sorted) };
}

export class ManifestError extends Error {}

/** The manifest of the copy already in the target, if there is one. */
export async function readManifest(target: MirrorTarget): Promise<Manifest | undefined> {
  const bytes = await target.read(MANIFEST_FILE);
  if (!bytes) return undefined;
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as Partial<Manifest>;
  } catch {
    throw new ManifestError(`${MANIFEST_FILE} in ${target.description} is not JSON: is this a copy made by \`dove mirror\`?`);
  }
  if (parsed.version !== MANIFEST_VERSION || typeof parsed.files !== 'object' || parsed.files === null) {
    throw new ManifestError(`${MANIFEST_FILE} in ${target.description} is not a manifest of \`dove mirror\` (version ${MANIFEST_VERSION}).`);
  }
  return parsed as Manifest;
}

export interface VerifyResult {
  checked: number;
  missing: string[];
  changed: string[];
}

/** Reads every file the manifest lists and compares its SHA-256; lists the missing and the changed. */
export async function verifyMirror(target: MirrorTarget): Promise<VerifyResult> {
  const manifest = await readManifest(target);
  if (!manifest) throw new ManifestError(`${target.description} has no ${MANIFEST_FILE}: it is not a copy made by \`dove mirror\`.`);
  const result: VerifyResult = { checked: 0, missing: [], changed: [] };
  for (const [file, entry] of Object.entries(manifest.files)) {
    const bytes = await target.read(file);
    result.checked += 1;
    if (!bytes) result.missing.push(file);
    else if (sha256(bytes) !== entry.sha256) result.changed.push(file);
  }
  return result;
}
