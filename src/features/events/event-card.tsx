import { formatDate, formatDateTime } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import type { ImageView } from '../media/media.repository.js';
import { Picture } from '../media/picture.js';
import type { EventCardView } from './events.presenter.js';

/** `.card-list` columns are at least 17rem wide in a 72rem wrap: one, two or three across. */
const EVENT_CARD_SIZES = '(min-width: 72rem) 22rem, (min-width: 56rem) 33vw, (min-width: 37rem) 50vw, 100vw';

/** A moment with its time of day in the site's time zone; a bare day (no time given) as a date. */
function formatMoment(value: string, locale: Locale, timeZone: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, locale, timeZone) : formatDateTime(value, locale, timeZone);
}

/** When an event happens, start to end, readable and machine-readable. */
export function EventTime({ startsAt, endsAt, locale, timeZone }: { startsAt: string; endsAt: string | null; locale: Locale; timeZone: string }) {
  return (
    <span class="event-time">
      <time dateTime={startsAt}>{formatMoment(startsAt, locale, timeZone)}</time>
      {endsAt && endsAt !== startsAt && (
        <>
          {' – '}
          <time dateTime={endsAt}>{formatMoment(endsAt, locale, timeZone)}</time>
        </>
      )}
    </span>
  );
}

export interface EventCardProps {
  card: EventCardView;
  /** The visitor's language: dates are in it, the title may be a fallback. */
  locale: Locale;
  timeZone: string;
  image?: ImageView | undefined;
  /** 3 where the cards sit under a section heading, as on the events list or the home page. */
  headingLevel?: 2 | 3;
}

/** One event as an `li.card` for a `ul.card-list`: cover, title, when and where, summary. */
export function EventCard({ card, locale, timeZone, image, headingLevel = 2 }: EventCardProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  const textLang = card.isFallback ? card.contentLocale : undefined;
  return (
    <li class="card card--event">
      {image && (
        <div class="card__media">
          <Picture image={image} sizes={EVENT_CARD_SIZES} decorative />
        </div>
      )}
      <Heading class="card__title" lang={textLang}>
        <a href={localePath(locale, card.href)}>{card.title}</a>
      </Heading>
      <p class="card__meta">
        <EventTime startsAt={card.startsAt} endsAt={card.endsAt} locale={locale} timeZone={timeZone} />
        {card.location && (
          <>
            {' · '}
            <span class="event-location" lang={textLang}>
              {card.location}
            </span>
          </>
        )}
      </p>
      {card.summary && (
        <p class="card__summary" lang={textLang}>
          {card.summary}
        </p>
      )}
    </li>
  );
}
