import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { Layout } from '../../web/layout.js';
import { findImages } from '../media/media.repository.js';
import { findPageIntro, introDescription, introTitle } from '../pages/page-intro.js';
import { organisationsMessages } from './organisations.messages.js';
import { presentOrganisations } from './organisations.presenter.js';
import { listPublicOrganisations } from './organisations.repository.js';
import { OrganisationsPage } from './organisations.views.js';

const PATH = '/about/donors-and-partners';
/** The page row whose text opens the list (same path, written by editors). */
const INTRO_SLUG = 'about/donors-and-partners';

/** `/about/donors-and-partners`: its own route, so it wins over the pages catch-all. */
export async function organisationsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  app.get(PATH, { config: { public: true, pageCache: true } }, async (_request, reply) => {
    const [intro, rows] = await Promise.all([
      findPageIntro(app.db, INTRO_SLUG, locale, order),
      listPublicOrganisations(app.db),
    ]);
    const logos = await findImages(app.db, rows.map((r) => r.logoFileId), locale, order);
    const ctx = await app.siteContexts.get(locale);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{ title: introTitle(intro, organisationsMessages[locale].title), description: introDescription(intro), path: PATH }}
      >
        <OrganisationsPage locale={locale} intro={intro} organisations={presentOrganisations(rows, locale, order, logos)} />
      </Layout>,
    );
  });
}
