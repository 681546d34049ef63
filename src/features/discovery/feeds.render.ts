import { Feed, type Item } from 'feed';
import type { Locale } from '../../i18n/locales.js';
import { licenceInfo } from '../../web/components/licence.js';
import { webMessages } from '../../web/web.messages.js';
import { absoluteUrl, localePath } from '../../web/paths.js';
import type { FeedEntry } from './feeds.presenter.js';
import { escapeXml, stripInvalidXmlChars } from './xml.js';

export type FeedFormat = 'rss' | 'atom';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** The licence that covers the site's content unless an item says otherwise. */
const SITE_LICENCE = 'CC-BY-4.0';

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

/** A `]]>` inside a CDATA section would end it early; the library only splits the first one. */
function cdataText(text: string): string {
  return stripInvalidXmlChars(text).replaceAll(']]>', ']] >');
}

function licenceText(locale: Locale, licence: string): string {
  const info = licenceInfo(licence);
  return [webMessages[locale].licensedUnder, info.name, info.url].filter(Boolean).join(' ');
}

/**
 * Atom declares its title and summary `type="html"`, so plain text goes in HTML-escaped.
 * RSS 2.0 titles are plain text (kept as-is inside CDATA); its descriptions are HTML.
 */
function toItem(doc: FeedDocument, entry: FeedEntry, format: FeedFormat): Item {
  const url = absoluteUrl(doc.publicUrl, localePath(doc.locale, entry.path));
  const enclosure = entry.enclosure;
  return {
    title: format === 'atom' ? escapeXml(entry.title) : cdataText(entry.title),
    link: url,
    date: new Date(entry.updatedAt),
    published: new Date(entry.publishedAt),
    ...(entry.summary ? { description: escapeXml(entry.summary) } : {}),
    // The library writes category labels into attributes escaping only `&`; a `<` there would break the XML.
    category: entry.categories.map((c) => ({ term: c.term, name: stripInvalidXmlChars(c.label).replaceAll('<', '') })),
    ...(enclosure
      ? {
          enclosure: {
            url: absoluteUrl(doc.publicUrl, enclosure.path),
            type: enclosure.type,
            length: enclosure.size,
            // Enclosure attributes are written unescaped; RSS has no title attribute for them.
            ...(format === 'atom' && enclosure.label ? { title: escapeXml(enclosure.label) } : {}),
          },
        }
      : {}),
    ...(entry.licence !== SITE_LICENCE ? { copyright: stripInvalidXmlChars(licenceText(doc.locale, entry.licence)) } : {}),
  };
}

/**
 * The `feed` library derives an Atom enclosure's type from the file extension under an
 * `image/` prefix; put back the document's real type. Entry text is escaped, so the
 * pattern can only match the library's own enclosure links.
 */
function fixAtomEnclosureTypes(xml: string, doc: FeedDocument): string {
  const types = new Map<string, string>();
  for (const { enclosure } of doc.entries) {
    if (enclosure) types.set(new URL(absoluteUrl(doc.publicUrl, enclosure.path)).href, enclosure.type);
  }
  return xml.replace(
    /(<link rel="enclosure" href="([^"]*)"(?: title="[^"]*")?) type="[^"]*"/g,
    (whole, head: string, href: string) => {
      const type = types.get(href.replaceAll('&amp;', '&'));
      return type ? `${head} type="${escapeXml(type)}"` : whole;
    },
  );
}

/** RSS 2.0 or Atom 1.0 text of a feed. */
export function renderFeed(doc: FeedDocument, format: FeedFormat): string {
  const newest = doc.entries.reduce<string | undefined>((max, e) => (!max || e.updatedAt > max ? e.updatedAt : max), undefined);
  const selfUrls = {
    rss: absoluteUrl(doc.publicUrl, doc.selfPaths.rss),
    atom: absoluteUrl(doc.publicUrl, doc.selfPaths.atom),
  };
  const feed = new Feed({
    id: selfUrls[format],
    title: stripInvalidXmlChars(doc.title),
    description: stripInvalidXmlChars(doc.description),
    link: absoluteUrl(doc.publicUrl, localePath(doc.locale, doc.listPath)),
    language: doc.locale,
    feedLinks: selfUrls,
    favicon: absoluteUrl(doc.publicUrl, '/favicon.ico'),
    copyright: stripInvalidXmlChars(`${webMessages[doc.locale].allRightsNote} ${licenceInfo(SITE_LICENCE).url ?? ''}`.trim()),
    author: { name: stripInvalidXmlChars(doc.organisation), link: absoluteUrl(doc.publicUrl, localePath(doc.locale, '/')) },
    generator: 'Dove',
    ...(newest ? { updated: new Date(newest) } : {}),
  });
  for (const entry of doc.entries) feed.addItem(toItem(doc, entry, format));
  return format === 'rss' ? feed.rss2() : fixAtomEnclosureTypes(feed.atom1(), doc);
}
