import { isSlug } from '../content-types/slug.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { findImages, shareableImageUrl } from '../media/media.repository.js';
import { feedLinks } from '../discovery/feed-links.js';
import { NewsPostPage } from './news-post.views.js';
import { loadCommentThread } from '../comments/comments.thread.js';
import { newsMessages } from './news.messages.js';
import { presentNewsCard, presentNewsPost } from './news.presenter.js';
import { findPublicNewsPostBySlug, listPublicNews } from './news.repository.js';
import {
  IN_THE_NEWS_KINDS,
  inTheNewsQuery,
  NEWS_PAGE_SIZE,
  pressReleasesQuery,
  STATEMENT_KINDS,
} from './news.schema.js';
import type { NewsKind } from './news.tables.js';
import { NewsList } from './news.views.js';

export async function newsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const order = app.config.locales;
  const t = newsMessages[locale];

  /** One list page of the given kinds; undefined when the page is past the last one. */
  async function loadList(kinds: readonly NewsKind[], page: number) {
    const { items, total } = await listPublicNews(app.db, { kinds, page, pageSize: NEWS_PAGE_SIZE });
    const totalPages = Math.ceil(total / NEWS_PAGE_SIZE);
    if (page > 1 && page > totalPages) return undefined;
    const cards = items.flatMap((row) => presentNewsCard(row, locale, order) ?? []);
    const images = await findImages(app.db, cards.map((c) => c.coverFileId), locale, order);
    return { cards, images, total, totalPages };
  }

  r.get(
    '/news/press-releases',
    { schema: { querystring: pressReleasesQuery }, config: { public: true, pageCache: true } },
    async (request, reply) => {
      const { page, kind } = request.query;
      const [list, ctx] = await Promise.all([loadList(kind ? [kind] : STATEMENT_KINDS, page), app.siteContexts.get(locale)]);
      if (!list) return reply.callNotFound();
      const pathFor = (p: number) => `/news/press-releases${queryString({ kind, page: p > 1 ? p : undefined })}`;
      return reply.sendHtml(
        <Layout
          ctx={ctx}
          meta={{ title: t.pressReleasesTitle, description: t.pressReleasesLead, path: pathFor(page), feeds: feedLinks(locale, 'news') }}
        >
          <NewsList
            {...list}
            locale={locale}
            timeZone={ctx.timeZone}
            title={t.pressReleasesTitle}
            lead={t.pressReleasesLead}
            page={page}
            pathFor={pathFor}
            kindFilter={{ action: '/news/press-releases', kinds: STATEMENT_KINDS, selected: kind }}
          />
        </Layout>,
      );
    },
  );

  r.get(
    '/news/in-the-news',
    { schema: { querystring: inTheNewsQuery }, config: { public: true, pageCache: true } },
    async (request, reply) => {
      const { page } = request.query;
      const [list, ctx] = await Promise.all([loadList(IN_THE_NEWS_KINDS, page), app.siteContexts.get(locale)]);
      if (!list) return reply.callNotFound();
      const pathFor = (p: number) => `/news/in-the-news${queryString({ page: p > 1 ? p : undefined })}`;
      const title = t.inTheNewsTitle(ctx.shortName);
      const lead = t.inTheNewsLead(ctx.shortName);
      return reply.sendHtml(
        <Layout ctx={ctx} meta={{ title, description: lead, path: pathFor(page), feeds: feedLinks(locale, 'news') }}>
          <NewsList {...list} locale={locale} timeZone={ctx.timeZone} title={title} lead={lead} page={page} pathFor={pathFor} />
        </Layout>,
      );
    },
  );

  r.get<{ Params: { slug: string } }>('/news/:slug', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) return reply.callNotFound();
    const found = await findPublicNewsPostBySlug(app.db, slug);
    const post = found && presentNewsPost(found, locale, order);
    if (!found || !post) return reply.callNotFound();
    const [ctx, images] = await Promise.all([
      app.siteContexts.get(locale),
      findImages(app.db, [found.coverFileId], locale, order),
    ]);
    const cover = found.coverFileId === null ? undefined : images.get(found.coverFileId);
    const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
    const path = `/news/${slug}`;
    const comments = await loadCommentThread(app, 'news', found, locale, ctx.timeZone);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: post.title,
          description: post.summary ?? undefined,
          path,
          availableIn: post.availableIn,
          contentLocale: post.isFallback ? post.contentLocale : undefined,
          ogType: 'article',
          image: imageUrl,
          feeds: feedLinks(locale, 'news'),
          jsonLd: [
            creativeWorkJsonLd(ctx, {
              type: 'NewsArticle',
              title: post.title,
              summary: post.summary,
              path,
              inLanguage: post.contentLocale,
              publishedAt: post.publishedAt,
              updatedAt: post.updatedAt,
              licence: post.licence,
              ...(imageUrl ? { imageUrl } : {}),
            }),
          ],
        }}
      >
        <NewsPostPage locale={locale} timeZone={ctx.timeZone} post={post} cover={cover} comments={comments} />
      </Layout>,
    );
  });
}
