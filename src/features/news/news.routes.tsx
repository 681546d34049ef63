import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { imageOf, itemPage, pagedListPage } from '../content-types/public-pages.js';
import { creativeWorkJsonLd } from '../discovery/json-ld.js';
import { shareableImageUrl } from '../media/media.repository.js';
import { feedLinks } from '../discovery/feed-links.js';
import { NewsPostPage } from './news-post.views.js';
import { loadCommentThread } from '../comments/comments.thread.js';
import { newsMessages } from './news.messages.js';
import { presentNewsCard, presentNewsPost } from './news.presenter.js';
import { findPublicNewsPostBySlug, listPublicNews, type NewsListRow } from './news.repository.js';
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

  /** A news list of the given kinds: the pipeline's paged list, with its cards and images. */
  const newsList = { pageSize: NEWS_PAGE_SIZE, card: (row: NewsListRow) => presentNewsCard(row, locale, order) };
  /** The reader's language first; with `?language=`, only items in it. */
  const listOf = (kinds: readonly NewsKind[], page: number, language: string | undefined) =>
    listPublicNews(app.db, { kinds, page, pageSize: NEWS_PAGE_SIZE, readerLanguage: { locale: language ?? locale, only: language !== undefined } });

  pagedListPage(app, locale, {
    ...newsList,
    path: '/news/press-releases',
    query: pressReleasesQuery,
    list: ({ page, kind, language }) => listOf(kind ? [kind] : STATEMENT_KINDS, page, language),
    render: (list, { ctx, query: { page, kind, language } }) => ({
      meta: { title: t.pressReleasesTitle, description: t.pressReleasesLead, path: list.pathFor(page), feeds: feedLinks(locale, 'news') },
      body: (
        <NewsList
          {...list}
          locale={locale}
          timeZone={ctx.timeZone}
          title={t.pressReleasesTitle}
          lead={t.pressReleasesLead}
          page={page}
          kindFilter={{ action: '/news/press-releases', kinds: STATEMENT_KINDS, selected: kind, language }}
          languageHref={(only) => `/news/press-releases${queryString({ kind, language: only ? locale : undefined })}`}
          onlyReaderLanguage={language === locale}
        />
      ),
    }),
  });

  pagedListPage(app, locale, {
    ...newsList,
    path: '/news/in-the-news',
    query: inTheNewsQuery,
    list: ({ page, language }) => listOf(IN_THE_NEWS_KINDS, page, language),
    render(list, { ctx, query: { page, language } }) {
      const languageHref = (only: boolean) => `/news/in-the-news${queryString({ language: only ? locale : undefined })}`;
      const title = t.inTheNewsTitle(ctx.shortName);
      const lead = t.inTheNewsLead(ctx.shortName);
      return {
        meta: { title, description: lead, path: list.pathFor(page), feeds: feedLinks(locale, 'news') },
        body: (
          <NewsList
            {...list}
            locale={locale}
            timeZone={ctx.timeZone}
            title={title}
            lead={lead}
            page={page}
            languageHref={languageHref}
            onlyReaderLanguage={language === locale}
          />
        ),
      };
    },
  });

  itemPage(app, locale, {
    type: 'news',
    async load(which, { ctx, images: imagesOf }) {
      const found = await findPublicNewsPostBySlug(app.db, which);
      if (!found) return undefined;
      const [images, comments] = await Promise.all([
        imagesOf([found.coverFileId]),
        loadCommentThread(app, 'news', found, locale, ctx.timeZone),
      ]);
      return { found, cover: imageOf(images, found.coverFileId), comments };
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
