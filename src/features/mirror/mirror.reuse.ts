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
const STATE_VERSION = 1;

export interface FileRecord {
  path: string;
  fingerprint: string;
  links: string[];
  stamps: string[];
  page?: { locale: Locale; title: string; description: string };
}

interface StoredState {
  version: number;
  /** Every path once; records refer to them by index. */
  paths: string[];
  files: Record<string, Omit<FileRecord, 'path' | 'links'> & { path: number; links: number[] }>;
}

/** The items an address names, as `slug=fingerprint`: each address is looked at once per run (pages share most links). */
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
    const item = inputs.items.get(segment);
    if (item !== undefined) found.push(`${segment}=${item}`);
  }
  known.set(path, found);
  return found;
}

/** The fingerprint of a file made from `path` that links to `links`: the site's, and that of every item those addresses name. */
export function fingerprintOf(inputs: MirrorInputs, path: string, links: readonly string[]): string {
  const found = new Set<string>();
  for (const p of [path, ...links]) for (const entry of itemsNamedBy(inputs, p)) found.add(entry);
  const hash = createHash('sha256').update(inputs.site);
  for (const entry of [...found].sort()) hash.update(`\0${entry}`);
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
    records.set(file, { ...r, path: stored.paths[r.path]!, links: r.links.map((i) => stored.paths[i]!) });
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
  for (const [file, r] of records) files[file] = { ...r, path: id(r.path), links: r.links.map(id) };
  const json = JSON.stringify({ version: STATE_VERSION, paths, files } satisfies StoredState);
  await target.write(STATE_FILE, zlib.gzipSync(json, { level: 1 }));
}
