import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../../app.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { findImages } from '../media/media.repository.js';
import { NewsCard } from '../news/news-card.js';
import { presentNewsCard } from '../news/news.presenter.js';
import { listPublicNews } from '../news/news.repository.js';
import { PublicationCard } from '../publications/publication-card.js';
import { presentPublicationCard } from '../publications/publications.presenter.js';
import { listPublicPublications } from '../publications/publications.repository.js';
import { SLUG_PATTERN } from '../publications/publications.schema.js';
import { topicsMessages } from './topics.messages.js';
import { presentTopics } from './topics.presenter.js';
import { findTopicBySlug, listTopics } from './topics.repository.js';

/** Items of each kind shown on a topic's page; the full lists are one link away. */
const TOPIC_PAGE_ITEMS = 6;

/** A topic's page gathers what the organisation published and said about it. */
export async function topicsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = topicsMessages[locale];

  app.get('/topics', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [rows, ctx] = await Promise.all([listTopics(app.db), app.siteContexts.get(locale)]);
    const topics = presentTopics(rows, locale, order);
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: t.topics, description: t.topicsLead, path: '/topics' }}>
        <header class="page-header">
          <h1>{t.topics}</h1>
          <p class="lead">{t.topicsLead}</p>
        </header>
        <ul class="card-list card-list--topics">
          {topics.map((topic) => (
            <li class="card">
              <h2 class="card__title" lang={topic.nameLocale}>
                <a href={localePath(locale, `/topics/${topic.slug}`)}>{topic.name}</a>
              </h2>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  app.get<{ Params: { slug: string } }>('/topics/:slug', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const { slug } = request.params;
    if (!SLUG_PATTERN.test(slug)) return reply.callNotFound();
    const row = await findTopicBySlug(app.db, slug);
    const topic = row && presentTopics([row], locale, order)[0];
    if (!topic) return reply.callNotFound();
    const [publications, news, ctx] = await Promise.all([
      listPublicPublications(app.db, { topic: slug, page: 1, pageSize: TOPIC_PAGE_ITEMS }),
      listPublicNews(app.db, { topic: slug, page: 1, pageSize: TOPIC_PAGE_ITEMS }),
      app.siteContexts.get(locale),
    ]);
    const publicationCards = publications.items.flatMap((r) => presentPublicationCard(r, locale, order) ?? []);
    const newsCards = news.items.flatMap((r) => presentNewsCard(r, locale, order) ?? []);
    const images = await findImages(
      app.db,
      [...publicationCards, ...newsCards].map((c) => c.coverFileId),
      locale,
      order,
    );
    const imageOf = (id: number | null) => (id === null ? undefined : images.get(id));
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: topic.name, path: `/topics/${slug}` }}>
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
                <PublicationCard card={card} locale={locale} timeZone={ctx.timeZone} image={imageOf(card.coverFileId)} headingLevel={3} />
              ))}
            </ul>
            {publications.total > publicationCards.length && (
              <p>
                <a href={localePath(locale, `/publications${queryString({ topic: slug })}`)}>{t.allPublicationsOnTopic}</a>
              </p>
            )}
          </section>
        )}
        {newsCards.length > 0 && (
          <section aria-labelledby="topic-news">
            <h2 id="topic-news">{t.latestNews}</h2>
            <ul class="card-list">
              {newsCards.map((card) => (
                <NewsCard card={card} locale={locale} timeZone={ctx.timeZone} image={imageOf(card.coverFileId)} headingLevel={3} />
              ))}
            </ul>
          </section>
        )}
      </Layout>,
    );
  });
}
