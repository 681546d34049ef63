import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { itemPage, listPage, pageCount } from '../content-types/public-pages.js';
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
  const order = app.config.locales;
  const t = newsMessages[locale];

  /** One list page of the given kinds; undefined when the page is past the last one. */
  async function loadList(kinds: readonly NewsKind[], page: number, language: string | undefined) {
    const readerLanguage = { locale: language ?? locale, only: language !== undefined };
    const { items, total } = await listPublicNews(app.db, { kinds, page, pageSize: NEWS_PAGE_SIZE, readerLanguage });
    const totalPages = pageCount(total, NEWS_PAGE_SIZE, page);
    if (totalPages === undefined) return undefined;
    const cards = items.flatMap((row) => presentNewsCard(row, locale, order) ?? []);
    const images = await findImages(app.db, cards.map((c) => c.coverFileId), locale, order);
    return { cards, images, total, totalPages };
  }

  listPage(app, locale, {
    path: '/news/press-releases',
    query: pressReleasesQuery,
    load: ({ page, kind, language }) => loadList(kind ? [kind] : STATEMENT_KINDS, page, language),
    render(list, { ctx, query: { page, kind, language } }) {
      const pathFor = (p: number) => `/news/press-releases${queryString({ kind, language, page: p > 1 ? p : undefined })}`;
      return {
        meta: { title: t.pressReleasesTitle, description: t.pressReleasesLead, path: pathFor(page), feeds: feedLinks(locale, 'news') },
        body: (
          <NewsList
            {...list}
            locale={locale}
            timeZone={ctx.timeZone}
            title={t.pressReleasesTitle}
            lead={t.pressReleasesLead}
            page={page}
            pathFor={pathFor}
            kindFilter={{ action: '/news/press-releases', kinds: STATEMENT_KINDS, selected: kind }}
            languageHref={(only) => `/news/press-releases${queryString({ kind, language: only ? locale : undefined })}`}
            onlyReaderLanguage={language === locale}
          />
        ),
      };
    },
  });

  listPage(app, locale, {
    path: '/news/in-the-news',
    query: inTheNewsQuery,
    load: ({ page, language }) => loadList(IN_THE_NEWS_KINDS, page, language),
    render(list, { ctx, query: { page, language } }) {
      const languageHref = (only: boolean) => `/news/in-the-news${queryString({ language: only ? locale : undefined })}`;
      const pathFor = (p: number) => `/news/in-the-news${queryString({ language, page: p > 1 ? p : undefined })}`;
      const title = t.inTheNewsTitle(ctx.shortName);
      const lead = t.inTheNewsLead(ctx.shortName);
      return {
        meta: { title, description: lead, path: pathFor(page), feeds: feedLinks(locale, 'news') },
        body: (
          <NewsList
            {...list}
            locale={locale}
            timeZone={ctx.timeZone}
            title={title}
            lead={lead}
            page={page}
            pathFor={pathFor}
            languageHref={languageHref}
            onlyReaderLanguage={language === locale}
          />
        ),
      };
    },
  });

  itemPage(app, locale, {
    type: 'news',
    async load(slug, { ctx }) {
      const found = await findPublicNewsPostBySlug(app.db, slug);
      if (!found) return undefined;
      const [images, comments] = await Promise.all([
        findImages(app.db, [found.coverFileId], locale, order),
        loadCommentThread(app, 'news', found, locale, ctx.timeZone),
      ]);
      return { found, cover: found.coverFileId === null ? undefined : images.get(found.coverFileId), comments };
    },
    render({ found, cover, comments }, { ctx, slug }) {
      const post = presentNewsPost(found, locale, order);
      if (!post) return undefined;
      const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
      const path = `/news/${slug}`;
      return {
        meta: {
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
        },
        body: <NewsPostPage locale={locale} timeZone={ctx.timeZone} post={post} cover={cover} comments={comments} />,
      };
    },
  });
}
