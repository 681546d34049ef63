import { formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Pagination, queryString } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import type { ImageView } from '../media/media.repository.js';
import type { TopicView } from '../topics/topics.presenter.js';
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

/** A plain GET form: filtering works without JavaScript and every result has its own URL. */
function PublicationFilterForm({ locale, filters, options }: { locale: Locale; filters: PublicationFilters; options: PublicationFilterOptions }) {
  const t = publicationsMessages[locale];
  const w = webMessages[locale];
  const hasFilters = Object.values(filters).some((v) => v !== undefined);
  return (
    <form class="filters" method="get" action={localePath(locale, '/publications')}>
      <div class="filters__field">
        <label for="filter-type">{t.type}</label>
        <select id="filter-type" name="type">
          <option value="">{w.all}</option>
          {PUBLICATION_TYPES.map((type) => (
            <option value={type} selected={filters.type === type}>
              {publicationTypeLabels[locale][type]}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="filter-topic">{t.topic}</label>
        <select id="filter-topic" name="topic">
          <option value="">{w.all}</option>
          {options.topics.map((topic) => (
            <option value={topic.slug} selected={filters.topic === topic.slug} lang={topic.nameLocale}>
              {topic.name}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="filter-year">{t.year}</label>
        <select id="filter-year" name="year">
          <option value="">{w.all}</option>
          {options.years.map((year) => (
            <option value={String(year)} selected={filters.year === year}>
              {formatYear(year, locale)}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="filter-language">{t.language}</label>
        <select id="filter-language" name="language">
          <option value="">{w.all}</option>
          {options.locales.map((l) => (
            <option value={l} selected={filters.language === l}>
              {t.inLanguage(w.languageName(l))}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__actions">
        <button type="submit">{w.filter}</button>
        {hasFilters && <a href={localePath(locale, '/publications')}>{w.clearFilters}</a>}
      </div>
    </form>
  );
}
