import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { UntilChange } from '../../web/until-change.js';
import { feedLinks } from '../discovery/feed-links.js';
import { organisationJsonLd } from '../discovery/json-ld.js';
import { statisticsTeaserLoader } from '../hrd-statistics/statistics.teaser.js';
import { keptImages } from '../media/kept-images.js';
import { findFeaturedChoice } from '../site-settings/site-settings.repository.js';
import { findFeatured } from './featured.repository.js';
import { presentHome } from './home.presenter.js';
import { findHomeContent, homeImageIds } from './home.repository.js';
import { HomePage } from './home.views.js';

/**
 * The front page of each language (`/en/`), the most visited page: it is served from the page
 * cache. Its one clock-dependent part, the upcoming events, is refreshed whenever content
 * changes; an event that ends between two edits stays listed until the next one (the page
 * cache has no expiry to hang the event's end on).
 *
 * Uncached, it runs two statements: its lists (with the latest alerts), then the images of its
 * cards that are not kept already (`keptImages`: none, once the same covers were shown). The
 * featured item and the statistics teaser's figures change only when content does (a scheduled
 * item falling due is a change too), so they are worked out once per change, not per request.
 */
export async function homeRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const loadTeaser = statisticsTeaserLoader(app);
  const images = keptImages(app);
  const kept = new UntilChange(async () => {
    const [featured, teaser] = await Promise.all([findFeaturedChoice(app.db).then((choice) => findFeatured(app.db, choice)), loadTeaser(app.db, locale)]);
    return { featured, teaser };
  });
  app.whenContentChanges(() => kept.forget());
  app.get('/', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [content, ctx, { featured, teaser }] = await Promise.all([findHomeContent(app.db), app.siteContexts.get(locale), kept.get(locale)]);
    const home = presentHome({ ...content, featured }, await images.find(homeImageIds(content, featured), locale), locale, order);
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
