import { formatDate, formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { FilterSelect, type FilterOption } from '../../web/components/filter-select.js';
import { Pagination } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { CountTable } from '../hrd-statistics/count-table.js';
import { HorizontalBarChart } from '../hrd-statistics/statistics.charts.js';
import type { Cell } from '../hrd-statistics/statistics.presenter.js';
import { StatusLegend, StatusOverTimeChart } from './upr.charts.js';
import { labelOf, uprMessages } from './upr.messages.js';
import type { AssessmentView, RecommendationView, StatusYear } from './upr.presenter.js';
import type { Cycle } from './upr.repository.js';
import { filtersQuery, FILTER_KEYS, UPR_PATH, type FilterKey, type RawFilters } from './upr.schema.js';
import { ASSESSMENT_STATUSES } from './upr.tables.js';

type Messages = (typeof uprMessages)[Locale];
const n = (value: number, locale: Locale) => formatNumber(value, locale);

export interface FilterOptions {
  cycle: FilterOption[];
  state: FilterOption[];
  region: FilterOption[];
  theme: FilterOption[];
  response: FilterOption[];
  status: FilterOption[];
}

export interface UprListProps {
  locale: Locale;
  cycles: Array<Cycle & { entered: number }>;
  hasSample: boolean;
  raw: RawFilters;
  errors: FilterKey[];
  options: FilterOptions;
  results?: {
    total: number;
    page: number;
    totalPages: number;
    items: RecommendationView[];
    byResponse: Cell[];
    byTheme: Cell[];
    overTime: StatusYear[];
  };
}

/** The official totals beside the count entered, so an incomplete tracker says so. */
export function CycleTotals({ locale, cycle }: { locale: Locale; cycle: Cycle & { entered: number } }) {
  const t = uprMessages[locale];
  const number = formatNumber(cycle.number, locale);
  const complete = cycle.received !== null && cycle.accepted !== null && cycle.noted !== null && cycle.recommendingStates !== null;
  return (
    <section class="upr-cycle" data-cycle={String(cycle.number)} data-received={cycle.received ?? ''} data-entered={String(cycle.entered)}>
      <h2>{cycle.sessionDate ? t.cycleHeading(number, formatDate(cycle.sessionDate, locale, 'UTC')) : t.cycleHeadingNoDate(number)}</h2>
      <p>
        {complete ? t.officialTotals(n(cycle.received!, locale), n(cycle.accepted!, locale), n(cycle.noted!, locale), n(cycle.recommendingStates!, locale)) : t.officialTotalsMissing}{' '}
        <strong>{t.enteredSoFar(n(cycle.entered, locale))}</strong>
      </p>
    </section>
  );
}

function Filters({ locale, raw, errors, options }: Pick<UprListProps, 'locale' | 'raw' | 'errors' | 'options'>) {
  const t = uprMessages[locale];
  const hasFilters = FILTER_KEYS.some((k) => raw[k]);
  return (
    <section class="portal__filters" aria-labelledby="upr-filters-title">
      <h2 id="upr-filters-title">{t.filtersTitle}</h2>
      {errors.length > 0 && (
        <div class="notice notice--error" role="alert">
          <p>{t.errorSummary}</p>
          <ul>
            {errors.map((key) => (
              <li>
                <a href={`#upr-${key}`}>{t[key]}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form class="filters" method="get" action={localePath(locale, UPR_PATH)}>
        {FILTER_KEYS.map((key) => (
          <FilterSelect locale={locale} id={`upr-${key}`} name={key} label={t[key]} options={options[key]} selected={raw[key]} />
        ))}
        <div class="filters__actions">
          <button type="submit">{t.apply}</button>
          {hasFilters && <a href={localePath(locale, UPR_PATH)}>{t.reset}</a>}
        </div>
      </form>
    </section>
  );
}

export function RecommendationSummary({ locale, item }: { locale: Locale; item: RecommendationView }) {
  const t = uprMessages[locale];
  return (
    <li class="upr-item" data-id={String(item.id)}>
      <p class="upr-item__text" lang={item.textLocale}>
        <a href={localePath(locale, item.href)}>{item.text}</a>
      </p>
      <p class="upr-item__meta">
        <span lang="en">{item.state}</span> · {item.region} · {t.cycleLabel(n(item.cycle, locale))} · <span class="badge">{item.response}</span>{' '}
        <span class={`badge upr-badge--${item.statusCode}`}>{item.status}</span>
        {item.sample && (
          <>
            {' '}
            <span class="badge">{t.sampleBadge}</span>
          </>
        )}
      </p>
      {item.themes.length > 0 && <p class="upr-item__themes">{item.themes.join(' · ')}</p>}
    </li>
  );
}


function BarSection({ id, title, column, cells, locale }: { id: string; title: string; column: string; cells: Cell[]; locale: Locale }) {
  const t = uprMessages[locale];
  return (
    <section class="portal__section" id={id} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {cells.some((c) => c.count > 0) ? (
        <div class="portal__pair">
          <figure class="portal__chart">
            <HorizontalBarChart id={`chart-${id}`} title={title} cells={cells} locale={locale} />
          </figure>
          <CountTable id={`table-${id}`} caption={title} column={column} countColumn={t.columnCount} cells={cells} locale={locale} />
        </div>
      ) : (
        <p class="notice">{t.noData}</p>
      )}
    </section>
  );
}

function OverTimeSection({ years, locale }: { years: StatusYear[]; locale: Locale }) {
  const t = uprMessages[locale];
  return (
    <section class="portal__section" id="status-over-time" aria-labelledby="status-over-time-heading">
      <h3 id="status-over-time-heading">{t.byStatusOverTime}</h3>
      <p class="portal__note">{t.statusOverTimeNote}</p>
      {years.length ? (
        <div class="portal__pair">
          <figure class="portal__chart">
            <StatusOverTimeChart id="chart-status-over-time" title={t.byStatusOverTime} years={years} locale={locale} />
            <StatusLegend locale={locale} />
          </figure>
          <div class="portal__table">
            <table id="table-status-over-time">
              <caption>{t.byStatusOverTime}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columnYear}</th>
                  {ASSESSMENT_STATUSES.map((s) => (
                    <th scope="col" class="num">
                      {labelOf('status', s, locale)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr data-year={String(y.year)}>
                    <th scope="row">{formatYear(y.year, locale)}</th>
                    {ASSESSMENT_STATUSES.map((s) => (
                      <td class="num" data-status={s} data-count={String(y.counts[s])}>
                        {n(y.counts[s], locale)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : (
        <p class="notice">{t.noData}</p>
      )}
    </section>
  );
}

export function UprListPage(props: UprListProps) {
  const { locale, cycles, hasSample, raw, results } = props;
  const t = uprMessages[locale];
  const query = filtersQuery(raw);
  const shownCycles = raw.cycle ? cycles.filter((c) => String(c.number) === raw.cycle) : cycles;
  return (
    <div class="portal upr">
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.lead}</p>
      </header>
      {hasSample && (
        <p class="notice notice--warning upr-sample-notice" role="note">
          {t.sampleNotice}
        </p>
      )}
      {shownCycles.map((cycle) => (
        <CycleTotals locale={locale} cycle={cycle} />
      ))}
      <Filters {...props} />
      {results && (
        <>
          <div class="portal__summary">
            <p class="portal__total" role="status" data-total={String(results.total)}>
              {results.total ? t.showing(n(results.total, locale)) : t.noneFound}
            </p>
            <div class="portal__downloads">
              <p>
                <strong>{t.download}:</strong> <a href={localePath(locale, `${UPR_PATH}/recommendations.csv${query}`)}>{t.downloadCsv}</a>
                {' · '}
                <a href={localePath(locale, `${UPR_PATH}/recommendations.json${query}`)}>{t.downloadJson}</a>
                {' · '}
                <a href={localePath(locale, `${UPR_PATH}/assessments.atom`)}>{t.feed}</a>
              </p>
            </div>
          </div>
          <ol class="upr-list">
            {results.items.map((item) => (
              <RecommendationSummary locale={locale} item={item} />
            ))}
          </ol>
          <Pagination locale={locale} page={results.page} totalPages={results.totalPages} hrefFor={(p) => localePath(locale, `${UPR_PATH}${filtersQuery(raw, { page: p > 1 ? String(p) : undefined })}`)} />
          <section class="upr-charts" aria-labelledby="upr-charts-title">
            <h2 id="upr-charts-title">{t.chartsTitle}</h2>
            <BarSection id="by-response" title={t.byResponse} column={t.response} cells={results.byResponse} locale={locale} />
            <BarSection id="by-theme" title={t.byTheme} column={t.theme} cells={results.byTheme} locale={locale} />
            <OverTimeSection years={results.overTime} locale={locale} />
          </section>
        </>
      )}
    </div>
  );
}

function Assessment({ locale, a, t }: { locale: Locale; a: AssessmentView; t: Messages }) {
  return (
    <li class="upr-assessment" id={`assessment-${a.id}`} data-status={a.statusCode}>
      <p>
        <span class={`badge upr-badge--${a.statusCode}`}>{a.status}</span> {t.assessedOn(formatDate(a.assessedOn, locale, 'UTC'))}
      </p>
      {a.note && (
        <p lang={a.noteLocale}>
          <strong>{t.evidence}:</strong> {a.note}
        </p>
      )}
      {a.links.length > 0 && (
        <ul class="upr-assessment__links" aria-label={t.links}>
          {a.links.map((href) => (
            <li>
              <a href={href}>{href}</a>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function RecommendationPage({ locale, item, assessments }: { locale: Locale; item: RecommendationView; assessments: AssessmentView[] }) {
  const t = uprMessages[locale];
  const [current, ...earlier] = assessments;
  return (
    <article class="upr-recommendation" data-id={String(item.id)}>
      <p>
        <a href={localePath(locale, UPR_PATH)}>{t.backToList}</a>
      </p>
      <header class="page-header">
        <h1>{item.reference ? t.recommendationNumber(item.reference) : t.by(item.state)}</h1>
        {item.sample && <p class="notice notice--warning">{t.sampleNotice}</p>}
      </header>
      {item.isFallback && <p class="notice">{t.translationMissing}</p>}
      <blockquote class="upr-recommendation__text" lang={item.textLocale}>
        <p>{item.text}</p>
      </blockquote>
      <dl class="upr-facts">
        <dt>{t.state}</dt>
        <dd lang="en">{item.state}</dd>
        <dt>{t.region}</dt>
        <dd>{item.region}</dd>
        <dt>{t.cycle}</dt>
        <dd>{t.cycleLabel(n(item.cycle, locale))}</dd>
        <dt>{t.response}</dt>
        <dd>{item.response}</dd>
        {item.themes.length > 0 && (
          <>
            <dt>{t.themes}</dt>
            <dd>{item.themes.join(' · ')}</dd>
          </>
        )}
        {item.sdgTargets.length > 0 && (
          <>
            <dt>{t.sdgs}</dt>
            <dd>{item.sdgTargets.join(', ')}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="upr-current">
        <h2 id="upr-current">{t.currentStatus}</h2>
        {current ? (
          <ul class="upr-history upr-history--current">
            <Assessment locale={locale} a={current} t={t} />
          </ul>
        ) : (
          <p>{t.noAssessment}</p>
        )}
      </section>
      {earlier.length > 0 && (
        <section aria-labelledby="upr-history">
          <h2 id="upr-history">{t.history}</h2>
          <ul class="upr-history">
            {earlier.map((a) => (
              <Assessment locale={locale} a={a} t={t} />
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
