import { hasTextIn, publishedAndDue, readerLanguageRank, type ReaderLanguage, chosenItem, type ItemChoice } from '../content-types/content-types.repository.js';
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database, DbOrTx } from '../../db/database.js';
import { jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';

const nowIso = () => new Date().toISOString();

const LIST_COLUMNS = [
  'events.id',
  'events.slug',
  'events.startsAt',
  'events.endsAt',
  'events.coverFileId',
  'events.publishedAt',
] as const;

/** Published and due: what readers may see. */
function selectPublicEvents(db: DbOrTx, now: string) {
  return db.selectFrom('events').where(publishedAndDue(now, 'events'));
}

/** Public events with each one's translations, in one statement. */
function selectListItems(db: DbOrTx, now: string) {
  return selectPublicEvents(db, now).select((eb) => [
    ...LIST_COLUMNS,
    jsonArrayFrom(
      db,
      eb
        .selectFrom('eventTranslations as el')
        .select(['el.itemId', 'el.locale', 'el.title', 'el.summary', 'el.bodyHtml', 'el.location'])
        .whereRef('el.itemId', '=', 'events.id'),
    ).as('translations'),
  ]);
}

/**
 * Events not over yet, soonest first. An event counts until it ends (its start, when it has
 * no end), so one in progress is still listed among those a reader can go to.
 */
export async function listUpcomingEvents(db: DbOrTx, limit: number, now = nowIso(), readerLanguage?: ReaderLanguage) {
  return (await upcomingEventsQuery(db, limit, now, readerLanguage).execute()).map(withParsedTranslations);
}

/** An event is upcoming until its end (its start, for an event without an end) has passed. */
function isUpcoming(now: string): Expression<SqlBool> {
  return sql<SqlBool>`coalesce(events.ends_at, events.starts_at) >= ${now}`;
}

/** `listUpcomingEvents` unexecuted: the home page loads it with its other lists. */
export function upcomingEventsQuery(db: DbOrTx, limit: number, now = nowIso(), readerLanguage?: ReaderLanguage) {
  return withReaderLanguage(selectListItems(db, now), readerLanguage)
    .where(isUpcoming(now))
    .orderBy('events.startsAt')
    .orderBy('events.id')
    .limit(limit);
}

/**
 * When the upcoming events next change by the clock alone: the earliest end (or start, for an
 * event without an end) among the public events still upcoming, the last time at which one is
 * still listed; null when none is.
 */
export function upcomingEventsChangeAt(now: string): Expression<string | null> {
  return sql<string | null>`(select min(coalesce(events.ends_at, events.starts_at)) from events
    where ${publishedAndDue(now, 'events')} and ${isUpcoming(now)})`;
}

export interface PastEventsRequest {
  page: number;
  pageSize: number;
  /** The reader's language first, or only (/km lists put Khmer events first). */
  readerLanguage?: ReaderLanguage;
}

/** Items in the reader's language first (and only those, when asked); the caller's order follows. */
function withReaderLanguage<Q extends SelectQueryBuilder<Database, 'events', object>>(query: Q, reader: ReaderLanguage | undefined): Q {
  if (!reader) return query;
  const ranked = query.orderBy(readerLanguageRank('event_translations', 'events.id', reader.locale)) as Q;
  return reader.only ? (ranked.where(hasTextIn('event_translations', 'events.id', reader.locale)) as Q) : ranked;
}

/** One page of events that are over, the most recent first, and how many there are in all. */
export async function listPastEvents(db: DbOrTx, { page, pageSize, readerLanguage }: PastEventsRequest, now = nowIso()) {
  const isPast = (eb: ExpressionBuilder<Database, 'events'>) => eb(eb.fn.coalesce('events.endsAt', 'events.startsAt'), '<', now);
  const [rows, count] = await Promise.all([
    withReaderLanguage(selectListItems(db, now), readerLanguage)
      .where(isPast)
      .orderBy('events.startsAt', 'desc')
      .orderBy('events.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    selectPublicEvents(db, now)
      .where(isPast)
      .$if(readerLanguage?.only === true, (qb) => qb.where(hasTextIn('event_translations', 'events.id', readerLanguage!.locale)))
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(withParsedTranslations), total: Number(count.total) };
}

export type EventListRow = Awaited<ReturnType<typeof listUpcomingEvents>>[number];

/** The public event at a slug, or any stored event by id for a preview (`ItemChoice`). */
export async function findPublicEventBySlug(db: DbOrTx, which: ItemChoice, now = nowIso()) {
  const event = await db.selectFrom('events').selectAll('events').where(chosenItem(which, now, 'events')).executeTakeFirst();
  if (!event) return undefined;
  const translations = await db.selectFrom('eventTranslations').selectAll().where('itemId', '=', event.id).execute();
  return { ...event, translations };
}

export type PublicEvent = NonNullable<Awaited<ReturnType<typeof findPublicEventBySlug>>>;
