import type { ComponentChildren } from 'preact';
import { localePath } from '../../web/paths.js';
import type { SiteContext } from '../../web/site-context.js';
import { EventCard } from '../events/event-card.js';
import { NewsCard } from '../news/news-card.js';
import { DonorsStrip } from '../organisations/organisations.views.js';
import { ProjectCard } from '../projects/projects.views.js';
import { PublicationCard } from '../publications/publication-card.js';
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
}

/**
 * The front page: who the organisation is, then what is new. Nothing above the welcome
 * text is an image, so every cover is below the fold and loads lazily.
 */
export function HomePage({ ctx, home }: HomePageProps) {
  const { locale } = ctx;
  const t = siteMessages[locale];
  return (
    <div class="home">
      <section class="home-welcome" aria-labelledby="home-title">
        <h1 id="home-title">{ctx.name}</h1>
        {ctx.tagline && <p class="lead">{ctx.tagline}</p>}
        {ctx.description && <p class="home-welcome__text">{ctx.description}</p>}
      </section>
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
          {home.projects.map((project) => (
            <ProjectCard locale={locale} project={project} headingLevel={3} />
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
      <DonorsStrip locale={locale} donors={home.donors} />
    </div>
  );
}
