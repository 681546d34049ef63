import type { Locale } from '../../i18n/locales.js';
import { licenceInfo } from '../../web/components/licence.js';
import { webMessages } from '../../web/web.messages.js';
import { absoluteUrl, localePath } from '../../web/paths.js';
import type { FeedEntry } from './feeds.presenter.js';
import { element, escapeXml, textElement, xmlDocument } from './xml.js';

export type FeedFormat = 'rss' | 'atom';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** The licence that covers the site's content unless an item says otherwise. */
const SITE_LICENCE = 'CC-BY-4.0';
const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
const RSS_DOCS = 'https://validator.w3.org/feed/docs/rss2.html';
const GENERATOR = 'Dove';

export interface FeedDocument {
  locale: Locale;
  title: string;
  description: string;
  organisation: string;
  publicUrl: string;
  /** The list page the feed mirrors, below the locale. */
  listPath: string;
  /** Site paths of this feed in each format (self links). */
  selfPaths: Record<FeedFormat, string>;
  entries: FeedEntry[];
}

function licenceText(locale: Locale, licence: string): string {
  const info = licenceInfo(licence);
  return [webMessages[locale].licensedUnder, info.name, info.url].filter(Boolean).join(' ');
}

function siteRights(locale: Locale): string {
  return `${webMessages[locale].allRightsNote} ${licenceInfo(SITE_LICENCE).url ?? ''}`.trim();
}

/** What both formats say, worked out once: absolute URLs and the newest change. */
function prepare(doc: FeedDocument) {
  const newest = doc.entries.reduce<string | undefined>((max, e) => (!max || e.updatedAt > max ? e.updatedAt : max), undefined);
  return {
    // Both formats need a date. A feed without entries has never changed: a fixed date keeps
    // its bytes, ETag and mirrored copy the same from one request or mirror run to the next.
    updated: new Date(newest ?? 0),
    listUrl: absoluteUrl(doc.publicUrl, localePath(doc.locale, doc.listPath)),
    entryUrl: (entry: FeedEntry) => absoluteUrl(doc.publicUrl, localePath(doc.locale, entry.path)),
    // Documents' file names may hold spaces or Khmer: sent percent-encoded, as a URL is.
    fileUrl: (path: string) => new URL(absoluteUrl(doc.publicUrl, path)).href,
  };
}

/**
 * RSS 2.0. Titles are plain text; descriptions are HTML, so the summary goes in HTML-escaped.
 * Dates are RFC 822 (`toUTCString`), as RSS requires.
 */
function renderRss(doc: FeedDocument): string {
  const { updated, listUrl, entryUrl, fileUrl } = prepare(doc);
  const items = doc.entries.map((entry) => {
    const url = entryUrl(entry);
    const { enclosure } = entry;
    return element(
      'item',
      {},
      textElement('title', entry.title),
      textElement('link', url),
      textElement('guid', url, { isPermaLink: 'true' }),
      textElement('pubDate', new Date(entry.publishedAt).toUTCString()),
      entry.summary ? textElement('description', escapeXml(entry.summary)) : undefined,
      ...entry.categories.map((c) => textElement('category', c.label)),
      enclosure && element('enclosure', { length: enclosure.size, type: enclosure.type, url: fileUrl(enclosure.path) }),
    );
  });
  const channel = element(
    'channel',
    {},
    textElement('title', doc.title),
    textElement('link', listUrl),
    textElement('description', doc.description),
    textElement('lastBuildDate', updated.toUTCString()),
    textElement('docs', RSS_DOCS),
    textElement('generator', GENERATOR),
    textElement('language', doc.locale),
    textElement('copyright', siteRights(doc.locale)),
    element('atom:link', { href: absoluteUrl(doc.publicUrl, doc.selfPaths.rss), rel: 'self', type: 'application/rss+xml' }),
    ...items,
  );
  return xmlDocument(element('rss', { version: '2.0', 'xmlns:atom': ATOM_NAMESPACE }, channel));
}

/**
 * Atom 1.0, in the feed's language (`xml:lang`). Titles and summaries are declared
 * `type="html"`, so plain text goes in HTML-escaped; an entry shown in another language
 * (a fallback) says so on its text. Dates are RFC 3339.
 */
function renderAtom(doc: FeedDocument): string {
  const { updated, listUrl, entryUrl, fileUrl } = prepare(doc);
  const entries = doc.entries.map((entry) => {
    const url = entryUrl(entry);
    const { enclosure } = entry;
    const lang = entry.contentLocale !== doc.locale ? entry.contentLocale : undefined;
    return element(
      'entry',
      {},
      textElement('title', escapeXml(entry.title), { type: 'html', 'xml:lang': lang }),
      textElement('id', url),
      element('link', { href: url }),
      enclosure &&
        element('link', { rel: 'enclosure', href: fileUrl(enclosure.path), title: enclosure.label ?? undefined, type: enclosure.type, length: enclosure.size }),
      textElement('updated', new Date(entry.updatedAt).toISOString()),
      entry.summary ? textElement('summary', escapeXml(entry.summary), { type: 'html', 'xml:lang': lang }) : undefined,
      ...entry.categories.map((c) => element('category', { label: c.label, term: c.term })),
      textElement('published', new Date(entry.publishedAt).toISOString()),
      entry.licence !== SITE_LICENCE && textElement('rights', licenceText(doc.locale, entry.licence)),
    );
  });
  const feed = element(
    'feed',
    { xmlns: ATOM_NAMESPACE, 'xml:lang': doc.locale },
    textElement('id', absoluteUrl(doc.publicUrl, doc.selfPaths.atom)),
    textElement('title', doc.title),
    textElement('updated', updated.toISOString()),
    textElement('generator', GENERATOR),
    element('author', {}, textElement('name', doc.organisation), textElement('uri', absoluteUrl(doc.publicUrl, localePath(doc.locale, '/')))),
    element('link', { rel: 'alternate', href: listUrl }),
    element('link', { rel: 'self', href: absoluteUrl(doc.publicUrl, doc.selfPaths.atom) }),
    textElement('subtitle', doc.description),
    textElement('icon', absoluteUrl(doc.publicUrl, '/favicon.ico')),
    textElement('rights', siteRights(doc.locale)),
    ...entries,
  );
  return xmlDocument(feed);
}

/** RSS 2.0 or Atom 1.0 text of a feed. */
export function renderFeed(doc: FeedDocument, format: FeedFormat): string {
  return format === 'rss' ? renderRss(doc) : renderAtom(doc);
}
