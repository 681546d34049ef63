import { compiledOnce } from '../../db/compiled-statements.js';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';
import { sql, type RawBuilder } from 'kysely';
import { nextDueAt } from '../content-types/content-types.repository.js';
import { upcomingEventsChangeAt, upcomingEventsQuery } from '../events/events.repository.js';
import { latestAlertCardsQuery, toAlertCardRecord } from '../hrd-alerts/alerts.repository.js';
import { latestNewsQuery, toNewsListRow } from '../news/news.repository.js';
import { publicOrganisationsQuery } from '../organisations/organisations.repository.js';
import { publicProjectsQuery } from '../projects/projects.repository.js';
import { latestPublicationsQuery, toPublicationListRow } from '../publications/publications.repository.js';

/** How many of each the front page shows; each section links to its full list. */
export const HOME_LIMITS = { publications: 6, news: 4, projects: 6, events: 3, alerts: 3 } as const;

/** The tables whose published items the front page shows, in its lists or its featured slot. */
const DATED_TABLES = ['publications', 'news_posts', 'projects', 'events', 'hrd_alerts'] as const;

/**
 * When the front page's lists next change by the clock alone, without an edit: the earliest of
 * the next publication date to come in any of its tables and the end of the first upcoming
 * event to pass (null when nothing is to come). Until then, the lists read now stay right.
 */
function clockChangesAt(now: string): RawBuilder<string | null> {
  const times = [...DATED_TABLES.map((table) => nextDueAt(table, now)), upcomingEventsChangeAt(now)];
  return sql<string | null>`(select min(t) from (${sql.join(
    times.map((time) => sql`select ${time} as t`),
    sql` union all `,
  )}) as times)`;
}

/** The front page's lists, each a JSON array column of one statement. */
function homeQuery(db: DbOrTx, now: string) {
  // The lists are built without the snake_case plugin, so that their JSON keys keep the names
  // the code uses; the outer statement's plugin still turns their column names into SQL's.
  const lists = db.withoutPlugins();
  return db.selectNoFrom([
    jsonArrayFrom(db, latestPublicationsQuery(lists, HOME_LIMITS.publications, now)).as('publications'),
    jsonArrayFrom(db, latestNewsQuery(lists, HOME_LIMITS.news, now)).as('news'),
    jsonArrayFrom(db, publicProjectsQuery(lists, ['current'], HOME_LIMITS.projects, now)).as('projects'),
    jsonArrayFrom(db, upcomingEventsQuery(lists, HOME_LIMITS.events, now)).as('events'),
    jsonArrayFrom(db, publicOrganisationsQuery(lists, { donorsStrip: true })).as('donors'),
    jsonArrayFrom(db, latestAlertCardsQuery(lists, HOME_LIMITS.alerts, now)).as('alerts'),
    clockChangesAt(now).as('clockChangesAt'),
  ]);
}

/** The front page's statement, built and compiled once: only the time changes between requests. */
const homeStatement = compiledOnce((db: DbOrTx, { now }: { now: string }) => homeQuery(db, now));

/**
 * Everything the front page lists (the latest alerts too, as card-sized rows), from the features
 * that own each kind, in one statement: each list is a JSON array column. A list's own JSON
 * columns (translations) come back nested, as JSON or, where SQLite passed them through a
 * subquery, as text: the row readers parse both. `clockChangesAt` says until when the lists
 * hold without an edit (compared as text with an ISO time, as the statement compares them).
 */
export async function findHomeContent(db: DbOrTx, now = new Date().toISOString()) {
  const { rows } = await db.executeQuery(homeStatement(db, { now }));
  const row = rows[0]!;
  return {
    publications: fromJson(row.publications).map(toPublicationListRow),
    news: fromJson(row.news).map(toNewsListRow),
    projects: fromJson(row.projects).map(withParsedTranslations),
    events: fromJson(row.events).map(withParsedTranslations),
    donors: fromJson(row.donors).map(withParsedTranslations),
    alerts: fromJson(row.alerts).map(toAlertCardRecord),
    clockChangesAt: row.clockChangesAt,
  };
}

export type HomeContent = Awaited<ReturnType<typeof findHomeContent>>;

/** The images the front page draws: the featured item's, every card's cover and every donor's logo. */
export function homeImageIds(content: HomeContent, featured: { coverFileId: number | null } | undefined): Array<number | null> {
  const covers = [featured?.coverFileId ?? null, ...[...content.publications, ...content.news, ...content.projects, ...content.events].map((r) => r.coverFileId)];
  return covers.concat(content.donors.map((d) => d.logoFileId));
}
