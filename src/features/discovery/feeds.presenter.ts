import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import type { FeedFile, FeedSourceItem, FeedTopic } from './discovery.repository.js';
import { publicationFileUrl } from './item-paths.js';

export interface FeedCategory {
  term: string;
  label: string;
}

export interface FeedEnclosure {
  /** Site path of the document. */
  path: string;
  type: string;
  size: number;
  label: string | null;
}

export interface FeedEntry {
  title: string;
  summary: string | null;
  /** The language of title and summary; differs from the feed's when it is a fallback. */
  contentLocale: Locale;
  isFallback: boolean;
  /** Path below the locale. */
  path: string;
  publishedAt: string;
  updatedAt: string;
  licence: string;
  categories: FeedCategory[];
  enclosure: FeedEnclosure | undefined;
}

/** One category per topic, named in the feed's language or else the first available one. */
function presentCategories(rows: FeedTopic[], locale: Locale, order: readonly Locale[]): FeedCategory[] {
  const bySlug = new Map<string, FeedTopic[]>();
  for (const row of rows) bySlug.set(row.slug, [...(bySlug.get(row.slug) ?? []), row]);
  return [...bySlug].flatMap(([slug, names]) => {
    const name = pickTranslation(names, locale, order);
    return name ? [{ term: slug, label: name.value.name }] : [];
  });
}

/**
 * RSS allows one enclosure per item: the first document in the feed's language, so a
 * Khmer subscriber gets the Khmer edition, else the first document of any language.
 */
function presentEnclosure(slug: string, files: FeedFile[], locale: Locale): FeedEnclosure | undefined {
  const file = files.find((f) => f.locale === locale) ?? files[0];
  if (!file) return undefined;
  return { path: publicationFileUrl(file, slug, file.locale), type: file.mime, size: file.size, label: file.label };
}

/**
 * Items in the feed's language; an item written only in another language stays in the
 * feed in that language, as it does in the site's own lists.
 */
export function presentFeedEntries(
  items: FeedSourceItem[],
  locale: Locale,
  order: readonly Locale[],
  pathOf: (slug: string) => string,
): FeedEntry[] {
  return items.flatMap((item) => {
    const text = pickTranslation(item.translations, locale, order);
    if (!text) return [];
    return [
      {
        title: text.value.title,
        summary: text.value.summary,
        contentLocale: text.locale,
        isFallback: text.isFallback,
        path: pathOf(item.slug),
        publishedAt: item.publishedAt,
        updatedAt: item.updatedAt,
        licence: item.licence,
        categories: presentCategories(item.topics, locale, order),
        enclosure: presentEnclosure(item.slug, item.files, locale),
      },
    ];
  });
}
