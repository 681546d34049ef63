import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { RichText } from '../../web/components/rich-text.js';
import type { PageView } from './pages.presenter.js';
import { introTitle } from './page-intro.js';

interface PageIntroProps {
  locale: Locale;
  intro: PageView | undefined;
  /** The heading in the visitor's language, used when there is no intro in that language. */
  fallbackTitle: string;
  /** What must come before the editors' longer text, such as the contact details. */
  children?: ComponentChildren;
}

/**
 * The opening of a structural page: heading, lead and the editors' text. The heading is
 * always in the visitor's language; an intro that exists only in another language is shown
 * in it, marked with its `lang` and a notice.
 */
export function PageIntro({ locale, intro, fallbackTitle, children }: PageIntroProps) {
  const lang = intro?.isFallback ? intro.contentLocale : undefined;
  return (
    <>
      <header class="page-header">
        <h1>{introTitle(intro, fallbackTitle)}</h1>
        {intro?.isFallback && <FallbackNotice locale={locale} shownIn={intro.contentLocale} />}
        {intro?.summary && (
          <p class="lead" lang={lang}>
            {intro.summary}
          </p>
        )}
      </header>
      {children}
      {intro?.bodyHtml && (
        <div class="page-intro" lang={lang}>
          <RichText html={intro.bodyHtml} />
        </div>
      )}
    </>
  );
}
