import type { Locale } from '../../i18n/locales.js';
import type { FeedLink } from '../../web/page-meta.js';
import { localePath } from '../../web/paths.js';
import { discoveryMessages } from './discovery.messages.js';
import type { FeedFormat } from './feeds.render.js';

export const FEED_KINDS = ['news', 'publications', 'hrd-alerts'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

const EXTENSIONS: Record<FeedFormat, string> = { rss: 'rss', atom: 'atom' };

/** Path of a feed below the locale: `/feeds/news.rss`. */
export function feedPath(kind: FeedKind, format: FeedFormat): string {
  return `/feeds/${kind}.${EXTENSIONS[format]}`;
}

/**
 * The `<link rel="alternate">` entries for a list page's head (`PageMeta.feeds`), so
 * readers and browsers find the feed of what the page lists.
 */
export function feedLinks(locale: Locale, kind: FeedKind): FeedLink[] {
  const t = discoveryMessages[locale];
  const label = kind === 'news' ? t.newsFeedLink : kind === 'hrd-alerts' ? t.hrdAlertsFeedLink : t.publicationsFeedLink;
  return [
    { title: label('RSS'), href: localePath(locale, feedPath(kind, 'rss')), type: 'application/rss+xml' },
    { title: label('Atom'), href: localePath(locale, feedPath(kind, 'atom')), type: 'application/atom+xml' },
  ];
}
