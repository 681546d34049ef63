import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import type { Locale } from '../../i18n/locales.js';
import type { MirrorInputs } from './mirror-inputs.repository.js';
import { MIRROR_FOLDER } from './mirror.paths.js';
import type { MirrorTarget } from './mirror.target.js';

/**
 * What a run of the copy remembers for the next one, beside the copy (it is not part of it and
 * not in the manifest): for each file, the live path it came from, the fingerprint of what it
 * was rendered from, the same-site paths it links to (so the crawl goes on past a page it does
 * not render again), the stamps of the file and its compressed forms as they were written (so a
 * file changed or lost since is made again), and for a page its title and description (for the
 * copy's search index).
 */
export const STATE_FILE = `${MIRROR_FOLDER}/state.json.gz`;
const STATE_VERSION = 2;

export interface FileRecord {
  path: string;
  fingerprint: string;
  links: string[];
  /**
   * The slugs of the content items that the file's path and links name, when it was made: its
   * fingerprint is worked out again from these alone, not from every link. The items' slugs are
   * in the site-wide fingerprint, so while that is unchanged an address names the same items.
   */
  items: string[];
  stamps: string[];
  page?: { locale: Locale; title: string; description: string };
}

interface StoredState {
  version: number;
  /** Every path and every slug once; records refer to them by index. */
  paths: string[];
  files: Record<string, Omit<FileRecord, 'path' | 'links' | 'items'> & { path: number; links: number[]; items: number[] }>;
}

/** The slugs of the items an address names: each address is looked at once per run (pages share most links). */
const namedItems = new WeakMap<MirrorInputs, Map<string, string[]>>();

function itemsNamedBy(inputs: MirrorInputs, path: string): string[] {
  let known = namedItems.get(inputs);
  if (!known) {
    known = new Map();
    namedItems.set(inputs, known);
  }
  let found = known.get(path);
  if (found) return found;
  found = [];
  for (const raw of path.split('?')[0]!.split('/')) {
    if (!raw) continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      continue;
    }
    if (inputs.items.has(segment)) found.push(segment);
  }
  known.set(path, found);
  return found;
}

/** The slugs of the items named by a file's path and links, sorted, each once (see `FileRecord.items`). */
export function itemsOf(inputs: MirrorInputs, path: string, links: readonly string[]): string[] {
  const found = new Set<string>(itemsNamedBy(inputs, path));
  for (const link of links) for (const slug of itemsNamedBy(inputs, link)) found.add(slug);
  return [...found].sort();
}

/** The fingerprint of a file that depends on these items (`itemsOf`): the site's, and that of every one of them. */
export function fingerprintOf(inputs: MirrorInputs, items: readonly string[]): string {
  const hash = createHash('sha256').update(inputs.site);
  // An item gone since (no fingerprint) changes the site-wide fingerprint too.
  for (const slug of items) hash.update(`\0${slug}=${inputs.items.get(slug) ?? ''}`);
  return hash.digest('base64url').slice(0, 22);
}

export async function readState(target: MirrorTarget): Promise<Map<string, FileRecord>> {
  const records = new Map<string, FileRecord>();
  const bytes = await target.read(STATE_FILE);
  if (!bytes) return records;
  let stored: StoredState;
  try {
    stored = JSON.parse(zlib.gunzipSync(bytes).toString('utf8')) as StoredState;
  } catch {
    // A state that cannot be read only costs the work it would have saved.
    return records;
  }
  if (stored.version !== STATE_VERSION || !Array.isArray(stored.paths)) return records;
  for (const [file, r] of Object.entries(stored.files)) {
    records.set(file, { ...r, path: stored.paths[r.path]!, links: r.links.map((i) => stored.paths[i]!), items: r.items.map((i) => stored.paths[i]!) });
  }
  return records;
}

export async function writeState(target: MirrorTarget, records: Map<string, FileRecord>): Promise<void> {
  const index = new Map<string, number>();
  const paths: string[] = [];
  const id = (p: string) => {
    let i = index.get(p);
    if (i === undefined) {
      i = paths.length;
      paths.push(p);
      index.set(p, i);
    }
    return i;
  };
  const files: StoredState['files'] = {};
  for (const [file, r] of records) files[file] = { ...r, path: id(r.path), links: r.links.map(id), items: r.items.map(id) };
  const json = JSON.stringify({ version: STATE_VERSION, paths, files } satisfies StoredState);
  await target.write(STATE_FILE, zlib.gzipSync(json, { level: 1 }));
}
