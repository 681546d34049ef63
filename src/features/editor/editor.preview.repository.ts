import type { DbOrTx } from '../../db/database.js';
import type { PublicAlbum } from '../gallery/gallery.repository.js';
import type { PublicNewsPost } from '../news/news.repository.js';
import type { PublicProject } from '../projects/projects.repository.js';
import type { PublicPublication } from '../publications/publications.repository.js';
import type { Locale } from '../../i18n/locales.js';
import { publishedAndDue } from '../content-types/content-types.repository.js';
import { findImages } from '../media/media.repository.js';
import { listProjectPublications } from '../projects/projects.repository.js';
import { findTopicsByIds, type TopicRow } from '../topic-labels/topic-labels.repository.js';
import { findTopicPageItems, type TopicPageItems } from '../topics/topics.repository.js';

/**
 * An item loaded by id into the same shape as its public `findPublic…BySlug` answer, whatever
 * its status and date: a preview shows an item before readers may see it. Everything else the
 * page shows (a related project, a project's publications) stays as readers would see it now.
 * The return types are the public ones, so a change there shows up here at compile time.
 */

const nowIso = () => new Date().toISOString();

export async function findPreviewPublication(db: DbOrTx, id: number): Promise<PublicPublication | undefined> {
  const publication = await db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!publication) return undefined;
  const [translations, topicLinks, files, project] = await Promise.all([
    db.selectFrom('publicationTranslations').selectAll().where('itemId', '=', id).execute(),
    db.selectFrom('publicationTopics').select('topicId').where('publicationId', '=', id).execute(),
    db
      .selectFrom('publicationFiles as pf')
      .innerJoin('files', 'files.id', 'pf.fileId')
      .select(['pf.id', 'pf.locale', 'pf.label', 'files.sha256', 'files.size', 'files.mime', 'files.originalName'])
      .where('pf.publicationId', '=', id)
      .orderBy('pf.sortOrder')
      .orderBy('pf.id')
      .execute(),
    publication.projectId === null ? undefined : findPublicProjectTitles(db, publication.projectId),
  ]);
  const topics = await findTopicsByIds(db, topicLinks.map((t) => t.topicId));
  return { ...publication, translations, topics, files, project };
}

/** The related project's link, only while the project is public: readers would not get it otherwise. */
async function findPublicProjectTitles(db: DbOrTx, projectId: number) {
  const project = await db
    .selectFrom('projects')
    .select(['id', 'slug'])
    .where('id', '=', projectId)
    .where(publishedAndDue(nowIso()))
    .executeTakeFirst();
  if (!project) return undefined;
  const translations = await db.selectFrom('projectTranslations').select(['locale', 'title']).where('itemId', '=', project.id).execute();
  return { slug: project.slug, translations };
}

export async function findPreviewNewsPost(db: DbOrTx, id: number): Promise<PublicNewsPost | undefined> {
  const post = await db.selectFrom('newsPosts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!post) return undefined;
  const [translations, topicLinks] = await Promise.all([
    db.selectFrom('newsPostTranslations').selectAll().where('itemId', '=', id).execute(),
    db.selectFrom('newsPostTopics').select('topicId').where('newsPostId', '=', id).execute(),
  ]);
  const topics = await findTopicsByIds(db, topicLinks.map((t) => t.topicId));
  return { ...post, translations, topics };
}

export async function findPreviewProject(db: DbOrTx, id: number): Promise<PublicProject | undefined> {
  const project = await db
    .selectFrom('projects')
    .select(['id', 'slug', 'kind', 'startedOn', 'endedOn', 'coverFileId', 'publishedAt', 'updatedAt', 'licence'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!project) return undefined;
  const translations = await db.selectFrom('projectTranslations').selectAll().where('itemId', '=', id).execute();
  return { ...project, translations };
}

export async function findPreviewAlbum(db: DbOrTx, id: number): Promise<PublicAlbum | undefined> {
  const album = await db.selectFrom('albums').selectAll().where('id', '=', id).executeTakeFirst();
  if (!album) return undefined;
  const [translations, photos] = await Promise.all([
    db.selectFrom('albumTranslations').selectAll().where('itemId', '=', id).execute(),
    db.selectFrom('albumPhotos').select('fileId').where('albumId', '=', id).orderBy('sortOrder').orderBy('id').execute(),
  ]);
  return { ...album, translations, photoFileIds: photos.map((p) => p.fileId) };
}

/** A topic with its names, as `findTopicBySlug` gives it (topics have no status). */
export async function findPreviewTopic(db: DbOrTx, id: number): Promise<TopicRow | undefined> {
  return (await findTopicsByIds(db, [id]))[0];
}

export async function findPreviewPage(db: DbOrTx, id: number) {
  const [row, translations] = await Promise.all([
    db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst(),
    db.selectFrom('pageTranslations').selectAll().where('itemId', '=', id).execute(),
  ]);
  return row && { ...row, translations };
}

export async function findPreviewEvent(db: DbOrTx, id: number) {
  const [row, translations] = await Promise.all([
    db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst(),
    db.selectFrom('eventTranslations').selectAll().where('itemId', '=', id).execute(),
  ]);
  return row && { ...row, translations };
}

export async function findPreviewVacancy(db: DbOrTx, id: number) {
  const [row, translations] = await Promise.all([
    db.selectFrom('vacancies').select(['id', 'slug', 'deadline', 'publishedAt', 'updatedAt']).where('id', '=', id).executeTakeFirst(),
    db.selectFrom('vacancyTranslations').selectAll().where('itemId', '=', id).execute(),
  ]);
  return row && { ...row, translations };
}

/** A project with the public publications it lists, as its public page shows them. */
export async function findPreviewProjectPage(db: DbOrTx, id: number, locale: Locale, order: readonly Locale[]) {
  const project = await findPreviewProject(db, id);
  if (!project) return undefined;
  const [publications, images] = await Promise.all([
    listProjectPublications(db, project.id),
    findImages(db, [project.coverFileId], locale, order),
  ]);
  return { project, publications, images };
}

/** A topic and what its page lists, as readers would see them now. */
export async function findPreviewTopicPage(db: DbOrTx, id: number, locale: Locale, order: readonly Locale[]): Promise<{ row: TopicRow; items: TopicPageItems } | undefined> {
  const row = await findPreviewTopic(db, id);
  return row && { row, items: await findTopicPageItems(db, row.slug, locale, order) };
}
