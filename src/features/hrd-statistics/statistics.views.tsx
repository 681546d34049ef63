import { formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { CountTable } from './count-table.js';
import { HorizontalBarChart, ProvinceMapChart, YearChart } from './statistics.charts.js';
import { statisticsMessages } from './statistics.messages.js';
import { ROUNDING_BASE } from './statistics.cell-key.js';
import { provinceTableCells, type BreakdownKey, type Cell, type PortalStatistics } from './statistics.presenter.js';
import { filtersQueryString, PERIOD_YEARS, STATUS_CHOICE_KEYS, type FilterKey, type RawFilters, type StatusChoice } from './statistics.schema.js';

export const PORTAL_PATH = '/human-rights-portal';

export interface FilterChoice {
  value: string;
  label: string;
  /** Narrower terms are indented under their broader term. */
  depth?: number;
}

export interface PortalOptions {
  /** Fixed periods, each followed by its single years. */
  years: FilterChoice[];
  rights: FilterChoice[];
  acts: FilterChoice[];
  perpetrators: FilterChoice[];
  provinces: FilterChoice[];
}

interface PortalPageProps {
  locale: Locale;
  filters: RawFilters;
  errors: FilterKey[];
  options: PortalOptions;
  /** Absent when the filters could not be used. */
  stats?: PortalStatistics;
}

type Messages = (typeof statisticsMessages)[Locale];

const ERROR_KEYS: Record<FilterKey, keyof Messages> = {
  years: 'errorYears',
  right: 'errorRight',
  act: 'errorAct',
  perpetrator: 'errorPerpetrator',
  province: 'errorProvince',
  status: 'errorStatus',
};

const STATUS_LABELS: Record<StatusChoice, keyof Messages> = {
  default: 'statusDefault',
  confirmed: 'statusConfirmed',
  likely: 'statusLikely',
  possible: 'statusPossible',
  reported: 'statusReported',
};

const text = (t: Messages, key: keyof Messages) => t[key] as string;

export function PortalPage({ locale, filters, errors, options, stats }: PortalPageProps) {
  const t = statisticsMessages[locale];
  const base = formatNumber(ROUNDING_BASE, locale);
  return (
    <div class="portal">
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.lead}</p>
        <p>
          <a href={localePath(locale, '/hrd-alerts')}>{t.relatedAlerts}</a>
        </p>
      </header>
      <details class="portal__about" open={errors.length === 0 ? undefined : true}>
        <summary>{t.aboutTitle}</summary>
        <p>{t.aboutUnit}</p>
        <p>{t.aboutDefault}</p>
        <p>{t.aboutRounding(base)}</p>
        <p>{t.aboutPeriods(formatNumber(PERIOD_YEARS, locale))}</p>
        <p>{t.aboutPerpetrators}</p>
      </details>
      <PortalFilters locale={locale} filters={filters} errors={errors} options={options} />
      {stats && <PortalResults locale={locale} filters={filters} stats={stats} />}
    </div>
  );
}

function Select(props: { locale: Locale; name: FilterKey; label: string; choices: FilterChoice[]; selected: string | undefined; error: string | undefined; blank: string }) {
  const { name, label, choices, selected, error, blank } = props;
  const id = `portal-${name}`;
  return (
    <div class="filters__field">
      <label for={id}>{label}</label>
      {error && (
        <p class="form-field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">{blank}</option>
        {choices.map((c) => (
          <option value={c.value} selected={selected === c.value}>
            {c.depth ? `\u00a0\u00a0\u00a0${c.label}` : c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function PortalFilters({ locale, filters, errors, options }: { locale: Locale; filters: RawFilters; errors: FilterKey[]; options: PortalOptions }) {
  const t = statisticsMessages[locale];
  const error = (key: FilterKey) => (errors.includes(key) ? text(t, ERROR_KEYS[key]) : undefined);
  const hasFilters = Object.values(filters).some((v) => v !== undefined && v !== '');
  const status = STATUS_CHOICE_KEYS.filter((k) => k !== 'default').map((k) => ({ value: k, label: text(t, STATUS_LABELS[k]) }));
  return (
    <section class="portal__filters" aria-labelledby="portal-filters-title">
      <h2 id="portal-filters-title">{t.filtersTitle}</h2>
      {errors.length > 0 && (
        <div class="notice notice--error form-errors" role="alert">
          <p>{t.errorSummary}</p>
          <ul>
            {errors.map((key) => (
              <li>
                <a href={`#portal-${key}`}>{text(t, ERROR_KEYS[key])}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form class="filters" method="get" action={localePath(locale, PORTAL_PATH)}>
        <Select locale={locale} name="years" label={t.years} choices={options.years} selected={filters.years} error={error('years')} blank={t.allYears} />
        <Select locale={locale} name="right" label={t.right} choices={options.rights} selected={filters.right} error={error('right')} blank={t.any} />
        <Select locale={locale} name="act" label={t.act} choices={options.acts} selected={filters.act} error={error('act')} blank={t.any} />
        <Select locale={locale} name="perpetrator" label={t.perpetrator} choices={options.perpetrators} selected={filters.perpetrator} error={error('perpetrator')} blank={t.any} />
        <Select locale={locale} name="province" label={t.province} choices={options.provinces} selected={filters.province} error={error('province')} blank={t.any} />
        <Select locale={locale} name="status" label={t.status} choices={status} selected={filters.status} error={error('status')} blank={t.statusDefault} />
        <div class="filters__actions">
          <button type="submit">{t.apply}</button>
          {hasFilters && <a href={localePath(locale, PORTAL_PATH)}>{t.reset}</a>}
        </div>
      </form>
    </section>
  );
}

function PortalResults({ locale, filters, stats }: { locale: Locale; filters: RawFilters; stats: PortalStatistics }) {
  const t = statisticsMessages[locale];
  const base = formatNumber(ROUNDING_BASE, locale);
  const query = filtersQueryString(filters);
  const summary = stats.acts === 0 ? t.summaryNone(base) : t.summary(formatNumber(stats.acts, locale), formatNumber(stats.cases, locale));
  const b = stats.breakdowns;
  return (
    <>
      <div class="portal__summary">
        <p class="portal__total" role="status" data-acts={String(stats.acts)}>
          {summary}
        </p>
        <p class="portal__note">{t.roundedNote(base)}</p>
        <div class="portal__downloads">
          <p>
            <strong>{t.download}:</strong> <a href={localePath(locale, `${PORTAL_PATH}/statistics.csv${query}`)}>{t.downloadCsv}</a>
            {' · '}
            <a href={localePath(locale, `${PORTAL_PATH}/statistics.json${query}`)}>{t.downloadJson}</a>
          </p>
          <p class="portal__note">{t.downloadNote}</p>
        </div>
      </div>
      <Section id="years" title={t.byYear} column={t.columnYear} cells={b.year} locale={locale} chart="years" />
      <section class="portal__section" id="provinces" aria-labelledby="provinces-heading">
        <h2 id="provinces-heading">{t.byProvince}</h2>
        <div class="portal__pair">
          <ProvinceMapChart id="chart-provinces" title={t.mapTitle} cells={b.province} locale={locale} />
          <CountTable id="table-provinces" caption={t.byProvince} column={t.columnProvince} countColumn={t.columnActs} cells={provinceTableCells(b.province)} locale={locale} breakdown="province" />
        </div>
      </section>
      <Section id="act-types" title={t.byActType} column={t.columnActType} cells={b.actType} locale={locale} chart="bars" />
      <Section id="perpetrators" title={t.byPerpetratorType} column={t.columnPerpetratorType} cells={b.perpetratorType} locale={locale} chart="bars" note={t.aboutPerpetrators} />
      <Section id="defenders" title={t.byHrdCategory} column={t.columnHrdCategory} cells={b.hrdCategory} locale={locale} chart="bars" />
    </>
  );
}

const BREAKDOWN_OF_SECTION: Record<string, BreakdownKey> = {
  years: 'year',
  'act-types': 'actType',
  perpetrators: 'perpetratorType',
  defenders: 'hrdCategory',
};

function Section(props: { id: string; title: string; column: string; cells: Cell[]; locale: Locale; chart: 'years' | 'bars'; note?: string }) {
  const { id, title, column, cells, locale, chart, note } = props;
  const t = statisticsMessages[locale];
  const shown = cells.some((c) => c.count !== 0);
  return (
    <section class="portal__section" id={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {note && <p class="portal__note">{note}</p>}
      {shown ? (
        <div class="portal__pair">
          <figure class="portal__chart">
            {chart === 'years' ? (
              <YearChart id={`chart-${id}`} title={title} cells={cells} locale={locale} />
            ) : (
              <HorizontalBarChart id={`chart-${id}`} title={title} cells={cells} locale={locale} />
            )}
          </figure>
          <CountTable
            id={`table-${id}`}
            caption={title}
            column={column}
            countColumn={t.columnActs}
            cells={cells}
            locale={locale}
            breakdown={BREAKDOWN_OF_SECTION[id]!}
            rowLabel={BREAKDOWN_OF_SECTION[id] === 'year' ? (cell) => formatYear(Number(cell.code), locale) : undefined}
          />
        </div>
      ) : (
        <p class="notice">{t.noData}</p>
      )}
    </section>
  );
}

