import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { startChangeNotices } from '../db/change-notices.js';
import { negotiateEncoding, PageCache, prepareBody, type CachedBody, type CachedPage, type Encoding } from './page-cache.js';
import { withoutTrackingParameters } from './tracking-params.js';
import { transportActionFor } from './transport-security.plugin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public routes are readable without signing in; every other route is denied by default. */
    public?: boolean;
    /** The rendered response may be cached until content changes. */
    pageCache?: boolean;
  }
  interface FastifyInstance {
    pageCache: PageCache;
    /**
     * Call after any change to public content (once it is committed): empties the page cache and
     * site contexts here, and on every other server sharing the database (change-notices.ts).
     */
    contentChanged(): void;
    /**
     * Runs `forget` whenever content changed, here or on another server: for a feature's own
     * copy of something stored (the redirects), beside the page cache and site contexts.
     */
    whenContentChanges(forget: () => void): void;
  }
  interface FastifyReply {
    /** Renders a Preact tree as an HTML document and sends it (cached, compressed, with ETag). */
    sendHtml(tree: VNode, status?: number): FastifyReply;
    /** Sends text (XML, plain text) with the same caching and compression as pages. */
    sendText(text: string, contentType: string, status?: number): FastifyReply;
  }
}

const HTML = 'text/html; charset=utf-8';

export interface ResponsesOptions {
  pageCache: boolean;
  pageCacheMaxBytes: number;
  pageCacheTtlSeconds: number;
  /** The site's public address: a hit must redirect and send HSTS as a routed response would. */
  publicUrl: string;
  /** The site's onion service (ONION_ADDRESS): every HTML page says where the same page is there. */
  onionAddress?: string;
}

function cacheKey(request: FastifyRequest): string {
  return withoutTrackingParameters(request.url);
}

function isRead(request: FastifyRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  return header !== undefined && header.split(/\s*,\s*/).includes(etag);
}

/**
 * Headers a cached page is answered with again: everything the routed response carried except
 * what depends on the request (HSTS, the encoding and length), the cache's own marker, and
 * cookies, which belong to one visitor.
 */
const PER_REQUEST_HEADERS = new Set(['strict-transport-security', 'content-length', 'content-encoding', 'x-page-cache', 'set-cookie', 'onion-location']);

function storableHeaders(reply: FastifyReply): CachedPage['headers'] {
  const kept: CachedPage['headers'] = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || PER_REQUEST_HEADERS.has(name)) continue;
    kept[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return kept;
}

function setEntityHeaders(reply: FastifyReply, entry: CachedBody): void {
  reply.header('etag', entry.etag).header('vary', 'Accept-Encoding').header('content-type', entry.contentType);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
}

function sendEntity(request: FastifyRequest, reply: FastifyReply, entry: CachedBody, status: number): FastifyReply {
  if (status === 200 && matchesEtag(request, entry.etag)) return reply.code(304).send();
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  reply.code(status);
  if (encoding === 'identity') return reply.send(entry.body);
  return reply.header('content-encoding', encoding).send(entry.bodyFor(encoding));
}

/**
 * Answers a page-cache hit from the first onRequest hook, before the other hooks (security
 * headers, sessions, the handler): the stored headers of the routed response are written as
 * they were, with what depends on this request added. Fastify still logs the request and
 * runs onResponse hooks, since the reply is only taken over, not bypassed.
 */
function sendHit(request: FastifyRequest, reply: FastifyReply, page: CachedPage, hsts: string | undefined, onion: string | undefined): void {
  reply.hijack();
  const res = reply.raw;
  // The onion address names this request's path: the one header a hit adds, and only when set.
  if (onion && page.body.contentType.startsWith('text/html')) res.setHeader('onion-location', onionLocation(onion, request));
  if (matchesEtag(request, page.body.etag)) {
    res.writeHead(304, page.hit.for('not-modified', hsts));
    res.end();
    return;
  }
  const encoding: Encoding = negotiateEncoding(request.headers['accept-encoding']);
  res.writeHead(200, page.hit.for(encoding, hsts));
  if (request.method === 'HEAD') res.end();
  else res.end(page.body.bodyFor(encoding));
}

/**
 * Tor Browser offers the onion service's copy of a page that sends `Onion-Location` (over HTTPS);
 * the header is left out of the cached headers, as it is added to every HTML answer.
 */
function onionLocation(onionAddress: string, request: FastifyRequest): string {
  return `http://${onionAddress}${request.url}`;
}

/** HTML and feed responses: one place for rendering, caching, ETags and compression. */
export const responsesPlugin = fp<ResponsesOptions>(
  async (app, opts) => {
    const cache = new PageCache({ enabled: opts.pageCache, maxBytes: opts.pageCacheMaxBytes, ttlMs: opts.pageCacheTtlSeconds * 1000 });
    const httpsSite = new URL(opts.publicUrl).protocol === 'https:';
    app.decorate('pageCache', cache);
    const forgetters: Array<() => void> = [];
    const forgetContent = () => {
      cache.clear();
      app.siteContexts.invalidate();
      for (const forget of forgetters) forget();
    };
    app.decorate('whenContentChanges', (forget: () => void) => void forgetters.push(forget));
    const notices = startChangeNotices(app.db, {
      onChange: forgetContent,
      onError: (error) => app.log.warn({ err: error }, 'listening for changes made by other servers failed; listening again'),
    });
    app.addHook('onClose', () => notices.close());
    app.decorate('contentChanged', () => {
      forgetContent();
      // The change is committed and shown here; a failed notice is logged, and the other
      // servers' pages expire with the cache's time to live.
      notices.publish().catch((error: unknown) => app.log.error({ err: error }, 'other servers could not be told about a change'));
    });

    // Registered before every other plugin's hooks, so a hit is the first thing a request meets.
    if (cache.enabled) {
      app.addHook('onRequest', (request, reply, done) => {
        if (!isRead(request) || !request.routeOptions.config.pageCache) return done();
        const page = cache.get(cacheKey(request));
        if (!page) return done();
        const transport = transportActionFor(request, httpsSite);
        if (transport.redirect) return done();
        sendHit(request, reply, page, transport.hsts, opts.onionAddress);
      });
    }

    // Every HTML page, whichever route or error page sent it (hits are answered in sendHit).
    const onion = opts.onionAddress;
    if (onion) {
      app.addHook('onSend', async (request, reply) => {
        if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('onion-location', onionLocation(onion, request));
      });
    }

    function sendText(this: FastifyReply, text: string, contentType: string, status = 200): FastifyReply {
      const entry = prepareBody(text, contentType);
      const request = this.request;
      const cacheable = status === 200 && request.routeOptions.config.pageCache === true;
      setEntityHeaders(this, entry);
      if (cacheable) {
        // Stored with the headers as they stand now, the same a hit is answered with.
        if (cache.enabled) cache.set(cacheKey(request), entry, storableHeaders(this));
        this.header('x-page-cache', 'miss');
      }
      return sendEntity(request, this, entry, status);
    }
    app.decorateReply('sendText', sendText);
    app.decorateReply('sendHtml', function (this: FastifyReply, tree: VNode, status = 200) {
      return sendText.call(this, `<!doctype html>${renderToString(tree)}`, HTML, status);
    });
  },
  { name: 'dove-responses', decorators: { fastify: ['siteContexts', 'db'] } },
);
