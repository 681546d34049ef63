import type { FastifyInstance } from 'fastify';
import { todayIn } from '../../i18n/format.js';
import { countPublicAlbumPhotos, listSitemapSources } from './discovery.repository.js';
import { collectSitemapUrls, renderSitemap } from './sitemap.js';

/** `/sitemap.xml`: every public URL in every language it exists in, for search engines. */
export async function sitemapRoutes(app: FastifyInstance): Promise<void> {
  app.get('/sitemap.xml', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [sources, albumPhotos] = await Promise.all([listSitemapSources(app.db, todayIn(app.config.timeZone)), countPublicAlbumPhotos(app.db)]);
    const urls = collectSitemapUrls(sources, app.config.locales, albumPhotos);
    const xml = renderSitemap(urls, { publicUrl: app.config.publicUrl, defaultLocale: app.config.defaultLocale });
    return reply.sendText(xml, 'application/xml; charset=utf-8');
  });
}
