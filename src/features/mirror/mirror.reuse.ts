import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Locale } from '../../i18n/locales.js';
import type { MirrorInputs } from './mirror-inputs.repository.js';
import { detached, MIRROR_FOLDER } from './mirror.paths.js';
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

/**
 * Every address (and item slug) a run deals with, once, by number: a copy of 10,000 publications
 * has nearly four million links between some 120,000 addresses, and a link held as a number in
 * a typed array costs 4 bytes where an array of strings costs 8 for the reference alone (the
 * crawl's heap held some 190 MB of links and addresses as strings).
 */
export class PathTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  get size(): number {
    return this.texts.length;
  }

  has(text: string): boolean {
    return this.ids.has(text);
  }

  /** The number of an address, given it the first time it is seen. */
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      // A string of its own: a part cut from a page's text would keep the whole page in memory.
      const own = detached(text);
      this.texts.push(own);
      this.ids.set(own, id);
    }
    return id;
  }

  text(id: number): string {
    const text = this.texts[id];
    if (text === undefined) throw new RangeError(`no address numbered ${id}`);
    return text;
  }

  idsOf(texts: Iterable<string>): Int32Array {
    return Int32Array.from(texts, (t) => this.id(t));
  }

  textsOf(ids: Int32Array): string[] {
    return Array.from(ids, (id) => this.text(id));
  }
}

export interface FileRecord {
  /** Numbers in the run's `PathTable`, as are `links` and `items`. */
  path: number;
  fingerprint: string;
  links: Int32Array;
  /**
   * The slugs of the content items that the file's path and links name, when it was made: its
   * fingerprint is worked out again from these alone, not from every link. The items' slugs are
   * in the site-wide fingerprint, so while that is unchanged an address names the same items.
   */
  items: Int32Array;
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

/** The items an address names, by the address's number: each address is looked at once per run (pages share most links). */
const namedItems = new WeakMap<PathTable, { inputs: MirrorInputs; named: Map<number, Int32Array> }>();
const NONE = new Int32Array(0);

function itemsNamedBy(inputs: MirrorInputs, table: PathTable, path: number): Int32Array {
  let known = namedItems.get(table);
  if (!known || known.inputs !== inputs) {
    known = { inputs, named: new Map() };
    namedItems.set(table, known);
  }
  let found = known.named.get(path);
  if (found) return found;
  const slugs: number[] = [];
  for (const raw of table.text(path).split('?')[0]!.split('/')) {
    if (!raw) continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      continue;
    }
    if (inputs.items.has(segment)) slugs.push(table.id(segment));
  }
  // Most addresses name no item: they share one empty array.
  found = slugs.length ? Int32Array.from(slugs) : NONE;
  known.named.set(path, found);
  return found;
}

/** The items named by a file's path and links, sorted by slug, each once (see `FileRecord.items`). */
export function itemsOf(inputs: MirrorInputs, table: PathTable, path: number, links: Int32Array): Int32Array {
  const found = new Set<number>(itemsNamedBy(inputs, table, path));
  for (const link of links) for (const slug of itemsNamedBy(inputs, table, link)) found.add(slug);
  return Int32Array.from([...found].map((id) => table.text(id)).sort(), (slug) => table.id(slug));
}

/** The fingerprint of a file that depends on these items (`itemsOf`): the site's, and that of every one of them. */
export function fingerprintOf(inputs: MirrorInputs, table: PathTable, items: Int32Array): string {
  const hash = createHash('sha256').update(inputs.site);
  // An item gone since (no fingerprint) changes the site-wide fingerprint too.
  for (const item of items) {
    const slug = table.text(item);
    hash.update(`\0${slug}=${inputs.items.get(slug) ?? ''}`);
  }
  return hash.digest('base64url').slice(0, 22);
}

/**
 * The previous run's records, their addresses numbered in `table` (the file's own numbers are
 * those of its lines, not the table's).
 */
export async function readState(target: MirrorTarget, table: PathTable): Promise<Map<string, FileRecord>> {
  const bytes = await target.read(STATE_FILE);
  if (!bytes) return new Map();
  const records = new Map<string, FileRecord>();
  const paths: number[] = [];
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
      if (typeof value === 'string') paths.push(table.id(value));
      else {
        const [file, path, fingerprint, links, items, stamps, page] = value as StoredRecord;
        const own = (i: number) => {
          const id = paths[i];
          if (id === undefined) throw new RangeError(`no address numbered ${i}`);
          return id;
        };
        records.set(file, { path: own(path), fingerprint, links: Int32Array.from(links, own), items: Int32Array.from(items, own), stamps, ...(page ? { page } : {}) });
      }
    }
    return records;
  } catch {
    // A state that cannot be read only costs the work it would have saved.
    return new Map();
  }
}

/**
 * The state, written a record at a time as the crawl makes them: each record's line is made
 * (and handed to the compressor) when the record is final, so the records themselves (nearly
 * four million links, the pages' titles) need not stay in memory until the end of the run;
 * only the compressed bytes do (a few megabytes for 10,000 publications). The lines are those
 * `writeState` of all the records at once would write, in the order they were added.
 */
export class StateWriter {
  /** The file's number of each address of the table, by the table's number (-1: not named yet); grows with the table. */
  private index = new Int32Array(1024).fill(-1);
  private named = 0;
  private text = STATE_HEADER;
  private count = 0;
  private readonly gzip = zlib.createGzip({ level: 1 });
  private readonly compressed: Buffer[] = [];
  private readonly ended: Promise<void>;

  constructor(private readonly table: PathTable) {
    this.gzip.on('data', (chunk: Buffer) => this.compressed.push(chunk));
    this.ended = new Promise<void>((resolve, reject) => {
      this.gzip.once('end', resolve);
      this.gzip.once('error', reject);
    });
  }

  private id(p: number): number {
    if (p >= this.index.length) {
      const grown = new Int32Array(Math.max(p + 1, this.index.length * 2)).fill(-1);
      grown.set(this.index);
      this.index = grown;
    }
    let i = this.index[p]!;
    if (i === -1) {
      i = this.named++;
      this.index[p] = i;
      this.text += `${JSON.stringify(this.table.text(p))}\n`;
    }
    return i;
  }

  /**
   * Adds a file's record. The compressor takes each piece of text without the crawl waiting for
   * it: it keeps up with level 1 far faster than pages are made, so little waits in its buffer.
   */
  add(file: string, r: FileRecord): void {
    // The paths go first, each on its own line, so the record's line can name them by number.
    const line: StoredRecord = [file, this.id(r.path), r.fingerprint, Array.from(r.links, (p) => this.id(p)), Array.from(r.items, (p) => this.id(p)), r.stamps, r.page ?? null];
    this.text += `${JSON.stringify(line)}\n`;
    if (++this.count % RECORDS_PER_CHUNK === 0) this.flush();
  }

  get size(): number {
    return this.count;
  }

  private flush(): void {
    if (this.text) this.gzip.write(this.text);
    this.text = '';
  }

  /** Writes the state file into the target. */
  async finish(target: MirrorTarget): Promise<void> {
    this.flush();
    this.gzip.end();
    await this.ended;
    await target.write(STATE_FILE, Buffer.concat(this.compressed));
  }
}

export async function writeState(target: MirrorTarget, records: Map<string, FileRecord>, table: PathTable): Promise<void> {
  const state = new StateWriter(table);
  for (const [file, r] of records) state.add(file, r);
  await state.finish(target);
}
