import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { searchMessages } from './search.messages.js';
import { presentSearch } from './search.presenter.js';
import { findSearchYearRange, searchDocuments } from './search.repository.js';
import { SEARCH_PAGE_SIZE, searchQuery } from './search.schema.js';
import { SEARCH_TYPES } from './search.sources.js';
import { forgetSurfaceWords } from './search.surface-words.js';
import { SearchPage } from './search.views.js';

/**
 * Results may be kept briefly by browsers and proxies, not longer: an unpublished item must
 * drop out of them soon. The page cache is not used at all, since queries are unbounded.
 */
const SEARCH_CACHE_CONTROL = 'public, max-age=60';

export async function searchRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Another server or a command changed the index: its vocabulary is read again.
  app.whenContentChanges(forgetSurfaceWords);
  const order = app.config.locales;
  const t = searchMessages[locale];

  r.get('/search', { schema: { querystring: searchQuery(order) }, config: { public: true, allowLongUrl: true } }, async (request, reply) => {
    const { q, page, ...filters } = request.query;
    const [response, yearRange, ctx] = await Promise.all([
      searchDocuments(app.db, { q, ...filters, locale, page, pageSize: SEARCH_PAGE_SIZE }),
      findSearchYearRange(app.db),
      app.siteContexts.get(locale),
    ]);
    const view = presentSearch(response, {
      input: q,
      page,
      pageSize: SEARCH_PAGE_SIZE,
      locales: order,
      types: SEARCH_TYPES,
      hrefFor: (l, path) => localePath(l, path),
      searchHrefFor: (query) => localePath(locale, `/search${queryString({ q: query, ...filters })}`),
    });
    const years: number[] = [];
    if (yearRange) for (let y = yearRange.newest; y >= yearRange.oldest; y--) years.push(y);
    const pathFor = (p: number) => `/search${queryString({ q: view.query || undefined, ...filters, page: p > 1 ? p : undefined })}`;
    reply.header('cache-control', SEARCH_CACHE_CONTROL);
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: view.query ? t.titleFor(view.query) : t.title, path: pathFor(page), noindex: true }}>
        <SearchPage
          view={view}
          locale={locale}
          timeZone={ctx.timeZone}
          filters={filters}
          years={years}
          locales={order}
          hrefFor={(p) => localePath(locale, pathFor(p))}
        />
      </Layout>,
    );
  });
}
