import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { todayIn } from '../../i18n/format.js';
import { itemPage, pagedListPage } from '../content-types/public-pages.js';
import { findPageIntro, introDescription, introTitle } from '../pages/page-intro.js';
import { vacanciesMessages } from './vacancies.messages.js';
import { jobPostingJsonLd, presentVacancy, presentVacancyCard, vacancyPath } from './vacancies.presenter.js';
import { findPublicVacancyBySlug, listOpenVacancies } from './vacancies.repository.js';
import { ClosedVacancyPage, JoinUsPage, VacancyPage } from './vacancies.views.js';

const INTRO_SLUG = 'join-us';
/** A closed vacancy is gone for good: 410 tells search engines to drop it, unlike a 404. */
const GONE = 410;

/**
 * `/join-us` and `/join-us/:slug`. Both depend on today's date (deadlines), not only on
 * content, so they stay out of the page cache, which empties only when content changes.
 */
export async function vacanciesRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = vacanciesMessages[locale];

  pagedListPage(app, locale, {
    path: '/join-us',
    pageCache: false,
    list: () => listOpenVacancies(app.db, todayIn(app.config.timeZone)),
    card: (row) => presentVacancyCard(row, locale, order),
    also: () => findPageIntro(app.db, INTRO_SLUG, locale, order),
    render: ({ cards, also: intro }, { ctx }) => ({
      meta: { title: introTitle(intro, t.title), description: introDescription(intro), path: '/join-us' },
      body: <JoinUsPage locale={locale} intro={intro} vacancies={cards} timeZone={ctx.timeZone} />,
    }),
  });

  itemPage(app, locale, {
    type: 'vacancy',
    pageCache: false,
    load: (which) => findPublicVacancyBySlug(app.db, which),
    render(found, { ctx }) {
      const vacancy = presentVacancy(found, todayIn(app.config.timeZone), locale, order);
      if (!vacancy) return undefined;
      const path = vacancyPath(vacancy.slug);
      if (!vacancy.isOpen) {
        return {
          meta: { title: t.closedTitle, path, noindex: true },
          body: <ClosedVacancyPage locale={locale} vacancy={vacancy} timeZone={ctx.timeZone} />,
          status: GONE,
        };
      }
      return {
        meta: {
          title: vacancy.title,
          description: vacancy.summary ?? undefined,
          path,
          availableIn: vacancy.availableIn,
          contentLocale: vacancy.isFallback ? vacancy.contentLocale : undefined,
          ogType: 'article',
          jsonLd: [jobPostingJsonLd(ctx, vacancy)],
        },
        body: <VacancyPage locale={locale} vacancy={vacancy} timeZone={ctx.timeZone} />,
      };
    },
  });
}
