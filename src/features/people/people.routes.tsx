import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { listPage } from '../content-types/public-pages.js';
import { findImages } from '../media/media.repository.js';
import { findPageIntro, introDescription, introTitle } from '../pages/page-intro.js';
import { peopleMessages } from './people.messages.js';
import { presentPeopleGroups } from './people.presenter.js';
import { listPublicPeople } from './people.repository.js';
import { PeoplePage } from './people.views.js';

/** Editors write the page's intro as the page `about/people`; the lists come from the people table. */
const INTRO_SLUG = 'about/people';

/** `/about/people`: a route of its own, so it wins over the pages catch-all at the same path. */
export async function peopleRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  listPage(app, locale, {
    path: '/about/people',
    async load() {
      const [intro, rows] = await Promise.all([findPageIntro(app.db, INTRO_SLUG, locale, order), listPublicPeople(app.db)]);
      const photos = await findImages(app.db, rows.map((r) => r.photoFileId), locale, order);
      return { intro, groups: presentPeopleGroups(rows, locale, order, photos) };
    },
    render: ({ intro, groups }) => ({
      meta: { title: introTitle(intro, peopleMessages[locale].title), description: introDescription(intro), path: '/about/people' },
      body: <PeoplePage locale={locale} intro={intro} groups={groups} />,
    }),
  });
}
