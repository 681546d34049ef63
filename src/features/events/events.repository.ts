import { publishedAndDue } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { groupByItem } from '../../i18n/translation.js';

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

async function withTranslations<T extends { id: number }>(db: DbOrTx, rows: T[]) {
  const ids = rows.map((r) => r.id);
  const translations = groupByItem(
    ids.length ? await db.selectFrom('eventTranslations').selectAll().where('itemId', 'in', ids).execute() : [],
  );
  return rows.map((row) => ({ ...row, translations: translations.get(row.id) ?? [] }));
}

/**
 * Events not over yet, soonest first. An event counts until it ends (its start, when it has
 * no end), so one in progress is still listed among those a reader can go to.
 */
export async function listUpcomingEvents(db: DbOrTx, limit: number, now = nowIso()) {
  const rows = await selectPublicEvents(db, now)
    .select(LIST_COLUMNS)
    .where((eb) => eb(eb.fn.coalesce('events.endsAt', 'events.startsAt'), '>=', now))
    .orderBy('events.startsAt')
    .orderBy('events.id')
    .limit(limit)
    .execute();
  return withTranslations(db, rows);
}

export interface PastEventsRequest {
  page: number;
  pageSize: number;
}

/** One page of events that are over, the most recent first, and how many there are in all. */
export async function listPastEvents(db: DbOrTx, { page, pageSize }: PastEventsRequest, now = nowIso()) {
  const past = () => selectPublicEvents(db, now).where((eb) => eb(eb.fn.coalesce('events.endsAt', 'events.startsAt'), '<', now));
  const [rows, count] = await Promise.all([
    past()
      .select(LIST_COLUMNS)
      .orderBy('events.startsAt', 'desc')
      .orderBy('events.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    past()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await withTranslations(db, rows), total: Number(count.total) };
}

export type EventListRow = Awaited<ReturnType<typeof listUpcomingEvents>>[number];

export async function findPublicEventBySlug(db: DbOrTx, slug: string, now = nowIso()) {
  const event = await selectPublicEvents(db, now).selectAll('events').where('events.slug', '=', slug).executeTakeFirst();
  if (!event) return undefined;
  const translations = await db.selectFrom('eventTranslations').selectAll().where('itemId', '=', event.id).execute();
  return { ...event, translations };
}

export type PublicEvent = NonNullable<Awaited<ReturnType<typeof findPublicEventBySlug>>>;
