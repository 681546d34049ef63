import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { LicenceNote } from '../../web/components/licence.js';
import { RichText } from '../../web/components/rich-text.js';
import type { ImageView } from '../media/media.repository.js';
import { PhotoFigure } from '../media/picture.js';
import { TopicTags } from '../topic-labels/topic-labels.views.js';
import { CommentsSection, type CommentThreadProps } from '../comments/comments.views.js';
import { newsMessages } from './news.messages.js';
import type { NewsPostView } from './news.presenter.js';

interface NewsPostPageProps {
  locale: Locale;
  timeZone: string;
  post: NewsPostView;
  cover: ImageView | undefined;
  /** Approved comments and the comment form; absent when the post takes none. */
  comments?: CommentThreadProps | undefined;
}

/** A news post's page; `lang` marks the text's language, which may be a stand-in. */
export function NewsPostPage({ locale, timeZone, post, cover, comments }: NewsPostPageProps) {
  const t = newsMessages[locale];
  return (
    <article class="news-post" lang={post.contentLocale}>
      {post.isFallback && <FallbackNotice locale={locale} shownIn={post.contentLocale} />}
      <header class="page-header">
        <p class="item-meta" lang={locale}>
          <span class="badge">{post.kindLabel}</span>{' '}
          {post.outlet && <span class="item-meta__outlet">{post.outlet}</span>}{' '}
          {post.publishedAt && <DateText value={post.publishedAt} locale={locale} timeZone={timeZone} />}
        </p>
        <h1>{post.title}</h1>
        {post.summary && <p class="lead">{post.summary}</p>}
      </header>
      {post.externalUrl && (
        <p class="notice notice--external" lang={locale}>
          <a href={post.externalUrl} rel="noopener">
            {t.readOriginal(post.outlet ?? t.originalArticle)}
          </a>
        </p>
      )}
      {cover && (
        <PhotoFigure image={cover} sizes="(min-width: 60em) 50em, 100vw" eager class="news-post__cover" locale={locale} />
      )}
      <RichText html={post.bodyHtml} />
      <footer class="item-footer" lang={locale}>
        <TopicTags locale={locale} topics={post.topics} label={t.topics} hrefFor={(topic) => `/topics/${topic.slug}`} />
        <LicenceNote id={post.licence} locale={locale} />
      </footer>
      {comments && <CommentsSection {...comments} />}
    </article>
  );
}
