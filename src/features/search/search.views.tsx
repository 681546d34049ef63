import { formatNumber, formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { Pagination } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { searchMessages, searchTypeLabels } from './search.messages.js';
import type { SearchHitView, SearchPageView } from './search.presenter.js';
import { MAX_QUERY_CHARS } from './search.query.js';
import type { SearchFilters } from './search.repository.js';
import { SEARCH_TYPES } from './search.sources.js';
import type { TextPart } from './search.snippet.js';

/** Text with the matching words in <mark>; built as elements, so every piece is escaped. */
function MarkedText({ parts }: { parts: TextPart[] }) {
  return <>{parts.map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</>;
}

interface SearchFormProps {
  locale: Locale;
  query: string;
  filters: SearchFilters;
  years: number[];
  locales: readonly Locale[];
}

/** A plain GET form: searching works without JavaScript and every result page has its URL. */
function SearchForm({ locale, query, filters, years, locales }: SearchFormProps) {
  const t = searchMessages[locale];
  const w = webMessages[locale];
  return (
    <form class="filters search-form" method="get" action={localePath(locale, '/search')}>
      <div class="filters__field search-form__query">
        <label for="search-query">{t.searchLabel}</label>
        <input id="search-query" type="search" name="q" value={query} maxLength={MAX_QUERY_CHARS} />
      </div>
      <div class="filters__field">
        <label for="search-type">{t.type}</label>
        <select id="search-type" name="type">
          <option value="">{w.all}</option>
          {SEARCH_TYPES.map((type) => (
            <option value={type} selected={filters.type === type}>
              {searchTypeLabels[locale][type]}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="search-year">{t.year}</label>
        <select id="search-year" name="year">
          <option value="">{w.all}</option>
          {years.map((year) => (
            <option value={String(year)} selected={filters.year === year}>
              {formatYear(year, locale)}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__field">
        <label for="search-language">{t.language}</label>
        <select id="search-language" name="language">
          <option value="">{w.all}</option>
          {locales.map((l) => (
            <option value={l} selected={filters.language === l}>
              {t.inLanguage(w.languageName(l))}
            </option>
          ))}
        </select>
      </div>
      <div class="filters__actions">
        <button type="submit">{t.submit}</button>
      </div>
    </form>
  );
}

function SearchResult({ hit, locale, timeZone }: { hit: SearchHitView; locale: Locale; timeZone: string }) {
  const t = searchMessages[locale];
  const w = webMessages[locale];
  return (
    <li class="card search-result" lang={hit.locale}>
      <h2 class="card__title">
        <a href={hit.href} hrefLang={hit.locale}>
          <MarkedText parts={hit.title} />
        </a>
      </h2>
      <p class="card__meta" lang={locale}>
        <span class="badge">{searchTypeLabels[locale][hit.type]}</span> <DateText value={hit.date} locale={locale} timeZone={timeZone} />
        {hit.locale !== locale && <> · {t.resultIn(w.languageName(hit.locale))}</>}
      </p>
      {hit.snippet.length > 0 && (
        <p class="card__summary">
          <MarkedText parts={hit.snippet} />
        </p>
      )}
    </li>
  );
}

interface SearchPageProps extends Omit<SearchFormProps, 'query'> {
  view: SearchPageView;
  timeZone: string;
  hrefFor: (page: number) => string;
}

export function SearchPage({ view, locale, timeZone, hrefFor, ...form }: SearchPageProps) {
  const t = searchMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
      </header>
      <SearchForm locale={locale} query={view.query} {...form} />
      {view.shortened && <p class="notice">{t.shortened}</p>}
      {view.notice && view.notice !== 'partialMatch' && <p class="notice">{t[view.notice]}</p>}
      {view.total > 0 && (
        <p class="list-count" role="status">
          {(view.more ? t.moreResults : t.results)(formatNumber(view.total, locale), view.query)}
        </p>
      )}
      {view.notice === 'partialMatch' && <p class="notice">{t.partialMatch}</p>}
      {view.suggestion && (
        <p class="notice search-suggestion">
          {t.didYouMean}{' '}
          <a href={view.suggestion.href} lang={view.suggestion.lang}>
            {view.suggestion.query}
          </a>
          {t.didYouMeanEnd}
        </p>
      )}
      {view.hits.length > 0 && (
        <ol class="card-list search-results">
          {view.hits.map((hit) => (
            <SearchResult hit={hit} locale={locale} timeZone={timeZone} />
          ))}
        </ol>
      )}
      <Pagination locale={locale} page={view.page} totalPages={view.totalPages} hrefFor={hrefFor} />
    </>
  );
}
