import { isSlug } from '../content-types/slug.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LocaleRouteOptions } from '../feature-options.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import { eventJsonLd } from '../discovery/json-ld.js';
import { findImages, shareableImageUrl } from '../media/media.repository.js';
import { eventsMessages } from './events.messages.js';
import { presentEvent, presentEventCard } from './events.presenter.js';
import { findPublicEventBySlug, listPastEvents, listUpcomingEvents } from './events.repository.js';
import { EVENTS_PAGE_SIZE, eventsQuery, UPCOMING_EVENTS_LIMIT } from './events.schema.js';
import { EventPage, EventsIndex } from './events.views.js';

export async function eventsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const order = app.config.locales;
  const t = eventsMessages[locale];

  // Not page-cached: which events are upcoming changes with the clock, not only with content.
  r.get('/events', { schema: { querystring: eventsQuery }, config: { public: true } }, async (request, reply) => {
    const { page } = request.query;
    const now = new Date().toISOString();
    const [upcomingRows, past, ctx] = await Promise.all([
      page === 1 ? listUpcomingEvents(app.db, UPCOMING_EVENTS_LIMIT, now) : undefined,
      listPastEvents(app.db, { page, pageSize: EVENTS_PAGE_SIZE }, now),
      app.siteContexts.get(locale),
    ]);
    const totalPages = Math.ceil(past.total / EVENTS_PAGE_SIZE);
    if (page > 1 && page > totalPages) return reply.callNotFound();
    const upcoming = upcomingRows?.flatMap((row) => presentEventCard(row, locale, order) ?? []);
    const pastCards = past.items.flatMap((row) => presentEventCard(row, locale, order) ?? []);
    const images = await findImages(app.db, [...(upcoming ?? []), ...pastCards].map((c) => c.coverFileId), locale, order);
    const title = t.title(ctx.shortName);
    const pathFor = (p: number) => `/events${queryString({ page: p > 1 ? p : undefined })}`;
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title, description: t.lead, path: pathFor(page) }}>
        <EventsIndex
          locale={locale}
          timeZone={ctx.timeZone}
          title={title}
          upcoming={upcoming}
          past={pastCards}
          images={images}
          page={page}
          totalPages={totalPages}
          pathFor={pathFor}
        />
      </Layout>,
    );
  });

  r.get<{ Params: { slug: string } }>('/events/:slug', { config: { public: true, pageCache: true } }, async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) return reply.callNotFound();
    const found = await findPublicEventBySlug(app.db, slug);
    const event = found && presentEvent(found, locale, order);
    if (!event) return reply.callNotFound();
    const [ctx, images] = await Promise.all([app.siteContexts.get(locale), findImages(app.db, [event.coverFileId], locale, order)]);
    const cover = event.coverFileId === null ? undefined : images.get(event.coverFileId);
    const imageUrl = shareableImageUrl(ctx.publicUrl, cover);
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
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
        }}
      >
        <EventPage locale={locale} timeZone={ctx.timeZone} event={event} cover={cover} />
      </Layout>,
    );
  });
}
