import type { FastifyPluginAsync } from 'fastify';
import { readerGlobalFeatures } from './index.js';
import { editorAssetRoutes } from './editor/editor.assets.js';
import { previewRoutes } from './editor/editor.preview.js';
import { editorRoutes } from './editor/editor.routes.js';
import { editorSchedulerPlugin } from './editor/editor.scheduler.js';
import { fileTextsPlugin } from './search/file-texts.job.js';
import { revisionsRoutes } from './editor/revisions.routes.js';
import { mediaLibraryRoutes } from './media-library/media-library.routes.js';
import { menusAdminRoutes } from './menus-admin/menus-admin.routes.js';
import { settingsRoutes } from './site-settings/settings.routes.js';
import { featuredAdminRoutes } from './site/featured.admin.routes.js';
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
import { subscribersAdminRoutes } from './subscribers/subscribers-admin.routes.js';
import { mailingsRoutes } from './mailings/mailings.routes.js';
import { itemNotificationsPlugin } from './editor/notify-on-publish.js';
import { commentsAdminRoutes } from './comments/comments-admin.routes.js';
import { contactAdminRoutes } from './contact/contact-admin.routes.js';
import { reportsAdminRoutes } from './incident-reports/reports-admin.routes.js';
import { vocabulariesAdminRoutes } from './hrd-vocabularies/vocabularies-admin.routes.js';
import { outboxRoutes } from './mail/outbox.routes.js';
import { casesRoutes } from './hrd-cases/cases.routes.js';
import { fundRoutes } from './hrd-fund/fund.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { checkEncryptionKey } from './hrd-cases/key-check.js';
import { operationsRoutes } from './operations/operations.routes.js';
import { redirectsAdminRoutes } from './redirects/redirects-admin.routes.js';
import { uprAdminRoutes } from './upr/upr.admin.routes.js';
import { UPR_RECOMMENDATION_TYPE } from './upr/upr-type.js';
import { contentFiles } from './media/storage.js';

const { itemPreviewsPlugin, redirectsPlugin, mediaRoutes, sitemapRoutes } = readerGlobalFeatures;

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

/** Features whose routes sit outside the locale prefix (media files, sitemap.xml, the staff's pages), in the order they are registered. */
export const globalFeatures: FastifyPluginAsync[] = [adminFrame(ADMIN_SECTIONS), itemPreviewsPlugin, redirectsPlugin, redirectsAdminRoutes, readiness, casesRoutes, fundRoutes, vocabulariesAdminRoutes, outboxRoutes, commentsAdminRoutes, contactAdminRoutes, reportsAdminRoutes, subscribersAdminRoutes, mailingsRoutes, signInRoutes, accountRoutes, usersRoutes, dashboardRoutes, operationsRoutes, auditRoutes, mediaRoutes, sitemapRoutes, mediaLibraryRoutes, menusAdminRoutes, settingsRoutes, featuredAdminRoutes, editorRoutes, revisionsRoutes, previewRoutes, editorAssetRoutes, editorSchedulerPlugin, fileTextsPlugin, itemNotificationsPlugin, alertsAdmin, uprAdmin];

