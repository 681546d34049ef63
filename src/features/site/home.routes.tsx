import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { feedLinks } from '../discovery/feed-links.js';
import { organisationJsonLd } from '../discovery/json-ld.js';
import { findImages } from '../media/media.repository.js';
import { presentHome } from './home.presenter.js';
import { findHomeContent, homeImageIds } from './home.repository.js';
import { HomePage } from './home.views.js';

/**
 * The front page of each language (`/en/`), the most visited page: it is served from the page
 * cache. Its one clock-dependent part, the upcoming events, is refreshed whenever content
 * changes; an event that ends between two edits stays listed until the next one (the page
 * cache has no expiry to hang the event's end on).
 */
export async function homeRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  app.get('/', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [content, ctx] = await Promise.all([findHomeContent(app.db), app.siteContexts.get(locale)]);
    const images = await findImages(app.db, homeImageIds(content), locale, order);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: ctx.name,
          path: '/',
          jsonLd: [organisationJsonLd(ctx)],
          feeds: [...feedLinks(locale, 'news'), ...feedLinks(locale, 'publications')],
        }}
      >
        <HomePage ctx={ctx} home={presentHome(content, images, locale, order)} />
      </Layout>,
    );
  });
}
