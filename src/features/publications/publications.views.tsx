import { formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { FilterSelect } from '../../web/components/filter-select.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import type { ImageView } from '../media/media.repository.js';
import type { TopicView } from '../topic-labels/topic-labels.presenter.js';
import { PublicationCard } from './publication-card.js';
import { publicationsMessages, publicationTypeLabels } from './publications.messages.js';
import type { PublicationCardView } from './publications.presenter.js';
import type { PublicationFilters } from './publications.repository.js';
import { PUBLICATION_TYPES } from './publications.tables.js';

export interface PublicationFilterOptions {
  topics: TopicView[];
  years: number[];
  locales: readonly Locale[];
}

interface PublicationListProps {
  locale: Locale;
  timeZone: string;
  cards: PublicationCardView[];
  images: Map<number, ImageView>;
  filters: PublicationFilters;
  options: PublicationFilterOptions;
  page: number;
  totalPages: number;
  total: number;
}

export function PublicationList(props: PublicationListProps) {
  const { locale, timeZone, cards, images, filters, page, totalPages, total } = props;
  const t = publicationsMessages[locale];
  const listPath = (p: number) => `/publications${queryString({ ...filters, page: p > 1 ? p : undefined })}`;
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
        <p class="lead">{t.lead}</p>
      </header>
      <PublicationFilterForm locale={locale} filters={filters} options={props.options} />
      <p class="list-count" role="status">
        {t.results(formatNumber(total, locale))}
      </p>
      <LanguageChoice locale={locale} filters={filters} />
      {cards.length > 0 ? (
        <ul class="card-list">
          {cards.map((card) => (
            <PublicationCard
              card={card}
              locale={locale}
              timeZone={timeZone}
              image={card.coverFileId === null ? undefined : images.get(card.coverFileId)}
            />
          ))}
        </ul>
      ) : (
        <p class="notice">{t.noResults}</p>
      )}
      <Pagination locale={locale} page={page} totalPages={totalPages} hrefFor={(p) => localePath(locale, listPath(p))} />
    </>
  );
}

/**
 * "Only in my language" or "all languages", as two plain links (each its own cacheable URL): the
 * list already puts the reader's language first, this hides the rest.
 */
function LanguageChoice({ locale, filters }: { locale: Locale; filters: PublicationFilters }) {
  const t = publicationsMessages[locale];
  const w = webMessages[locale];
  const only = filters.language === locale;
  const href = (language: string | undefined) => localePath(locale, `/publications${queryString({ ...filters, language })}`);
  return (
    <p class="language-choice">
      {only ? <a href={href(undefined)}>{t.allLanguages}</a> : <a href={href(locale)}>{t.onlyIn(w.languageName(locale))}</a>}
    </p>
  );
}

/** A plain GET form: filtering works without JavaScript and every result has its own URL. */
function PublicationFilterForm({ locale, filters, options }: { locale: Locale; filters: PublicationFilters; options: PublicationFilterOptions }) {
  const t = publicationsMessages[locale];
  const w = webMessages[locale];
  const hasFilters = Object.values(filters).some((v) => v !== undefined);
  return (
    <form class="filters" method="get" action={localePath(locale, '/publications')}>
      <FilterSelect
        locale={locale}
        id="filter-type"
        name="type"
        label={t.type}
        selected={filters.type}
        options={PUBLICATION_TYPES.map((type) => ({ value: type, label: publicationTypeLabels[locale][type] }))}
      />
      <FilterSelect
        locale={locale}
        id="filter-topic"
        name="topic"
        label={t.topic}
        selected={filters.topic}
        options={options.topics.map((topic) => ({ value: topic.slug, label: topic.name, lang: topic.nameLocale }))}
      />
      <FilterSelect
        locale={locale}
        id="filter-year"
        name="year"
        label={t.year}
        selected={filters.year === undefined ? undefined : String(filters.year)}
        options={options.years.map((year) => ({ value: String(year), label: formatYear(year, locale) }))}
      />
      <FilterSelect
        locale={locale}
        id="filter-language"
        name="language"
        label={t.language}
        selected={filters.language}
        options={options.locales.map((l) => ({ value: l, label: t.inLanguage(w.languageName(l)) }))}
      />
      <div class="filters__actions">
        <button type="submit">{w.filter}</button>
        {hasFilters && <a href={localePath(locale, '/publications')}>{w.clearFilters}</a>}
      </div>
    </form>
  );
}
