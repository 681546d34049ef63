import dns from 'node:dns/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, ListenOptions } from 'node:net';
import proxyAddr from '@fastify/proxy-addr';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, FastifyServerFactory } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { startChangeNotices } from '../db/change-notices.js';
import { negotiateEncoding, PageCache, prepareBody, type CachedBody, type CachedPage, type Encoding } from './page-cache.js';
import { withoutTrackingParameters } from './tracking-params.js';
import type { LoggedRequest } from './request-log.js';
import { lastEntry, rawTransportActionFor, transportActionFor, trustedPeerCheck } from './transport-security.plugin.js';

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
     * Answers a page-cache hit on the raw request, before Fastify routes it (see
     * `hitsFirstServerFactory`); false when the request is left to Fastify.
     */
    answerHitBeforeRouting(request: IncomingMessage, response: ServerResponse): boolean;
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

/** Logger levels at which every request is logged ('incoming request', 'request completed' at info). */
const REQUEST_LOG_LEVELS = new Set(['info', 'debug', 'trace']);

/**
 * A raw request's log fields as Fastify's request gives them (its `ip` and `host` getters):
 * the forwarded address and host only from a trusted proxy.
 */
function rawRequestForLog(request: IncomingMessage, trustProxy: readonly string[], trustsPeer: (address: string) => boolean): LoggedRequest {
  const peer = request.socket.remoteAddress;
  const forwardedHost = request.headers['x-forwarded-host'];
  const host = forwardedHost && peer !== undefined && trustsPeer(peer) ? lastEntry(forwardedHost) : (request.headers.host ?? '');
  const ip = trustProxy.length > 0 ? proxyAddr(request, (address) => trustsPeer(address)) : peer;
  return { method: request.method!, url: request.url!, host, ip: ip ?? '' };
}

export interface ResponsesOptions {
  pageCache: boolean;
  pageCacheMaxBytes: number;
  pageCacheTtlSeconds: number;
  /** The site's public address: a hit must redirect and send HSTS as a routed response would. */
  publicUrl: string;
  /** The site's onion service (ONION_ADDRESS): every HTML page says where the same page is there. */
  onionAddress?: string;
  /** The trusted proxies (TRUST_PROXY), as Fastify was given them: a hit sends HSTS by the same rule. */
  trustProxy: readonly string[];
}

function cacheKey(request: FastifyRequest): string {
  return withoutTrackingParameters(request.url);
}

function isRead(request: FastifyRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

function matchesEtag(request: FastifyRequest | IncomingMessage, etag: string): boolean {
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
 * Writes a page-cache hit: the stored headers of the routed response as they were, with what
 * depends on this request added (HSTS, the encoding and length, 304, HEAD, Onion-Location).
 * The same for a hit answered before routing and one answered from the first onRequest hook.
 */
function writeHit(request: IncomingMessage, res: ServerResponse, page: CachedPage, hsts: string | undefined, onion: string | undefined): void {
  // The onion address names this request's path: the one header a hit adds, and only when set.
  if (onion && page.body.contentType.startsWith('text/html')) res.setHeader('onion-location', onionLocation(onion, request.url!));
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

/** Where the server finds the page cache's answer once the app has made it (see `hitsFirstServerFactory`). */
export interface HitsBeforeRouting {
  answer?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

/**
 * Fastify's `serverFactory`: Node's HTTP server, set up as Fastify sets up its own (timeouts,
 * requests per socket), that offers each request to the page cache first (`front.answer`, the
 * app's `answerHitBeforeRouting` once it is registered) and hands it to Fastify only when that
 * did not answer it.
 */
export function hitsFirstServerFactory(
  front: HitsBeforeRouting,
  /** The addresses of `localhost` (tests give others than the machine's). */
  lookupLocalhost: () => Promise<readonly { address: string }[]> = () => dns.lookup('localhost', { all: true }),
): FastifyServerFactory {
  return (handler, options) => {
    const make = () => {
      const server = http.createServer((options.http ?? {}) as http.ServerOptions, (request, response) => {
        if (front.answer?.(request, response) !== true) handler(request, response);
      });
      const number = (name: string) => (typeof options[name] === 'number' ? options[name] : undefined);
      const keepAlive = number('keepAliveTimeout');
      const requestTimeout = number('requestTimeout');
      const connectionTimeout = number('connectionTimeout');
      const perSocket = number('maxRequestsPerSocket');
      if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive;
      if (requestTimeout !== undefined) server.requestTimeout = requestTimeout;
      if (connectionTimeout !== undefined) server.setTimeout(connectionTimeout);
      if (perSocket) server.maxRequestsPerSocket = perSocket;
      return server;
    };
    const server = make();
    listenOnEveryLocalhostAddress(server, make, lookupLocalhost);
    return server;
  };
}

/**
 * Asked to listen on `localhost`, Fastify listens on each of its addresses (127.0.0.1 and ::1
 * where the machine has both), but not with a server of its `serverFactory`: it binds the first
 * address only, so http://localhost:3000 (the default `HOST`) answered on one of them. Here the
 * server does the same as Fastify: once it listens, a server with the same handler listens on
 * each other address of `localhost`, on the same port; an address that cannot be bound (no
 * IPv6) is skipped, as Fastify skips it; they close with it.
 */
function listenOnEveryLocalhostAddress(server: http.Server, make: () => http.Server, lookupLocalhost: () => Promise<readonly { address: string }[]>): void {
  const others: http.Server[] = [];
  const listen = server.listen.bind(server) as (...args: unknown[]) => http.Server;
  server.listen = ((...args: unknown[]) => {
    const options = args[0] as ListenOptions | undefined;
    if (options !== null && typeof options === 'object' && options.host === 'localhost') {
      server.once('listening', () => {
        void lookupLocalhost().then(
          (addresses) => {
            const primary = server.address() as AddressInfo | null;
            if (!primary || !server.listening) return;
            for (const { address } of addresses) {
              if (address === primary.address) continue;
              const other = make();
              other.on('error', () => other.close());
              other.listen({ host: address, port: primary.port, ...(options.backlog !== undefined ? { backlog: options.backlog } : {}) });
              others.push(other);
            }
          },
          () => {},
        );
      });
    }
    return listen(...args);
  }) as typeof server.listen;
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    for (const other of others.splice(0)) {
      other.close();
      other.closeIdleConnections();
    }
    return close(callback);
  }) as typeof server.close;
}

/**
 * Tor Browser offers the onion service's copy of a page that sends `Onion-Location` (over HTTPS);
 * the header is left out of the cached headers, as it is added to every HTML answer.
 */
function onionLocation(onionAddress: string, url: string): string {
  return `http://${onionAddress}${url}`;
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

    // Registered before every other plugin's hooks, so a hit is the first thing a request meets
    // once routed: requests made with `inject` (tests, the mirror), and those the server's
    // answerHitBeforeRouting leaves to Fastify.
    if (cache.enabled) {
      app.addHook('onRequest', (request, reply, done) => {
        if (!isRead(request) || !request.routeOptions.config.pageCache) return done();
        const page = cache.get(cacheKey(request));
        if (!page) return done();
        const transport = transportActionFor(request, httpsSite);
        if (transport.redirect) return done();
        reply.hijack();
        writeHit(request.raw, reply.raw, page, transport.hsts, opts.onionAddress);
      });
    }

    // Before routing, a hit skips what Fastify does for every request (its request and reply
    // objects, a child logger, the route's hooks). A stored key is a URL whose route is
    // page-cached: only such a route stores a page (sendText), and routes are fixed once the
    // app is ready. Left to Fastify: requests once the app closes (Fastify answers 503 then).
    const trustsPeer = trustedPeerCheck(opts.trustProxy);
    const logsRequests = REQUEST_LOG_LEVELS.has(app.log.level);
    let closing = false;
    app.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    // A hit is logged as Fastify logs a routed request: the same two lines, fields and serializer,
    // with an id of its own kind, so the default level (info) keeps the saving too.
    let hitNumber = 0;
    const logHit = (request: IncomingMessage, response: ServerResponse, startedAt: bigint) => {
      const reqId = `hit-${(hitNumber = (hitNumber + 1) % Number.MAX_SAFE_INTEGER)}`;
      app.log.info({ reqId, req: rawRequestForLog(request, opts.trustProxy, trustsPeer) }, 'incoming request');
      const responseTime = Number(process.hrtime.bigint() - startedAt) / 1e6;
      app.log.info({ reqId, res: { statusCode: response.statusCode }, responseTime }, 'request completed');
    };
    app.decorate('answerHitBeforeRouting', (request: IncomingMessage, response: ServerResponse): boolean => {
      if (!cache.enabled || closing || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
      const page = cache.get(withoutTrackingParameters(request.url!));
      if (!page) return false;
      const transport = rawTransportActionFor(request, httpsSite, trustsPeer);
      if (!transport || transport.redirect) return false;
      const startedAt = logsRequests ? process.hrtime.bigint() : 0n;
      writeHit(request, response, page, transport.hsts, opts.onionAddress);
      if (logsRequests) logHit(request, response, startedAt);
      return true;
    });

    // Every HTML page, whichever route or error page sent it (hits are answered in sendHit).
    const onion = opts.onionAddress;
    if (onion) {
      app.addHook('onSend', async (request, reply) => {
        if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('onion-location', onionLocation(onion, request.url));
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
