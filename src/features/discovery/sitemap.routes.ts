import type { FastifyInstance } from 'fastify';
import { todayIn } from '../../i18n/format.js';
import { listSitemapSources } from './discovery.repository.js';
import { collectSitemapUrls, renderSitemap } from './sitemap.js';

/** `/sitemap.xml`: every public URL in every language it exists in, for search engines. */
export async function sitemapRoutes(app: FastifyInstance): Promise<void> {
  app.get('/sitemap.xml', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const sources = await listSitemapSources(app.db, todayIn(app.config.timeZone));
    const urls = collectSitemapUrls(sources, app.config.locales);
    const xml = renderSitemap(urls, { publicUrl: app.config.publicUrl, defaultLocale: app.config.defaultLocale });
    return reply.sendText(xml, 'application/xml; charset=utf-8');
  });
}
