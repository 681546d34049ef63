import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';

/**
 * A rendered response, kept with its compressed forms so a cache hit costs no CPU. Each form
 * is made the first time a client asks for it: with the cache off, only the one sent is made.
 * A page stored in the cache has all its forms made first (`compressAll`), so its size in the
 * cache is known and fixed.
 *
 * How hard to compress depends on how often the bytes will be sent: a stored page is
 * compressed once per change and sent many times, so it is worth a smaller result; a response
 * sent once (the cache off, a search result, an error page) is worth the faster level, as
 * servers usually compress on the fly (nginx's gzip defaults to its fastest level).
 */
export class CachedBody {
  readonly etag: string;
  readonly body: Buffer;
  private brotli: Buffer | undefined;
  private gzipped: Buffer | undefined;
  private levels: CompressionLevels = SENT_ONCE;

  constructor(
    text: string,
    readonly contentType: string,
  ) {
    this.body = Buffer.from(text, 'utf8');
    this.etag = `"${createHash('sha1').update(this.body).digest('base64url')}"`;
  }

  get br(): Buffer {
    this.brotli ??= zlib.brotliCompressSync(this.body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: this.levels.brotli,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: this.body.length,
        [zlib.constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(this.body.length),
      },
    });
    return this.brotli;
  }

  get gzip(): Buffer {
    this.gzipped ??= zlib.gzipSync(this.body, { level: this.levels.gzip });
    return this.gzipped;
  }

  bodyFor(encoding: Encoding): Buffer {
    if (encoding === 'br') return this.br;
    if (encoding === 'gzip') return this.gzip;
    return this.body;
  }

  /** Makes every form at the stored levels (forms made earlier for one response are made again). */
  compressAll(): this {
    if (this.levels !== STORED) {
      this.levels = STORED;
      this.brotli = this.gzipped = undefined;
    }
    void this.br;
    void this.gzip;
    return this;
  }

  /** Bytes held: the page and whichever compressed forms exist. */
  get byteLength(): number {
    return this.body.length + (this.brotli?.length ?? 0) + (this.gzipped?.length ?? 0);
  }
}

interface CompressionLevels {
  brotli: number;
  gzip: number;
}

// Measured on the bench's home, list and publication pages (18–45 KB of HTML): brotli 5's
// output is about 10% smaller than gzip 6's and 10–12% smaller than brotli 3's, for two to
// four times brotli 3's CPU (0.3–0.8 ms against 0.14–0.4 ms a page). Pages are compressed once per change when stored;
// assets (precompressed at 11) are not compressed here. A response sent once takes brotli 1:
// on a machine where brotli 2 took 0.13–0.33 ms for those pages with the fitted window below,
// brotli 1 took 0.07–0.19 ms (about half), for 5–6% more bytes, still fewer than gzip 1's.
const STORED: CompressionLevels = { brotli: 5, gzip: 6 };
const SENT_ONCE: CompressionLevels = { brotli: 1, gzip: 1 };

/** Brotli's smallest and largest window, as powers of two (its default is the largest, 4 MB). */
const BROTLI_MIN_WINDOW_BITS = 16;
const BROTLI_MAX_WINDOW_BITS = 22;

/**
 * The smallest brotli window that holds the whole body: the output is as small as with the
 * default 4 MB window (no match can reach further back than the body's start), while the
 * encoder sets up and clears a window sized to the page, which took a quarter of brotli 2's
 * and 3's time on a 45 KB page.
 */
export function brotliWindowBits(byteLength: number): number {
  const bits = Math.ceil(Math.log2(Math.max(byteLength, 1)));
  return Math.min(BROTLI_MAX_WINDOW_BITS, Math.max(BROTLI_MIN_WINDOW_BITS, bits));
}

export function prepareBody(text: string, contentType: string): CachedBody {
  return new CachedBody(text, contentType);
}

/** A cached page and the response headers it was first sent with. */
export interface CachedPage {
  body: CachedBody;
  /** Headers of the routed response that do not depend on the request or the encoding. */
  headers: Record<string, string | string[]>;
  /** The headers a hit is answered with, built once per page (see `hitHeaders`). */
  hit: HitHeaders;
}

/** Raw header lists (`[name, value, name, value, …]`), as `ServerResponse.writeHead` takes them. */
type RawHeaders = string[];

/**
 * The header lists of a cache hit, made when the page is stored rather than on every request:
 * one per encoding and one for 304, each with or without a Strict-Transport-Security value
 * (the site sends one value, so at most two variants of each are ever built).
 */
export class HitHeaders {
  private readonly built = new Map<string, RawHeaders>();
  private readonly stored: RawHeaders;

  constructor(
    private readonly body: CachedBody,
    headers: CachedPage['headers'],
  ) {
    this.stored = Object.entries(headers).flatMap(([name, value]) =>
      Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, value],
    );
    this.stored.push('x-page-cache', 'hit');
  }

  /** For a 200 in `encoding`, or for a 304 (`'not-modified'`), with HSTS when `hsts` is set. */
  for(kind: Encoding | 'not-modified', hsts: string | undefined): RawHeaders {
    const key = hsts === undefined ? kind : `${kind} ${hsts}`;
    let headers = this.built.get(key);
    if (!headers) {
      headers = [...this.stored];
      if (hsts !== undefined) headers.push('strict-transport-security', hsts);
      if (kind !== 'not-modified') {
        // In the routed response's order: the encoding is set before Fastify adds the length.
        if (kind !== 'identity') headers.push('content-encoding', kind);
        headers.push('content-length', String(this.body.bodyFor(kind).length));
      }
      this.built.set(key, headers);
    }
    return headers;
  }
}

/** Memory a cache entry holds besides its bodies: its key, headers and bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 1024;

export interface PageCacheOptions {
  enabled: boolean;
  maxBytes: number;
  ttlMs: number;
  /** The clock, in milliseconds; tests move it. */
  now?: () => number;
}

/**
 * Least-recently-used map of URL → cached page, bounded by the bytes it holds (pages differ
 * in size a hundredfold: a list of 50 items against a short page) and emptied whenever content
 * changes. Entries also expire after a while, because time alone changes some pages: an item
 * whose publication date arrives, a vacancy whose deadline passes.
 */
export class PageCache {
  readonly enabled: boolean;
  private readonly entries: LRUCache<string, CachedPage>;

  constructor({ enabled, maxBytes, ttlMs, now }: PageCacheOptions) {
    this.enabled = enabled;
    this.entries = new LRUCache<string, CachedPage>({
      maxSize: maxBytes,
      sizeCalculation: (page, key) => page.body.byteLength + key.length + ENTRY_OVERHEAD_BYTES,
      ttl: ttlMs,
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    });
  }

  get(key: string): CachedPage | undefined {
    if (!this.enabled) return undefined;
    return this.entries.get(key);
  }

  /** Stores a page with every compressed form made, so its size does not change afterwards. */
  set(key: string, body: CachedBody, headers: CachedPage['headers']): void {
    if (!this.enabled) return;
    body.compressAll();
    this.entries.set(key, { body, headers, hit: new HitHeaders(body, headers) });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held by the cached pages, as counted against the bound. */
  get byteSize(): number {
    return this.entries.calculatedSize;
  }
}

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * Accept-Encoding values seen and what they chose: browsers send a handful of distinct values,
 * so parsing each one once takes the work off every later request. Bounded, since a client
 * may send anything.
 */
const negotiated = new Map<string, Encoding>();
const MAX_NEGOTIATED_VALUES = 256;

/** br if the client takes it, else gzip, else none; q=0 refuses an encoding. */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let encoding = negotiated.get(header);
  if (encoding === undefined) {
    encoding = parseAcceptEncoding(header);
    if (negotiated.size >= MAX_NEGOTIATED_VALUES) negotiated.clear();
    negotiated.set(header, encoding);
  }
  return encoding;
}

function parseAcceptEncoding(header: string): Encoding {
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
