import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { localePath } from '../../web/paths.js';
import { itemPage, listPage } from '../content-types/public-pages.js';
import { renderTopicPage } from './topic-page.js';
import { topicsMessages } from './topics.messages.js';
import { presentTopics } from '../topic-labels/topic-labels.presenter.js';
import { listTopics } from '../topic-labels/topic-labels.repository.js';
import { findTopicBySlug, findTopicPageItems } from './topics.repository.js';

/** A topic's page gathers what the organisation published and said about it. */
export async function topicsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = topicsMessages[locale];

  listPage(app, locale, {
    path: '/topics',
    load: async () => presentTopics(await listTopics(app.db), locale, order),
    render: (topics) => ({
      meta: { title: t.topics, description: t.topicsLead, path: '/topics' },
      body: (
        <>
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
        </>
      ),
    }),
  });

  itemPage(app, locale, {
    type: 'topic',
    async load(which) {
      const row = await findTopicBySlug(app.db, which);
      const items = row && (await findTopicPageItems(app.db, row.slug, locale, order));
      return row && items && renderTopicPage(row, items, { locale, order, timeZone: app.config.timeZone });
    },
    render: (page, { slug }) => ({ meta: { title: page.title, path: `/topics/${slug}` }, body: page.body }),
  });
}
