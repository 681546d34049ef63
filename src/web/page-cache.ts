import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

/**
 * A rendered response, kept with its compressed forms so a cache hit costs no CPU. Each form
 * is made the first time a client asks for it: with the cache off, only the one sent is made.
 */
export class CachedBody {
  readonly etag: string;
  readonly body: Buffer;
  private brotli: Buffer | undefined;
  private gzipped: Buffer | undefined;

  constructor(
    text: string,
    readonly contentType: string,
  ) {
    this.body = Buffer.from(text, 'utf8');
    this.etag = `"${createHash('sha1').update(this.body).digest('base64url')}"`;
  }

  get br(): Buffer {
    this.brotli ??= zlib.brotliCompressSync(this.body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: this.body.length },
    });
    return this.brotli;
  }

  get gzip(): Buffer {
    this.gzipped ??= zlib.gzipSync(this.body, { level: GZIP_LEVEL });
    return this.gzipped;
  }
}

// Quality 5 brotli is about as small as gzip -9 at a fraction of quality 11's cost; pages are
// compressed once per change, assets (precompressed at 11) are not compressed here.
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

export function prepareBody(text: string, contentType: string): CachedBody {
  return new CachedBody(text, contentType);
}

interface Entry {
  body: CachedBody;
  expiresAt: number;
}

/**
 * Least-recently-used map of URL → rendered body, emptied whenever content changes. Entries
 * also expire after a while, because time alone changes some pages: an item whose publication
 * date arrives, a vacancy whose deadline passes.
 */
export class PageCache {
  private entries = new Map<string, Entry>();

  constructor(
    readonly enabled: boolean,
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): CachedBody | undefined {
    if (!this.enabled) return undefined;
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expiresAt <= this.now()) return undefined;
    this.entries.set(key, hit);
    return hit.body;
  }

  set(key: string, value: CachedBody): void {
    if (!this.enabled) return;
    this.entries.delete(key);
    this.entries.set(key, { body: value, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** br if the client takes it, else gzip, else none; q=0 refuses an encoding. */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name!.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}
