import { sql, type ExpressionBuilder } from 'kysely';
import { publishedAndDue, chosenItem, nextDueAt, readerLanguageRank, type ItemChoice } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { compiledOnce } from '../../db/compiled-statements.js';
import { fromJson, jsonArrayFrom } from '../../db/json-aggregates.js';
import { idList, inIdList } from '../../db/id-lists.js';
import { topicNamesQuery, topicsFromNameRows, type TopicRow } from '../topic-labels/topic-labels.repository.js';
import { engineOfDb } from '../../db/connection.js';
import type { Database, Db } from '../../db/database.js';
import type { PublicationType } from './publications.tables.js';

export interface PublicationFilters {
  type?: PublicationType;
  /** Topic slug. */
  topic?: string;
  year?: number;
  /** Only publications with a translation in this locale. */
  language?: string;
}

export interface PublicationPageRequest extends PublicationFilters {
  page: number;
  pageSize: number;
  /** The reader's language: items with a text in it come first, each group newest first. */
  readerLocale?: string;
}

const nowIso = () => new Date().toISOString();

/**
 * The filters as the statement's values: each one a parameter, and a year as the text range it
 * stands for, since dates are ISO text (the range keeps the (status, published_at) index usable).
 * Only the filters set are there: which ones are set is the statement's shape.
 */
interface FilterValues {
  type?: string;
  yearStart?: string;
  yearEnd?: string;
  topic?: string;
  language?: string;
}

function filterValues({ type, year, topic, language }: PublicationFilters): FilterValues {
  return {
    ...(type !== undefined && { type }),
    ...(year !== undefined && { yearStart: String(year), yearEnd: String(year + 1) }),
    ...(topic !== undefined && { topic }),
    ...(language !== undefined && { language }),
  };
}

/** Published and due, narrowed by the filters: what readers may see in the list. */
function selectPublicPublications(db: DbOrTx, { type, yearStart, yearEnd, topic, language }: FilterValues, now: string) {
  return db
    .selectFrom('publications')
    .where(publishedAndDue(now, 'publications'))
    .$if(type !== undefined, (qb) => qb.where('publications.type', '=', type as PublicationType))
    .$if(yearStart !== undefined, (qb) => qb.where('publications.publishedAt', '>=', yearStart!).where('publications.publishedAt', '<', yearEnd!))
    // `id in (…)` lets the engine build the topic's id list once; a correlated `exists` ran per row.
    .$if(topic !== undefined, (qb) =>
      qb.where('publications.id', 'in', (eb) =>
        eb
          .selectFrom('publicationTopics as pt')
          .innerJoin('topics', 'topics.id', 'pt.topicId')
          .select('pt.publicationId')
          .where('topics.slug', '=', topic!),
      ),
    )
    .$if(language !== undefined, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('publicationTranslations as pl')
            .select('pl.itemId')
            .whereRef('pl.itemId', '=', 'publications.id')
            .where('pl.locale', '=', language!),
        ),
      ),
    );
}

/**
 * The image made from the first page of the publication's first document that has one
 * (media/pdf-cover.ts): the cover shown when the editor chose none.
 */
function firstPageCover(eb: ExpressionBuilder<Database, 'publications'>) {
  return eb
    .selectFrom('publicationFiles as cf')
    .innerJoin('files as firstPage', 'firstPage.sourceFileId', 'cf.fileId')
    .select('firstPage.id')
    .whereRef('cf.publicationId', '=', 'publications.id')
    .orderBy('cf.sortOrder')
    .orderBy('cf.id')
    .orderBy('firstPage.id')
    .limit(1);
}

const LIST_COLUMNS = [
  'publications.id',
  'publications.slug',
  'publications.type',
  'publications.publishedAt',
  'publications.updatedAt',
  'publications.coverFileId',
  'publications.licence',
] as const;

interface PublicationBaseRow {
  id: number;
  slug: string;
  type: PublicationType;
  publishedAt: string | null;
  updatedAt: string;
  coverFileId: number | null;
  licence: string;
}

/** A list item: its translations without bodies (lists never show them) and its topic ids. */
export interface PublicationListRow extends PublicationBaseRow {
  translations: Array<{ itemId: number; locale: string; title: string; summary: string | null }>;
  topicIds: number[];
}

/** The list columns with each item's translations (without bodies) and topic ids, in one statement. */
function selectListItems(db: DbOrTx, filters: PublicationFilters, now: string) {
  return selectPublicPublications(db, filterValues(filters), now).select((eb) => [...LIST_COLUMNS, ...listJsonColumns(db, eb)]);
}

/** A list item's first-page cover, translations (without bodies) and topic ids: worked out for a page's rows only. */
function listJsonColumns(db: DbOrTx, eb: ExpressionBuilder<Database, 'publications'>) {
  return [
    firstPageCover(eb).as('firstPageCoverId'),
    jsonArrayFrom(
      db,
      eb
        .selectFrom('publicationTranslations as pl')
        .select(['pl.itemId', 'pl.locale', 'pl.title', 'pl.summary'])
        .whereRef('pl.itemId', '=', 'publications.id'),
    ).as('translations'),
    jsonArrayFrom(
      db,
      eb.selectFrom('publicationTopics as pt').select('pt.topicId').whereRef('pt.publicationId', '=', 'publications.id'),
    ).as('topics'),
  ] as const;
}

interface PublicationJsonRow extends PublicationBaseRow {
  firstPageCoverId: number | null;
  translations: PublicationListRow['translations'] | string;
  topics: Array<{ topicId: number }> | string;
}

/** A list row as the list statement (or a JSON array of them) returned it, with its JSON parsed. */
export function toPublicationListRow({ translations, topics, firstPageCoverId, ...row }: PublicationJsonRow): PublicationListRow {
  return {
    ...row,
    coverFileId: row.coverFileId ?? firstPageCoverId ?? null,
    translations: fromJson(translations),
    topicIds: fromJson(topics).map((t) => t.topicId),
  };
}

/** Every public publication matching a list's filters, in the list's order, and when that order may next change by the clock alone. */
export interface PublicationOrder {
  ids: number[];
  /** The earliest date of a published item not yet due (ISO), when one is: from then on it belongs in lists. */
  changesAt: string | undefined;
}

/**
 * The ids of every public publication matching the filters, in the list's order (items with a
 * text in the reader's language first, then newest first): the list sorts it once per set of
 * filters (`keptListOrders`), then loads each page's rows by id (`findPublicationListRows`).
 */
export async function findPublicationOrder(db: DbOrTx, { readerLocale, ...filters }: PublicationFilters & { readerLocale?: string }, now = nowIso()): Promise<PublicationOrder> {
  const [rows, next] = await Promise.all([
    selectPublicPublications(db, filterValues(filters), now)
      .select(['publications.id', sql<number>`${readerLocale === undefined ? sql.lit(0) : readerLanguageRank('publication_translations', 'publications.id', readerLocale)}`.as('rank')])
      .orderBy('rank')
      .orderBy('publications.publishedAt', 'desc')
      .orderBy('publications.id', 'desc')
      .execute(),
    db.selectNoFrom(nextDueAt('publications', now).as('at')).executeTakeFirst(),
  ]);
  return { ids: rows.map((row) => Number(row.id)), changesAt: next?.at ?? undefined };
}

/**
 * The list rows of these publications, in the order of `ids`. The ids come from a kept order,
 * so each row is checked again for being public now: one withdrawn since is left out, even
 * before the notice of its change arrives.
 */
export async function findPublicationListRows(db: DbOrTx, ids: readonly number[], now = nowIso()): Promise<PublicationListRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.executeQuery(listRowsStatement(db, { ids: idList(db, ids), now }));
  const byId = new Map(rows.flatMap(({ isPublic, ...row }) => (isPublic ? [[Number(row.id), toPublicationListRow(row)] as const] : [])));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The rows of a page of a kept order, by id. Whether each is public is a column, not a
 * condition: with `status = 'published' and published_at <= now` in the WHERE clause, SQLite
 * chose the (status, published_at) index over the ids and read every published row (1.8 ms at
 * 10,000 publications, against 0.12 ms for the 12 rows by their keys).
 */
const listRowsStatement = compiledOnce((db: DbOrTx, { ids, now }: { ids: string; now: string }) =>
  db
    .selectFrom('publications')
    .select((eb) => [...LIST_COLUMNS, ...listJsonColumns(db, eb), sql<boolean | number>`${publishedAndDue(now, 'publications')}`.as('isPublic')])
    .where(inIdList(db, 'publications.id', ids)),
);

/**
 * The first `limit` public publications matching the filters and how many match, unexecuted:
 * a page that shows several lists (a topic's) loads them in one statement.
 */
export function firstPublicationsQueries(db: DbOrTx, filters: PublicationFilters, limit: number, now = nowIso()) {
  return {
    items: selectListItems(db, filters, now).orderBy('publications.publishedAt', 'desc').orderBy('publications.id', 'desc').limit(limit),
    total: selectPublicPublications(db, filterValues(filters), now).select((eb) => eb.fn.countAll<number | string>().as('n')),
  };
}

/** One page of public publications, newest first, and how many match in all. */
export async function listPublicPublications(
  db: DbOrTx,
  request: PublicationPageRequest,
  now = nowIso(),
): Promise<{ items: PublicationListRow[]; total: number }> {
  const { page, pageSize, ...filters } = request;
  const counted = await selectPublicPublications(db, filterValues(filters), now)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.count);
  const offset = (page - 1) * pageSize;
  if (offset >= total) return { items: [], total };
  const rows = await selectListItems(db, filters, now)
    .orderBy('publications.publishedAt', 'desc')
    .orderBy('publications.id', 'desc')
    .limit(pageSize)
    .offset(offset)
    .execute();
  return { items: rows.map(toPublicationListRow), total };
}

/** The newest public publications, unexecuted: the home page loads it with its other lists. */
export function latestPublicationsQuery(db: DbOrTx, limit: number, now = nowIso()) {
  return selectListItems(db, {}, now).orderBy('publications.publishedAt', 'desc').orderBy('publications.id', 'desc').limit(limit);
}

/**
 * The years in which at least one public publication appeared, as one comma-separated text
 * value, for the year filter. A recursive skip-scan: each step is one seek in the (status,
 * published_at) index for the newest date before the previous year, so the cost grows with the
 * number of years, not with the number of publications (a DISTINCT over every row cost
 * milliseconds per list view).
 */
function publicationYearsText(db: DbOrTx, now: string) {
  const joined = engineOfDb(db as Db) === 'postgres' ? sql`string_agg(year, ',')` : sql`group_concat(year, ',')`;
  return sql<string | null>`(
    with recursive years(year) as (
      select substr(max(published_at), 1, 4) from publications
      where status = 'published' and published_at <= ${now}
      union all
      select (select substr(max(published_at), 1, 4) from publications
              where status = 'published' and published_at < years.year)
      from years where years.year is not null
    )
    select ${joined} from years where year is not null)`;
}

/** What the list's filters offer. */
export interface PublicationFilterOptions {
  /** Every topic, in the editors' order. */
  topics: TopicRow[];
  /** The years with a public publication, newest first. */
  years: number[];
}

/** The topics and the years of the list's filters, in one statement. */
export async function findPublicationFilterOptions(db: DbOrTx, now = nowIso()): Promise<PublicationFilterOptions> {
  // The parts are built without the connection's plugins, which run once, on the whole
  // statement (and so the snake_case plugin leaves the JSON keys with the names the code uses).
  const parts = db.withoutPlugins();
  const row = await db
    .selectNoFrom(() => [jsonArrayFrom(db, topicNamesQuery(parts)).as('topics'), publicationYearsText(db, now).as('years')])
    .executeTakeFirstOrThrow();
  return {
    topics: topicsFromNameRows(fromJson(row.topics)),
    years: (row.years ?? '').split(',').filter(Boolean).map(Number).sort((a, b) => b - a),
  };
}

/** One public publication with everything its page shows (texts, topics, files and project), in one statement. */
/**
 * A publication page's statement: the item, its texts, topics, files and project. Compiled once
 * per kind of choice (a reader's slug or a preview's id).
 */
const publicationPageStatement = compiledOnce((db: DbOrTx, { now, ...which }: { now: string } & ItemChoice) =>
  db
    .selectFrom('publications')
    .selectAll('publications')
    .select((eb) => [
      firstPageCover(eb).as('firstPageCoverId'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('publicationTranslations as pl')
          .select(['pl.itemId', 'pl.locale', 'pl.title', 'pl.summary', 'pl.bodyHtml'])
          .whereRef('pl.itemId', '=', 'publications.id'),
      ).as('translations'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('publicationTopics as pt')
          .innerJoin('topics', 'topics.id', 'pt.topicId')
          .leftJoin('topicTranslations as tl', 'tl.itemId', 'topics.id')
          .select(['topics.id', 'topics.slug', 'topics.sortOrder', 'tl.locale', 'tl.name'])
          .whereRef('pt.publicationId', '=', 'publications.id')
          .orderBy('topics.sortOrder')
          .orderBy('topics.id'),
      ).as('topics'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('publicationFiles as pf')
          .innerJoin('files', 'files.id', 'pf.fileId')
          .select(['pf.id', 'pf.locale', 'pf.label', 'files.sha256', 'files.size', 'files.mime', 'files.originalName'])
          .whereRef('pf.publicationId', '=', 'publications.id')
          .orderBy('pf.sortOrder')
          .orderBy('pf.id'),
      ).as('files'),
      // The related project's slug and titles, only while the project itself is public.
      jsonArrayFrom(
        db,
        eb
          .selectFrom('projects as p')
          .leftJoin('projectTranslations as pt', 'pt.itemId', 'p.id')
          .select(['p.slug', 'pt.locale', 'pt.title'])
          .whereRef('p.id', '=', 'publications.projectId')
          .where(publishedAndDue(now, 'p')),
      ).as('project'),
    ])
    .where(chosenItem(which, now, 'publications')),
);

export async function findPublicPublicationBySlug(db: DbOrTx, which: ItemChoice, now = nowIso()) {
  const { rows } = await db.executeQuery(publicationPageStatement(db, { ...which, now }));
  const row = rows[0];
  if (!row) return undefined;
  const { translations, topics, files, project, firstPageCoverId, ...publication } = row;
  return {
    ...publication,
    coverFileId: publication.coverFileId ?? firstPageCoverId ?? null,
    translations: fromJson(translations),
    topics: topicsFromNameRows(fromJson(topics)),
    files: fromJson(files),
    project: projectTitles(fromJson(project)),
  };
}

export type PublicPublication = NonNullable<Awaited<ReturnType<typeof findPublicPublicationBySlug>>>;

function projectTitles(rows: ReadonlyArray<{ slug: string; locale: string | null; title: string | null }>) {
  if (rows.length === 0) return undefined;
  const translations = rows.flatMap(({ locale, title }) => (locale !== null && title !== null ? [{ locale, title }] : []));
  return { slug: rows[0]!.slug, translations };
}
