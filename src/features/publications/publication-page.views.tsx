import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { LicenceNote } from '../../web/components/licence.js';
import { queryString } from '../../web/components/pagination.js';
import { RichText } from '../../web/components/rich-text.js';
import { localePath } from '../../web/paths.js';
import type { ImageView } from '../media/media.repository.js';
import { PhotoFigure } from '../media/picture.js';
import { TopicTags } from '../topic-labels/topic-labels.views.js';
import { CommentsSection, type CommentThreadProps } from '../comments/comments.views.js';
import { publicationsMessages } from './publications.messages.js';
import type { PublicationView } from './publications.presenter.js';

interface PublicationPageProps {
  locale: Locale;
  timeZone: string;
  publication: PublicationView;
  cover: ImageView | undefined;
  /** Approved comments and the comment form; absent when the publication takes none. */
  comments?: CommentThreadProps | undefined;
}

/** The publication's page; `lang` marks the text's language, which may be a stand-in. */
/** The first document as a button under the title: on a phone the list beside the text comes only after all of it. */
function TopDownload({ file, label }: { file: PublicationView['files'][number]; label: string }) {
  return (
    <p class="publication__download">
      <a class="button" href={file.href} hrefLang={file.locale} type={file.mime} download>
        <span aria-hidden="true">↓ </span>
        {label}: {file.label}
      </a>{' '}
      <span class="file-list__meta">
        {file.formatName && `${file.formatName} · `}
        {file.sizeText}
      </span>
    </p>
  );
}

export function PublicationPage({ locale, timeZone, publication: pub, cover, comments }: PublicationPageProps) {
  const t = publicationsMessages[locale];
  return (
    <article class="publication" lang={pub.contentLocale}>
      {pub.isFallback && <FallbackNotice locale={locale} shownIn={pub.contentLocale} />}
      <header class="page-header">
        <p class="item-meta" lang={locale}>
          <span class="badge">{pub.typeLabel}</span>{' '}
          {pub.publishedAt && <DateText value={pub.publishedAt} locale={locale} timeZone={timeZone} />}
        </p>
        <h1>{pub.title}</h1>
        {pub.summary && <p class="lead">{pub.summary}</p>}
        {pub.files[0] && <TopDownload file={pub.files[0]} label={t.download} />}
      </header>
      <div class="split">
        <RichText html={pub.bodyHtml} />
        <aside class="publication__aside" lang={locale}>
          {cover && (
            <PhotoFigure image={cover} sizes="(min-width: 60em) 20em, 100vw" eager class="publication__cover" locale={locale} />
          )}
          {pub.files.length > 0 && (
            <section aria-labelledby="publication-downloads">
              <h2 id="publication-downloads">{t.download}</h2>
              <ul class="file-list">
                {pub.files.map((file) => (
                  <li>
                    <a href={file.href} hrefLang={file.locale} type={file.mime} download>
                      {file.label}
                    </a>{' '}
                    <span class="file-list__meta">
                      {t.fileIn(file.languageName)} · {file.formatName && `${file.formatName} · `}
                      {file.sizeText}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {pub.topics.length > 0 && (
            <section aria-labelledby="publication-topics">
              <h2 id="publication-topics">{t.topics}</h2>
              <TopicTags
                locale={locale}
                topics={pub.topics}
                label={t.topics}
                hrefFor={(topic) => `/publications${queryString({ topic: topic.slug })}`}
              />
            </section>
          )}
          {pub.project && (
            <section aria-labelledby="publication-project">
              <h2 id="publication-project">{t.relatedProject}</h2>
              <p>
                <a href={localePath(locale, pub.project.href)} lang={pub.project.titleLocale}>
                  {pub.project.title}
                </a>
              </p>
            </section>
          )}
        </aside>
      </div>
      <footer class="item-footer" lang={locale}>
        <LicenceNote id={pub.licence} locale={locale} />
      </footer>
      {comments && <CommentsSection {...comments} />}
    </article>
  );
}
