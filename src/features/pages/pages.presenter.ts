import type { Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickTranslation } from '../../i18n/translation.js';
import type { PublicPage } from './pages.repository.js';

export interface PageView {
  slug: string;
  title: string;
  summary: string | null;
  bodyHtml: string;
  /** The language the text is in; differs from the visitor's when it is a fallback. */
  contentLocale: Locale;
  isFallback: boolean;
  availableIn: Locale[];
  licence: string;
  updatedAt: string;
}

export function presentPage(page: PublicPage, locale: Locale, order: readonly Locale[]): PageView | undefined {
  const t = pickTranslation(page.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: page.slug,
    title: t.value.title,
    summary: t.value.summary,
    bodyHtml: t.value.bodyHtml,
    contentLocale: t.locale,
    isFallback: t.isFallback,
    availableIn: localesWithTranslation(page.translations, order),
    licence: page.licence,
    updatedAt: page.updatedAt,
  };
}
