import { isSlug } from '../content-types/slug.js';
import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { todayIn } from '../../i18n/format.js';
import { Layout } from '../../web/layout.js';
import { findPageIntro, introDescription, introTitle } from '../pages/page-intro.js';
import { vacanciesMessages } from './vacancies.messages.js';
import { jobPostingJsonLd, presentVacancy, presentVacancyCards, vacancyPath } from './vacancies.presenter.js';
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

  app.get('/join-us', { config: { public: true } }, async (_request, reply) => {
    const today = todayIn(app.config.timeZone);
    const [intro, rows] = await Promise.all([findPageIntro(app.db, INTRO_SLUG, locale, order), listOpenVacancies(app.db, today)]);
    const ctx = await app.siteContexts.get(locale);
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title: introTitle(intro, vacanciesMessages[locale].title), description: introDescription(intro), path: '/join-us' }}>
        <JoinUsPage locale={locale} intro={intro} vacancies={presentVacancyCards(rows, locale, order)} timeZone={ctx.timeZone} />
      </Layout>,
    );
  });

  app.get('/join-us/:slug', { config: { public: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    if (!isSlug(slug)) return reply.callNotFound();
    const found = await findPublicVacancyBySlug(app.db, slug);
    const vacancy = found && presentVacancy(found, todayIn(app.config.timeZone), locale, order);
    if (!vacancy) return reply.callNotFound();
    const ctx = await app.siteContexts.get(locale);
    const path = vacancyPath(vacancy.slug);
    if (!vacancy.isOpen) {
      return reply.sendHtml(
        <Layout ctx={ctx} meta={{ title: vacanciesMessages[locale].closedTitle, path, noindex: true }}>
          <ClosedVacancyPage locale={locale} vacancy={vacancy} timeZone={ctx.timeZone} />
        </Layout>,
        GONE,
      );
    }
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: vacancy.title,
          description: vacancy.summary ?? undefined,
          path,
          availableIn: vacancy.availableIn,
          contentLocale: vacancy.isFallback ? vacancy.contentLocale : undefined,
          ogType: 'article',
          jsonLd: [jobPostingJsonLd(ctx, vacancy)],
        }}
      >
        <VacancyPage locale={locale} vacancy={vacancy} timeZone={ctx.timeZone} />
      </Layout>,
    );
  });
}
