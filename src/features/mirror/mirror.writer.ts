import zlib from 'node:zlib';
import { sha256 } from './mirror.checksum.js';
import { COMPRESSED_FORMS, MANIFEST_FILE, manifestBytes, ManifestFiles } from './mirror.manifest.js';
import type { MirrorTarget } from './mirror.target.js';

/**
 * Brotli quality 4 and gzip level 4, measured on 287 pages of a copy (28 kB each on average):
 * 0.46 + 0.34 ms of processor time per page against 0.80 + 0.61 ms for quality 5 and level 6,
 * for files 9 % (brotli) and 3 % (gzip) larger; a full run compresses every page of the site.
 */
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 4;

/** Files a web server would compress on the fly: the copy carries them compressed already. */
const COMPRESSIBLE = /\.(?:html|css|js|json|xml|rss|atom|svg|txt|csv)$/;

export { COMPRESSED_FORMS };

export function isCompressible(file: string): boolean {
  return COMPRESSIBLE.test(file);
}

/**
 * In one call: a page compresses in well under a millisecond, and the asynchronous form costs
 * three times the processor time in stream and thread-pool handling (measured on a 19 kB page:
 * 1.85 ms against 0.56 ms for brotli).
 */
function compress(bytes: Uint8Array, form: (typeof COMPRESSED_FORMS)[number]): Buffer {
  if (form === '.br') {
    return zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
  }
  return zlib.gzipSync(bytes, { level: GZIP_LEVEL });
}

/** A file's compressed forms, in the order of `COMPRESSED_FORMS`. */
export function compressedForms(bytes: Uint8Array): Buffer[] {
  return COMPRESSED_FORMS.map((form) => compress(bytes, form));
}

/**
 * Makes a file's compressed forms (in the order of `COMPRESSED_FORMS`): on this thread by
 * default, or elsewhere (the rendering threads of `dove mirror`), so that the thread that
 * rewrites and writes the pages does not also compress them.
 */
export type Compressor = (bytes: Buffer) => Promise<Buffer[]>;

const compressHere: Compressor = async (bytes) => compressedForms(bytes);

/**
 * Writes the files of one run into the target, only those whose content differs from the previous
 * run's manifest (or that went missing), each text file with its brotli and gzip forms beside it;
 * at the end removes what the previous run had and this one did not, and writes the manifest.
 */
export class MirrorWriter {
  private readonly entries = new ManifestFiles();
  /** Files (not their compressed forms) written by this run: new or changed. */
  readonly written: string[] = [];
  unchanged = 0;
  /** The stamps of each file put or kept by this run, with its compressed forms after it. */
  private readonly stamps = new Map<string, string[]>();

  constructor(
    private readonly target: MirrorTarget,
    /** The previous copy's manifest's files (`ManifestFiles.of(manifest.files)`). */
    private readonly previous: ManifestFiles | undefined,
    private readonly compressor: Compressor = compressHere,
  ) {}

  has(file: string): boolean {
    return this.entries.has(file);
  }

  /** The files put in the copy so far, their compressed forms aside. */
  files(): string[] {
    return [...this.entries.files()];
  }

  /** The checksum the previous copy recorded for a file, if it had it. */
  previousChecksum(file: string): string | undefined {
    return this.previous?.sha256(file);
  }

  /**
   * Puts one file in the copy; true when it was written (new or changed). `prepared` gives what
   * was already worked out elsewhere (a rendering thread): the file's checksum and, unless the
   * file is probably unchanged, its compressed forms.
   */
  async put(file: string, bytes: Buffer, prepared?: { sha256: string; forms?: Buffer[] }): Promise<boolean> {
    const checksum = prepared?.sha256 ?? sha256(bytes);
    this.entries.set(file, { sha256: checksum, size: bytes.length });
    const forms = isCompressible(file) ? COMPRESSED_FORMS : [];
    if (await this.isUnchanged(file, checksum, forms)) {
      for (const form of forms) this.entries.set(file + form, this.previous!.get(file + form)!);
      this.unchanged += 1;
      await this.takeStamps(file, forms);
      return false;
    }
    const packed = forms.length ? (prepared?.forms ?? (await this.compressor(bytes))) : [];
    const written = await Promise.all([
      this.target.write(file, bytes),
      ...forms.map(async (form, i) => {
        const stamp = await this.target.write(file + form, packed[i]!);
        this.entries.set(file + form, { sha256: sha256(packed[i]!), size: packed[i]!.length, compressedFrom: file });
        return stamp;
      }),
    ]);
    this.written.push(file);
    if (written.every((stamp) => typeof stamp === 'string')) this.stamps.set(file, written);
    else await this.takeStamps(file, forms);
    return true;
  }

  private async takeStamps(file: string, forms: readonly string[]): Promise<void> {
    const stamps = await Promise.all([file, ...forms.map((form) => file + form)].map((f) => this.target.stamp(f)));
    this.stamps.set(file, stamps.map((s) => s ?? ''));
  }

  /**
   * The stamps this run took of a file and its compressed forms (see `MirrorTarget.stamp`),
   * forgotten here: they are asked for once, for the file's record, and a site's worth of them
   * would otherwise stay until the end of the run.
   */
  releaseStamps(file: string): string[] {
    const stamps = this.stamps.get(file) ?? [];
    this.stamps.delete(file);
    return stamps;
  }

  /**
   * Keeps a file of the previous copy without making it again: true when the previous manifest
   * lists it and its compressed forms and each is still as it was written (its stamp is the one
   * recorded then); false, and nothing kept, otherwise.
   */
  async keep(file: string, stamps: readonly string[]): Promise<boolean> {
    const before = this.previous;
    const files = [file, ...(isCompressible(file) ? COMPRESSED_FORMS : []).map((form) => file + form)];
    if (!before || stamps.length !== files.length || files.some((f) => !before.has(f))) return false;
    const now = await Promise.all(files.map((f) => this.target.stamp(f)));
    if (files.some((_, i) => !stamps[i] || now[i] !== stamps[i])) return false;
    for (const f of files) this.entries.set(f, before.get(f)!);
    this.stamps.set(file, [...stamps]);
    this.unchanged += 1;
    return true;
  }

  /**
   * Unchanged: the previous copy had the same content, and the file and its compressed forms are
   * still as that copy wrote them (a file changed or lost since is written again, so a run
   * repairs what `verify` would find).
   */
  private async isUnchanged(file: string, checksum: string, forms: readonly string[]): Promise<boolean> {
    const before = this.previous;
    if (!before || before.sha256(file) !== checksum) return false;
    const files = [file, ...forms.map((form) => file + form)];
    const found = await Promise.all(files.map((f) => (before.has(f) ? this.target.checksum(f) : undefined)));
    return files.every((f, i) => found[i] !== undefined && found[i] === before.sha256(f));
  }

  /**
   * Removes what the previous copy had and this one has not, then writes the manifest, unless the
   * copy is the previous one file for file: then the manifest stays as it is, with the date the
   * copy was made, so a run that changed nothing writes nothing. Returns the removed files.
   */
  async finish(canonicalUrl: string, baseUrl: string | undefined, now: Date): Promise<string[]> {
    const removed = [...(this.previous?.keys() ?? [])].filter((file) => !this.entries.has(file));
    for (const file of removed) await this.target.remove(file);
    if (!this.isPreviousCopy(canonicalUrl, baseUrl)) await this.target.write(MANIFEST_FILE, manifestBytes(canonicalUrl, baseUrl, now, this.entries));
    return removed;
  }

  /** Whether this run's files, their checksums and the copy's addresses are the previous manifest's. */
  private isPreviousCopy(canonicalUrl: string, baseUrl: string | undefined): boolean {
    const previous = this.previous;
    const madeFor = previous?.madeFor;
    if (!previous || !madeFor || this.written.length || madeFor.canonicalUrl !== canonicalUrl || madeFor.baseUrl !== (baseUrl ?? null)) return false;
    if (previous.size !== this.entries.size) return false;
    for (const file of this.entries.keys()) {
      const before = previous.get(file);
      const entry = this.entries.get(file)!;
      if (!before || before.sha256 !== entry.sha256 || before.size !== entry.size || before.compressedFrom !== entry.compressedFrom) return false;
    }
    return true;
  }

  get fileCount(): number {
    return this.entries.size;
  }
}
