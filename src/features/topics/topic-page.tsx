import type { VNode } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { queryString } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { NewsCard } from '../news/news-card.js';
import { presentNewsCard } from '../news/news.presenter.js';
import { PublicationCard } from '../publications/publication-card.js';
import { presentPublicationCard } from '../publications/publications.presenter.js';
import { topicsMessages } from './topics.messages.js';
import { presentTopics } from '../topic-labels/topic-labels.presenter.js';
import type { TopicRow } from '../topic-labels/topic-labels.repository.js';
import type { TopicPageItems } from './topics.repository.js';

/**
 * A topic's page, as readers get it at `/topics/<slug>` and editors in its preview: its name,
 * then the latest public publications and news on it.
 */
export function renderTopicPage(
  row: TopicRow,
  { publications, news, images }: TopicPageItems,
  { locale, order, timeZone }: { locale: Locale; order: readonly Locale[]; timeZone: string },
): { title: string; body: VNode } | undefined {
  const topic = presentTopics([row], locale, order)[0];
  if (!topic) return undefined;
  const t = topicsMessages[locale];
  const publicationCards = publications.items.flatMap((r) => presentPublicationCard(r, locale, order) ?? []);
  const newsCards = news.items.flatMap((r) => presentNewsCard(r, locale, order) ?? []);
  const imageOf = (fileId: number | null) => (fileId === null ? undefined : images.get(fileId));
  const body = (
    <>
      <header class="page-header">
        <p class="item-meta">{t.topic}</p>
        <h1 lang={topic.nameLocale}>{topic.name}</h1>
      </header>
      {publicationCards.length === 0 && newsCards.length === 0 && <p class="notice">{webMessages[locale].noItems}</p>}
      {publicationCards.length > 0 && (
        <section aria-labelledby="topic-publications">
          <h2 id="topic-publications">{t.latestPublications}</h2>
          <ul class="card-list">
            {publicationCards.map((card) => (
              <PublicationCard card={card} locale={locale} timeZone={timeZone} image={imageOf(card.coverFileId)} headingLevel={3} />
            ))}
          </ul>
          {publications.total > publicationCards.length && (
            <p>
              <a href={localePath(locale, `/publications${queryString({ topic: row.slug })}`)}>{t.allPublicationsOnTopic}</a>
            </p>
          )}
        </section>
      )}
      {newsCards.length > 0 && (
        <section aria-labelledby="topic-news">
          <h2 id="topic-news">{t.latestNews}</h2>
          <ul class="card-list">
            {newsCards.map((card) => (
              <NewsCard card={card} locale={locale} timeZone={timeZone} image={imageOf(card.coverFileId)} headingLevel={3} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
  return { title: topic.name, body };
}
