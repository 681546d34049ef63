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
import { PageIntro } from './page-intro.views.js';
import { ContactForm, type ContactFormState } from '../contact/contact.views.js';
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

export function ContactPage({ ctx, intro, contactForm }: IntroPageProps & { contactForm?: ContactFormState }) {
  const { locale } = ctx;
  const t = siteMessages[locale];
  const w = webMessages[locale];
  const hasDetails = Boolean(ctx.address || ctx.email || ctx.phone);
  return (
    <div class="contact-page">
      <PageIntro locale={locale} intro={intro} fallbackTitle={t.contactTitle}>
        {hasDetails && (
          <section class="contact-details" aria-labelledby="contact-details">
            <h2 id="contact-details">{t.reachUs}</h2>
            <p class="contact-details__name">{ctx.name}</p>
            <dl class="contact-details__list">
              {ctx.address && (
                <div>
                  <dt>{w.address}</dt>
                  <dd>
                    <address>{ctx.address.split('\n').map((line, i) => (i ? [<br />, line] : line))}</address>
                  </dd>
                </div>
              )}
              {ctx.email && (
                <div>
                  <dt>{w.email}</dt>
                  <dd>
                    <a href={`mailto:${ctx.email}`}>{ctx.email}</a>
                  </dd>
                </div>
              )}
              {ctx.phone && (
                <div>
                  <dt>{w.phone}</dt>
                  <dd>
                    <a href={`tel:${ctx.phone.replace(/[^+\d]/g, '')}`}>{ctx.phone}</a>
                  </dd>
                </div>
              )}
            </dl>
          </section>
        )}
      </PageIntro>
      {contactForm && <ContactForm locale={locale} form={contactForm} />}
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
