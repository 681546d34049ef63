import type { Locale } from '../../i18n/locales.js';
import { absoluteUrl, localePath } from '../../web/paths.js';
import type { SitemapItem, SitemapSource, SitemapSources } from './discovery.repository.js';
import { publicPathOf } from '../content-types/content-types.js';
import { hrdAlertPath } from './item-paths.js';
import { escapeXml } from './xml.js';

/**
 * The site map's fixed routes: list and landing pages that exist in every locale because
 * their frame is translated, whatever content they list.
 */
export const FIXED_SITEMAP_PATHS = [
  '/',
  '/about/people',
  '/about/donors-and-partners',
  '/news/press-releases',
  '/news/in-the-news',
  '/publications',
  '/events',
  '/gallery',
  '/projects/current',
  '/projects/past',
  '/campaigns',
  '/follow-us',
  '/join-us',
  '/contact',
  '/subscribe',
  '/sitemap',
  '/topics',
  '/hrd-alerts',
  '/human-rights-portal',
  '/upr',
] as const;

/** One public resource, reachable under each of `locales`. */
export interface SitemapUrl {
  /** Path below the locale. */
  path: string;
  locales: Locale[];
  updatedAt: string | undefined;
}

const pathOf = (source: SitemapSource, slug: string) => (source === 'hrd-alert' ? hrdAlertPath(slug) : publicPathOf(source, slug));

/**
 * Every public URL with the locales it is written in. An item shown elsewhere only as a
 * fallback is listed under its own languages, so search engines index each text once.
 * A page whose path is also a fixed route is listed once, as the route.
 */
export function collectSitemapUrls(sources: SitemapSources, order: readonly Locale[], albumPhotos: ReadonlyMap<string, number> = new Map()): SitemapUrl[] {
  const urls: SitemapUrl[] = FIXED_SITEMAP_PATHS.map((path) => ({ path, locales: [...order], updatedAt: undefined }));
  const seen = new Set<string>(FIXED_SITEMAP_PATHS);
  for (const [source, items = []] of Object.entries(sources) as Array<[SitemapSource, SitemapItem[] | undefined]>) {
    for (const item of items) {
      const path = pathOf(source, item.slug);
      const locales = order.filter((l) => item.locales.includes(l));
      if (seen.has(path) || locales.length === 0) continue;
      seen.add(path);
      urls.push({ path, locales, updatedAt: item.updatedAt });
      // Each photo of an album has its own page, in the album's languages.
      if (source === 'album') {
        for (let n = 1; n <= (albumPhotos.get(item.slug) ?? 0); n++) urls.push({ path: `${path}/${n}`, locales, updatedAt: item.updatedAt });
      }
    }
  }
  return urls;
}

export interface SitemapOptions {
  publicUrl: string;
  defaultLocale: Locale;
}

function urlOf(publicUrl: string, locale: Locale, path: string): string {
  return absoluteUrl(publicUrl, encodeURI(localePath(locale, path)));
}

/** A sitemaps.org URL set with an hreflang alternate for each language of each URL. */
export function renderSitemap(urls: SitemapUrl[], { publicUrl, defaultLocale }: SitemapOptions): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
  ];
  for (const url of urls) {
    const xDefault = url.locales.includes(defaultLocale) ? defaultLocale : url.locales[0]!;
    const alternates = [
      ...url.locales.map((l) => ({ hreflang: l as string, href: urlOf(publicUrl, l, url.path) })),
      { hreflang: 'x-default', href: urlOf(publicUrl, xDefault, url.path) },
    ].map((a) => `    <xhtml:link rel="alternate" hreflang="${escapeXml(a.hreflang)}" href="${escapeXml(a.href)}"/>`);
    for (const locale of url.locales) {
      out.push('  <url>', `    <loc>${escapeXml(urlOf(publicUrl, locale, url.path))}</loc>`);
      if (url.updatedAt) out.push(`    <lastmod>${escapeXml(url.updatedAt)}</lastmod>`);
      out.push(...alternates, '  </url>');
    }
  }
  out.push('</urlset>', '');
  return out.join('\n');
}
