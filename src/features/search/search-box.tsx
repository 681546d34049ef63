import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import { searchMessages } from './search.messages.js';
import { MAX_QUERY_CHARS } from './search.query.js';

/** The search field in every page's header: a labelled GET form, no script needed. */
export function SearchBox({ locale }: { locale: Locale }) {
  const t = searchMessages[locale];
  return (
    <form class="search-box" role="search" method="get" action={localePath(locale, '/search')}>
      <label class="search-box__label" for="site-search">
        {t.searchLabel}
      </label>
      <input class="search-box__input" id="site-search" type="search" name="q" maxLength={MAX_QUERY_CHARS} />
      <button class="search-box__button" type="submit">
        {t.submit}
      </button>
    </form>
  );
}
