import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { negotiateEncoding, PageCache, prepareBody, type CachedBody } from './page-cache.js';
import { withoutTrackingParameters } from './tracking-params.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public routes are readable without signing in; every other route is denied by default. */
    public?: boolean;
    /** The rendered response may be cached until content changes. */
    pageCache?: boolean;
  }
  interface FastifyInstance {
    pageCache: PageCache;
    /** Call after any change to public content: empties the page cache and site contexts. */
    contentChanged(): void;
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
  pageCacheMaxEntries: number;
  pageCacheTtlSeconds: number;
}

function cacheKey(request: FastifyRequest): string {
  return withoutTrackingParameters(request.url);
}

function write(request: FastifyRequest, reply: FastifyReply, entry: CachedBody, status: number): FastifyReply {
  reply.header('etag', entry.etag).header('vary', 'Accept-Encoding').header('content-type', entry.contentType);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  if (status === 200 && request.headers['if-none-match']?.split(/\s*,\s*/).includes(entry.etag)) {
    return reply.code(304).send();
  }
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  reply.code(status);
  if (encoding === 'identity') return reply.send(entry.body);
  return reply.header('content-encoding', encoding).send(encoding === 'br' ? entry.br : entry.gzip);
}

/** HTML and feed responses: one place for rendering, caching, ETags and compression. */
export const responsesPlugin = fp<ResponsesOptions>(
  async (app, opts) => {
    const cache = new PageCache(opts.pageCache, opts.pageCacheMaxEntries, opts.pageCacheTtlSeconds * 1000);
    app.decorate('pageCache', cache);
    app.decorate('contentChanged', () => {
      cache.clear();
      app.siteContexts.invalidate();
    });

    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (!request.routeOptions.config.pageCache) return;
      const hit = cache.get(cacheKey(request));
      if (hit) {
        reply.header('x-page-cache', 'hit');
        return write(request, reply, hit, 200);
      }
    });

    function sendText(this: FastifyReply, text: string, contentType: string, status = 200): FastifyReply {
      const entry = prepareBody(text, contentType);
      const request = this.request;
      if (status === 200 && request.routeOptions.config.pageCache) {
        cache.set(cacheKey(request), entry);
        this.header('x-page-cache', 'miss');
      }
      return write(request, this, entry, status);
    }
    app.decorateReply('sendText', sendText);
    app.decorateReply('sendHtml', function (this: FastifyReply, tree: VNode, status = 200) {
      return sendText.call(this, `<!doctype html>${renderToString(tree)}`, HTML, status);
    });
  },
  { name: 'dove-responses', decorators: { fastify: ['siteContexts'] } },
);
