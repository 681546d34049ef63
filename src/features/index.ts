import type { FastifyPluginAsync } from 'fastify';
import type { LocaleRouteOptions } from '../app.js';
import { feedsRoutes } from './discovery/feeds.routes.js';
import { eventsRoutes } from './events/events.routes.js';
import { galleryRoutes } from './gallery/gallery.routes.js';
import { mediaRoutes } from './media/media.routes.js';
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

/** Features whose routes sit outside the locale prefix (media files, sitemap.xml). */
export const globalFeatures: FastifyPluginAsync[] = [mediaRoutes, sitemapRoutes];

/** Features registered once per configured locale, under `/<locale>`. Order does not matter. */
export const localeFeatures: Array<FastifyPluginAsync<LocaleRouteOptions>> = [feedsRoutes, eventsRoutes, galleryRoutes, pagesRoutes, homeRoutes, projectsRoutes, peopleRoutes, organisationsRoutes, vacanciesRoutes, sitePagesRoutes, publicationsRoutes, newsRoutes, topicsRoutes, searchRoutes];
