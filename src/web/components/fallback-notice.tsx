import type { Locale } from '../../i18n/locales.js';
import { webMessages } from '../web.messages.js';

/** Shown above an item displayed in another language than the visitor's. */
export function FallbackNotice({ locale, shownIn }: { locale: Locale; shownIn: Locale }) {
  const t = webMessages[locale];
  return (
    <p class="notice notice--language" role="note" lang={locale}>
      {t.onlyAvailableIn(t.languageName(shownIn))}
    </p>
  );
}
