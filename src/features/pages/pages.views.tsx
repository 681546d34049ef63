import type { MenuNode } from '../../web/site-context.js';
import type { Locale } from '../../i18n/locales.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { LicenceNote } from '../../web/components/licence.js';
import { RichText } from '../../web/components/rich-text.js';
import { localePath } from '../../web/paths.js';
import { pagesMessages } from './pages.messages.js';
import type { PageView } from './pages.presenter.js';

interface PageBodyProps {
  locale: Locale;
  page: PageView;
  /** Sub-pages from the main menu, for section landing pages such as About Us. */
  section: MenuNode[];
}

export function PageBody({ locale, page, section }: PageBodyProps) {
  const t = pagesMessages[locale];
  return (
    <article class="page" lang={page.contentLocale}>
      {page.isFallback && <FallbackNotice locale={locale} shownIn={page.contentLocale} />}
      <h1>{page.title}</h1>
      {page.summary && <p class="lead">{page.summary}</p>}
      <RichText html={page.bodyHtml} />
      {section.length > 0 && (
        <nav class="section-nav" aria-labelledby="section-nav-title" lang={locale}>
          <h2 id="section-nav-title">{t.inThisSection}</h2>
          <ul class="card-list">
            {section.map((item) => (
              <li class="card">
                <a href={localePath(locale, item.href)}>{item.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <footer class="item-footer" lang={locale}>
        <LicenceNote id={page.licence} locale={locale} />
      </footer>
    </article>
  );
}
