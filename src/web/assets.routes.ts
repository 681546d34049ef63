import type { FastifyInstance } from 'fastify';
import { findAssetByUrl } from './assets.js';
import { negotiateEncoding } from './page-cache.js';

const ONE_YEAR_S = 31_536_000;

/** Hashed assets from memory; a name not in the manifest (including any `..`) is simply a 404. */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  app.get('/assets/*', { config: { public: true } }, async (request, reply) => {
    const asset = findAssetByUrl(request.url.split('?')[0]!);
    if (!asset) return reply.callNotFound();
    reply
      .header('content-type', asset.contentType)
      .header('cache-control', `public, max-age=${ONE_YEAR_S}, immutable`)
      .header('vary', 'Accept-Encoding');
    const encoding = negotiateEncoding(request.headers['accept-encoding']);
    if (encoding === 'br' && asset.br) return reply.header('content-encoding', 'br').send(asset.br);
    if (encoding === 'gzip' && asset.gzip) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
