import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { presentProjectCards } from '../projects/projects.presenter.js';
import { listPublicProjects } from '../projects/projects.repository.js';
import { PROJECT_KINDS } from '../projects/projects.tables.js';
import { feedLinks } from '../discovery/feed-links.js';
import { findPageIntro, introDescription, introTitle } from '../pages/page-intro.js';
import { FollowUsPage, SiteMapPage } from './site-pages.views.js';
import { siteMessages } from './site.messages.js';

/**
 * Follow Us and the HTML site map: pages built from the settings and the menus,
 * each opened by the editors' page of the same path when there is one.
 */
export async function sitePagesRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = siteMessages[locale];

  app.get('/follow-us', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [intro, ctx] = await Promise.all([findPageIntro(app.db, 'follow-us', locale, order), app.siteContexts.get(locale)]);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{ title: introTitle(intro, t.followUsTitle), description: introDescription(intro), path: '/follow-us', feeds: [...feedLinks(locale, 'news'), ...feedLinks(locale, 'publications')] }}
      >
        <FollowUsPage ctx={ctx} intro={intro} />
      </Layout>,
    );
  });

  app.get('/sitemap', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [rows, ctx] = await Promise.all([listPublicProjects(app.db, PROJECT_KINDS), app.siteContexts.get(locale)]);
    const cards = presentProjectCards(rows, locale, order);
    const projects = {
      current: cards.filter((p) => p.kind === 'current'),
      past: cards.filter((p) => p.kind === 'past'),
      campaign: cards.filter((p) => p.kind === 'campaign'),
    };
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: t.siteMapTitle, path: '/sitemap' }}>
        <SiteMapPage ctx={ctx} projects={projects} />
      </Layout>,
    );
  });
}
