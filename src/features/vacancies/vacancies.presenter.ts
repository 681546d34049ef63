import type { Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickTranslation } from '../../i18n/translation.js';
import type { SiteContext } from '../../web/site-context.js';
import { absoluteUrl, localePath } from '../../web/paths.js';
import type { OpenVacancyRow, PublicVacancy } from './vacancies.repository.js';

export interface VacancyCardView {
  slug: string;
  title: string;
  summary: string | null;
  location: string | null;
  /** Last day to apply, YYYY-MM-DD. */
  deadline: string;
  contentLocale: Locale;
  isFallback: boolean;
}

export interface VacancyView extends VacancyCardView {
  bodyHtml: string;
  availableIn: Locale[];
  publishedAt: string | null;
  /** False once the deadline has passed in the site's time zone. */
  isOpen: boolean;
}

/** A row as its card in the list, or undefined when it has no text in any configured language. */
export function presentVacancyCard(row: OpenVacancyRow, locale: Locale, order: readonly Locale[]): VacancyCardView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: row.slug,
    title: t.value.title,
    summary: t.value.summary,
    location: t.value.location,
    deadline: row.deadline,
    contentLocale: t.locale,
    isFallback: t.isFallback,
  };
}

export function presentVacancy(
  vacancy: PublicVacancy,
  today: string,
  locale: Locale,
  order: readonly Locale[],
): VacancyView | undefined {
  const t = pickTranslation(vacancy.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: vacancy.slug,
    title: t.value.title,
    summary: t.value.summary,
    location: t.value.location,
    deadline: vacancy.deadline,
    bodyHtml: t.value.bodyHtml,
    contentLocale: t.locale,
    isFallback: t.isFallback,
    availableIn: localesWithTranslation(vacancy.translations, order),
    publishedAt: vacancy.publishedAt,
    isOpen: vacancy.deadline >= today,
  };
}

export function vacancyPath(slug: string): string {
  return `/join-us/${slug}`;
}

/** schema.org JobPosting, so job boards and search engines can list an open position. */
export function jobPostingJsonLd(ctx: SiteContext, vacancy: VacancyView): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: vacancy.title,
    description: vacancy.bodyHtml || vacancy.summary || vacancy.title,
    url: absoluteUrl(ctx.publicUrl, localePath(ctx.locale, vacancyPath(vacancy.slug))),
    inLanguage: vacancy.contentLocale,
    ...(vacancy.publishedAt ? { datePosted: vacancy.publishedAt } : {}),
    validThrough: vacancy.deadline,
    hiringOrganization: { '@type': 'NGO', name: ctx.name, sameAs: absoluteUrl(ctx.publicUrl, localePath(ctx.locale, '/')) },
    ...(vacancy.location
      ? { jobLocation: { '@type': 'Place', address: vacancy.location } }
      : {}),
  };
}
