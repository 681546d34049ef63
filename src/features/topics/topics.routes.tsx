import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { isSlug } from '../content-types/slug.js';
import { renderTopicPage } from './topic-page.js';
import { topicsMessages } from './topics.messages.js';
import { presentTopics } from './topics.presenter.js';
import { findTopicBySlug, findTopicPageItems, listTopics } from './topics.repository.js';

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
    if (!isSlug(slug)) return reply.callNotFound();
    const row = await findTopicBySlug(app.db, slug);
    const items = row && (await findTopicPageItems(app.db, row.slug, locale, order));
    const page = row && items && renderTopicPage(row, items, { locale, order, timeZone: app.config.timeZone });
    if (!page) return reply.callNotFound();
    const ctx = await app.siteContexts.get(locale);
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: page.title, path: `/topics/${slug}` }}>
        {page.body}
      </Layout>,
    );
  });
}
