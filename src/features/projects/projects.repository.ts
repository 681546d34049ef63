import { publishedAndDue } from '../content-types/content-types.repository.js';
import type { DbOrTx } from '../../db/database.js';
import { jsonArrayFrom, withParsedTranslations } from '../../db/json-aggregates.js';
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

export async function findPublicProjectBySlug(db: DbOrTx, slug: string, now = new Date().toISOString()) {
  const project = await db
    .selectFrom('projects')
    .select(PROJECT_COLUMNS)
    .where('slug', '=', slug)
    .where(publishedAndDue(now))
    .executeTakeFirst();
  if (!project) return undefined;
  const translations = await db.selectFrom('projectTranslations').selectAll().where('itemId', '=', project.id).execute();
  return { ...project, translations };
}

export type PublicProject = NonNullable<Awaited<ReturnType<typeof findPublicProjectBySlug>>>;

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
