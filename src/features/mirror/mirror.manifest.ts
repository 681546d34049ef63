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

/** A name JavaScript orders before every other key of an object: an array index (`"0"`, `"42"`). */
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
function isArrayIndex(key: string): boolean {
  return ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1;
}

/** Entries of the manifest per piece of text: the whole text of a large copy is never one string. */
const ENTRIES_PER_CHUNK = 1000;

/**
 * The bytes of `JSON.stringify(newManifest(…), null, 1)` and a line end, made a thousand entries
 * at a time: a copy of 10,000 publications lists over 100,000 files, and the manifest as one
 * object and one string (as `JSON.stringify` of the whole would make it) held that many entries twice more, at the end of the run when the most
 * is in memory. The files come in the order the object would give them (array indexes first,
 * by number; the others by name, as `newManifest` sorts them).
 */
export function manifestBytes(canonicalUrl: string, baseUrl: string | undefined, generatedAt: Date, files: Map<string, ManifestEntry>): Buffer {
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const indexes = names.filter(isArrayIndex);
  const order = indexes.length ? [...indexes.sort((a, b) => Number(a) - Number(b)), ...names.filter((n) => !isArrayIndex(n))] : names;
  const head = { version: MANIFEST_VERSION, generatedAt: generatedAt.toISOString(), canonicalUrl, baseUrl: baseUrl ?? null };
  const chunks: Buffer[] = [Buffer.from(`${JSON.stringify(head, null, 1).slice(0, -2)},\n "files": ${order.length ? '{' : '{}'}`)];
  for (let start = 0; start < order.length; start += ENTRIES_PER_CHUNK) {
    let text = '';
    for (let i = start; i < Math.min(order.length, start + ENTRIES_PER_CHUNK); i += 1) {
      const name = order[i]!;
      const entry = files.get(name)!;
      text += `${i ? ',' : ''}\n  ${JSON.stringify(name)}: {\n   "sha256": ${JSON.stringify(entry.sha256)},\n   "size": ${JSON.stringify(entry.size)}`;
      if (entry.compressedFrom !== undefined) text += `,\n   "compressedFrom": ${JSON.stringify(entry.compressedFrom)}`;
      text += '\n  }';
    }
    chunks.push(Buffer.from(text));
  }
  chunks.push(Buffer.from(order.length ? '\n }\n}\n' : '\n}\n'));
  return Buffer.concat(chunks);
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
