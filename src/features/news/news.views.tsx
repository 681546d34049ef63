import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Pagination } from '../../web/components/pagination.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import type { ImageView } from '../media/media.repository.js';
import { NewsCard } from './news-card.js';
import { newsKindLabels, newsMessages } from './news.messages.js';
import type { NewsCardView } from './news.presenter.js';
import type { NewsKind } from './news.tables.js';
import { FilterSelect } from '../../web/components/filter-select.js';
import { LanguageChoice } from '../content-types/language-choice.js';

interface NewsListProps {
  locale: Locale;
  timeZone: string;
  title: string;
  lead: string;
  cards: NewsCardView[];
  images: Map<number, ImageView>;
  total: number;
  page: number;
  totalPages: number;
  /** Locale-less path of a list page, keeping the filter. */
  pathFor: (page: number) => string;
  /** The kind filter, on lists that offer one. */
  /** `language`: the reader's "only in my language" choice, kept when the kind is changed. */
  kindFilter?: { action: string; kinds: readonly NewsKind[]; selected: NewsKind | undefined; language?: string };
  /** The list's address with or without "only in the reader's language" (locale-less). */
  languageHref?: (only: boolean) => string;
  onlyReaderLanguage?: boolean;
}

export function NewsList(props: NewsListProps) {
  const { locale, timeZone, cards, images } = props;
  const t = newsMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{props.title}</h1>
        <p class="lead">{props.lead}</p>
      </header>
      {props.kindFilter && <KindFilterForm locale={locale} {...props.kindFilter} />}
      {props.languageHref && (
        <LanguageChoice
          only={props.onlyReaderLanguage ?? false}
          onlyLabel={t.onlyIn(webMessages[locale].languageName(locale))}
          allLabel={t.allLanguages}
          href={(only) => localePath(locale, props.languageHref!(only))}
        />
      )}
      <p class="list-count" role="status">
        {t.results(formatNumber(props.total, locale))}
      </p>
      {cards.length > 0 ? (
        <ul class="card-list">
          {cards.map((card) => (
            <NewsCard
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
      <Pagination
        locale={locale}
        page={props.page}
        totalPages={props.totalPages}
        hrefFor={(p) => localePath(locale, props.pathFor(p))}
      />
    </>
  );
}

/** A plain GET form: filtering works without JavaScript and every result has its own URL. */
function KindFilterForm({ locale, action, kinds, selected, language }: { locale: Locale; action: string; kinds: readonly NewsKind[]; selected: NewsKind | undefined; language?: string }) {
  const t = newsMessages[locale];
  const w = webMessages[locale];
  return (
    <form class="filters" method="get" action={localePath(locale, action)}>
      {language && <input type="hidden" name="language" value={language} />}
      <FilterSelect
        locale={locale}
        id="filter-kind"
        name="kind"
        label={t.kind}
        selected={selected}
        options={kinds.map((kind) => ({ value: kind, label: newsKindLabels[locale][kind] }))}
      />
      <div class="filters__actions">
        <button type="submit">{w.filter}</button>
        {selected && <a href={localePath(locale, action)}>{w.clearFilters}</a>}
      </div>
    </form>
  );
}
