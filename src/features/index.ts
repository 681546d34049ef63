import type { FastifyPluginAsync } from 'fastify';
import type { LocaleRouteOptions } from './feature-options.js';
import { CONTENT_TYPES } from './content-types/content-types.js';
import { feedsRoutes } from './discovery/feeds.routes.js';
import { editorAssetRoutes } from './editor/editor.assets.js';
import { previewRoutes } from './editor/editor.preview.js';
import { itemPreviewsPlugin } from './content-types/public-pages.js';
import { editorRoutes } from './editor/editor.routes.js';
import { editorSchedulerPlugin } from './editor/editor.scheduler.js';
import { fileTextsPlugin } from './search/file-texts.job.js';
import { revisionsRoutes } from './editor/revisions.routes.js';
import { mediaRoutes } from './media/media.routes.js';
import { mediaLibraryRoutes } from './media-library/media-library.routes.js';
import { menusAdminRoutes } from './menus-admin/menus-admin.routes.js';
import { settingsRoutes } from './site-settings/settings.routes.js';
import { sitemapRoutes } from './discovery/sitemap.routes.js';
import { featuredAdminRoutes } from './site/featured.admin.routes.js';
import { homeRoutes } from './site/home.routes.js';
import { sitePagesRoutes } from './site/site-pages.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { signInRoutes } from './accounts/sign-in.routes.js';
import { accountRoutes } from './accounts/account.routes.js';
import { usersRoutes } from './accounts/users.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { adminFrame } from './admin/admin-page.js';
import { ADMIN_SECTIONS } from './admin-sections.js';
import { auditRoutes } from './audit/audit.routes.js';
import { alertsAdminRoutes } from './hrd-alerts/alerts.admin.routes.js';
import { ALERT_TYPE } from './hrd-alerts/alert-type.js';
import { reindexItem } from './search/search.indexer.js';
import { alertsRoutes } from './hrd-alerts/alerts.routes.js';
import { subscribeRoutes } from './subscribers/subscribe.routes.js';
import { subscribersAdminRoutes } from './subscribers/subscribers-admin.routes.js';
import { mailingsRoutes } from './mailings/mailings.routes.js';
import { itemNotificationsPlugin } from './editor/notify-on-publish.js';
import { commentsRoutes } from './comments/comments.routes.js';
import { commentsAdminRoutes } from './comments/comments-admin.routes.js';
import { contactRoutes } from './contact/contact.routes.js';
import { contactAdminRoutes } from './contact/contact-admin.routes.js';
import { reportRoutes } from './incident-reports/reports.routes.js';
import { reportsAdminRoutes } from './incident-reports/reports-admin.routes.js';
import { statisticsRoutes } from './hrd-statistics/statistics.routes.js';
import { vocabulariesAdminRoutes } from './hrd-vocabularies/vocabularies-admin.routes.js';
import { outboxRoutes } from './mail/outbox.routes.js';
import { casesRoutes } from './hrd-cases/cases.routes.js';
import { fundRoutes } from './hrd-fund/fund.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { checkEncryptionKey } from './hrd-cases/key-check.js';
import { operationsRoutes } from './operations/operations.routes.js';
import { redirectsAdminRoutes } from './redirects/redirects-admin.routes.js';
import { redirectsPlugin } from './redirects/redirects.plugin.js';
import { uprAdminRoutes } from './upr/upr.admin.routes.js';
import { uprRoutes } from './upr/upr.routes.js';
import { UPR_RECOMMENDATION_TYPE } from './upr/upr-type.js';
import { contentFiles } from './media/storage.js';

/** The readiness checks of the data features keep: the key must open the sealed case data. */
const readiness = healthRoutes({ encryptionKey: async (db, config) => (await checkEncryptionKey(db, config)).ok });

/** Alerts are kept in the search index through search, which reads them: search is handed to them here. */
const alertsAdmin = alertsAdminRoutes({ indexAlert: (tx, id, storage) => reindexItem(tx, ALERT_TYPE, id, { storage }) });

/** UPR recommendations are kept in the search index through search, which reads them. */
function uprAdmin(app: Parameters<FastifyPluginAsync>[0]) {
  const storage = contentFiles(app.storage);
  return uprAdminRoutes({
    indexRecommendations: async (tx, ids) => {
      for (const id of ids) await reindexItem(tx, UPR_RECOMMENDATION_TYPE, id, { storage });
    },
  })(app, {});
}

/** Features whose routes sit outside the locale prefix (media files, sitemap.xml). */
export const globalFeatures: FastifyPluginAsync[] = [adminFrame(ADMIN_SECTIONS), itemPreviewsPlugin, redirectsPlugin, redirectsAdminRoutes, readiness, casesRoutes, fundRoutes, vocabulariesAdminRoutes, outboxRoutes, commentsAdminRoutes, contactAdminRoutes, reportsAdminRoutes, subscribersAdminRoutes, mailingsRoutes, signInRoutes, accountRoutes, usersRoutes, dashboardRoutes, operationsRoutes, auditRoutes, mediaRoutes, sitemapRoutes, mediaLibraryRoutes, menusAdminRoutes, settingsRoutes, featuredAdminRoutes, editorRoutes, revisionsRoutes, previewRoutes, editorAssetRoutes, editorSchedulerPlugin, fileTextsPlugin, itemNotificationsPlugin, alertsAdmin, uprAdmin];

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
