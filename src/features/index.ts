import type { FastifyPluginAsync } from 'fastify';
import type { LocaleRouteOptions } from '../app.js';
import { pagesRoutes } from './pages/pages.routes.js';

/** Features whose routes sit outside the locale prefix (media files, sitemap.xml). */
export const globalFeatures: FastifyPluginAsync[] = [];

/** Features registered once per configured locale, under `/<locale>`. Order does not matter. */
export const localeFeatures: Array<FastifyPluginAsync<LocaleRouteOptions>> = [pagesRoutes];
