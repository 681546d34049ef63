import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { listPage } from '../content-types/public-pages.js';
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
  listPage(app, locale, {
    path: PATH,
    async load() {
      const [intro, rows] = await Promise.all([findPageIntro(app.db, INTRO_SLUG, locale, order), listPublicOrganisations(app.db)]);
      const logos = await findImages(app.db, rows.map((r) => r.logoFileId), locale, order);
      return { intro, organisations: presentOrganisations(rows, locale, order, logos) };
    },
    render: ({ intro, organisations }) => ({
      meta: { title: introTitle(intro, organisationsMessages[locale].title), description: introDescription(intro), path: PATH },
      body: <OrganisationsPage locale={locale} intro={intro} organisations={organisations} />,
    }),
  });
}
