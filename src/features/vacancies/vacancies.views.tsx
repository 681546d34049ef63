import { formatDate } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { RichText } from '../../web/components/rich-text.js';
import { localePath } from '../../web/paths.js';
import type { PageView } from '../pages/pages.presenter.js';
import { PageIntro } from '../pages/page-intro.views.js';
import { vacanciesMessages } from './vacancies.messages.js';
import { vacancyPath, type VacancyCardView, type VacancyView } from './vacancies.presenter.js';

interface VacancyFactsProps {
  locale: Locale;
  vacancy: VacancyCardView;
  timeZone: string;
  class: string;
}

/** Location and deadline; labels and the date are in the visitor's language even on a fallback. */
function VacancyFacts({ locale, vacancy, timeZone, class: className }: VacancyFactsProps) {
  const t = vacanciesMessages[locale];
  const visitorLang = vacancy.isFallback ? locale : undefined;
  return (
    <dl class={className}>
      {vacancy.location && (
        <div>
          <dt lang={visitorLang}>{t.location}</dt>
          <dd>{vacancy.location}</dd>
        </div>
      )}
      <div lang={visitorLang}>
        <dt>{t.deadline}</dt>
        <dd>
          <DateText value={vacancy.deadline} locale={locale} timeZone={timeZone} />
        </dd>
      </div>
    </dl>
  );
}

interface JoinUsPageProps {
  locale: Locale;
  intro: PageView | undefined;
  vacancies: VacancyCardView[];
  timeZone: string;
}

export function JoinUsPage({ locale, intro, vacancies, timeZone }: JoinUsPageProps) {
  const t = vacanciesMessages[locale];
  return (
    <div class="join-us-page">
      <PageIntro locale={locale} intro={intro} fallbackTitle={t.title} />
      <section class="vacancies" aria-labelledby="open-vacancies">
        <h2 id="open-vacancies">{t.openVacancies}</h2>
        {vacancies.length === 0 ? (
          <p class="notice">{t.noVacancies}</p>
        ) : (
          <ul class="card-list">
            {vacancies.map((v) => (
              <li class="card vacancy-card" lang={v.isFallback ? v.contentLocale : undefined}>
                <h3 class="card__title">
                  <a href={localePath(locale, vacancyPath(v.slug))}>{v.title}</a>
                </h3>
                <VacancyFacts locale={locale} vacancy={v} timeZone={timeZone} class="card__meta" />
                {v.summary && <p class="card__summary">{v.summary}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function VacancyPage({ locale, vacancy, timeZone }: { locale: Locale; vacancy: VacancyView; timeZone: string }) {
  return (
    <article class="vacancy" lang={vacancy.contentLocale}>
      {vacancy.isFallback && <FallbackNotice locale={locale} shownIn={vacancy.contentLocale} />}
      <header class="page-header">
        <h1>{vacancy.title}</h1>
        {vacancy.summary && <p class="lead">{vacancy.summary}</p>}
        <VacancyFacts locale={locale} vacancy={vacancy} timeZone={timeZone} class="item-meta" />
      </header>
      <RichText html={vacancy.bodyHtml} />
      <footer class="item-footer" lang={locale}>
        <p>
          <a href={localePath(locale, '/join-us')}>{vacanciesMessages[locale].title}</a>
        </p>
      </footer>
    </article>
  );
}

/** What a link to a vacancy past its deadline shows: that it closed, and where the open ones are. */
export function ClosedVacancyPage({ locale, vacancy, timeZone }: { locale: Locale; vacancy: VacancyView; timeZone: string }) {
  const t = vacanciesMessages[locale];
  return (
    <article class="vacancy vacancy--closed">
      <header class="page-header">
        <h1>{t.closedTitle}</h1>
        <p class="lead" lang={vacancy.isFallback ? vacancy.contentLocale : undefined}>
          {vacancy.title}
        </p>
      </header>
      <p class="notice">{t.closedBody(formatDate(vacancy.deadline, locale, timeZone))}</p>
      <p>
        <a href={localePath(locale, '/join-us')}>{t.seeOpenVacancies}</a>
      </p>
    </article>
  );
}
