import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { localePath } from '../../web/paths.js';
import type { SiteContext } from '../../web/site-context.js';
import { EventCard } from '../events/event-card.js';
import { NewsCard } from '../news/news-card.js';
import { DonorsStrip } from '../organisations/organisations.views.js';
import { ProjectCard } from '../projects/projects.views.js';
import { PublicationCard } from '../publications/publication-card.js';
import type { AlertCardView } from '../hrd-alerts/alerts.presenter.js';
import { StatisticsTeaser, type StatisticsTeaserView } from '../hrd-statistics/statistics.teaser.js';
import { PORTAL_PATH } from '../hrd-statistics/statistics.views.js';
import { Picture } from '../media/picture.js';
import type { FeaturedView } from './featured.presenter.js';
import type { HomeView } from './home.presenter.js';
import { siteMessages } from './site.messages.js';

interface HomeSectionProps {
  id: string;
  title: string;
  more: { href: string; label: string };
  children: ComponentChildren;
}

/** A titled block of cards with a link to the full list; the home page is a stack of these. */
export function HomeSection({ id, title, more, children }: HomeSectionProps) {
  return (
    <section class={`home-section home-section--${id}`} aria-labelledby={`home-${id}`}>
      <h2 id={`home-${id}`}>{title}</h2>
      <ul class="card-list">{children}</ul>
      <p class="home-section__more">
        <a href={more.href}>{more.label}</a>
      </p>
    </section>
  );
}

interface HomePageProps {
  ctx: SiteContext;
  home: HomeView;
  teaser?: StatisticsTeaserView | undefined;
}

/** The item editors chose to lead with: its photograph first, an alert marked as urgent. */
function Featured({ featured, locale }: { featured: FeaturedView; locale: Locale }) {
  const t = siteMessages[locale];
  return (
    <article class={featured.urgent ? 'featured featured--urgent' : 'featured'} aria-labelledby="home-featured">
      {featured.image && (
        <Picture image={featured.image} class="featured__photo" sizes="(min-width: 72em) 44rem, (min-width: 56em) 60vw, 100vw" eager />
      )}
      <div class="featured__text">
        <p class="featured__tag">{featured.tag}</p>
        <h2 class="featured__title" id="home-featured" lang={featured.lang}>
          <a href={localePath(locale, featured.href)}>{featured.title}</a>
        </h2>
        {featured.summary && (
          <p class="featured__summary" lang={featured.lang}>
            {featured.summary}
          </p>
        )}
        <p class="featured__more" aria-hidden="true">
          {t.readMore}
        </p>
      </div>
    </article>
  );
}

/** The latest alerts on a band of their own, so that defenders at risk are never three clicks down. */
function AlertsBand({ alerts, locale, timeZone }: { alerts: AlertCardView[]; locale: Locale; timeZone: string }) {
  const t = siteMessages[locale];
  return (
    <section class="home-alerts" aria-labelledby="home-alerts">
      <h2 id="home-alerts">{t.alertsTitle}</h2>
      <p class="home-alerts__lead">{t.alertsLead}</p>
      <ul class="home-alerts__list">
        {alerts.map((alert) => (
          <li class="home-alerts__item">
            <a href={localePath(locale, alert.href)} lang={alert.isFallback ? alert.contentLocale : undefined}>
              {alert.title}
            </a>
            <span class="home-alerts__meta">
              <DateText value={alert.publishedAt} locale={locale} timeZone={timeZone} />
              {alert.place && ` · ${alert.place}`}
            </span>
          </li>
        ))}
      </ul>
      <p class="home-alerts__links">
        <a href={localePath(locale, '/hrd-alerts')}>{t.allAlerts}</a>
        <a href={localePath(locale, PORTAL_PATH)}>{t.portalLink}</a>
      </p>
    </section>
  );
}

/**
 * The front page: the featured item beside who the organisation is, the alerts, then what is
 * new. Only the featured photograph loads at once; every cover below it loads lazily.
 */
export function HomePage({ ctx, home, teaser }: HomePageProps) {
  const { locale } = ctx;
  const t = siteMessages[locale];
  return (
    <div class="home">
      <div class={home.featured ? 'home-hero home-hero--featured' : 'home-hero'}>
        <section class="home-welcome" aria-labelledby="home-title">
          <h1 id="home-title">{ctx.name}</h1>
          {ctx.tagline && <p class="lead">{ctx.tagline}</p>}
          {ctx.description && <p class="home-welcome__text">{ctx.description}</p>}
        </section>
        {home.featured && <Featured featured={home.featured} locale={locale} />}
      </div>
      {home.alerts.length > 0 && <AlertsBand alerts={home.alerts} locale={locale} timeZone={ctx.timeZone} />}
      {home.publications.length > 0 && (
        <HomeSection
          id="publications"
          title={t.latestPublications}
          more={{ href: localePath(locale, '/publications'), label: t.allPublications }}
        >
          {home.publications.map(({ card, image }) => (
            <PublicationCard card={card} image={image} locale={locale} timeZone={ctx.timeZone} headingLevel={3} />
          ))}
        </HomeSection>
      )}
      {home.news.length > 0 && (
        <HomeSection id="news" title={t.latestNews} more={{ href: localePath(locale, '/media'), label: t.moreNews }}>
          {home.news.map(({ card, image }) => (
            <NewsCard card={card} image={image} locale={locale} timeZone={ctx.timeZone} headingLevel={3} />
          ))}
        </HomeSection>
      )}
      {home.projects.length > 0 && (
        <HomeSection
          id="projects"
          title={t.currentProjects}
          more={{ href: localePath(locale, '/projects/current'), label: t.allCurrentProjects }}
        >
          {home.projects.map(({ card, image }) => (
            <ProjectCard locale={locale} project={card} image={image} headingLevel={3} />
          ))}
        </HomeSection>
      )}
      {home.events.length > 0 && (
        <HomeSection id="events" title={t.upcomingEvents} more={{ href: localePath(locale, '/events'), label: t.allEvents }}>
          {home.events.map(({ card, image }) => (
            <EventCard card={card} image={image} locale={locale} timeZone={ctx.timeZone} headingLevel={3} />
          ))}
        </HomeSection>
      )}
      {teaser && <StatisticsTeaser locale={locale} teaser={teaser} />}
      <DonorsStrip locale={locale} donors={home.donors} />
    </div>
  );
}
