import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { findImages, shareableImageUrl } from '../media/media.repository.js';
import { feedLinks } from '../discovery/feed-links.js';
import { itemPage, keptUntilContentChanges, listPage, pageCount } from '../content-types/public-pages.js';
import { presentTopics } from '../topic-labels/topic-labels.presenter.js';
import { PublicationPage } from './publication-page.views.js';
import { loadCommentThread } from '../comments/comments.thread.js';
import { publicationsMessages } from './publications.messages.js';
import { presentPublication, presentPublicationCard } from './publications.presenter.js';
import { findPublicationFilterOptions, findPublicPublicationBySlug, listPublicationsPage } from './publications.repository.js';
import { PUBLICATIONS_PAGE_SIZE, publicationListQuery } from './publications.schema.js';
import { PublicationList } from './publications.views.js';

export async function publicationsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = publicationsMessages[locale];
  const filterOptions = keptUntilContentChanges(app, async () => {
    const { topics, years } = await findPublicationFilterOptions(app.db);
    return { topics: presentTopics(topics, locale, order), years, locales: order };
  });

  listPage(app, locale, {
    path: '/publications',
    query: publicationListQuery(order),
    async load({ page, ...filters }) {
      const [options, { items, total }] = await Promise.all([
        filterOptions(),
        listPublicationsPage(app.db, { ...filters, page, pageSize: PUBLICATIONS_PAGE_SIZE, readerLocale: locale }),
      ]);
      const totalPages = total === undefined ? undefined : pageCount(total, PUBLICATIONS_PAGE_SIZE, page);
      if (total === undefined || totalPages === undefined) return undefined;
      const cards = items.flatMap((row) => presentPublicationCard(row, locale, order) ?? []);
      const images = await findImages(app.db, cards.map((c) => c.coverFileId), locale, order);
      return { options, cards, images, total, totalPages };
    },
    render: ({ options, cards, images, total, totalPages }, { ctx, query: { page, ...filters } }) => ({
      meta: {
        title: t.title,
        description: t.lead,
        path: `/publications${queryString({ ...filters, page: page > 1 ? page : undefined })}`,
        feeds: feedLinks(locale, 'publications'),
      },
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
    async load(slug, { ctx }) {
      const found = await findPublicPublicationBySlug(app.db, slug);
      if (!found) return undefined;
      const [images, comments] = await Promise.all([
        findImages(app.db, [found.coverFileId], locale, order),
        loadCommentThread(app, 'publication', found, locale, ctx.timeZone),
      ]);
      return { found, cover: found.coverFileId === null ? undefined : images.get(found.coverFileId), comments };
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
