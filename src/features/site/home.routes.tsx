import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { feedLinks } from '../discovery/feed-links.js';
import { organisationJsonLd } from '../discovery/json-ld.js';
import { listPublicAlerts } from '../hrd-alerts/alerts.repository.js';
import { statisticsTeaserLoader } from '../hrd-statistics/statistics.teaser.js';
import { findImages } from '../media/media.repository.js';
import { findFeaturedChoice } from '../site-settings/site-settings.repository.js';
import { findFeatured } from './featured.repository.js';
import { presentHome } from './home.presenter.js';
import { findHomeContent, HOME_LIMITS, homeImageIds } from './home.repository.js';
import { HomePage } from './home.views.js';

/**
 * The front page of each language (`/en/`), the most visited page: it is served from the page
 * cache. Its one clock-dependent part, the upcoming events, is refreshed whenever content
 * changes; an event that ends between two edits stays listed until the next one (the page
 * cache has no expiry to hang the event's end on).
 */
export async function homeRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const loadTeaser = statisticsTeaserLoader(app);
  app.get('/', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [content, ctx, featured, alerts, teaser] = await Promise.all([
      findHomeContent(app.db),
      app.siteContexts.get(locale),
      findFeaturedChoice(app.db).then((choice) => findFeatured(app.db, choice)),
      listPublicAlerts(app.db, { page: 1, pageSize: HOME_LIMITS.alerts }),
      loadTeaser(app.db, locale),
    ]);
    const images = await findImages(app.db, homeImageIds(content, featured), locale, order);
    const home = presentHome({ ...content, featured, alerts: alerts.items }, images, locale, order);
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
        <HomePage ctx={ctx} home={home} teaser={teaser} />
      </Layout>,
    );
  });
}
