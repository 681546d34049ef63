import type { Locale } from '../../i18n/locales.js';
import { Picture } from '../media/picture.js';
import type { PageView } from '../pages/pages.presenter.js';
import { PageIntro } from '../pages/page-intro.views.js';
import { organisationsMessages } from './organisations.messages.js';
import type { OrganisationView } from './organisations.presenter.js';

/** Logos are small marks: a strip cell or a list thumbnail, never wider than this. */
const LOGO_SIZES = '10rem';

function OrganisationEntry({ org }: { org: OrganisationView }) {
  return (
    <li class="org" lang={org.isFallback ? org.contentLocale : undefined}>
      {org.logo && <Picture image={org.logo} sizes={LOGO_SIZES} class="org__logo" decorative />}
      <h3 class="org__name">
        {org.url ? (
          <a href={org.url} rel="noopener">
            {org.name}
          </a>
        ) : (
          org.name
        )}
      </h3>
      {org.description && <p class="org__description">{org.description}</p>}
    </li>
  );
}

interface OrganisationsPageProps {
  locale: Locale;
  intro: PageView | undefined;
  organisations: OrganisationView[];
}

export function OrganisationsPage({ locale, intro, organisations }: OrganisationsPageProps) {
  const t = organisationsMessages[locale];
  const groups = [
    { kind: 'donor', title: t.donors, items: organisations.filter((o) => o.kind === 'donor') },
    { kind: 'partner', title: t.partners, items: organisations.filter((o) => o.kind === 'partner') },
  ].filter((g) => g.items.length > 0);
  return (
    <div class="organisations-page">
      <PageIntro locale={locale} intro={intro} fallbackTitle={t.title} />
      {groups.length === 0 && <p class="notice">{t.noOrganisations}</p>}
      {groups.map((g) => (
        <section class={`org-group org-group--${g.kind}`} aria-labelledby={`org-${g.kind}`}>
          <h2 id={`org-${g.kind}`}>{g.title}</h2>
          <ul class="org-list">
            {g.items.map((org) => (
              <OrganisationEntry org={org} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/**
 * "Generously supported by": each donor's logo, or its name set as a wordmark when there is
 * no logo, linking to its own site.
 */
export function DonorsStrip({ locale, donors }: { locale: Locale; donors: OrganisationView[] }) {
  if (donors.length === 0) return null;
  const t = organisationsMessages[locale];
  return (
    <section class="donors" aria-labelledby="donors-strip-title">
      <h2 id="donors-strip-title">{t.supportedBy}</h2>
      <ul class="donors-strip">
        {donors.map((org) => {
          const mark = org.logo ? (
            <Picture image={org.logo} sizes={LOGO_SIZES} class="donors-strip__logo" />
          ) : (
            <span class="donors-strip__wordmark">{org.name}</span>
          );
          return (
            <li lang={org.isFallback ? org.contentLocale : undefined}>
              {org.url ? (
                <a href={org.url} rel="noopener">
                  {mark}
                </a>
              ) : (
                mark
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
