import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../../app.js';
import { Layout } from '../../web/layout.js';
import { organisationJsonLd } from '../discovery/json-ld.js';
import { feedLinks } from '../discovery/feed-links.js';
import { findImages } from '../media/media.repository.js';
import { presentNewsCard } from '../news/news.presenter.js';
import { listLatestNews } from '../news/news.repository.js';
import { presentOrganisations } from '../organisations/organisations.presenter.js';
import { listDonorsStrip } from '../organisations/organisations.repository.js';
import { presentProjectCards } from '../projects/projects.presenter.js';
import { listPublicProjects } from '../projects/projects.repository.js';
import { presentPublicationCard } from '../publications/publications.presenter.js';
import { listLatestPublications } from '../publications/publications.repository.js';
import { HomePage } from './home.views.js';

/** How many of each the front page shows; each section links to its full list. */
const HOME_PUBLICATIONS = 6;
const HOME_NEWS = 4;
const HOME_PROJECTS = 6;

/**
 * The front page of each language (`/en/`), the most visited page: it is served from the page
 * cache. Its one clock-dependent part, the upcoming events, is refreshed whenever content
 * changes; an event that starts between two edits stays listed until the next one (the page
 * cache has no expiry to hang the event's start on).
 */
export async function homeRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  app.get('/', { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [publicationRows, newsRows, projectRows, donorRows, ctx] = await Promise.all([
      listLatestPublications(app.db, HOME_PUBLICATIONS),
      listLatestNews(app.db, HOME_NEWS),
      listPublicProjects(app.db, ['current'], HOME_PROJECTS),
      listDonorsStrip(app.db),
      app.siteContexts.get(locale),
    ]);
    const images = await findImages(
      app.db,
      [...publicationRows, ...newsRows, ...projectRows].map((r) => r.coverFileId).concat(donorRows.map((d) => d.logoFileId)),
      locale,
      order,
    );
    const imageOf = (id: number | null) => (id === null ? undefined : images.get(id));
    const home = {
      publications: publicationRows.flatMap((row) => {
        const card = presentPublicationCard(row, locale, order);
        return card ? [{ card, image: imageOf(card.coverFileId) }] : [];
      }),
      news: newsRows.flatMap((row) => {
        const card = presentNewsCard(row, locale, order);
        return card ? [{ card, image: imageOf(card.coverFileId) }] : [];
      }),
      projects: presentProjectCards(projectRows, locale, order, images),
      donors: presentOrganisations(donorRows, locale, order, images),
    };
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: ctx.name,
          path: '/',
          jsonLd: [organisationJsonLd(ctx)],
          feeds: [...feedLinks(locale, 'news'), ...feedLinks(locale, 'publications')],
        }}
      >
        <HomePage ctx={ctx} home={home} />
      </Layout>,
    );
  });
}
