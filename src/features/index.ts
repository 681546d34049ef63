import type { FastifyPluginAsync } from 'fastify';
import type { LocaleRouteOptions } from './feature-options.js';
import { CONTENT_TYPES } from './content-types/content-types.js';
import { feedsRoutes } from './discovery/feeds.routes.js';
import { itemPreviewsPlugin } from './content-types/public-pages.js';
import { mediaRoutes } from './media/media.routes.js';
import { sitemapRoutes } from './discovery/sitemap.routes.js';
import { homeRoutes } from './site/home.routes.js';
import { sitePagesRoutes } from './site/site-pages.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { alertsRoutes } from './hrd-alerts/alerts.routes.js';
import { subscribeRoutes } from './subscribers/subscribe.routes.js';
import { commentsRoutes } from './comments/comments.routes.js';
import { contactRoutes } from './contact/contact.routes.js';
import { reportRoutes } from './incident-reports/reports.routes.js';
import { statisticsRoutes } from './hrd-statistics/statistics.routes.js';
import { redirectsPlugin } from './redirects/redirects.plugin.js';
import { uprRoutes } from './upr/upr.routes.js';

/**
 * The features outside the locale prefix that readers' pages need (media files, sitemap.xml,
 * old addresses' redirects, the item previews the item pages register), in the order the full
 * app registers them: an app that serves only readers' pages (the mirror's rendering threads)
 * registers these alone, and loads none of the staff's modules.
 */
export const readerGlobalFeatures = { itemPreviewsPlugin, redirectsPlugin, mediaRoutes, sitemapRoutes };

/**
 * Each content type's public pages, found from the registry: a type's feature
 * (`<feature>/<feature>.routes.ts`) exports `<feature>Routes`, so a new type needs no line here.
 */
async function contentTypeRoutes(): Promise<Array<FastifyPluginAsync<LocaleRouteOptions>>> {
  return Promise.all(
    CONTENT_TYPES.map(async ({ feature }) => {
      const exported = `${feature.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Routes`;
      const routes: unknown = ((await import(`./${feature}/${feature}.routes.js`)) as Record<string, unknown>)[exported];
      if (typeof routes !== 'function') throw new Error(`${feature}/${feature}.routes exports no ${exported}`);
      return routes as FastifyPluginAsync<LocaleRouteOptions>;
    }),
  );
}

/** Features registered once per configured locale, under `/<locale>`. Order does not matter. */
export const localeFeatures: Array<FastifyPluginAsync<LocaleRouteOptions>> = [statisticsRoutes, commentsRoutes, contactRoutes, reportRoutes, feedsRoutes, homeRoutes, sitePagesRoutes, searchRoutes, subscribeRoutes, alertsRoutes, uprRoutes, ...(await contentTypeRoutes())];
