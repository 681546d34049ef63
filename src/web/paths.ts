import type { Locale } from '../i18n/locales.js';

/** `/about` → `/en/about`; absolute URLs pass through; `/` → `/en/`. */
export function localePath(locale: Locale, path: string): string {
  if (/^[a-z]+:/i.test(path)) return path;
  const clean = path.startsWith('/') ? path : `/${path}`;
  return clean === '/' ? `/${locale}/` : `/${locale}${clean}`;
}

/** The absolute URL of a site path, for canonical links, feeds and the sitemap. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return /^[a-z]+:/i.test(path) ? path : `${publicUrl}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Strips the leading `/xx` locale segment, keeping the query string. */
export function withoutLocale(url: string, locales: readonly Locale[]): string {
  const match = /^\/([a-z]{2})(\/.*|\?.*)?$/.exec(url);
  if (match && (locales as readonly string[]).includes(match[1]!)) {
    const rest = match[2] ?? '/';
    return rest.startsWith('?') ? `/${rest}` : rest;
  }
  return url;
}
