import type { SiteContext } from '../../web/site-context.js';
import { licenceInfo } from '../../web/components/licence.js';
import { absoluteUrl, localePath } from '../../web/paths.js';

/** schema.org descriptions of the organisation and its items, for search engines and citations. */

export function organisationJsonLd(ctx: SiteContext): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'NGO',
    name: ctx.name,
    alternateName: ctx.shortName,
    url: absoluteUrl(ctx.publicUrl, localePath(ctx.locale, '/')),
    logo: absoluteUrl(ctx.publicUrl, '/favicon.ico'),
    ...(ctx.email ? { email: ctx.email } : {}),
    ...(ctx.phone ? { telephone: ctx.phone } : {}),
    ...(ctx.address ? { address: ctx.address.replace(/\n/g, ', ') } : {}),
    sameAs: ctx.social.map((s) => s.url),
  };
}

export interface CreativeWorkInput {
  type: 'Article' | 'NewsArticle' | 'Report' | 'CreativeWork';
  title: string;
  summary?: string | null;
  /** Path below the locale, e.g. `/publications/forced-evictions`. */
  path: string;
  /** Locale of the text shown. */
  inLanguage: string;
  publishedAt: string | null;
  updatedAt: string;
  licence: string;
  imageUrl?: string;
}

export function creativeWorkJsonLd(ctx: SiteContext, item: CreativeWorkInput): object {
  const url = absoluteUrl(ctx.publicUrl, localePath(ctx.locale, item.path));
  return {
    '@context': 'https://schema.org',
    '@type': item.type,
    ...(item.type === 'Article' || item.type === 'NewsArticle' ? { headline: item.title } : {}),
    name: item.title,
    ...(item.summary ? { description: item.summary } : {}),
    url,
    mainEntityOfPage: url,
    inLanguage: item.inLanguage,
    ...(item.publishedAt ? { datePublished: item.publishedAt } : {}),
    dateModified: item.updatedAt,
    license: licenceInfo(item.licence).url ?? item.licence,
    ...(item.imageUrl ? { image: item.imageUrl } : {}),
    author: { '@type': 'NGO', name: ctx.name },
    publisher: { '@type': 'NGO', name: ctx.name },
  };
}

export interface EventInput {
  title: string;
  summary?: string | null;
  path: string;
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  inLanguage: string;
  imageUrl?: string;
}

export function eventJsonLd(ctx: SiteContext, event: EventInput): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    ...(event.summary ? { description: event.summary } : {}),
    url: absoluteUrl(ctx.publicUrl, localePath(ctx.locale, event.path)),
    startDate: event.startsAt,
    ...(event.endsAt ? { endDate: event.endsAt } : {}),
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    ...(event.location ? { location: { '@type': 'Place', name: event.location, address: event.location } } : {}),
    inLanguage: event.inLanguage,
    organizer: { '@type': 'NGO', name: ctx.name, url: absoluteUrl(ctx.publicUrl, '/') },
    ...(event.imageUrl ? { image: event.imageUrl } : {}),
  };
}
