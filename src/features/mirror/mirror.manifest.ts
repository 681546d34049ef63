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

/** The compressed forms the copy has beside each text file, by the suffix of their names. */
export const COMPRESSED_FORMS = ['.br', '.gz'] as const;

const CHECKSUM_BYTES = 32;
const HEX_CHECKSUM = /^[0-9a-f]{64}$/;
/** A file and its compressed forms share a slot: the file itself, then each form in the order of `COMPRESSED_FORMS`. */
const PER_SLOT = 1 + COMPRESSED_FORMS.length;

/**
 * The files of a manifest, held compactly: a copy of 10,000 publications lists some 117,000
 * files, and each as an object with its checksum as a string of 64 hexadecimal digits, under a
 * name of its own (`page.html.br` beside `page.html`), cost some 250 bytes. Here a file and its
 * compressed forms share one slot under the file's name: a checksum is its 32 bytes in one shared
 * array, a size one number in another. The previous copy's manifest is held the same way through
 * a run. An entry that does not fit (a checksum not in 64 lowercase hexadecimal digits, a
 * `compressedFrom` not the name without its suffix: a manifest edited by hand) is kept as it was
 * read, so that it compares as it did and is written back unchanged.
 */
export class ManifestFiles {
  private readonly slots = new Map<string, number>();
  private checksums = new Uint8Array(CHECKSUM_BYTES * PER_SLOT * 1024);
  private sizes = new Float64Array(PER_SLOT * 1024);
  /** Which of a slot's entries are there, one bit each. */
  private present = new Uint8Array(1024);
  private count = 0;
  private readonly irregular = new Map<string, ManifestEntry>();
  /** The live site and base URL of the copy these files were read from (a manifest's head). */
  madeFor?: { canonicalUrl: string; baseUrl: string | null };

  /** The files of a manifest as read (`Manifest.files`). */
  static of(files: Record<string, ManifestEntry>): ManifestFiles {
    const compact = new ManifestFiles();
    // An entry that is not an object names no file the writer could keep.
    for (const [name, entry] of Object.entries(files)) if (entry && typeof entry === 'object') compact.set(name, entry);
    return compact;
  }

  get size(): number {
    return this.count + this.irregular.size;
  }

  /** The slot and the place in it of a name: a compressed form's is its file's. */
  private locate(name: string, compressedFrom?: string): { file: string; form: number } {
    const form = COMPRESSED_FORMS.findIndex((suffix) => name.endsWith(suffix));
    if (form === -1) return { file: name, form: 0 };
    const file = compressedFrom ?? name.slice(0, -COMPRESSED_FORMS[form]!.length);
    return { file, form: form + 1 };
  }

  /** Where a name's entry is held, if it is. */
  private find(name: string): { slot: number; form: number } | undefined {
    const { file, form } = this.locate(name);
    const slot = this.slots.get(file);
    if (slot !== undefined && this.present[slot]! & (1 << form)) return { slot, form };
    // A file whose name ends like a compressed form without being one (`archive.gz`).
    const own = form ? this.slots.get(name) : undefined;
    if (own !== undefined && this.present[own]! & 1) return { slot: own, form: 0 };
    return undefined;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined || this.irregular.has(name);
  }

  set(name: string, entry: ManifestEntry): void {
    const regular = typeof entry.sha256 === 'string' && HEX_CHECKSUM.test(entry.sha256) && typeof entry.size === 'number';
    const asForm = entry.compressedFrom !== undefined ? this.locate(name, entry.compressedFrom) : undefined;
    if (!regular || (asForm && (asForm.form === 0 || asForm.file + COMPRESSED_FORMS[asForm.form - 1] !== name))) {
      this.remove(name);
      this.irregular.set(name, entry);
      return;
    }
    this.remove(name);
    // A compressed form goes in its file's slot, under the file's own name (`compressedFrom`): no name of its own is kept.
    const { file, form } = asForm ?? { file: name, form: 0 };
    let slot = this.slots.get(file);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(file, slot);
      if (slot >= this.present.length) this.grow();
    }
    this.checksums.set(Buffer.from(entry.sha256, 'hex'), (slot * PER_SLOT + form) * CHECKSUM_BYTES);
    this.sizes[slot * PER_SLOT + form] = entry.size;
    this.present[slot]! |= 1 << form;
    this.count += 1;
  }

  private remove(name: string): void {
    this.irregular.delete(name);
    const found = this.find(name);
    if (!found) return;
    this.present[found.slot]! &= ~(1 << found.form);
    this.count -= 1;
  }

  private grow(): void {
    const checksums = new Uint8Array(this.checksums.length * 2);
    checksums.set(this.checksums);
    this.checksums = checksums;
    const sizes = new Float64Array(this.sizes.length * 2);
    sizes.set(this.sizes);
    this.sizes = sizes;
    const present = new Uint8Array(this.present.length * 2);
    present.set(this.present);
    this.present = present;
  }

  private checksumAt(slot: number, form: number): string {
    return Buffer.from(this.checksums.buffer, this.checksums.byteOffset + (slot * PER_SLOT + form) * CHECKSUM_BYTES, CHECKSUM_BYTES).toString('hex');
  }

  /** A file's checksum (hexadecimal), without making its entry. */
  sha256(name: string): string | undefined {
    const found = this.find(name);
    return found ? this.checksumAt(found.slot, found.form) : this.irregular.get(name)?.sha256;
  }

  get(name: string): ManifestEntry | undefined {
    const found = this.find(name);
    if (!found) return this.irregular.get(name);
    const entry: ManifestEntry = { sha256: this.checksumAt(found.slot, found.form), size: this.sizes[found.slot * PER_SLOT + found.form]! };
    if (found.form) entry.compressedFrom = this.locate(name).file;
    return entry;
  }

  /** Whether the file is the compressed form of another (`compressedFrom`). */
  isCompressedForm(name: string): boolean {
    const found = this.find(name);
    return found ? found.form > 0 : this.irregular.get(name)?.compressedFrom !== undefined;
  }

  /** Every name, compressed forms (made again from their file's name) with the rest. */
  *keys(): IterableIterator<string> {
    for (const [file, slot] of this.slots) {
      const present = this.present[slot]!;
      if (present & 1) yield file;
      for (let form = 1; form < PER_SLOT; form += 1) if (present & (1 << form)) yield file + COMPRESSED_FORMS[form - 1]!;
    }
    yield* this.irregular.keys();
  }

  /** The names of the files that are not a compressed form of another. */
  *files(): IterableIterator<string> {
    for (const [file, slot] of this.slots) if (this.present[slot]! & 1) yield file;
    for (const [name, entry] of this.irregular) if (entry.compressedFrom === undefined) yield name;
  }
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
export function manifestBytes(canonicalUrl: string, baseUrl: string | undefined, generatedAt: Date, files: Pick<ManifestFiles, 'keys' | 'get'>): Buffer {
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
  return bytes && parseManifest(bytes, target);
}

function parseManifest(bytes: Buffer, target: MirrorTarget): Manifest {
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

/**
 * The files of the copy's manifest, if there is one, held compactly (`ManifestFiles`). The
 * manifest of a large copy is some 17 MB of text: as one string and one object it grew the
 * crawl's heap by several times that at the start of a run, and V8 kept the room. A manifest
 * as `manifestBytes` writes it is read a thousand entries at a time; any other (edited by hand)
 * is read whole, as before.
 */
export async function readManifestFiles(target: MirrorTarget): Promise<ManifestFiles | undefined> {
  const bytes = await target.read(MANIFEST_FILE);
  if (!bytes) return undefined;
  const inPieces = filesInPieces(bytes);
  if (inPieces) return inPieces;
  const manifest = parseManifest(bytes, target);
  const files = ManifestFiles.of(manifest.files);
  files.madeFor = { canonicalUrl: manifest.canonicalUrl, baseUrl: manifest.baseUrl };
  return files;
}

const FILES_START = Buffer.from('\n "files": {\n');
/** The end of an entry: its closing brace, at two spaces (a name or value cannot hold a line break: JSON escapes it). */
const ENTRY_END = Buffer.from('\n  }');
const BETWEEN_ENTRIES = Buffer.from(',\n');
const FILES_END = Buffer.from('\n }\n}\n');

/** The entries of a manifest laid out as `manifestBytes` writes it, or undefined when it is not. */
function filesInPieces(bytes: Buffer): ManifestFiles | undefined {
  const start = bytes.indexOf(FILES_START);
  if (start === -1) return undefined;
  try {
    // The head without the comma before `files`.
    const head = JSON.parse(`${bytes.toString('utf8', 0, start).replace(/,$/, '')}}`) as Partial<Manifest>;
    if (head.version !== MANIFEST_VERSION) return undefined;
    const files = new ManifestFiles();
    if (typeof head.canonicalUrl === 'string') files.madeFor = { canonicalUrl: head.canonicalUrl, baseUrl: head.baseUrl ?? null };
    let piece = start + FILES_START.length;
    let at = piece;
    for (let entries = 1; ; entries += 1) {
      const end = bytes.indexOf(ENTRY_END, at);
      if (end === -1) return undefined;
      at = end + ENTRY_END.length;
      const last = bytes.subarray(at, at + FILES_END.length).equals(FILES_END) && at + FILES_END.length === bytes.length;
      if (!last && !bytes.subarray(at, at + BETWEEN_ENTRIES.length).equals(BETWEEN_ENTRIES)) return undefined;
      if (last || entries % ENTRIES_PER_CHUNK === 0) {
        const chunk = JSON.parse(`{${bytes.toString('utf8', piece, at)}}`) as Record<string, ManifestEntry>;
        for (const [name, entry] of Object.entries(chunk)) if (entry && typeof entry === 'object') files.set(name, entry);
        piece = at + BETWEEN_ENTRIES.length;
      }
      if (last) return files;
      at += BETWEEN_ENTRIES.length;
    }
  } catch {
    // Not as `manifestBytes` writes it after all: read whole, which says what is wrong.
    return undefined;
  }
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
