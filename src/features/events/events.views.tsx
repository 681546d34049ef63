import type { Locale } from '../../i18n/locales.js';
import { FallbackNotice } from '../../web/components/fallback-notice.js';
import { LicenceNote } from '../../web/components/licence.js';
import { Pagination } from '../../web/components/pagination.js';
import { RichText } from '../../web/components/rich-text.js';
import { localePath } from '../../web/paths.js';
import { webMessages } from '../../web/web.messages.js';
import { LanguageChoice } from '../content-types/language-choice.js';
import type { ImageView } from '../media/media.repository.js';
import { PhotoFigure } from '../media/picture.js';
import { EventCard, EventTime } from './event-card.js';
import { eventsMessages } from './events.messages.js';
import type { EventCardView, EventView } from './events.presenter.js';

/** The cover spans the text column (44rem at most). */
const EVENT_COVER_SIZES = '(min-width: 48rem) 44rem, 100vw';

interface EventsIndexProps {
  locale: Locale;
  timeZone: string;
  title: string;
  /** Shown on the first page only; later pages continue the past events. */
  upcoming: EventCardView[] | undefined;
  past: EventCardView[];
  images: Map<number, ImageView>;
  page: number;
  totalPages: number;
  pathFor: (page: number) => string;
  /** The list's address with or without "only in the reader's language" (locale-less). */
  languageHref?: (only: boolean) => string;
  onlyReaderLanguage?: boolean;
}

function EventCards({ cards, locale, timeZone, images }: { cards: EventCardView[]; locale: Locale; timeZone: string; images: Map<number, ImageView> }) {
  return (
    <ul class="card-list card-list--events">
      {cards.map((card) => (
        <EventCard
          card={card}
          locale={locale}
          timeZone={timeZone}
          headingLevel={3}
          image={card.coverFileId === null ? undefined : images.get(card.coverFileId)}
        />
      ))}
    </ul>
  );
}

export function EventsIndex(props: EventsIndexProps) {
  const { locale, timeZone, title, upcoming, past, images, page, totalPages, pathFor, languageHref } = props;
  const t = eventsMessages[locale];
  return (
    <>
      <header class="page-header">
        <h1>{title}</h1>
        <p class="lead">{t.lead}</p>
      </header>
      {languageHref && (
        <LanguageChoice
          only={props.onlyReaderLanguage ?? false}
          onlyLabel={t.onlyIn(webMessages[locale].languageName(locale))}
          allLabel={t.allLanguages}
          href={(only) => localePath(locale, languageHref(only))}
        />
      )}
      {upcoming && (
        <section class="events-section events-section--upcoming" aria-labelledby="events-upcoming">
          <h2 id="events-upcoming">{t.upcoming}</h2>
          {upcoming.length > 0 ? (
            <EventCards cards={upcoming} locale={locale} timeZone={timeZone} images={images} />
          ) : (
            <p class="notice">{t.noUpcoming}</p>
          )}
        </section>
      )}
      <section class="events-section events-section--past" aria-labelledby="events-past">
        <h2 id="events-past">{t.past}</h2>
        {past.length > 0 ? (
          <EventCards cards={past} locale={locale} timeZone={timeZone} images={images} />
        ) : (
          <p class="notice">{t.noPast}</p>
        )}
        <Pagination locale={locale} page={page} totalPages={totalPages} hrefFor={(p) => localePath(locale, pathFor(p))} />
      </section>
    </>
  );
}

interface EventPageProps {
  locale: Locale;
  timeZone: string;
  event: EventView;
  cover: ImageView | undefined;
}

export function EventPage({ locale, timeZone, event, cover }: EventPageProps) {
  const t = eventsMessages[locale];
  return (
    <article class="event" lang={event.contentLocale}>
      {event.isFallback && <FallbackNotice locale={locale} shownIn={event.contentLocale} />}
      <header class="page-header">
        <h1>{event.title}</h1>
        {event.summary && <p class="lead">{event.summary}</p>}
      </header>
      <dl class="item-meta event__facts">
        <dt lang={locale}>{t.when}</dt>
        <dd lang={locale}>
          <EventTime startsAt={event.startsAt} endsAt={event.endsAt} locale={locale} timeZone={timeZone} />
        </dd>
        {event.location && (
          <>
            <dt lang={locale}>{t.where}</dt>
            <dd class="event-location">{event.location}</dd>
          </>
        )}
      </dl>
      {cover && <PhotoFigure image={cover} sizes={EVENT_COVER_SIZES} class="event__cover" eager locale={locale} />}
      <RichText html={event.bodyHtml} />
      <footer class="item-footer" lang={locale}>
        <LicenceNote id={event.licence} locale={locale} />
        <p>
          <a href={localePath(locale, '/events')}>{t.allEvents}</a>
        </p>
      </footer>
    </article>
  );
}
