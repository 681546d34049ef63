import { formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { FilterSelect } from '../../web/components/filter-select.js';
import { LicenceNote } from '../../web/components/licence.js';
import { Pagination } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { alertsMessages } from './alerts.messages.js';
import { labelIn, type AlertCardView, type AlertPageView } from './alerts.presenter.js';
import type { LabelRow } from './alerts.repository.js';

function AlertFacts({ card, locale }: { card: AlertCardView; locale: Locale }) {
  const t = alertsMessages[locale];
  return (
    <dl class="alert-facts" lang={locale}>
      <div>
        <dt>{t.status}</dt>
        <dd>
          <span class="badge alert-status">{card.statusLabel}</span>
        </dd>
      </div>
      {card.place && (
        <div>
          <dt>{t.province}</dt>
          <dd>{card.place}</dd>
        </div>
      )}
      {card.dates.length > 0 && (
        <div>
          <dt>{t.dates}</dt>
          <dd>{card.dates.join('; ')}</dd>
        </div>
      )}
      {card.actTypes.length > 0 && (
        <div>
          <dt>{t.acts}</dt>
          <dd>{card.actTypes.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}

function AlertCard({ card, locale, timeZone }: { card: AlertCardView; locale: Locale; timeZone: string }) {
  const textLang = card.isFallback ? card.contentLocale : undefined;
  return (
    <li class="card card--hrd-alert">
      <h2 class="card__title" lang={textLang}>
        <a href={localePath(locale, card.href)}>{card.title}</a>
      </h2>
      <p class="card__meta">
        <DateText value={card.publishedAt} locale={locale} timeZone={timeZone} />
      </p>
      <AlertFacts card={card} locale={locale} />
    </li>
  );
}

interface AlertListProps {
  locale: Locale;
  timeZone: string;
  cards: AlertCardView[];
  total: number;
  page: number;
  totalPages: number;
  pathFor: (page: number) => string;
  years: number[];
  provinces: LabelRow[];
  selected: { year: number | undefined; province: number | undefined };
}

export function AlertList(props: AlertListProps) {
  const { locale, selected } = props;
  const t = alertsMessages[locale];
  const w = webMessages[locale];
  const filtered = selected.year !== undefined || selected.province !== undefined;
  return (
    <>
      <header class="page-header">
        <h1>{t.listTitle}</h1>
        <p class="lead">{t.listLead}</p>
        {/* The portal's path, written out: the alerts feature does not depend on the statistics one. */}
        <p class="page-header__link">
          <a href={localePath(locale, '/human-rights-portal')}>{t.portalLink}</a>
        </p>
      </header>
      <form class="filters" method="get" action={localePath(locale, '/hrd-alerts')}>
        <FilterSelect
          locale={locale}
          id="filter-year"
          name="year"
          label={t.year}
          selected={selected.year?.toString()}
          options={props.years.map((y) => ({ value: String(y), label: formatYear(y, locale) }))}
        />
        <FilterSelect
          locale={locale}
          id="filter-province"
          name="province"
          label={t.province}
          selected={selected.province?.toString()}
          options={props.provinces.map((p) => ({ value: String(p.id), label: labelIn(p, locale) }))}
        />
        <div class="filters__actions">
          <button type="submit">{w.filter}</button>
          {filtered && <a href={localePath(locale, '/hrd-alerts')}>{w.clearFilters}</a>}
        </div>
      </form>
      <p class="list-count" role="status">
        {t.results(formatNumber(props.total, locale))}
      </p>
      {props.cards.length > 0 ? (
        <ul class="card-list hrd-alert-list">
          {props.cards.map((card) => (
            <AlertCard card={card} locale={locale} timeZone={props.timeZone} />
          ))}
        </ul>
      ) : (
        <p class="notice">{t.noResults}</p>
      )}
      <Pagination locale={locale} page={props.page} totalPages={props.totalPages} hrefFor={(p) => localePath(locale, props.pathFor(p))} />
    </>
  );
}

export function AlertPage({ alert, locale, timeZone }: { alert: AlertPageView; locale: Locale; timeZone: string }) {
  const t = alertsMessages[locale];
  return (
    <article class="hrd-alert" lang={alert.contentLocale}>
      {alert.isFallback && <FallbackNotice locale={locale} shownIn={alert.contentLocale} />}
      <header class="page-header">
        <p class="item-meta" lang={locale}>
          <a href={localePath(locale, '/hrd-alerts')}>{t.allAlerts}</a> · {t.published}{' '}
          <DateText value={alert.publishedAt} locale={locale} timeZone={timeZone} />
          {alert.updatedAt.slice(0, 10) !== alert.publishedAt.slice(0, 10) && (
            <>
              {' '}
              · {t.lastUpdated} <DateText value={alert.updatedAt} locale={locale} timeZone={timeZone} />
            </>
          )}
        </p>
        <h1>{alert.title}</h1>
      </header>
      <AlertFacts card={alert} locale={locale} />
      {alert.victims.length > 0 && (
        <section class="alert-victims" lang={locale}>
          <h2>{t.defenders}</h2>
          <ul>
            {alert.victims.map((v) => (
              <li>
                <strong>{v.label}</strong>
                {v.details.length > 0 && <> ({v.details.join(', ')})</>}
                {v.affiliation && <>, {v.affiliation}</>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {alert.perpetratorTypes.length > 0 && (
        <p class="alert-perpetrators" lang={locale}>
          <strong>{t.perpetrators}:</strong> {alert.perpetratorTypes.join(', ')}
        </p>
      )}
      <div class="alert-summary">
        {alert.paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </div>
      <section class="alert-timeline" lang={locale}>
        <h2>{t.timeline}</h2>
        <ol>
          {alert.timeline.map((entry) => (
            <li>
              <time dateTime={entry.isoDate}>{entry.date}</time>
              <div lang={entry.lang === locale ? undefined : entry.lang}>
                <p class="alert-timeline__title">{entry.title}</p>
                {entry.body.map((p) => (
                  <p>{p}</p>
                ))}
              </div>
            </li>
          ))}
        </ol>
      </section>
      <footer class="item-footer" lang={locale}>
        <LicenceNote id={alert.licence} locale={locale} />
      </footer>
    </article>
  );
}

export function AlertGone({ locale }: { locale: Locale }) {
  const t = alertsMessages[locale];
  return (
    <article class="error-page">
      <h1>{t.goneTitle}</h1>
      <p>{t.goneBody}</p>
      <p>
        <a href={localePath(locale, '/hrd-alerts')}>{t.allAlerts}</a>
      </p>
    </article>
  );
}
