import type { FastifyInstance } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { imageOf, itemPage, pagedListPage } from '../content-types/public-pages.js';
import { eventJsonLd } from '../discovery/json-ld.js';
import { shareableImageUrl } from '../media/media.repository.js';
import { eventsMessages } from './events.messages.js';
import { presentEvent, presentEventCard } from './events.presenter.js';
import { findPublicEventBySlug, listPastEvents, listUpcomingEvents } from './events.repository.js';
import { EVENTS_PAGE_SIZE, eventsQuery, UPCOMING_EVENTS_LIMIT } from './events.schema.js';
import { EventPage, EventsIndex } from './events.views.js';

export async function eventsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const order = app.config.locales;
  const t = eventsMessages[locale];

  /** The reader's language first; with `?language=`, only events in it. */
  const readerLanguageOf = (language: string | undefined) => ({ locale: language ?? locale, only: language !== undefined });

  // Past events are the paged list; the first page also shows what is upcoming.
  pagedListPage(app, locale, {
    path: '/events',
    query: eventsQuery,
    pageSize: EVENTS_PAGE_SIZE,
    // Not page-cached: which events are upcoming changes with the clock, not only with content.
    pageCache: false,
    list: ({ page, language }) => listPastEvents(app.db, { page, pageSize: EVENTS_PAGE_SIZE, readerLanguage: readerLanguageOf(language) }),
    card: (row) => presentEventCard(row, locale, order),
    async also({ page, language }) {
      if (page !== 1) return undefined;
      const rows = await listUpcomingEvents(app.db, UPCOMING_EVENTS_LIMIT, new Date().toISOString(), readerLanguageOf(language));
      return rows.flatMap((row) => presentEventCard(row, locale, order) ?? []);
    },
    alsoImages: (upcoming) => (upcoming ?? []).map((c) => c.coverFileId),
    render({ cards, also: upcoming, images, totalPages, pathFor }, { ctx, query: { page, language } }) {
      const title = t.title(ctx.shortName);
      return {
        meta: { title, description: t.lead, path: pathFor(page) },
        body: (
          <EventsIndex
            locale={locale}
            timeZone={ctx.timeZone}
            title={title}
            upcoming={upcoming}
            past={cards}
            images={images}
            page={page}
            totalPages={totalPages}
            pathFor={pathFor}
            languageHref={(only) => `/events${queryString({ language: only ? locale : undefined })}`}
            onlyReaderLanguage={language === locale}
          />
        ),
      };
    },
  });

  itemPage(app, locale, {
    type: 'event',
    async load(which, page) {
      const found = await findPublicEventBySlug(app.db, which);
      if (!found) return undefined;
      return { found, cover: imageOf(await page.images([found.coverFileId]), found.coverFileId) };
    },
    render({ found, cover }, { ctx }) {
      const event = presentEvent(found, locale, order);
      if (!event) return undefined;
      const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
      return {
        meta: {
          title: event.title,
          description: event.summary ?? undefined,
          path: event.href,
          availableIn: event.availableIn,
          contentLocale: event.isFallback ? event.contentLocale : undefined,
          image: imageUrl,
          jsonLd: [
            eventJsonLd(ctx, {
              title: event.title,
              summary: event.summary,
              path: event.href,
              startsAt: event.startsAt,
              endsAt: event.endsAt,
              location: event.location,
              inLanguage: event.contentLocale,
              ...(imageUrl ? { imageUrl } : {}),
            }),
          ],
        },
        body: <EventPage locale={locale} timeZone={ctx.timeZone} event={event} cover={cover} />,
      };
    },
  });
}
