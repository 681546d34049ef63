import { publishedAndDue, chosenItem, type ItemChoice } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { fromJson, jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';
import { groupByItem } from '../../i18n/translation.js';
import type { ProjectKind } from './projects.tables.js';

const PROJECT_COLUMNS = [
  'projects.id',
  'projects.slug',
  'projects.kind',
  'projects.startedOn',
  'projects.endedOn',
  'projects.coverFileId',
  'projects.publishedAt',
  'projects.updatedAt',
  'projects.licence',
] as const;

/** Public projects of the given kinds in the editors' order; the first `limit` when one is given. */
export async function listPublicProjects(
  db: DbOrTx,
  kinds: readonly ProjectKind[],
  limit?: number,
  now = new Date().toISOString(),
) {
  if (kinds.length === 0) return [];
  return (await publicProjectsQuery(db, kinds, limit, now).execute()).map(withParsedTranslations);
}

/** `listPublicProjects` unexecuted (`kinds` not empty): the home page loads it with its other lists. */
export function publicProjectsQuery(db: DbOrTx, kinds: readonly ProjectKind[], limit?: number, now = new Date().toISOString()) {
  return db
    .selectFrom('projects')
    .select((eb) => [
      ...PROJECT_COLUMNS,
      jsonArrayFrom(
        db,
        eb
          .selectFrom('projectTranslations as pl')
          .select(['pl.itemId', 'pl.locale', 'pl.title', 'pl.summary'])
          .whereRef('pl.itemId', '=', 'projects.id'),
      ).as('translations'),
    ])
    .where('kind', 'in', kinds)
    .where(publishedAndDue(now))
    .orderBy('sortOrder')
    .orderBy('id')
    .$if(limit !== undefined, (qb) => qb.limit(limit!));
}

export type ProjectListRow = Awaited<ReturnType<typeof listPublicProjects>>[number];

/**
 * A public project with its translations and the public publications that came out of it
 * (newest first, each with its titles), in one statement.
 */
export async function findPublicProjectPage(db: DbOrTx, which: ItemChoice, now = new Date().toISOString()) {
  const row = await db
    .selectFrom('projects')
    .select((eb) => [
      ...PROJECT_COLUMNS,
      jsonArrayFrom(
        db,
        eb
          .selectFrom('projectTranslations as pl')
          .select(['pl.itemId', 'pl.locale', 'pl.title', 'pl.summary', 'pl.bodyHtml'])
          .whereRef('pl.itemId', '=', 'projects.id'),
      ).as('translations'),
      jsonArrayFrom(
        db,
        eb
          .selectFrom('publications as pub')
          .select((inner) => [
            'pub.id',
            'pub.slug',
            'pub.type',
            'pub.publishedAt',
            jsonArrayFrom(
              db,
              inner
                .selectFrom('publicationTranslations as publ')
                .select(['publ.itemId', 'publ.locale', 'publ.title'])
                .whereRef('publ.itemId', '=', 'pub.id'),
            ).as('translations'),
          ])
          .whereRef('pub.projectId', '=', 'projects.id')
          .where(publishedAndDue(now, 'pub'))
          .orderBy('pub.publishedAt', 'desc')
          .orderBy('pub.id', 'desc'),
      ).as('publications'),
    ])
    .where(chosenItem(which, now, 'projects'))
    .executeTakeFirst();
  if (!row) return undefined;
  const { publications, ...project } = row;
  // A JSON column inside a JSON column: SQLite may hand the inner one over as text.
  return { project: withParsedTranslations(project), publications: fromJson(publications).map(withParsedTranslations) };
}

export type PublicProject = NonNullable<Awaited<ReturnType<typeof findPublicProjectPage>>>['project'];

/** The public publications that came out of a project, newest first. */
export async function listProjectPublications(db: DbOrTx, projectId: number, now = new Date().toISOString()) {
  const publications = await db
    .selectFrom('publications')
    .select(['id', 'slug', 'type', 'publishedAt'])
    .where('projectId', '=', projectId)
    .where(publishedAndDue(now))
    .orderBy('publishedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  if (publications.length === 0) return [];
  const translations = groupByItem(
    await db
      .selectFrom('publicationTranslations')
      .select(['itemId', 'locale', 'title'])
      .where(
        'itemId',
        'in',
        publications.map((p) => p.id),
      )
      .execute(),
  );
  return publications.map((p) => ({ ...p, translations: translations.get(p.id) ?? [] }));
}

export type ProjectPublicationRow = Awaited<ReturnType<typeof listProjectPublications>>[number];
