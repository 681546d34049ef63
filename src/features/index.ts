import type { FastifyPluginAsync } from 'fastify';
import type { LocaleRouteOptions } from '../app.js';
import { feedsRoutes } from './discovery/feeds.routes.js';
import { editorAssetRoutes } from './editor/editor.assets.js';
import { previewRoutes } from './editor/editor.preview.js';
import { editorRoutes } from './editor/editor.routes.js';
import { editorSchedulerPlugin } from './editor/editor.scheduler.js';
import { revisionsRoutes } from './editor/revisions.routes.js';
import { eventsRoutes } from './events/events.routes.js';
import { galleryRoutes } from './gallery/gallery.routes.js';
import { mediaRoutes } from './media/media.routes.js';
import { mediaLibraryRoutes } from './media-library/media-library.routes.js';
import { menusAdminRoutes } from './menus-admin/menus-admin.routes.js';
import { settingsRoutes } from './site-settings/settings.routes.js';
import { sitemapRoutes } from './discovery/sitemap.routes.js';
import { newsRoutes } from './news/news.routes.js';
import { pagesRoutes } from './pages/pages.routes.js';
import { organisationsRoutes } from './organisations/organisations.routes.js';
import { peopleRoutes } from './people/people.routes.js';
import { projectsRoutes } from './projects/projects.routes.js';
import { homeRoutes } from './site/home.routes.js';
import { sitePagesRoutes } from './site/site-pages.routes.js';
import { vacanciesRoutes } from './vacancies/vacancies.routes.js';
import { publicationsRoutes } from './publications/publications.routes.js';
import { topicsRoutes } from './topics/topics.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { signInRoutes } from './accounts/sign-in.routes.js';
import { accountRoutes } from './accounts/account.routes.js';
import { usersRoutes } from './accounts/users.routes.js';
import { dashboardRoutes } from './admin/dashboard.routes.js';
import { auditRoutes } from './audit/audit.routes.js';

/** Features whose routes sit outside the locale prefix (media files, sitemap.xml). */
export const globalFeatures: FastifyPluginAsync[] = [signInRoutes, accountRoutes, usersRoutes, dashboardRoutes, auditRoutes, mediaRoutes, sitemapRoutes, mediaLibraryRoutes, menusAdminRoutes, settingsRoutes, editorRoutes, revisionsRoutes, previewRoutes, editorAssetRoutes, editorSchedulerPlugin];

/** Features registered once per configured locale, under `/<locale>`. Order does not matter. */
export const localeFeatures: Array<FastifyPluginAsync<LocaleRouteOptions>> = [feedsRoutes, eventsRoutes, galleryRoutes, pagesRoutes, homeRoutes, projectsRoutes, peopleRoutes, organisationsRoutes, vacanciesRoutes, sitePagesRoutes, publicationsRoutes, newsRoutes, topicsRoutes, searchRoutes];
