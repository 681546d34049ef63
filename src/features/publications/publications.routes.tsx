import { isSlug } from '../content-types/slug.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { findImages, shareableImageUrl } from '../media/media.repository.js';
import { feedLinks } from '../discovery/feed-links.js';
import { presentTopics } from '../topics/topics.presenter.js';
import { PublicationPage } from './publication-page.views.js';
import { loadCommentThread } from '../comments/comments.thread.js';
import { publicationsMessages } from './publications.messages.js';
import { presentPublication, presentPublicationCard } from './publications.presenter.js';
import { findPublicPublicationBySlug, listPublicationsPage } from './publications.repository.js';
import { PUBLICATIONS_PAGE_SIZE, publicationListQuery } from './publications.schema.js';
import { PublicationList } from './publications.views.js';

export async function publicationsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const order = app.config.locales;
  const t = publicationsMessages[locale];

  r.get(
    '/publications',
    { schema: { querystring: publicationListQuery(order) }, config: { public: true, pageCache: true } },
    async (request, reply) => {
      const { page, ...filters } = request.query;
      const [{ items, total, topics, years }, ctx] = await Promise.all([
        listPublicationsPage(app.db, { ...filters, page, pageSize: PUBLICATIONS_PAGE_SIZE }),
        app.siteContexts.get(locale),
      ]);
      const totalPages = Math.ceil(total / PUBLICATIONS_PAGE_SIZE);
      if (page > 1 && page > totalPages) return reply.callNotFound();
      const cards = items.flatMap((row) => presentPublicationCard(row, locale, order) ?? []);
      const images = await findImages(app.db, cards.map((c) => c.coverFileId), locale, order);
      return reply.sendHtml(
        <Layout
          ctx={ctx}
          meta={{
            title: t.title,
            description: t.lead,
            path: `/publications${queryString({ ...filters, page: page > 1 ? page : undefined })}`,
            feeds: feedLinks(locale, 'publications'),
          }}
        >
          <PublicationList
            locale={locale}
            timeZone={ctx.timeZone}
            cards={cards}
            images={images}
            filters={filters}
            options={{ topics: presentTopics(topics, locale, order), years, locales: order }}
            page={page}
            totalPages={totalPages}
            total={total}
          />
        </Layout>,
      );
    },
  );

  r.get<{ Params: { slug: string } }>(
    '/publications/:slug',
    { config: { public: true, pageCache: true } },
    async (request, reply) => {
      const { slug } = request.params;
      if (!isSlug(slug)) return reply.callNotFound();
      const found = await findPublicPublicationBySlug(app.db, slug);
      const publication = found && presentPublication(found, locale, order);
      if (!found || !publication) return reply.callNotFound();
      const [ctx, images] = await Promise.all([
        app.siteContexts.get(locale),
        findImages(app.db, [found.coverFileId], locale, order),
      ]);
      const cover = found.coverFileId === null ? undefined : images.get(found.coverFileId);
      const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
      const path = `/publications/${slug}`;
      const comments = await loadCommentThread(app, 'publication', found, locale, ctx.timeZone);
      return reply.sendHtml(
        <Layout
          ctx={ctx}
          meta={{
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
          }}
        >
          <PublicationPage locale={locale} timeZone={ctx.timeZone} publication={publication} cover={cover} comments={comments} />
        </Layout>,
      );
    },
  );
}
