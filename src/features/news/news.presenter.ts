import { readableTitle } from '../../i18n/readable-title.js';
import type { Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickTranslation } from '../../i18n/translation.js';
import { presentTopics, type TopicView } from '../topic-labels/topic-labels.presenter.js';
import { newsKindLabels } from './news.messages.js';
import type { NewsListRow, PublicNewsPost } from './news.repository.js';
import type { NewsKind } from './news.tables.js';

/** What a news card shows, in the visitor's language or a stand-in. */
export interface NewsCardView {
  slug: string;
  /** Locale-less path of the post's own page. */
  href: string;
  kind: NewsKind;
  kindLabel: string;
  title: string;
  summary: string | null;
  /** The language the title and summary are in; differs from the visitor's when it is a fallback. */
  contentLocale: Locale;
  isFallback: boolean;
  availableIn: Locale[];
  publishedAt: string | null;
  coverFileId: number | null;
  /** For coverage elsewhere: the outside article (http/https only) and who ran it. */
  externalUrl: string | null;
  outlet: string | null;
}

export interface NewsPostView extends NewsCardView {
  bodyHtml: string;
  licence: string;
  updatedAt: string;
  topics: TopicView[];
}

/** Only web links leave the site: an address with another scheme is dropped rather than linked. */
export function safeExternalUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

interface CardSource {
  slug: string;
  kind: NewsKind;
  externalUrl: string | null;
  outlet: string | null;
  publishedAt: string | null;
  coverFileId: number | null;
  translations: ReadonlyArray<{ locale: string; title: string; summary: string | null }>;
}

function presentCard(row: CardSource, locale: Locale, order: readonly Locale[]): NewsCardView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  if (!t) return undefined;
  const externalUrl = safeExternalUrl(row.externalUrl);
  return {
    slug: row.slug,
    href: `/news/${row.slug}`,
    kind: row.kind,
    kindLabel: newsKindLabels[locale][row.kind],
    title: readableTitle(t.value.title),
    summary: t.value.summary,
    contentLocale: t.locale,
    isFallback: t.isFallback,
    availableIn: localesWithTranslation(row.translations, order),
    publishedAt: row.publishedAt,
    coverFileId: row.coverFileId,
    externalUrl,
    // Without a named outlet, the site's host name still tells readers where the link goes.
    outlet: row.outlet ?? (externalUrl ? new URL(externalUrl).hostname : null),
  };
}

/** A list row as a card; undefined for a post without any text in a configured language. */
export function presentNewsCard(row: NewsListRow, locale: Locale, order: readonly Locale[]): NewsCardView | undefined {
  return presentCard(row, locale, order);
}

export function presentNewsPost(row: PublicNewsPost, locale: Locale, order: readonly Locale[]): NewsPostView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  const card = presentCard(row, locale, order);
  if (!t || !card) return undefined;
  return {
    ...card,
    bodyHtml: t.value.bodyHtml,
    licence: row.licence,
    updatedAt: row.updatedAt,
    topics: presentTopics(row.topics, locale, order),
  };
}
