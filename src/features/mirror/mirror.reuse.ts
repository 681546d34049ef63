import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
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
const STATE_VERSION = 3;
/** The state's first line: its version, alone. */
const STATE_HEADER = `${JSON.stringify({ version: STATE_VERSION })}\n`;

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

/**
 * The state is gzipped lines of JSON, read and written a line at a time: a copy of 10,000
 * publications has some 40,000 records and nearly four million links, and the state as one
 * object and one string cost several hundred megabytes at the end of a run. The first line is
 * `{"version":3}`; then each line is either a path (a JSON string: the next path's number, from
 * 0) or a record, `[file, path, fingerprint, links, items, stamps, page or null]`, whose path,
 * links and items are numbers of paths given on earlier lines.
 */
type StoredRecord = [file: string, path: number, fingerprint: string, links: number[], items: number[], stamps: string[], page: FileRecord['page'] | null];

/** Records per piece handed to the compressor. */
const RECORDS_PER_CHUNK = 500;

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
  const bytes = await target.read(STATE_FILE);
  if (!bytes) return new Map();
  const records = new Map<string, FileRecord>();
  const paths: string[] = [];
  try {
    // The version is looked at in the first few kilobytes alone: an older state is one line of
    // JSON, which would otherwise be read whole (the peak of memory the lines avoid) to be thrown away.
    const head = zlib.gunzipSync(bytes.subarray(0, 4096), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (!head.toString('utf8', 0, STATE_HEADER.length + 1).startsWith(STATE_HEADER)) return new Map();
    const lines = createInterface({ input: Readable.from([bytes]).pipe(zlib.createGunzip()), crlfDelay: Infinity });
    let first = true;
    for await (const line of lines) {
      if (first) {
        first = false;
        continue;
      }
      const value = JSON.parse(line) as unknown;
      if (typeof value === 'string') paths.push(value);
      else {
        const [file, path, fingerprint, links, items, stamps, page] = value as StoredRecord;
        records.set(file, { path: paths[path]!, fingerprint, links: links.map((i) => paths[i]!), items: items.map((i) => paths[i]!), stamps, ...(page ? { page } : {}) });
      }
    }
    return records;
  } catch {
    // A state that cannot be read only costs the work it would have saved.
    return new Map();
  }
}

export async function writeState(target: MirrorTarget, records: Map<string, FileRecord>): Promise<void> {
  const index = new Map<string, number>();
  let text = '';
  const id = (p: string) => {
    let i = index.get(p);
    if (i === undefined) {
      i = index.size;
      index.set(p, i);
      text += `${JSON.stringify(p)}\n`;
    }
    return i;
  };
  const gzip = zlib.createGzip({ level: 1 });
  const compressed: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => compressed.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  const send = async () => {
    if (!gzip.write(text)) await new Promise((resolve) => gzip.once('drain', resolve));
    text = '';
  };
  text = STATE_HEADER;
  let count = 0;
  for (const [file, r] of records) {
    // The paths go first, each on its own line, so the record's line can name them by number.
    const line: StoredRecord = [file, id(r.path), r.fingerprint, r.links.map(id), r.items.map(id), r.stamps, r.page ?? null];
    text += `${JSON.stringify(line)}\n`;
    if (++count % RECORDS_PER_CHUNK === 0) await send();
  }
  await send();
  gzip.end();
  await ended;
  await target.write(STATE_FILE, Buffer.concat(compressed));
}
