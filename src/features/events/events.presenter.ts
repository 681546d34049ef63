import type { Locale } from '../../i18n/locales.js';
import { localesWithTranslation, pickTranslation } from '../../i18n/translation.js';
import { publicPathOf } from '../content-types/content-types.js';
import type { EventListRow, PublicEvent } from './events.repository.js';

/** What an event card shows, in the visitor's language or a stand-in. */
export interface EventCardView {
  slug: string;
  /** Locale-less path of the event's page. */
  href: string;
  title: string;
  summary: string | null;
  location: string | null;
  startsAt: string;
  endsAt: string | null;
  coverFileId: number | null;
  /** The language the texts are in; differs from the visitor's when it is a fallback. */
  contentLocale: Locale;
  isFallback: boolean;
}

export interface EventView extends EventCardView {
  bodyHtml: string;
  availableIn: Locale[];
  licence: string;
}

export function presentEventCard(row: EventListRow, locale: Locale, order: readonly Locale[]): EventCardView | undefined {
  const t = pickTranslation(row.translations, locale, order);
  if (!t) return undefined;
  return {
    slug: row.slug,
    href: publicPathOf('event', row.slug),
    title: t.value.title,
    summary: t.value.summary,
    location: t.value.location,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    coverFileId: row.coverFileId,
    contentLocale: t.locale,
    isFallback: t.isFallback,
  };
}

export function presentEvent(event: PublicEvent, locale: Locale, order: readonly Locale[]): EventView | undefined {
  const card = presentEventCard(event, locale, order);
  const t = pickTranslation(event.translations, locale, order);
  if (!card || !t) return undefined;
  return {
    ...card,
    bodyHtml: t.value.bodyHtml,
    availableIn: localesWithTranslation(event.translations, order),
    licence: event.licence,
  };
}
