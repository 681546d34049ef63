import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { shareableImageUrl } from '../media/media.repository.js';
import { feedLinks } from '../discovery/feed-links.js';
import { imageOf, itemPage, keptUntilContentChanges, pagedListPage } from '../content-types/public-pages.js';
import { presentTopics } from '../topic-labels/topic-labels.presenter.js';
import { PublicationPage } from './publication-page.views.js';
import { loadCommentThread } from '../comments/comments.thread.js';
import { publicationsMessages } from './publications.messages.js';
import { presentPublication, presentPublicationCard } from './publications.presenter.js';
import { findPublicationFilterOptions, findPublicationListRows, findPublicationOrder, findPublicPublicationBySlug, type PublicationFilters } from './publications.repository.js';
import { keptListOrders } from '../content-types/kept-list-orders.js';
import { PUBLICATIONS_PAGE_SIZE, publicationListQuery } from './publications.schema.js';
import { PublicationList } from './publications.views.js';

export async function publicationsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = publicationsMessages[locale];
  const filterOptions = keptUntilContentChanges(app, async () => {
    const { topics, years } = await findPublicationFilterOptions(app.db);
    return { topics: presentTopics(topics, locale, order), years, locales: order };
  });

  // Each filter's list is sorted once and kept (until content changes, the clock brings an item
  // due, or, on a server, for the page cache's time to live); a page loads only its own rows.
  const keptOrders = keptListOrders(app, {
    order: (filters: PublicationFilters) => findPublicationOrder(app.db, { ...filters, readerLocale: locale }),
    ...(app.keepsListOrders ? {} : { maxAgeMs: app.config.pageCacheTtlSeconds * 1000 }),
  });
  const listPage = async ({ page, ...filters }: PublicationFilters & { page: number }) => {
    const { ids, total } = await keptOrders(filters, page, PUBLICATIONS_PAGE_SIZE);
    return { items: await findPublicationListRows(app.db, ids), total };
  };

  pagedListPage(app, locale, {
    path: '/publications',
    query: publicationListQuery(order),
    pageSize: PUBLICATIONS_PAGE_SIZE,
    list: listPage,
    card: (row) => presentPublicationCard(row, locale, order),
    also: filterOptions,
    render: ({ cards, images, also: options, total, totalPages, pathFor }, { ctx, query: { page, ...filters } }) => ({
      meta: { title: t.title, description: t.lead, path: pathFor(page), feeds: feedLinks(locale, 'publications') },
      body: (
        <PublicationList
          locale={locale}
          timeZone={ctx.timeZone}
          cards={cards}
          images={images}
          filters={filters}
          options={options}
          page={page}
          totalPages={totalPages}
          total={total}
        />
      ),
    }),
  });

  itemPage(app, locale, {
    type: 'publication',
    async load(which, { ctx, images: imagesOf }) {
      const found = await findPublicPublicationBySlug(app.db, which);
      if (!found) return undefined;
      const [images, comments] = await Promise.all([
        imagesOf([found.coverFileId]),
        loadCommentThread(app, 'publication', found, locale, ctx.timeZone),
      ]);
      return { found, cover: imageOf(images, found.coverFileId), comments };
    },
    render({ found, cover, comments }, { ctx, slug }) {
      const publication = presentPublication(found, locale, order);
      if (!publication) return undefined;
      const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
      const path = `/publications/${slug}`;
      return {
        meta: {
          title: publication.title,
          description: publication.summary ?? undefined,
          path,
          availableIn: publication.availableIn,
          contentLocale: publication.isFallback ? publication.contentLocale : undefined,
          ogType: 'article',
          image: imageUrl,
          feeds: feedLinks(locale, 'publications'),
          bodyClass: 'publication',
          jsonLd: [
            creativeWorkJsonLd(ctx, {
              type: publication.jsonLdType,
              title: publication.title,
              summary: publication.summary,
              path,
              inLanguage: publication.contentLocale,
              publishedAt: publication.publishedAt,
              updatedAt: publication.updatedAt,
              licence: publication.licence,
              ...(imageUrl ? { imageUrl } : {}),
            }),
          ],
        },
        body: <PublicationPage locale={locale} timeZone={ctx.timeZone} publication={publication} cover={cover} comments={comments} />,
      };
    },
  });
}
