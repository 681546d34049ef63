import type { Locale } from '../../i18n/locales.js';
import { MenuList, socialName } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import type { SiteContext } from '../../web/site-context.js';
import { webMessages } from '../../web/web.messages.js';
import type { PageView } from '../pages/pages.presenter.js';
import { PROJECT_LIST_PATHS, projectPath, type ProjectCardView } from '../projects/projects.presenter.js';
import type { ProjectKind } from '../projects/projects.tables.js';
import { projectListTitle } from '../projects/projects.views.js';
import { FEED_KINDS, feedPath, type FeedKind } from '../discovery/feed-links.js';
import { PageIntro } from '../pages/page-intro.views.js';
import { siteMessages } from './site.messages.js';

/** The formats each feed comes in, with the media type its link announces. */
const FEED_FORMATS = [
  { format: 'rss', label: 'RSS', type: 'application/rss+xml' },
  { format: 'atom', label: 'Atom', type: 'application/atom+xml' },
] as const;

function feedKindLabel(kind: FeedKind, locale: Locale): string {
  const t = siteMessages[locale];
  const labels: Record<FeedKind, string> = { news: t.newsFeed, publications: t.publicationsFeed, 'hrd-alerts': t.hrdAlertsFeed };
  return labels[kind];
}

interface IntroPageProps {
  ctx: SiteContext;
  intro: PageView | undefined;
}

export function FollowUsPage({ ctx, intro }: IntroPageProps) {
  const { locale } = ctx;
  const t = siteMessages[locale];
  const w = webMessages[locale];
  return (
    <div class="follow-us-page">
      <PageIntro locale={locale} intro={intro} fallbackTitle={t.followUsTitle} />
      {ctx.social.length > 0 && (
        <section class="follow-us__social" aria-labelledby="follow-social">
          <h2 id="follow-social">{t.socialTitle}</h2>
          <ul class="social-links">
            {ctx.social.map((s) => (
              <li>
                <a href={s.url} rel="me noopener">
                  {socialName(s.network)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="follow-us__feeds" aria-labelledby="follow-feeds">
        <h2 id="follow-feeds">{t.feedsTitle}</h2>
        <p>{t.feedsIntro}</p>
        <ul class="feed-list">
          {ctx.locales.flatMap((feedLocale) =>
            FEED_KINDS.map((kind) => (
              <li>
                {t.feedIn(feedKindLabel(kind, locale), w.languageName(feedLocale))}:{' '}
                {FEED_FORMATS.map((f, i) => (
                  <>
                    {i > 0 && ' · '}
                    <a href={localePath(feedLocale, feedPath(kind, f.format))} type={f.type} hrefLang={feedLocale}>
                      {f.label}
                    </a>
                  </>
                ))}
              </li>
            )),
          )}
        </ul>
      </section>
    </div>
  );
}

interface SiteMapPageProps {
  ctx: SiteContext;
  projects: Record<ProjectKind, ProjectCardView[]>;
}

export function SiteMapPage({ ctx, projects }: SiteMapPageProps) {
  const { locale } = ctx;
  const t = siteMessages[locale];
  const kinds = (Object.keys(PROJECT_LIST_PATHS) as ProjectKind[]).filter((k) => projects[k].length > 0);
  return (
    <div class="site-map">
      <header class="page-header">
        <h1>{t.siteMapTitle}</h1>
        <p class="lead">{t.siteMapIntro}</p>
      </header>
      <nav class="site-map__sections" aria-labelledby="site-map-sections">
        <h2 id="site-map-sections">{t.mainSections}</h2>
        <MenuList items={ctx.mainMenu} locale={locale} />
      </nav>
      {kinds.map((kind) => (
        <section class="site-map__projects" aria-labelledby={`site-map-${kind}`}>
          <h2 id={`site-map-${kind}`}>
            <a href={localePath(locale, PROJECT_LIST_PATHS[kind])}>{projectListTitle(kind, locale)}</a>
          </h2>
          <ul class="menu-list">
            {projects[kind].map((p) => (
              <li lang={p.isFallback ? p.contentLocale : undefined}>
                <a href={localePath(locale, projectPath(p.slug))}>{p.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
